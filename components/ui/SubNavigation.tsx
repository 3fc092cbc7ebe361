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
export function SubNavigation({
  label,
  items,
  groups,
  place = {},
}: {
  label: string;
  items: NavItem[];
  /** The menu in named groups (e.g. figures, plans, data); without them, one row of `items`. */
  groups?: { label: string; items: NavItem[] }[];
  place?: Place;
}) {
  const pathname = usePathname() ?? '/';
  const search = useSearchParams();
  const here = { ...place, ...placeFromSearch(new URLSearchParams(search?.toString() ?? '')) };
  const list = (its: NavItem[], labelledBy?: string) => (
    <ul className="app-subnav__list" aria-labelledby={labelledBy}>
      {its.map((i) => {
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
  );
  return (
    <nav aria-label={label} className="app-subnav app-no-print">
      {groups ? (
        <div className="app-subnav__groups">
          {groups.map((g, n) => (
            <div key={g.label} className="app-subnav__group">
              <span className="app-subnav__heading" id={`subnav-group-${n}`}>
                {g.label}
              </span>
              {list(g.items, `subnav-group-${n}`)}
            </div>
          ))}
        </div>
      ) : (
        list(items)
      )}
    </nav>
  );
}
