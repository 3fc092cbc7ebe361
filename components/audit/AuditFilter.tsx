import Link from 'next/link';
import { AUDIT_ACTIONS } from '@/lib/audit';
import type { AuditFilter as AuditFilterValues } from '@/db/queries/audit';
import { AUDIT_ACTION_LABELS } from './AuditTable';

export interface AuditFilterProps {
  /** The filter in force, to fill the form in again. */
  value?: Pick<AuditFilterValues, 'action' | 'actor' | 'from' | 'to'>;
  /** The audit page's path; the current page when omitted. */
  basePath?: string;
}

/** A plain GET form: filtering works without JavaScript and the URL can be shared. */
export function AuditFilter({ value = {}, basePath }: AuditFilterProps) {
  return (
    <form method="get" action={basePath} className="govuk-!-margin-bottom-6">
      <fieldset className="govuk-fieldset">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
          <h2 className="govuk-fieldset__heading">Filter the audit trail</h2>
        </legend>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="audit-action">
            Action
          </label>
          <select className="govuk-select" id="audit-action" name="action" defaultValue={value.action ?? ''}>
            <option value="">All actions</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {AUDIT_ACTION_LABELS[a]}
              </option>
            ))}
          </select>
        </div>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="audit-actor">
            Who
          </label>
          <div className="govuk-hint" id="audit-actor-hint">
            All or part of an email address, or cli: for the command line
          </div>
          <input
            className="govuk-input govuk-!-width-one-half"
            id="audit-actor"
            name="actor"
            type="text"
            spellCheck={false}
            autoComplete="off"
            aria-describedby="audit-actor-hint"
            defaultValue={value.actor ?? ''}
          />
        </div>
        <div className="govuk-form-group govuk-!-display-inline-block govuk-!-margin-right-4">
          <label className="govuk-label" htmlFor="audit-from">
            From
          </label>
          <input className="govuk-input govuk-input--width-10" id="audit-from" name="from" type="date" defaultValue={value.from ?? ''} />
        </div>
        <div className="govuk-form-group govuk-!-display-inline-block">
          <label className="govuk-label" htmlFor="audit-to">
            To (inclusive)
          </label>
          <input className="govuk-input govuk-input--width-10" id="audit-to" name="to" type="date" defaultValue={value.to ?? ''} />
        </div>
      </fieldset>
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button" data-module="govuk-button">
          Filter
        </button>
        <Link className="govuk-link" href={basePath ?? '?'}>
          Clear filters
        </Link>
      </div>
    </form>
  );
}
