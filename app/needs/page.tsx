import type { Metadata } from 'next';
import Link from 'next/link';
import { withDb } from '@/db/run';
import { listPublished } from '@/db/publications';
import { formatDate } from '@/lib/format';

export const metadata: Metadata = { title: 'Published needs' };
export const dynamic = 'force-dynamic';

export default function NeedsPage() {
  const published = withDb(listPublished);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-xl">Published needs</h1>
        <p className="govuk-body">
          What councils need from providers of children’s placements: the placements they need commissioned, for which children
          and where, and their market position statement priorities. Small numbers are not shown, to protect children’s privacy.
        </p>
        {published.length === 0 ? (
          <div className="govuk-inset-text">No council has published its needs yet.</div>
        ) : (
          <ul className="govuk-list" id="published-councils">
            {published.map((c) => (
              <li key={c.code}>
                <Link className="govuk-link govuk-!-font-weight-bold" href={`/needs/${c.code}`}>
                  {c.name}
                </Link>
                <span className="govuk-body-s govuk-!-display-block">
                  {c.regionName ?? 'England'}. Figures for the year ending {formatDate(c.periodEnd)}, published {formatDate(c.publishedAt.slice(0, 10))}.
                </span>
              </li>
            ))}
          </ul>
        )}
        <p className="govuk-body">
          Developers: the same data as an open JSON API, described at{' '}
          <a className="govuk-link" href="/api/v1/openapi.json">/api/v1/openapi.json</a>.
        </p>
      </div>
    </div>
  );
}
