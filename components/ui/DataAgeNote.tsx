'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { dataAge, monthsInWords, STALE_AFTER_MONTHS } from '@/lib/dataAge';
import { formatDate } from '@/lib/format';
import { PLACE_PAGES } from '@/lib/place';

/**
 * How old the figures on a council's page are, with a warning once they are more than 15 months
 * old. The period is the one in the address, else the council's latest.
 */
export function DataAgeNote({ councils, la }: { councils: Record<string, { name: string; latest: string }>; la?: string }) {
  const pathname = usePathname() ?? '';
  const search = useSearchParams();
  const code = (search?.get('la') ?? la ?? '').toUpperCase();
  const council = councils[code];
  if (!PLACE_PAGES[pathname] || !council) return null;
  const period = PLACE_PAGES[pathname]!.includes('period') ? (search?.get('period') ?? council.latest) : council.latest;
  const age = dataAge(period, new Date().toISOString().slice(0, 10));
  if (!age) return null;
  const words = `${council.name}'s ${PLACE_PAGES[pathname]!.includes('period') ? '' : 'latest '}figures are for the period ending ${formatDate(period)}, ${monthsInWords(age.months)} ago.`;
  return age.stale ? (
    <div className="govuk-warning-text" data-testid="data-age" suppressHydrationWarning>
      <span className="govuk-warning-text__icon" aria-hidden="true">
        !
      </span>
      <strong className="govuk-warning-text__text">
        <span className="govuk-visually-hidden">Warning</span>
        {words} That is more than {STALE_AFTER_MONTHS} months: newer figures may exist.
      </strong>
    </div>
  ) : (
    <p className="govuk-body-s" data-testid="data-age" suppressHydrationWarning>
      {words}
    </p>
  );
}
