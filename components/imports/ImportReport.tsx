import Link from 'next/link';
import type { ImportSummary, Ssda903Supplied } from '@/db/queries/imports';
import { formatBytes, formatDate } from '@/lib/format';
import { KIND_LABELS, type ImportKind } from '@/lib/importKinds';
import type { ImportIssue } from '@/lib/issues';
import { StatusTag, formatTimestamp } from './ImportsTable';

/** How many problems the page lists; the total is always given. */
const SHOWN = 200;

function IssueTable({ id, issues, caption }: { id: string; issues: ImportIssue[]; caption: string }) {
  // An import of several files (an SSDA903 return) names the file of each problem; SSDA903 ones their DfE rule.
  const files = new Set(issues.map((i) => i.file)).size > 1;
  const rules = issues.some((i) => i.rule);
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className="app-table-wrapper" role="region" aria-label={caption} tabIndex={0}>
      <table className="govuk-table" id={id}>
        <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            {files && <th scope="col" className="govuk-table__header">File</th>}
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Row</th>
            <th scope="col" className="govuk-table__header">Column</th>
            <th scope="col" className="govuk-table__header">Value</th>
            <th scope="col" className="govuk-table__header">Problem</th>
            <th scope="col" className="govuk-table__header">Expected</th>
            {rules && <th scope="col" className="govuk-table__header">DfE rule</th>}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {issues.map((i, n) => (
            <tr key={n} className="govuk-table__row">
              {files && <td className="govuk-table__cell">{i.file}</td>}
              <td className="govuk-table__cell govuk-table__cell--numeric">{i.row ?? 'file'}</td>
              <td className="govuk-table__cell">{i.column ?? '–'}</td>
              <td className="govuk-table__cell">
                <code>{i.value === null ? '–' : i.value === '' ? '(blank)' : i.value}</code>
              </td>
              <td className="govuk-table__cell">{i.message}</td>
              <td className="govuk-table__cell">{i.expected ?? '–'}</td>
              {rules && <td className="govuk-table__cell">{i.rule ?? '–'}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ImportReport({ record }: { record: ImportSummary }) {
  const shown = record.errors.slice(0, SHOWN);
  return (
    <>
      <span className="govuk-caption-l">Import #{record.id}</span>
      <h1 className="govuk-heading-xl">{record.fileName}</h1>
      {record.status === 'rejected' ? (
        <div className="govuk-error-summary" data-module="govuk-error-summary">
          <div role="alert">
            <h2 className="govuk-error-summary__title">
              The file was rejected: {record.errorCount.toLocaleString('en-GB')} problem{record.errorCount === 1 ? '' : 's'} found
            </h2>
            <div className="govuk-error-summary__body">
              <p className="govuk-body">
                Nothing from this file was stored and the figures already stored are unchanged. Correct the problems below and
                import the file again.
              </p>
              <ul className="govuk-list govuk-error-summary__list">
                <li>
                  <a href="#issues">See every problem by row and column</a>
                </li>
              </ul>
            </div>
          </div>
        </div>
      ) : (
        <div className="govuk-notification-banner govuk-notification-banner--success" role="region" aria-labelledby="import-result-title">
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="import-result-title">
              {record.status === 'unchanged' ? 'No change' : 'Stored'}
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">
              {record.status === 'unchanged'
                ? 'These figures are already stored: nothing was changed.'
                : `${record.rows.toLocaleString('en-GB')} rows stored.`}
            </p>
          </div>
        </div>
      )}
      <dl className="govuk-summary-list">
        {[
          ['Status', <StatusTag key="s" status={record.status} />],
          ['Kind of file', KIND_LABELS[record.kind as ImportKind] ?? 'not recognised'],
          ['Imported', formatTimestamp(record.createdAt)],
          ['Rows', record.rows.toLocaleString('en-GB')],
          ['Size', formatBytes(record.bytes)],
          ['SHA-256', <code key="h">{record.sha256}</code>],
          ['From', record.source],
          ['Imported by', record.actor ?? '–'],
        ].map(([k, v]) => (
          <div className="govuk-summary-list__row" key={String(k)}>
            <dt className="govuk-summary-list__key">{k}</dt>
            <dd className="govuk-summary-list__value">{v}</dd>
          </div>
        ))}
      </dl>
      {record.kind === 'sufficiency_template' && record.supplied.length > 0 && (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">What this import supplied</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Council</th>
              <th scope="col" className="govuk-table__header">Period ending</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Figures</th>
              <th scope="col" className="govuk-table__header">Outcome</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {record.supplied.map((s) => (
              <tr className="govuk-table__row" key={`${s.laCode}-${s.periodEnd}`}>
                <td className="govuk-table__cell">{s.laCode}</td>
                <td className="govuk-table__cell">
                  <Link className="govuk-link" href={`/dashboard?la=${s.laCode}&period=${s.periodEnd}`}>
                    {formatDate(s.periodEnd)}
                  </Link>
                </td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{s.rows.toLocaleString('en-GB')}</td>
                <td className="govuk-table__cell">
                  {s.outcome === 'unchanged'
                    ? `Unchanged (version ${s.version} kept)`
                    : s.outcome === 'replaced'
                      ? `Version ${s.version}, replacing version ${s.replacedVersion} (kept in the history)`
                      : `Version ${s.version} (new)`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {record.ssda903 && <Ssda903Outcome s={record.ssda903} />}
      {record.status === 'rejected' && (
        <>
          <p className="govuk-body">
            {record.errorCount > shown.length
              ? `Showing the first ${shown.length.toLocaleString('en-GB')} of ${record.errorCount.toLocaleString('en-GB')} problems.`
              : `All ${record.errorCount.toLocaleString('en-GB')} problems are listed.`}{' '}
            Row numbers count the header as row 1, as a spreadsheet does.
          </p>
          <IssueTable id="issues" issues={shown} caption="Problems found" />
        </>
      )}
      {record.warnings.length > 0 && (
        <IssueTable
          id="warnings"
          issues={record.warnings}
          caption={record.kind === 'ssda903' ? 'Reported, not blocking (the first 100 of each file)' : 'Warnings (the file was not rejected for these)'}
        />
      )}
    </>
  );
}

function Ssda903Outcome({ s }: { s: Ssda903Supplied }) {
  return (
    <>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">SSDA903 returns for {s.laCode}</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Return</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Children</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Episodes</th>
            <th scope="col" className="govuk-table__header">Outcome</th>
            <th scope="col" className="govuk-table__header">Reported findings</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {s.returns.map((r) => (
            <tr className="govuk-table__row" key={r.yearEnd}>
              <td className="govuk-table__cell">
                <Link className="govuk-link" href={`/dashboard/children?${new URLSearchParams({ la: s.laCode, period: `${r.yearEnd}-03-31`, source: 'ssda903_return' })}`}>
                  {r.label}
                </Link>
              </td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{r.children.toLocaleString('en-GB')}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{r.episodes.toLocaleString('en-GB')}</td>
              <td className="govuk-table__cell">{r.outcome === 'unchanged' ? `Unchanged (version ${r.version} kept)` : r.outcome === 'replaced' ? `Version ${r.version}, replacing the earlier version` : `Version ${r.version} (new)`}</td>
              <td className="govuk-table__cell">
                {Object.keys(r.findings).length === 0 ? 'None' : Object.entries(r.findings).map(([k, n]) => `${n.toLocaleString('en-GB')} ${k.replace(/_/g, ' ')}`).join('; ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {s.changes.length > 0 && (
        <table className="govuk-table" id="changes">
          <caption className="govuk-table__caption govuk-table__caption--m">Where the combined view differs from a return&apos;s own count, or changed with this import</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Children looked after on</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">That year&apos;s own return</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Combined view before</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Combined view now</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {s.changes.map((c) => (
              <tr className="govuk-table__row" key={c.periodEnd}>
                <td className="govuk-table__cell">{formatDate(c.periodEnd)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{c.ownReturn ?? '–'}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{c.before ?? '–'}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">
                  {c.after} ({signed(c.after - (c.before ?? c.ownReturn ?? c.after))})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `\u2212${-n}` : 'no change');
