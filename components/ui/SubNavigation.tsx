'use client';

import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { placeFromSearch, withPlace, type Place } from '@/lib/place';
import type { NavItem } from './ServiceNavigation';

/**
 * The section's own menu: a row of links, the current one marked for sight and for screen readers.
 * Each link carries the council and period being looked at (from the address, else `place`, the
 * user's remembered one), so moving between pages keeps them.
 */
export function SubNavigation({ label, items, place = {} }: { label: string; items: NavItem[]; place?: Place }) {
  const pathname = usePathname() ?? '/';
  const search = useSearchParams();
  const here = { ...place, ...placeFromSearch(new URLSearchParams(search?.toString() ?? '')) };
  return (
    <nav aria-label={label} className="app-subnav app-no-print">
      <ul className="app-subnav__list">
        {items.map((i) => {
          const current = i.prefix ? pathname === i.href || pathname.startsWith(`${i.href}/`) : pathname === i.href;
          return (
            <li key={i.href} className="app-subnav__item">
              <Link className="govuk-link govuk-link--no-visited-state" href={withPlace(i.href, here)} aria-current={current ? 'page' : undefined}>
                {current ? <strong>{i.label}</strong> : i.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
