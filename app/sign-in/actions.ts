'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { APIError } from 'better-auth/api';
import { z } from 'zod';
import { recordAudit } from '@/db/audit';
import { getAuth, THROTTLED_CODE } from '@/db/auth';
import { currentUser } from '@/db/session';
import { requestAddress } from '@/lib/clientAddress';
import { safeRedirectPath } from '@/lib/safeRedirect';
import { twoFactorRoles } from '@/db/queries/twoFactor';
import { withDb, withSqlite } from '@/db/run';
import type { Role } from '@/lib/roles';
import { SecondFactorCode, TWO_FACTOR_SETUP_PATH } from '@/lib/twoFactor';

/** Where to go after signing in: plain /dashboard (the menu's "Dashboard", or nothing asked for) is the role's start page. */
const nextPath = (formData: FormData) =>
  safeRedirectPath(formData.get('next'), '/dashboard/start').replace(/^\/dashboard$/, '/dashboard/start');

const SignIn = z.object({
  email: z.email().max(320),
  password: z.string().min(1).max(256),
  next: z.string().optional(),
});

export async function signInAction(formData: FormData): Promise<void> {
  const parsed = SignIn.safeParse({
    email: String(formData.get('email') ?? '').trim(),
    password: String(formData.get('password') ?? ''),
    next: String(formData.get('next') ?? '') || undefined,
  });
  const next = nextPath(formData);
  const back = (error: string, wait = '') => redirect(`/sign-in?error=${error}${wait && `&wait=${wait}`}&next=${encodeURIComponent(next)}`);
  if (!parsed.success) back('missing');
  const { email, password } = parsed.data!;
  // The throttle (db/auth.ts hooks) applies here as on the API: a refusal says when to try again.
  let result: unknown;
  try {
    result = await getAuth().api.signInEmail({ body: { email, password }, headers: await headers() });
  } catch (e) {
    if (e instanceof APIError && e.body?.code === THROTTLED_CODE) back('throttled', String(e.body.retryAfterSeconds));
    back('invalid');
  }
  // Two-factor on: the plugin has set its pending-sign-in cookie instead of a session.
  if (result && typeof result === 'object' && 'twoFactorRedirect' in result) redirect(`/sign-in/two-factor?next=${encodeURIComponent(next)}`);
  // A role that must use two-factor sign-in and has not set it up goes straight to its set-up page.
  const signedIn = (result as { user?: { role?: Role; twoFactorEnabled?: boolean } } | undefined)?.user;
  if (signedIn?.role && !signedIn.twoFactorEnabled && withDb(twoFactorRoles).includes(signedIn.role)) {
    redirect(`${TWO_FACTOR_SETUP_PATH}?next=${encodeURIComponent(next)}`);
  }
  redirect(next);
}

const SecondFactor = z.object({ code: SecondFactorCode, method: z.enum(['totp', 'recovery']) });

/** The code after the password: from the authenticator app, or one of the recovery codes. */
export async function secondFactorAction(formData: FormData): Promise<void> {
  const next = nextPath(formData);
  const method = formData.get('method') === 'recovery' ? 'recovery' : 'totp';
  const back = (error: string, wait = '') =>
    redirect(`/sign-in/two-factor?method=${method}&error=${error}${wait && `&wait=${wait}`}&next=${encodeURIComponent(next)}`);
  const parsed = SecondFactor.safeParse({ code: String(formData.get('code') ?? ''), method });
  if (!parsed.success) back('missing');
  const { code } = parsed.data!;
  const h = await headers();
  try {
    if (method === 'totp') await getAuth().api.verifyTOTP({ body: { code }, headers: h });
    else await getAuth().api.verifyBackupCode({ body: { code }, headers: h });
  } catch (e) {
    if (e instanceof APIError && e.body?.code === THROTTLED_CODE) back('throttled', String(e.body.retryAfterSeconds));
    // The pending sign-in has ended (expired, or too many wrong codes): start again with the password.
    if (e instanceof APIError && ['INVALID_TWO_FACTOR_COOKIE', 'TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE'].includes(String(e.body?.code))) {
      redirect(`/sign-in?error=expired&next=${encodeURIComponent(next)}`);
    }
    back('invalid');
  }
  redirect(next);
}

export async function signOutAction(): Promise<void> {
  const h = await headers();
  const user = await currentUser(h);
  await getAuth().api.signOut({ headers: h });
  if (user) withSqlite(recordAudit, { actor: user.email, action: 'sign_out', ip: requestAddress(h) });
  redirect('/');
}

/** Single sign-on: asks better-auth for the IdP's authorisation address and goes there. */
export async function signInOidcAction(formData: FormData): Promise<void> {
  const next = nextPath(formData);
  const res = await getAuth().api.signInSocial({
    body: { provider: 'oidc', callbackURL: next, errorCallbackURL: '/sign-in?error=sso' },
    headers: await headers(),
  });
  if (!res || !('url' in res) || !res.url) redirect('/sign-in?error=sso');
  redirect(res.url);
}
