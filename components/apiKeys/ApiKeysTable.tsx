import type { ApiKeyListRow } from '@/db/queries/apiKeys';
import { ROLE_LABELS, type Role } from '@/lib/roles';
import { formatTimestamp } from '@/lib/format';

export function ApiKeysTable({ keys, revokeAction }: { keys: ApiKeyListRow[]; revokeAction: (formData: FormData) => Promise<void> }) {
  return (
    <table className="govuk-table">
      <caption className="govuk-table__caption govuk-table__caption--m">Keys issued</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">Name</th>
          <th scope="col" className="govuk-table__header">Key starts</th>
          <th scope="col" className="govuk-table__header">Role</th>
          <th scope="col" className="govuk-table__header">Issued</th>
          <th scope="col" className="govuk-table__header">Last used</th>
          <th scope="col" className="govuk-table__header">State</th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {keys.map((k) => (
          <tr key={k.id} className="govuk-table__row">
            <td className="govuk-table__cell app-wrap">{k.name}</td>
            <td className="govuk-table__cell">
              <code>suf_{k.prefix}_</code>
            </td>
            <td className="govuk-table__cell">{ROLE_LABELS[k.role as Role] ?? k.role}</td>
            <td className="govuk-table__cell">
              {formatTimestamp(k.createdAt)} by {k.createdBy}
            </td>
            <td className="govuk-table__cell">{k.lastUsedAt ? formatTimestamp(k.lastUsedAt) : 'Never'}</td>
            <td className="govuk-table__cell">
              {k.revokedAt ? (
                `Revoked ${formatTimestamp(k.revokedAt)}`
              ) : (
                <form action={revokeAction}>
                  <input type="hidden" name="id" value={k.id} />
                  <button type="submit" className="govuk-button govuk-button--warning govuk-!-margin-bottom-0">
                    Revoke<span className="govuk-visually-hidden"> the key {k.name}</span>
                  </button>
                </form>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
