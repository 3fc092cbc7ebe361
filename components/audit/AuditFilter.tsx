import Link from 'next/link';
import { AUDIT_ACTIONS } from '@/lib/audit';
import type { AuditFilter as AuditFilterValues } from '@/db/queries/audit';
import type { DateInputResult, DateRangeResult } from '@/lib/dateInput';
import { AUDIT_ACTION_LABELS } from './AuditTable';

export interface AuditFilterProps {
  /** The filter in force, to fill the form in again. */
  value?: Pick<AuditFilterValues, 'action' | 'actor'>;
  /** The from and to dates as entered (three fields each), with their errors. */
  dates?: DateRangeResult;
  /** The audit page's path; the current page when omitted. */
  basePath?: string;
}

/** A plain GET form: filtering works without JavaScript and the URL can be shared. */
export function AuditFilter({ value = {}, dates, basePath }: AuditFilterProps) {
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
        <DateInput name="from" legend="From" result={dates?.from} error={dates?.errors.find((e) => e.name === 'from')} />
        <DateInput name="to" legend="To (inclusive)" result={dates?.to} error={dates?.errors.find((e) => e.name === 'to')} />
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

/** GOV.UK's date input: day, month and year as three text fields (not the browser's own date picker). */
function DateInput({ name, legend, result, error }: { name: 'from' | 'to'; legend: string; result?: DateInputResult; error?: DateRangeResult['errors'][number] }) {
  const id = `audit-${name}`;
  const parts = [
    { part: 'day', label: 'Day', width: 2 },
    { part: 'month', label: 'Month', width: 2 },
    { part: 'year', label: 'Year', width: 4 },
  ] as const;
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <fieldset className="govuk-fieldset" role="group" aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        <div className="govuk-hint" id={`${id}-hint`}>
          For example, 27 3 2026
        </div>
        {error && (
          <p className="govuk-error-message" id={`${id}-error`}>
            <span className="govuk-visually-hidden">Error:</span> {error.text}
          </p>
        )}
        <div className="govuk-date-input" id={id}>
          {parts.map(({ part, label, width }) => (
            <div className="govuk-date-input__item" key={part}>
              <div className="govuk-form-group">
                <label className="govuk-label govuk-date-input__label" htmlFor={`${id}-${part}`}>
                  {label}
                </label>
                <input
                  className={`govuk-input govuk-date-input__input govuk-input--width-${width}${error && (error.part === part || error.text.includes('real date')) ? ' govuk-input--error' : ''}`}
                  id={`${id}-${part}`}
                  name={`${name}-${part}`}
                  type="text"
                  inputMode="numeric"
                  defaultValue={result?.fields[part] ?? ''}
                />
              </div>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
