'use client';

import { ErrorSummary } from '@/components/ui/ErrorSummary';
import { useActionState } from 'react';
import type { PriorityFormState } from '@/lib/forms';

export interface Option {
  value: string;
  label: string;
}

export interface PriorityFormProps {
  action: (prev: PriorityFormState | null, formData: FormData) => Promise<PriorityFormState>;
  la: string;
  id?: number;
  initial: Record<string, string>;
  options: Record<'metric' | 'setting' | 'provision' | 'ageBand' | 'need' | 'direction', Option[]>;
  /** Definitions of the metrics, shown as the hint. */
  metricHint: string;
}

const LABELS: Record<string, string> = {
  title: 'Title',
  metric: 'Measure',
  setting: 'Setting',
  provision: 'Provision',
  ageBand: 'Age band',
  need: 'Need',
  baselineValue: 'Baseline value',
  baselineDate: 'Baseline date',
  targetValue: 'Target value',
  targetDate: 'Target date',
  direction: 'Direction',
  owner: 'Owner',
  narrative: 'Narrative',
};

/**
 * The priority form: a server action with field errors linked from a GOV.UK error summary.
 * It works without JavaScript (the action posts and the page comes back with the errors).
 */
export function PriorityForm({ action, la, id, initial, options, metricHint }: PriorityFormProps) {
  const [state, formAction, pending] = useActionState(action, null);
  const values = state?.values ?? initial;
  const errors = state?.errors ?? {};
  const order = Object.keys(LABELS).filter((k) => errors[k]);

  const field = (name: string, input: React.ReactNode, hint?: string) => (
    <div className={`govuk-form-group${errors[name] ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label govuk-label--s" htmlFor={name}>
        {LABELS[name]}
      </label>
      {hint && (
        <div id={`${name}-hint`} className="govuk-hint">
          {hint}
        </div>
      )}
      {errors[name] && (
        <p id={`${name}-error`} className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {errors[name]}
        </p>
      )}
      {input}
    </div>
  );
  const describedBy = (name: string, hint = false) =>
    [hint ? `${name}-hint` : null, errors[name] ? `${name}-error` : null].filter(Boolean).join(' ') || undefined;
  const select = (name: keyof PriorityFormProps['options'], hint?: string) =>
    field(
      name,
      <select
        className={`govuk-select${errors[name] ? ' govuk-select--error' : ''}`}
        id={name}
        name={name}
        defaultValue={values[name]}
        key={`${name}-${values[name]}`}
        aria-describedby={describedBy(name, Boolean(hint))}
      >
        {options[name].map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>,
      hint,
    );
  const text = (name: string, hint?: string, width = '') =>
    field(
      name,
      <input
        className={`govuk-input${width}${errors[name] ? ' govuk-input--error' : ''}`}
        id={name}
        name={name}
        type="text"
        defaultValue={values[name]}
        key={`${name}-${values[name]}`}
        aria-describedby={describedBy(name, Boolean(hint))}
      />,
      hint,
    );

  return (
    <form action={formAction} noValidate>
      <ErrorSummary errors={order.map((k) => ({ href: `#${k}`, text: String(errors[k]) }))} />
      <input type="hidden" name="la" value={la} />
      {id !== undefined && <input type="hidden" name="id" value={id} />}
      {text('title')}
      {select('metric', metricHint)}
      <fieldset className="govuk-fieldset">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">For which children (leave “All” to cover everyone)</legend>
        {select('setting')}
        {select('provision')}
        {select('ageBand')}
        {select('need')}
      </fieldset>
      {select('direction')}
      {text('baselineValue', 'A number; a percentage without the % sign', ' govuk-input--width-5')}
      {text('baselineDate', 'For example 2024-03-31', ' govuk-input--width-10')}
      {text('targetValue', undefined, ' govuk-input--width-5')}
      {text('targetDate', 'For example 2027-03-31', ' govuk-input--width-10')}
      {text('owner')}
      {field(
        'narrative',
        <textarea
          className={`govuk-textarea${errors.narrative ? ' govuk-textarea--error' : ''}`}
          id="narrative"
          name="narrative"
          rows={4}
          defaultValue={values.narrative}
          key={`narrative-${values.narrative}`}
          aria-describedby={describedBy('narrative')}
        />,
      )}
      <div className="govuk-form-group">
        <div className="govuk-checkboxes govuk-checkboxes--small">
          <div className="govuk-checkboxes__item">
            <input
              className="govuk-checkboxes__input"
              id="published"
              name="published"
              type="checkbox"
              defaultChecked={values.published === 'on'}
              key={`published-${values.published}`}
            />
            <label className="govuk-label govuk-checkboxes__label" htmlFor="published">
              Published to providers
            </label>
          </div>
        </div>
      </div>
      <button type="submit" className="govuk-button" disabled={pending}>
        Save priority
      </button>
    </form>
  );
}
