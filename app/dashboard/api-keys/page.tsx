import type { Metadata } from 'next';
import { listApiKeys } from '@/db/queries/apiKeys';
import { withDb } from '@/db/run';
import { requirePage } from '@/db/session';
import { ApiKeyIssueForm } from '@/components/apiKeys/ApiKeyIssueForm';
import { ApiKeysTable } from '@/components/apiKeys/ApiKeysTable';
import { issueApiKeyAction, revokeApiKeyAction } from './actions';

export const metadata: Metadata = { title: 'API keys' };
export const dynamic = 'force-dynamic';

export default async function ApiKeysPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePage('manageUsers', '/dashboard/api-keys');
  const revoked = (await searchParams).revoked === '1';
  const keys = withDb(listApiKeys);
  return (
    <>
      <h1 className="govuk-heading-xl">API keys</h1>
      {revoked && (
        <div className="govuk-notification-banner govuk-notification-banner--success" role="region" aria-labelledby="keys-done">
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="keys-done">
              Success
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">Key revoked: it no longer works.</p>
          </div>
        </div>
      )}
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">
            Scripts, such as a data warehouse pushing a monthly file, use a key instead of signing in. A key acts with the role
            it is issued with; it is shown once, stored only as a hash, and every use is in the audit trail. Revoke a key that
            is no longer needed or may have been seen by someone else.
          </p>
          <p className="govuk-body">A script sends the key in the Authorization header, for example:</p>
          <pre className="app-code app-wrap">
            <code>
              {`curl -H "Authorization: Bearer suf_..." -H "x-file-name: figures.csv" \\\n  --data-binary @figures.csv https://THIS-SERVER/api/imports`}
            </code>
          </pre>
          <ApiKeyIssueForm action={issueApiKeyAction} />
        </div>
      </div>
      {keys.length > 0 && <ApiKeysTable keys={keys} revokeAction={revokeApiKeyAction} />}
    </>
  );
}
