'use client';

import { useActionState } from 'react';
import { ErrorSummary } from '../ui/ErrorSummary';

/** Where the set-up has got to: each step's answer from the server action. */
export type TwoFactorSetupState =
  | { step: 'password'; error?: string }
  | { step: 'confirm'; totpURI: string; secret: string; error?: string };

type Action = (state: TwoFactorSetupState, formData: FormData) => Promise<TwoFactorSetupState>;

/** Turning on two-factor sign-in: password, then the key for the app and a first code, then the recovery codes once. */
export function TwoFactorSetup(props: {
  action: Action;
  seen: (formData: FormData) => Promise<void>;
  next: string;
  alreadyOn: boolean;
  /** Just turned on: the recovery codes, shown until the user says they have saved them. */
  recoveryCodes: string[] | null;
}) {
  const { action, seen, next, alreadyOn, recoveryCodes } = props;
  const [state, formAction, pending] = useActionState(action, { step: 'password' });
  if (!recoveryCodes && alreadyOn) {
    return (
      <>
        <h1 className="govuk-heading-xl">Two-factor sign-in</h1>
        <p className="govuk-body">
          Two-factor sign-in is on: after your password you enter a code from your authenticator app, or one of your recovery
          codes.
        </p>
      </>
    );
  }
  if (recoveryCodes) {
    return (
      <>
        <div className="govuk-panel govuk-panel--confirmation">
          <h1 className="govuk-panel__title">Two-factor sign-in is on</h1>
        </div>
        <h2 className="govuk-heading-m">Save your recovery codes</h2>
        <p className="govuk-body">
          If you lose your authenticator app, each of these codes signs you in once instead of a security code. Keep them
          somewhere safe, such as your password manager. This is the only time they are shown.
        </p>
        <ul className="govuk-list" aria-label="Recovery codes" data-testid="recovery-codes">
          {recoveryCodes.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ul>
        <form action={seen}>
          <input type="hidden" name="next" value={next} />
          <button type="submit" className="govuk-button">
            I have saved my recovery codes: continue
          </button>
        </form>
      </>
    );
  }
  if (state.step === 'confirm') {
    return (
      <>
        <ErrorSummary errors={state.error ? [{ href: '#code', text: state.error }] : []} />
        <h1 className="govuk-heading-xl">Set up your authenticator app</h1>
        <ol className="govuk-list govuk-list--number">
          <li>
            In your authenticator app (for example Microsoft Authenticator or Google Authenticator), add an account and
            choose to enter a setup key.
          </li>
          <li>
            Enter this setup key, as a time-based key:
            <p className="govuk-inset-text" data-testid="totp-secret">
              <code>{state.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
            </p>
          </li>
          <li>Enter the 6-digit code the app shows below.</li>
        </ol>
        <details className="govuk-details">
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">The full setup address (otpauth)</span>
          </summary>
          <div className="govuk-details__text">
            <code data-testid="totp-uri" style={{ wordBreak: 'break-all' }}>
              {state.totpURI}
            </code>
          </div>
        </details>
        <form action={formAction}>
          <div className={`govuk-form-group${state.error ? ' govuk-form-group--error' : ''}`}>
            <label className="govuk-label govuk-label--s" htmlFor="code">
              Security code
            </label>
            {state.error && (
              <p id="code-error" className="govuk-error-message">
                <span className="govuk-visually-hidden">Error:</span> {state.error}
              </p>
            )}
            <input
              className={`govuk-input govuk-input--width-5${state.error ? ' govuk-input--error' : ''}`}
              id="code"
              name="code"
              type="text"
              inputMode="numeric"
              autoComplete="one-time-code"
              spellCheck={false}
              aria-describedby={state.error ? 'code-error' : undefined}
            />
          </div>
          <input type="hidden" name="step" value="confirm" />
          <input type="hidden" name="next" value={next} />
          <button type="submit" className="govuk-button" disabled={pending}>
            Turn on two-factor sign-in
          </button>
        </form>
      </>
    );
  }
  return (
    <>
      <ErrorSummary errors={state.error ? [{ href: '#password', text: state.error }] : []} />
      <h1 className="govuk-heading-xl">Set up two-factor sign-in</h1>
      <p className="govuk-body">
        After your password, you will enter a 6-digit code from an authenticator app on your phone or computer. You will
        need the app to hand.
      </p>
      <form action={formAction}>
        <div className={`govuk-form-group${state.error ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label govuk-label--s" htmlFor="password">
            Confirm your password
          </label>
          {state.error && (
            <p id="password-error" className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {state.error}
            </p>
          )}
          <input
            className={`govuk-input govuk-!-width-one-half${state.error ? ' govuk-input--error' : ''}`}
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            aria-describedby={state.error ? 'password-error' : undefined}
          />
        </div>
        <input type="hidden" name="step" value="password" />
        <button type="submit" className="govuk-button" disabled={pending}>
          Continue
        </button>
      </form>
    </>
  );
}
