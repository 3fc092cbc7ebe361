'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { recordAudit } from '@/db/audit';
import { getAuth } from '@/db/auth';
import { getDb } from '@/db/client';
import { recentFailedSignIns } from '@/db/queries/users';
import { currentUser } from '@/db/session';
import { LOCKOUT } from '@/lib/roles';

const SignIn = z.object({
  email: z.email().max(320),
  password: z.string().min(1).max(256),
  next: z.string().optional(),
});

/**
 * Only paths inside the app: never an open redirect. Plain /dashboard (the menu's "Dashboard",
 * or nothing asked for) goes to the start page of the user's role instead.
 */
function safeNext(next: string | undefined): string {
  return next && next !== '/dashboard' && /^\/(?!\/)[\w\-/?=&%.]*$/.test(next) ? next : '/dashboard/start';
}

export async function signInAction(formData: FormData): Promise<void> {
  const parsed = SignIn.safeParse({
    email: String(formData.get('email') ?? '').trim(),
    password: String(formData.get('password') ?? ''),
    next: String(formData.get('next') ?? '') || undefined,
  });
  const next = safeNext(parsed.success ? parsed.data.next : undefined);
  const back = (error: string) => redirect(`/sign-in?error=${error}&next=${encodeURIComponent(next)}`);
  if (!parsed.success) back('missing');
  const { email, password } = parsed.data!;
  if (recentFailedSignIns(getDb(), email, LOCKOUT.windowMinutes) >= LOCKOUT.failures) back('locked');
  try {
    await getAuth().api.signInEmail({ body: { email, password }, headers: await headers() });
  } catch {
    back('invalid');
  }
  redirect(next);
}

export async function signOutAction(): Promise<void> {
  const h = await headers();
  const user = await currentUser(h);
  await getAuth().api.signOut({ headers: h });
  if (user) recordAudit(getDb().$client, { actor: user.email, action: 'sign_out', ip: h.get('x-forwarded-for') });
  redirect('/');
}

/** Single sign-on: asks better-auth for the IdP's authorisation address and goes there. */
export async function signInOidcAction(formData: FormData): Promise<void> {
  const next = safeNext(String(formData.get('next') ?? '') || undefined);
  const res = await getAuth().api.signInSocial({
    body: { provider: 'oidc', callbackURL: next, errorCallbackURL: '/sign-in?error=sso' },
    headers: await headers(),
  });
  if (!res || !('url' in res) || !res.url) redirect('/sign-in?error=sso');
  redirect(res.url);
}
