import type { Metadata } from 'next';
import Link from 'next/link';
import { withDb } from '@/db/run';
import { listPublished } from '@/db/publications';
import { formatDate } from '@/lib/format';

export const metadata: Metadata = {
  title: 'Published needs',
  alternates: { types: { 'application/atom+xml': [{ url: '/needs/feed.xml', title: 'Published needs: all councils' }] } },
};
export const dynamic = 'force-dynamic';

export default function NeedsPage() {
  const published = withDb(listPublished);
  const regions = [...new Map(published.filter((c) => c.regionCode && c.regionName).map((c) => [c.regionCode!, c.regionName!])).entries()];
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
        {regions.length > 0 && (
          <>
            <h2 className="govuk-heading-m">Councils side by side, by region</h2>
            <ul className="govuk-list" id="published-regions">
              {regions.map(([code, name]) => (
                <li key={code}>
                  <Link className="govuk-link" href={`/needs/region/${code}`}>
                    {name}
                  </Link>
                </li>
              ))}
            </ul>
          </>
        )}
        <p className="govuk-body">
          Follow new publications and withdrawals: <a className="govuk-link" href="/needs/feed.xml">Atom feed of all councils</a> (each
          council’s page has its own).
        </p>
        <p className="govuk-body">
          Developers: the same data as an open JSON API, described at{' '}
          <a className="govuk-link" href="/api/v1/openapi.json">/api/v1/openapi.json</a>.
        </p>
      </div>
    </div>
  );
}
