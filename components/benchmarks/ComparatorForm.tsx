'use client';

import { ErrorSummary } from '@/components/ui/ErrorSummary';
import { useActionState } from 'react';
import type { ComparatorFormState } from '@/lib/forms';

export interface ComparatorFormProps {
  action: (prev: ComparatorFormState | null, formData: FormData) => Promise<ComparatorFormState>;
  resetAction: (formData: FormData) => Promise<void>;
  la: string;
  /** The stored members' codes, one a line ('' when the default group is in use). */
  initial: string;
  stored: boolean;
}

/**
 * Sets the comparator group from pasted ONS codes (e.g. the DfE statistical neighbours list).
 * A server action: works without JavaScript, errors listed in a GOV.UK error summary and
 * linked to the field by aria-describedby.
 */
export function ComparatorForm({ action, resetAction, la, initial, stored }: ComparatorFormProps) {
  const [state, formAction, pending] = useActionState(action, null);
  const errors = state?.errors ?? [];
  const value = state?.value ?? initial;
  const describedBy = ['members-hint', errors.length > 0 ? 'members-error' : null].filter(Boolean).join(' ');
  return (
    <>
      <form action={formAction} noValidate>
        <ErrorSummary errors={errors.map((e) => ({ href: '#members', text: e }))} />
        <input type="hidden" name="la" value={la} />
        <div className={`govuk-form-group${errors.length > 0 ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label govuk-label--s" htmlFor="members">
            Comparator councils
          </label>
          <div id="members-hint" className="govuk-hint">
            ONS codes, one a line or separated by commas, for example the DfE statistical neighbours of the council. A name
            may follow a code on its line (E06000001 Hartlepool).
          </div>
          {errors.length > 0 && (
            <p id="members-error" className="govuk-error-message">
              {errors.map((e) => (
                <span key={e} style={{ display: 'block' }}>
                  <span className="govuk-visually-hidden">Error:</span> {e}
                </span>
              ))}
            </p>
          )}
          <textarea
            className={`govuk-textarea${errors.length > 0 ? ' govuk-textarea--error' : ''}`}
            id="members"
            name="members"
            rows={6}
            defaultValue={value}
            key={value}
            aria-describedby={describedBy}
          />
        </div>
        <button type="submit" className="govuk-button" data-module="govuk-button" disabled={pending}>
          Save comparator group
        </button>
      </form>
      {stored && (
        <form action={resetAction}>
          <input type="hidden" name="la" value={la} />
          <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Use the default
          </button>
        </form>
      )}
    </>
  );
}
