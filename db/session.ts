import { headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { cache } from 'react';
import { can, type Permission, type Role } from '../lib/roles';
import { getAuth } from './auth';
import { apiKeyActor, verifyApiKey } from './apiKeys';
import { getDb } from './client';
import { whenFree, whenFreeDb } from './whenFree';
import { checkAuthThrottle, recordAuthFailure, recordAuthSuccess } from './throttle';
import { requestAddress } from '../lib/clientAddress';
import { describeWait } from '../lib/throttle';
import { TWO_FACTOR_SETUP_PATH } from '../lib/twoFactor';
import { twoFactorRoles } from './queries/twoFactor';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** The user's role requires two-factor sign-in and they have not set it up: only its set-up page is open. */
  needsTwoFactorSetup?: boolean;
}

async function userOf(requestHeaders: Headers): Promise<SessionUser | null> {
  const s = await getAuth().api.getSession({ headers: requestHeaders });
  if (!s) return null;
  const u = s.user as typeof s.user & { role?: string; twoFactorEnabled?: boolean };
  const role = (u.role ?? 'director') as Role;
  const needsTwoFactorSetup = !u.twoFactorEnabled && twoFactorRoles(getDb()).includes(role);
  return { id: u.id, email: u.email, name: u.name, role, needsTwoFactorSetup };
}

// Once per page render: the dashboard layout and the page both ask, and each answer is a cookie
// check and two reads. React's cache lasts one server render (route handlers and actions pass
// through it and read afresh).
const userOfThisRender = cache(async () => userOf(await headers()));

/** The signed-in user of this request, or null. */
export async function currentUser(requestHeaders?: Headers): Promise<SessionUser | null> {
  return requestHeaders ? userOf(requestHeaders) : userOfThisRender();
}

/** For pages: sends the signed-out to sign-in (coming back to `path`), refuses the wrong role with 403. */
export async function requirePage(permission: Permission, path: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  if (user.needsTwoFactorSetup) redirect(`${TWO_FACTOR_SETUP_PATH}?next=${encodeURIComponent(path)}`);
  if (!can(user.role, permission)) forbidden();
  return user;
}

/** For the two-factor set-up page: any signed-in user, whether or not they have set it up yet. */
export async function requireSignedIn(path: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  return user;
}

/** A script's API key (`Authorization: Bearer suf_...`) as the user it acts as, or null if refused. */
function apiKeyUser(request: Request, token: string): SessionUser | null {
  const url = new URL(request.url);
  const ip = requestAddress(request.headers);
  // The use is written without making the request wait for an import holding the write lock.
  const key = verifyApiKey(getDb().$client, token, { method: request.method, path: url.pathname, ip }, (w) => {
    whenFree(w).catch((e: unknown) => console.error('Could not record an API key use in the audit trail:', e));
  });
  return key ? { id: `apikey:${key.id}`, email: apiKeyActor(key), name: key.name, role: key.role } : null;
}

/**
 * For route handlers: the user (signed in, or a script's API key), or the 401/403 response to
 * return. A request that carries a key is judged by the key alone.
 */
export async function requireApi(request: Request, permission: Permission): Promise<SessionUser | Response> {
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  if (bearer) {
    // Keys are throttled like passwords (db/throttle.ts): per key and per client address.
    const who = { account: `apikey:${/^suf_([a-z0-9]{8})_/.exec(bearer)?.[1] ?? 'malformed'}`, address: requestAddress(request.headers) };
    const verdict = checkAuthThrottle(getDb(), who);
    if (verdict.waitSeconds > 0) {
      return Response.json(
        { type: 'error', message: `Too many refused keys from here: try again in ${describeWait(verdict.waitSeconds)}.` },
        { status: 429, headers: { 'retry-after': String(verdict.waitSeconds) } },
      );
    }
    const keyUser = apiKeyUser(request, bearer);
    whenFreeDb((db) => (keyUser ? recordAuthSuccess(db, who) : recordAuthFailure(db, who))).catch((e: unknown) =>
      console.error('Could not record an API key check in the throttle:', e),
    );
    if (!keyUser) return Response.json({ type: 'error', message: 'The API key is not valid or has been revoked.' }, { status: 401 });
    if (!can(keyUser.role, permission)) {
      return Response.json({ type: 'error', message: "The API key's role does not allow this." }, { status: 403 });
    }
    return keyUser;
  }
  const user = await currentUser(request.headers);
  if (!user) return Response.json({ type: 'error', message: 'Sign in first.' }, { status: 401 });
  if (user.needsTwoFactorSetup) {
    return Response.json({ type: 'error', message: `Set up two-factor sign-in first, at ${TWO_FACTOR_SETUP_PATH}.` }, { status: 403 });
  }
  if (!can(user.role, permission)) {
    return Response.json({ type: 'error', message: 'Your role does not allow this.' }, { status: 403 });
  }
  return user;
}

/** For server actions: the user, or an error thrown before anything changes. */
export async function requireAction(permission: Permission): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect('/sign-in');
  if (user.needsTwoFactorSetup) redirect(TWO_FACTOR_SETUP_PATH);
  if (!can(user.role, permission)) forbidden();
  return user;
}
