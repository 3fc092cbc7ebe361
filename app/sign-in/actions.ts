'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { APIError } from 'better-auth/api';
import { z } from 'zod';
import { recordAudit } from '@/db/audit';
import { getAuth, THROTTLED_CODE } from '@/db/auth';
import { withSqlite } from '@/db/run';
import { currentUser } from '@/db/session';
import { requestAddress } from '@/lib/clientAddress';
import { safeRedirectPath } from '@/lib/safeRedirect';

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
  // Plain /dashboard (the menu's "Dashboard", or nothing asked for) goes to the role's start page.
  const next = safeRedirectPath(formData.get('next'), '/dashboard/start').replace(/^\/dashboard$/, '/dashboard/start');
  const back = (error: string, wait = '') => redirect(`/sign-in?error=${error}${wait && `&wait=${wait}`}&next=${encodeURIComponent(next)}`);
  if (!parsed.success) back('missing');
  const { email, password } = parsed.data!;
  // The throttle (db/auth.ts hooks) applies here as on the API: a refusal says when to try again.
  try {
    await getAuth().api.signInEmail({ body: { email, password }, headers: await headers() });
  } catch (e) {
    if (e instanceof APIError && e.body?.code === THROTTLED_CODE) back('throttled', String(e.body.retryAfterSeconds));
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
  // Plain /dashboard (the menu's "Dashboard", or nothing asked for) goes to the role's start page.
  const next = safeRedirectPath(formData.get('next'), '/dashboard/start').replace(/^\/dashboard$/, '/dashboard/start');
  const res = await getAuth().api.signInSocial({
    body: { provider: 'oidc', callbackURL: next, errorCallbackURL: '/sign-in?error=sso' },
    headers: await headers(),
  });
  if (!res || !('url' in res) || !res.url) redirect('/sign-in?error=sso');
  redirect(res.url);
}
