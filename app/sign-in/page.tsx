import type { Metadata } from 'next';
import { ErrorSummary } from '@/components/ui/ErrorSummary';
import { redirect } from 'next/navigation';
import { currentUser } from '@/db/session';
import { readAuthEnv } from '@/lib/authEnv';
import { safeRedirectPath } from '@/lib/safeRedirect';
import { describeWait } from '@/lib/throttle';
import { signInAction, signInOidcAction } from './actions';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

const ERRORS: Record<string, string> = {
  missing: 'Enter your email address and password',
  invalid: 'The email address or password is not right',
  expired: 'The sign-in timed out or had too many wrong codes: enter your email address and password again',
  sso: 'Single sign-on did not complete: your account may not have been added yet, or the sign-in was cancelled',
};

/** The throttle's refusal, with the wait the server gave (seconds). */
function throttledMessage(wait: string | undefined): string {
  const seconds = Number(wait);
  const when = Number.isInteger(seconds) && seconds > 0 && seconds <= 86_400 ? `in ${describeWait(seconds)}` : 'in a few minutes';
  return `Too many failed attempts: wait, then try again ${when}`;
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { error, wait } = await searchParams;
  const next = safeRedirectPath((await searchParams).next, '/dashboard/start').replace(/^\/dashboard$/, '/dashboard/start');
  if (await currentUser()) redirect(next);
  const message = error === 'throttled' ? throttledMessage(wait) : error ? (ERRORS[error] ?? ERRORS.invalid) : null;
  const oidc = readAuthEnv().oidc;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-one-half">
        <ErrorSummary errors={message ? [{ href: '#email', text: message }] : []} />
        <h1 className="govuk-heading-xl">Sign in</h1>
        <p className="govuk-body">Sign in to the council dashboard. Providers and the public do not need to sign in.</p>
        <form action={signInAction} method="post" noValidate>
          <input type="hidden" name="next" value={next} />
          <div className={`govuk-form-group${message ? ' govuk-form-group--error' : ''}`}>
            <label className="govuk-label" htmlFor="email">
              Email address
            </label>
            {message && (
              <p id="email-error" className="govuk-error-message">
                <span className="govuk-visually-hidden">Error:</span> {message}
              </p>
            )}
            <input
              className="govuk-input"
              id="email"
              name="email"
              type="email"
              autoComplete="username"
              spellCheck={false}
              aria-describedby={message ? 'email-error' : undefined}
            />
          </div>
          <div className="govuk-form-group">
            <label className="govuk-label" htmlFor="password">
              Password
            </label>
            <input className="govuk-input" id="password" name="password" type="password" autoComplete="current-password" />
          </div>
          <button type="submit" className="govuk-button">
            Sign in
          </button>
        </form>
        {oidc && (
          <form action={signInOidcAction} method="post">
            <input type="hidden" name="next" value={next} />
            <button type="submit" className="govuk-button govuk-button--secondary">
              Sign in with {oidc.label}
            </button>
          </form>
        )}
      </div>
    </div>
  );
}
