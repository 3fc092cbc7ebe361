import type { AuditAction } from '@/lib/audit';
import type { AuditRow } from '@/db/queries/audit';
import { formatTimestamp } from '@/components/imports/ImportsTable';

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  sign_in: 'Signed in',
  sign_in_failed: 'Sign-in failed',
  sign_out: 'Signed out',
  import_stored: 'Import stored',
  import_unchanged: 'Import unchanged',
  import_rejected: 'Import rejected',
  import_cancelled: 'Import cancelled',
  rollback: 'Version made current',
  user_created: 'User created',
  user_changed: 'User changed',
  priority_changed: 'Priority changed',
  publication: 'Publication',
  forecast_changed: 'Forecast plans and scenarios',
  api_key_issued: 'API key issued',
  api_key_revoked: 'API key revoked',
  api_key_used: 'API key used',
  api_key_refused: 'API key refused',
};

export function auditActionLabel(action: string): string {
  return (AUDIT_ACTION_LABELS as Record<string, string>)[action] ?? action;
}

function detailText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(detailText).join(', ');
  return JSON.stringify(v) ?? String(v);
}

export interface AuditTableProps {
  rows: AuditRow[];
  /** Every matching event, not just this page. */
  total: number;
  /** How many matching events come before this page. */
  offset?: number;
}

export function AuditTable({ rows, total, offset = 0 }: AuditTableProps) {
  const caption =
    total === 0
      ? 'Audit events: none match'
      : rows.length === total
        ? `Audit events: ${total.toLocaleString('en-GB')}`
        : `Audit events ${(offset + 1).toLocaleString('en-GB')} to ${(offset + rows.length).toLocaleString(
            'en-GB',
          )} of ${total.toLocaleString('en-GB')}`;
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className="app-table-wrapper" role="region" aria-label="Audit events" tabIndex={0}>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">When</th>
            <th scope="col" className="govuk-table__header">Who</th>
            <th scope="col" className="govuk-table__header">Action</th>
            <th scope="col" className="govuk-table__header">Target</th>
            <th scope="col" className="govuk-table__header">Details</th>
            <th scope="col" className="govuk-table__header">IP address</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {rows.map((r) => {
            const details = Object.entries(r.details);
            return (
              <tr key={r.id} className="govuk-table__row">
                <td className="govuk-table__cell">
                  <time dateTime={r.at}>{formatTimestamp(r.at)}</time>
                </td>
                <td className="govuk-table__cell">{r.actor ?? '–'}</td>
                <td className="govuk-table__cell">{auditActionLabel(r.action)}</td>
                <td className="govuk-table__cell">{r.target ?? '–'}</td>
                <td className="govuk-table__cell">
                  {details.length === 0 ? (
                    '–'
                  ) : (
                    <ul className="govuk-list govuk-body-s govuk-!-margin-bottom-0">
                      {details.map(([k, v]) => (
                        <li key={k}>
                          {k}: {detailText(v)}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td className="govuk-table__cell">{r.ip ?? '–'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
