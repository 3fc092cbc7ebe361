import Link from 'next/link';
import type { VersionSummary } from '@/db/queries/history';
import { formatTimestamp } from '@/components/imports/ImportsTable';
import { formatDate } from '@/lib/format';

export interface VersionsTableProps {
  /** From listVersions: newest first. */
  versions: VersionSummary[];
  /** Whether the signed-in user may make another version current. */
  canRollback: boolean;
  /** The server action that makes a version current (receives la, period and version). */
  rollbackAction?: (formData: FormData) => void | Promise<void>;
  /** The history page's path, for the compare links and form; the current page when omitted. */
  basePath?: string;
}

function compareHref(basePath: string, la: string, period: string, from: number, to: number): string {
  const q = new URLSearchParams({ la, period, from: String(from), to: String(to) });
  return `${basePath}?${q.toString()}`;
}

export function VersionsTable({ versions, canRollback, rollbackAction, basePath = '' }: VersionsTableProps) {
  if (versions.length === 0) return <p className="govuk-body">No figures are stored for this council and period.</p>;
  const { laCode, periodEnd } = versions[0]!;
  const numbers = new Set(versions.map((v) => v.version));
  const oldestFirst = [...versions].sort((a, b) => a.version - b.version);
  const newest = versions.reduce((a, b) => (b.version > a.version ? b : a));
  const beforeNewest = oldestFirst.filter((v) => v.version < newest.version).at(-1);
  const caption = `Versions of the figures for ${laCode}, period ending ${formatDate(periodEnd)}`;
  return (
    <>
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
      <div className="app-table-wrapper" role="region" aria-label={caption} tabIndex={0}>
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Version</th>
              <th scope="col" className="govuk-table__header">Stored</th>
              <th scope="col" className="govuk-table__header">File</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Figures</th>
              <th scope="col" className="govuk-table__header">By</th>
              <th scope="col" className="govuk-table__header">Replaced</th>
              <th scope="col" className="govuk-table__header">Actions</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {versions.map((v) => (
              <tr key={v.setId} className="govuk-table__row">
                <th scope="row" className="govuk-table__header govuk-table__header--numeric">
                  {v.version}
                  {v.isCurrent && (
                    <strong className="govuk-tag govuk-tag--green govuk-!-margin-left-2">Current</strong>
                  )}
                </th>
                <td className="govuk-table__cell">{formatTimestamp(v.createdAt)}</td>
                <td className="govuk-table__cell">
                  <Link className="govuk-link" href={`/dashboard/imports/${v.importId}`}>
                    {v.fileName}
                  </Link>
                  <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">
                    #{v.importId}, {v.source},{' '}
                    <span className="govuk-visually-hidden">SHA-256 </span>
                    <code title={v.sha256}>{v.sha256.slice(0, 12)}</code>
                  </span>
                </td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{v.rowCount.toLocaleString('en-GB')}</td>
                <td className="govuk-table__cell">{v.actor ?? '–'}</td>
                <td className="govuk-table__cell">
                  {v.replacesVersion === null ? '–' : `Version ${v.replacesVersion}`}
                </td>
                <td className="govuk-table__cell">
                  {numbers.has(v.version - 1) && (
                    <Link
                      className="govuk-link govuk-!-display-block govuk-!-margin-bottom-2"
                      href={compareHref(basePath, laCode, periodEnd, v.version - 1, v.version)}
                    >
                      Compare with version {v.version - 1}
                    </Link>
                  )}
                  {canRollback && rollbackAction && !v.isCurrent && (
                    <form action={rollbackAction}>
                      <input type="hidden" name="la" value={laCode} />
                      <input type="hidden" name="period" value={periodEnd} />
                      <input type="hidden" name="version" value={v.version} />
                      <button
                        type="submit"
                        className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                        data-module="govuk-button"
                      >
                        Make version {v.version} current
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {versions.length > 1 && (
        <form method="get" action={basePath || undefined} className="govuk-!-margin-bottom-6">
          <fieldset className="govuk-fieldset">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
              <h2 className="govuk-fieldset__heading">Compare two versions</h2>
            </legend>
            <input type="hidden" name="la" value={laCode} />
            <input type="hidden" name="period" value={periodEnd} />
            <div className="govuk-form-group govuk-!-display-inline-block govuk-!-margin-right-4">
              <label className="govuk-label" htmlFor="compare-from">
                From version
              </label>
              <select
                className="govuk-select"
                id="compare-from"
                name="from"
                defaultValue={beforeNewest?.version ?? oldestFirst[0]!.version}
              >
                {oldestFirst.map((v) => (
                  <option key={v.version} value={v.version}>
                    {v.version}
                  </option>
                ))}
              </select>
            </div>
            <div className="govuk-form-group govuk-!-display-inline-block govuk-!-margin-right-4">
              <label className="govuk-label" htmlFor="compare-to">
                To version
              </label>
              <select className="govuk-select" id="compare-to" name="to" defaultValue={newest.version}>
                {oldestFirst.map((v) => (
                  <option key={v.version} value={v.version}>
                    {v.version}
                  </option>
                ))}
              </select>
            </div>
          </fieldset>
          <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Compare
          </button>
        </form>
      )}
    </>
  );
}
