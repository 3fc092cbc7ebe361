'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { NavItem } from './ServiceNavigation';

/** The section's own menu: a row of links, the current one marked for sight and for screen readers. */
export function SubNavigation({ label, items }: { label: string; items: NavItem[] }) {
  const pathname = usePathname() ?? '/';
  return (
    <nav aria-label={label} className="app-subnav app-no-print">
      <ul className="app-subnav__list">
        {items.map((i) => {
          const current = i.prefix ? pathname === i.href || pathname.startsWith(`${i.href}/`) : pathname === i.href;
          return (
            <li key={i.href} className="app-subnav__item">
              <Link className="govuk-link govuk-link--no-visited-state" href={i.href} aria-current={current ? 'page' : undefined}>
                {current ? <strong>{i.label}</strong> : i.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
