'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

export interface NavItem {
  href: string;
  label: string;
  /** Also current for paths below href (not for "/"). */
  prefix?: boolean;
}

/** GOV.UK service navigation, with the product's own name: no crown, no GOV.UK branding. */
export function ServiceNavigation({ serviceName, items }: { serviceName: string; items: NavItem[] }) {
  const pathname = usePathname() ?? '/';
  const isCurrent = (i: NavItem) => (i.prefix ? pathname === i.href || pathname.startsWith(`${i.href}/`) : pathname === i.href);
  return (
    <section aria-label="Service information" className="govuk-service-navigation" data-module="govuk-service-navigation">
      <div className="govuk-width-container">
        <div className="govuk-service-navigation__container">
          <span className="govuk-service-navigation__service-name">
            <Link href="/" className="govuk-service-navigation__link">
              {serviceName}
            </Link>
          </span>
          <nav aria-label="Menu" className="govuk-service-navigation__wrapper">
            <ul className="govuk-service-navigation__list" id="navigation">
              {items.map((i) => {
                const current = isCurrent(i);
                return (
                  <li key={i.href} className={`govuk-service-navigation__item${current ? ' govuk-service-navigation__item--active' : ''}`}>
                    <Link className="govuk-service-navigation__link" href={i.href} aria-current={current ? 'page' : undefined}>
                      {current ? <strong className="govuk-service-navigation__active-fallback">{i.label}</strong> : i.label}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </nav>
        </div>
      </div>
    </section>
  );
}
