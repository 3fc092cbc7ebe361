import type { Metadata } from 'next';
import Link from 'next/link';
import { DiffView } from '@/components/history/DiffView';
import { VersionsTable } from '@/components/history/VersionsTable';
import { withDb } from '@/db/run';
import { diffVersions, listCouncilHistory, listSetsWithHistory, listVersions } from '@/db/queries/history';
import { requirePage } from '@/db/session';
import { formatDate } from '@/lib/format';
import { can } from '@/lib/roles';
import { rollbackAction } from './actions';

export const metadata: Metadata = { title: 'Import history' };
export const dynamic = 'force-dynamic';

const ERRORS: Record<string, string> = {
  not_found: 'That version does not exist.',
  already_current: 'That version is already the current one.',
  bad_request: 'The request was not complete.',
};

export default async function HistoryPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const q = await searchParams;
  const user = await requirePage('view', `/dashboard/history?${new URLSearchParams(q as Record<string, string>)}`);
  if (!q.la) {
    const councils = withDb(listCouncilHistory);
    return (
      <>
        <h1 className="govuk-heading-xl">Import history</h1>
        <p className="govuk-body">
          Every import is kept. Choose a council, then a period, to see its versions, compare two of them and, as a
          commissioner, make an earlier version current again. Nothing is ever deleted.
        </p>
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">Councils with figures stored</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Council</th>
              <th scope="col" className="govuk-table__header">Latest period ending</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Periods</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Versions</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {councils.map((c) => (
              <tr key={c.laCode} className="govuk-table__row">
                <td className="govuk-table__cell">
                  <Link className="govuk-link" href={`/dashboard/history?la=${c.laCode}`}>
                    {c.councilName}
                  </Link>
                </td>
                <td className="govuk-table__cell">{formatDate(c.latestPeriod)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{c.periods}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{c.versions}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </>
    );
  }
  if (!q.period) {
    const la = q.la.toUpperCase();
    const sets = withDb(listSetsWithHistory, la);
    const name = sets[0]?.councilName ?? la;
    return (
      <>
        <span className="govuk-caption-l">{name}</span>
        <h1 className="govuk-heading-xl">Import history</h1>
        <p className="govuk-body">
          <Link className="govuk-link" href="/dashboard/history">
            All councils
          </Link>
        </p>
        {sets.length === 0 ? (
          <p className="govuk-body">No sufficiency figures are stored for {la}.</p>
        ) : (
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--m">Periods stored for {name}</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Period ending</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Current version</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Versions</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {sets.map((s) => (
                <tr key={s.periodEnd} className="govuk-table__row">
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" href={`/dashboard/history?la=${s.laCode}&period=${s.periodEnd}`}>
                      {formatDate(s.periodEnd)}
                    </Link>
                  </td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{s.currentVersion ?? '–'}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{s.versions}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </>
    );
  }
  const la = q.la.toUpperCase();
  const versions = withDb(listVersions, la, q.period);
  const from = Number(q.from);
  const to = Number(q.to);
  const diff = Number.isInteger(from) && Number.isInteger(to) && q.from && q.to ? withDb(diffVersions, la, q.period, from, to) : null;
  return (
    <>
      <span className="govuk-caption-l">{la}</span>
      <h1 className="govuk-heading-xl">Versions for the period ending {formatDate(q.period)}</h1>
      <p className="govuk-body">
        <Link className="govuk-link" href={`/dashboard/history?la=${la}`}>
          Every period stored for {la}
        </Link>
      </p>
      {q.error && (
        <div className="govuk-error-summary" data-module="govuk-error-summary">
          <div role="alert">
            <h2 className="govuk-error-summary__title">There is a problem</h2>
            <div className="govuk-error-summary__body">
              <p className="govuk-body">{ERRORS[q.error] ?? 'The version could not be made current.'}</p>
            </div>
          </div>
        </div>
      )}
      {q.restored && (
        <div className="govuk-notification-banner govuk-notification-banner--success" role="region" aria-labelledby="restored-title">
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="restored-title">
              Success
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">Version {q.restored} is current again.</p>
          </div>
        </div>
      )}
      {versions.length === 0 ? (
        <p className="govuk-body">No figures are stored for this council and period.</p>
      ) : (
        <VersionsTable
          versions={versions}
          canRollback={can(user.role, 'rollback')}
          rollbackAction={rollbackAction}
          basePath="/dashboard/history"
        />
      )}
      {diff && <DiffView diff={diff} fromVersion={from} toVersion={to} />}
      <p className="govuk-body">
        <Link className="govuk-link" href="/dashboard/history">
          All councils and periods
        </Link>
      </p>
    </>
  );
}
