import Link from 'next/link';
import type { ReactNode } from 'react';

export default function DashboardLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <nav aria-label="Dashboard" className="app-no-print">
        <ul className="govuk-list govuk-!-display-flex govuk-!-margin-bottom-6" style={{ gap: '1.5rem' }}>
          <li>
            <Link className="govuk-link" href="/dashboard">
              Overview
            </Link>
          </li>
          <li>
            <Link className="govuk-link" href="/dashboard/import">
              Import data
            </Link>
          </li>
        </ul>
      </nav>
      {children}
    </>
  );
}
