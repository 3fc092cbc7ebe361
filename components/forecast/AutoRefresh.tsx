'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/**
 * Refreshes the page's data every few seconds while a forecast is being computed. The page also
 * carries a meta refresh for browsers without JavaScript; a meta tag added by client-side
 * navigation (after a form) is not acted on, hence this.
 */
export function AutoRefresh({ seconds }: { seconds: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), seconds * 1000);
    return () => clearInterval(timer);
  }, [router, seconds]);
  return null;
}
