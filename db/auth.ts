import { randomBytes } from 'node:crypto';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { APIError, createAuthMiddleware, getSessionFromCtx } from 'better-auth/api';
import { nextCookies } from 'better-auth/next-js';
import { genericOAuth } from 'better-auth/plugins/generic-oauth';
import { appBaseUrl, readAuthEnv } from '../lib/authEnv';
import { requestAddress } from '../lib/clientAddress';
import { passwordProblem } from '../lib/passwords';
import { claimedAccount, describeWait } from '../lib/throttle';
import { recordAudit } from './audit';
import { getDb, type Db } from './client';
import { account, rateLimit, session, user, verification } from './schema';
import { checkAuthThrottle, recordAuthFailure, recordAuthSuccess, type AuthAttempt } from './throttle';

/**
 * The signing secret: BETTER_AUTH_SECRET when set (production), otherwise one generated on
 * first use and kept in the database, so a fresh clone signs sessions without any setup.
 */
export function authSecret(db: Db): string {
  const fromEnv = readAuthEnv().secret;
  if (fromEnv) return fromEnv;
  const row = db.$client.prepare("SELECT value FROM app_settings WHERE key = 'auth_secret'").get() as
    | { value: string }
    | undefined;
  if (row) return row.value;
  const secret = randomBytes(32).toString('base64url');
  db.$client.prepare("INSERT OR IGNORE INTO app_settings (key, value) VALUES ('auth_secret', ?)").run(secret);
  return (db.$client.prepare("SELECT value FROM app_settings WHERE key = 'auth_secret'").get() as { value: string }).value;
}

/** Every better-auth endpoint that checks a password: each goes through the throttle (db/throttle.ts). */
const PASSWORD_PATHS = new Set(['/sign-in/email', '/change-password', '/verify-password', '/delete-user']);
/** better-auth's answers to a wrong password. */
const WRONG_PASSWORD = new Set(['INVALID_EMAIL_OR_PASSWORD', 'INVALID_PASSWORD']);

/** The refusal while a wait is in force: the caller is told when to try again. */
export const THROTTLED_CODE = 'SIGN_IN_THROTTLED';

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

/** Whose password is being checked, and from where: the claimed email, or the signed-in user's. */
async function attemptOf(ctx: HookContext): Promise<AuthAttempt> {
  const address = requestAddress(ctx.headers);
  if (ctx.path === '/sign-in/email') return { account: claimedAccount(ctx.body?.email), address };
  const session = await getSessionFromCtx(ctx).catch(() => null);
  return { account: session?.user.email ?? null, address };
}

function createAuth(db: Db) {
  const authEnv = readAuthEnv();
  const baseURL = appBaseUrl();
  const oidc = authEnv.oidc;
  return betterAuth({
    appName: 'Sufficiency',
    baseURL,
    secret: authSecret(db),
    trustedOrigins: [baseURL, ...authEnv.trustedOrigins],
    database: drizzleAdapter(db, { provider: 'sqlite', schema: { user, session, account, verification, rateLimit } }),
    telemetry: { enabled: false },
    emailAndPassword: {
      enabled: true,
      // Accounts are made by an admin (npm run user:create), never by signing up.
      disableSignUp: true,
      minPasswordLength: 12,
      maxPasswordLength: 256,
    },
    user: {
      additionalFields: {
        role: { type: 'string', required: false, defaultValue: 'director', input: false },
        demo: { type: 'boolean', required: false, defaultValue: false, input: false },
      },
    },
    session: { expiresIn: 60 * 60 * 8, updateAge: 60 * 15 },
    rateLimit: {
      enabled: true,
      storage: 'database',
      window: 60,
      max: 100,
      // A flood guard per address only: password guessing is slowed by the throttle in the hooks,
      // which never locks anyone out for good.
      customRules: { '/sign-in/email': { window: 60, max: 60 } },
    },
    advanced: {
      // Secure cookies whenever the app is served over HTTPS.
      useSecureCookies: baseURL.startsWith('https://'),
      ipAddress: { ipAddressHeaders: ['x-forwarded-for'] },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (!PASSWORD_PATHS.has(ctx.path)) return;
        const verdict = checkAuthThrottle(db, await attemptOf(ctx));
        if (verdict.waitSeconds > 0) {
          throw new APIError(
            'TOO_MANY_REQUESTS',
            {
              code: THROTTLED_CODE,
              message: `Too many failed attempts: try again in ${describeWait(verdict.waitSeconds)}`,
              retryAfterSeconds: verdict.waitSeconds,
            },
            { 'Retry-After': String(verdict.waitSeconds) },
          );
        }
        if (ctx.path === '/change-password') {
          const session = await getSessionFromCtx(ctx).catch(() => null);
          const problem = passwordProblem(String(ctx.body?.newPassword ?? ''), session ? [session.user.email, session.user.name] : []);
          if (problem) throw new APIError('BAD_REQUEST', { code: 'WEAK_PASSWORD', message: `The new password ${problem}` });
          // A changed password ends every other session, whatever the caller asked.
          return { context: { body: { ...ctx.body, revokeOtherSessions: true } } };
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        const ip = requestAddress(ctx.headers);
        if (PASSWORD_PATHS.has(ctx.path)) {
          const returned = ctx.context.returned;
          const who = await attemptOf(ctx);
          if (returned instanceof APIError) {
            if (WRONG_PASSWORD.has(String(returned.body?.code))) recordAuthFailure(db, who);
          } else if (ctx.path !== '/sign-in/email' || ctx.context.newSession) {
            recordAuthSuccess(db, who);
          }
        }
        if (ctx.path === '/sign-in/email') {
          const returned = ctx.context.returned;
          if (returned instanceof APIError || !ctx.context.newSession) {
            if (returned instanceof APIError && returned.body?.code === THROTTLED_CODE) return;
            // Never the visitor's own text: an email address, normalised, or a placeholder.
            const target = claimedAccount(ctx.body?.email) ?? '(not an email address)';
            recordAudit(db.$client, { actor: null, action: 'sign_in_failed', target, ip, details: { method: 'password' } });
          } else {
            recordAudit(db.$client, { actor: ctx.context.newSession.user.email, action: 'sign_in', target: null, ip, details: { method: 'password' } });
          }
        } else if (ctx.path.startsWith('/oauth2/callback') && ctx.context.newSession) {
          recordAudit(db.$client, { actor: ctx.context.newSession.user.email, action: 'sign_in', ip, details: { method: 'oidc' } });
        }
      }),
    },
    plugins: [
      ...(oidc
        ? [
            genericOAuth({
              config: [
                {
                  providerId: 'oidc',
                  discoveryUrl: oidc.discoveryUrl,
                  clientId: oidc.clientId,
                  clientSecret: oidc.clientSecret,
                  scopes: ['openid', 'email', 'profile'],
                  pkce: true,
                  // Only people an admin has already added may sign in through the council's IdP.
                  disableImplicitSignUp: true,
                },
              ],
            }),
          ]
        : []),
      nextCookies(),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;

const globalForAuth = globalThis as unknown as { sufficiencyAuth?: { db: Db; auth: Auth } };

/** The app's better-auth instance over the app's database. */
export function getAuth(): Auth {
  const db = getDb();
  if (!globalForAuth.sufficiencyAuth || globalForAuth.sufficiencyAuth.db !== db) {
    globalForAuth.sufficiencyAuth = { db, auth: createAuth(db) };
  }
  return globalForAuth.sufficiencyAuth.auth;
}
