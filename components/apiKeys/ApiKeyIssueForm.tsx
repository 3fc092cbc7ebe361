'use client';

import { useActionState } from 'react';
import type { ApiKeyIssueState } from '@/lib/apiKeys';
import { ROLE_LABELS, type Role } from '@/lib/roles';

/** Issues a key; the key appears here once, with what to do with it. Works without JavaScript. */
export function ApiKeyIssueForm({ action }: { action: (prev: ApiKeyIssueState, formData: FormData) => Promise<ApiKeyIssueState> }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <>
      {state.key && (
        <div className="govuk-panel govuk-panel--confirmation app-wrap" role="status">
          <h2 className="govuk-panel__title">Key issued: {state.name}</h2>
          <div className="govuk-panel__body">
            Copy it now: it will not be shown again.
            <br />
            <code id="new-api-key">{state.key}</code>
          </div>
        </div>
      )}
      <form action={formAction} noValidate>
        {state.error && (
          <div className="govuk-error-summary" data-module="govuk-error-summary">
            <div role="alert">
              <h2 className="govuk-error-summary__title">There is a problem</h2>
              <div className="govuk-error-summary__body">
                <ul className="govuk-list govuk-error-summary__list">
                  <li>
                    <a href="#api-key-name">{state.error}</a>
                  </li>
                </ul>
              </div>
            </div>
          </div>
        )}
        <h2 className="govuk-heading-m">Issue a key</h2>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="api-key-name">
            Name
          </label>
          <div id="api-key-name-hint" className="govuk-hint">
            What the key is for, e.g. &quot;Data warehouse monthly upload&quot;. It names the key in the audit trail.
          </div>
          <input className="govuk-input" id="api-key-name" name="name" type="text" maxLength={80} aria-describedby="api-key-name-hint" />
        </div>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="api-key-role">
            Role the key acts with
          </label>
          <select className="govuk-select" id="api-key-role" name="role" defaultValue="commissioner">
            {(Object.keys(ROLE_LABELS) as Role[]).map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="govuk-button" disabled={pending}>
          Issue key
        </button>
      </form>
    </>
  );
}
