import type { Metadata } from 'next';
import { ErrorSummary } from '@/components/ui/ErrorSummary';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { currentUser } from '@/db/session';
import { safeRedirectPath } from '@/lib/safeRedirect';
import { describeWait } from '@/lib/throttle';
import { secondFactorAction } from '../actions';

export const metadata: Metadata = { title: 'Enter your security code' };
export const dynamic = 'force-dynamic';

const ERRORS: Record<string, string> = {
  missing: 'Enter the code',
  invalid: 'The code is not right',
};

export default async function SecondFactorPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { error, wait, method } = await searchParams;
  const next = safeRedirectPath((await searchParams).next, '/dashboard/start');
  if (await currentUser()) redirect(next);
  const recovery = method === 'recovery';
  const seconds = Number(wait);
  const message =
    error === 'throttled'
      ? `Too many wrong codes: wait, then try again ${Number.isInteger(seconds) && seconds > 0 && seconds <= 86_400 ? `in ${describeWait(seconds)}` : 'in a few minutes'}`
      : error
        ? (ERRORS[error] ?? ERRORS.invalid)
        : null;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-one-half">
        <ErrorSummary errors={message ? [{ href: '#code', text: message }] : []} />
        <form action={secondFactorAction} method="post" noValidate>
          <input type="hidden" name="next" value={next} />
          <input type="hidden" name="method" value={recovery ? 'recovery' : 'totp'} />
          <div className={`govuk-form-group${message ? ' govuk-form-group--error' : ''}`}>
            <h1 className="govuk-label-wrapper">
              <label className="govuk-label govuk-label--xl" htmlFor="code">
                {recovery ? 'Enter a recovery code' : 'Enter your security code'}
              </label>
            </h1>
            <div id="code-hint" className="govuk-hint">
              {recovery
                ? 'One of the recovery codes you saved when you set up two-factor sign-in. Each works once.'
                : 'The 6-digit code your authenticator app shows for Sufficiency.'}
            </div>
            {message && (
              <p id="code-error" className="govuk-error-message">
                <span className="govuk-visually-hidden">Error:</span> {message}
              </p>
            )}
            <input
              className={`govuk-input ${recovery ? 'govuk-input--width-20' : 'govuk-input--width-5'}${message ? ' govuk-input--error' : ''}`}
              id="code"
              name="code"
              type="text"
              inputMode={recovery ? 'text' : 'numeric'}
              autoComplete="one-time-code"
              spellCheck={false}
              aria-describedby={message ? 'code-hint code-error' : 'code-hint'}
            />
          </div>
          <button type="submit" className="govuk-button">
            Continue
          </button>
        </form>
        <p className="govuk-body">
          {recovery ? (
            <Link className="govuk-link" href={`/sign-in/two-factor?next=${encodeURIComponent(next)}`}>
              Use your authenticator app instead
            </Link>
          ) : (
            <Link className="govuk-link" href={`/sign-in/two-factor?method=recovery&next=${encodeURIComponent(next)}`}>
              I cannot use my authenticator app: use a recovery code
            </Link>
          )}
        </p>
      </div>
    </div>
  );
}
