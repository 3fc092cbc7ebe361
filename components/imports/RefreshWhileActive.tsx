'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/**
 * While an import job is waiting or running, asks the server for the page again every two
 * seconds without reloading it (typed input and focus stay). Without JavaScript the page offers
 * a "check again" link instead; there is no meta refresh.
 */
export function RefreshWhileActive({ active }: { active: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), 2000);
    return () => clearInterval(timer);
  }, [active, router]);
  return null;
}
