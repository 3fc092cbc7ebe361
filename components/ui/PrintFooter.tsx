'use client';

import { useSearchParams } from 'next/navigation';
import { formatDate } from '@/lib/format';

/**
 * Printed only: on every sheet, the council the page is about, where the figures come from and the
 * date printed. Reads the council from the address, so it follows the page after in-app navigation.
 */
export function PrintFooter({ councils, la }: { councils: Record<string, string>; la?: string }) {
  const code = (useSearchParams()?.get('la') ?? la ?? '').toUpperCase();
  const name = councils[code];
  const today = new Date().toISOString().slice(0, 10);
  return (
    <div className="app-print-only app-print-footer" suppressHydrationWarning>
      Sufficiency{name ? ` · ${name} (${code})` : ''} · Source: the council&apos;s figures as loaded in Sufficiency (each table names its
      own) · Printed on {formatDate(today)}
    </div>
  );
}
