import { ErrorSummary } from '@/components/ui/ErrorSummary';
import {
  MAX_CHILDREN,
  WHAT_IF_PROVISIONS,
  WHAT_IF_SETTINGS,
  provisionName,
  whatIfSentence,
  type WhatIfField,
  type WhatIfResult,
} from '@/lib/director';
import { formatDate, formatNumber } from '@/lib/format';
import { SETTING_LABELS } from '@/lib/template/codes';

export interface WhatIfProblem {
  problem: string;
  field: WhatIfField;
}

/** The form's values as sent (or the defaults), to fill the form in again. */
export interface WhatIfValues {
  from_setting: string;
  from_provision: string;
  to_setting: string;
  to_provision: string;
  children: string;
}

export const WHAT_IF_DEFAULTS: WhatIfValues = {
  from_setting: 'residential',
  from_provision: 'private',
  to_setting: 'fostering',
  to_provision: 'in_house',
  children: '',
};

/** The GOV.UK error summary for the what-if form, linked to the field in error. Goes at the top of the page. */
export function WhatIfErrorSummary({ error }: { error: WhatIfProblem }) {
  return <ErrorSummary errors={[{ href: `#${error.field}`, text: error.problem }]} />;
}

function ErrorMessage({ field, error }: { field: WhatIfField; error: WhatIfProblem | null }) {
  if (error?.field !== field) return null;
  return (
    <p id={`${field}-error`} className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {error.problem}
    </p>
  );
}

function PlacementSelects({
  side,
  values,
  error,
}: {
  side: 'from' | 'to';
  values: WhatIfValues;
  error: WhatIfProblem | null;
}) {
  const settingField = `${side}_setting` as const;
  const provisionField = `${side}_provision` as const;
  const group = (field: WhatIfField) => `govuk-form-group${error?.field === field ? ' govuk-form-group--error' : ''}`;
  const select = (field: WhatIfField) => `govuk-select${error?.field === field ? ' govuk-select--error' : ''}`;
  const describedBy = (field: WhatIfField) => (error?.field === field ? `${field}-error` : undefined);
  return (
    <div className="govuk-grid-column-one-half">
      <fieldset className="govuk-fieldset">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
          {side === 'from' ? 'Move children from' : 'Move children to'}
        </legend>
        <div className={group(settingField)}>
          <label className="govuk-label" htmlFor={settingField}>
            Setting
          </label>
          <ErrorMessage field={settingField} error={error} />
          <select
            className={select(settingField)}
            id={settingField}
            name={settingField}
            defaultValue={values[settingField]}
            aria-describedby={describedBy(settingField)}
          >
            {WHAT_IF_SETTINGS.map((s) => (
              <option key={s} value={s}>
                {SETTING_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className={group(provisionField)}>
          <label className="govuk-label" htmlFor={provisionField}>
            Provider
          </label>
          <ErrorMessage field={provisionField} error={error} />
          <select
            className={select(provisionField)}
            id={provisionField}
            name={provisionField}
            defaultValue={values[provisionField]}
            aria-describedby={describedBy(provisionField)}
          >
            {WHAT_IF_PROVISIONS.map((p) => (
              <option key={p} value={p}>
                {provisionName(p)}
              </option>
            ))}
          </select>
        </div>
      </fieldset>
    </div>
  );
}

/**
 * "What if": the effect on annual spend of moving children between placements, at this
 * period's average weekly costs. A plain GET form, so it works without JavaScript.
 */
export function WhatIfForm({
  action,
  la,
  period,
  values,
  result,
  error,
}: {
  action: string;
  la: string;
  period: string;
  values: WhatIfValues;
  result: WhatIfResult | null;
  error: WhatIfProblem | null;
}) {
  const childrenError = error?.field === 'children';
  return (
    <section aria-labelledby="what-if-heading" id="what-if">
      <h2 className="govuk-heading-l" id="what-if-heading">
        What if children moved placement?
      </h2>
      <p className="govuk-body">
        Work out what moving children from one kind of placement to another would do to annual spend, at the average
        weekly costs for the period ending {formatDate(period)}.
      </p>
      <form method="get" action={action} noValidate className="app-no-print">
        <input type="hidden" name="la" value={la} />
        <input type="hidden" name="period" value={period} />
        <div className="govuk-grid-row">
          <PlacementSelects side="from" values={values} error={error} />
          <PlacementSelects side="to" values={values} error={error} />
        </div>
        <div className={`govuk-form-group${childrenError ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label" htmlFor="children">
            Number of children
          </label>
          <div id="children-hint" className="govuk-hint">
            A whole number from 1 to {formatNumber(MAX_CHILDREN)}
          </div>
          <ErrorMessage field="children" error={error} />
          <input
            className={`govuk-input govuk-input--width-5${childrenError ? ' govuk-input--error' : ''}`}
            id="children"
            name="children"
            type="text"
            inputMode="numeric"
            spellCheck={false}
            autoComplete="off"
            defaultValue={values.children}
            aria-describedby={childrenError ? 'children-hint children-error' : 'children-hint'}
          />
        </div>
        <button type="submit" className="govuk-button" data-module="govuk-button">
          Work out the effect
        </button>
      </form>
      {result && result.problem === null && (
        <div className="govuk-inset-text" data-what-if-answer>
          <p className="govuk-body govuk-!-font-weight-bold">{whatIfSentence(result)}</p>
          <p className="govuk-body-s govuk-!-margin-bottom-0">
            Worked out as the number of children, times the difference in average weekly cost, times 365/7 weeks in a
            year. It is an estimate at average costs: it does not allow for the particular children, the places free, or
            costs of moving.
          </p>
        </div>
      )}
    </section>
  );
}
