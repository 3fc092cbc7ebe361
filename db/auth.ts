import { randomBytes } from 'node:crypto';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { APIError, createAuthMiddleware, getSessionFromCtx } from 'better-auth/api';
import { nextCookies } from 'better-auth/next-js';
import { genericOAuth } from 'better-auth/plugins/generic-oauth';
import { twoFactor as twoFactorPlugin } from 'better-auth/plugins/two-factor';
import { appBaseUrl, readAuthEnv } from '../lib/authEnv';
import { requestAddress } from '../lib/clientAddress';
import { passwordProblem } from '../lib/passwords';
import { claimedAccount, describeWait } from '../lib/throttle';
import { recordAudit } from './audit';
import { getDb, type Db } from './client';
import { account, rateLimit, session, twoFactor, user, verification } from './schema';
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
const PASSWORD_PATHS = new Set(['/sign-in/email', '/change-password', '/verify-password', '/delete-user', '/two-factor/enable']);
/** better-auth's answers to a wrong password. */
const WRONG_PASSWORD = new Set(['INVALID_EMAIL_OR_PASSWORD', 'INVALID_PASSWORD']);
/** The two-factor plugin's endpoints that check a code: throttled like passwords. */
const SECOND_FACTOR_PATHS = new Map([
  ['/two-factor/verify-totp', 'totp'],
  ['/two-factor/verify-backup-code', 'recovery_code'],
]);
/** The plugin's answers to a wrong code. */
const WRONG_CODE = new Set(['INVALID_CODE', 'INVALID_BACKUP_CODE']);

/** The refusal while a wait is in force: the caller is told when to try again. */
export const THROTTLED_CODE = 'SIGN_IN_THROTTLED';

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

/** Whose password is being checked, and from where: the claimed email, or the signed-in user's. */
async function attemptOf(ctx: HookContext): Promise<AuthAttempt> {
  const address = requestAddress(ctx.headers);
  if (ctx.path === '/sign-in/email') return { account: claimedAccount(ctx.body?.email), address };
  const session = await getSessionFromCtx(ctx).catch(() => null);
  if (session) return { account: session.user.email, address };
  if (SECOND_FACTOR_PATHS.has(ctx.path)) return { account: (await pendingSignIn(ctx))?.email ?? null, address };
  return { account: null, address };
}

/**
 * The user between password and second factor: the plugin keeps their id in a verification row
 * named by its signed `two_factor` cookie (consumed once the code is right).
 */
async function pendingSignIn(ctx: HookContext): Promise<{ email: string } | null> {
  const cookie = ctx.context.createAuthCookie('two_factor');
  const identifier = await ctx.getSignedCookie(cookie.name, ctx.context.secret).catch(() => null);
  if (!identifier) return null;
  const pending = await ctx.context.internalAdapter.findVerificationValue(identifier);
  if (!pending) return null;
  return ctx.context.internalAdapter.findUserById(pending.value);
}

/** Whether this password sign-in now waits for a second factor (the plugin's hook, after ours, ends its session). */
function awaitsSecondFactor(ctx: HookContext): boolean {
  return Boolean((ctx.context.newSession?.user as { twoFactorEnabled?: boolean } | undefined)?.twoFactorEnabled);
}

/** The app's better-auth over a database (exported for tests, which pass their own). */
export function createAuth(db: Db) {
  const authEnv = readAuthEnv();
  const baseURL = appBaseUrl();
  const oidc = authEnv.oidc;
  return betterAuth({
    appName: 'Sufficiency',
    baseURL,
    secret: authSecret(db),
    trustedOrigins: [baseURL, ...authEnv.trustedOrigins],
    database: drizzleAdapter(db, { provider: 'sqlite', schema: { user, session, account, verification, rateLimit, twoFactor } }),
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
      // The two-factor plugin's own 3 in 10 seconds would trip a council office behind one address.
      customRules: { '/sign-in/email': { window: 60, max: 60 }, '/two-factor/*': { window: 60, max: 60 } },
    },
    advanced: {
      // Secure cookies whenever the app is served over HTTPS.
      useSecureCookies: baseURL.startsWith('https://'),
      ipAddress: { ipAddressHeaders: ['x-forwarded-for'] },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (!PASSWORD_PATHS.has(ctx.path) && !SECOND_FACTOR_PATHS.has(ctx.path)) return;
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
          } else if (ctx.path !== '/sign-in/email' || (ctx.context.newSession && !awaitsSecondFactor(ctx))) {
            // A right password with a second factor to come counts only once the code is right.
            recordAuthSuccess(db, who);
          }
        }
        const method = SECOND_FACTOR_PATHS.get(ctx.path);
        if (method) {
          const returned = ctx.context.returned;
          const signedIn = ctx.context.newSession;
          if (returned instanceof APIError) {
            if (!WRONG_CODE.has(String(returned.body?.code))) return;
            const who = await attemptOf(ctx);
            recordAuthFailure(db, who);
            recordAudit(db.$client, { actor: null, action: 'sign_in_failed', target: who.account ?? '(no sign-in in progress)', ip, details: { method } });
          } else if (signedIn) {
            recordAuthSuccess(db, { account: signedIn.user.email, address: ip });
            // With the pending sign-in's cookie this was a sign-in; without, the first code confirming set-up.
            const signingIn = Boolean(await ctx.getSignedCookie(ctx.context.createAuthCookie('two_factor').name, ctx.context.secret));
            if (signingIn) recordAudit(db.$client, { actor: signedIn.user.email, action: 'sign_in', target: null, ip, details: { method } });
            else recordAudit(db.$client, { actor: signedIn.user.email, action: 'user_changed', target: signedIn.user.email, ip, details: { twoFactor: 'enabled' } });
          }
          return;
        }
        if (ctx.path === '/sign-in/email') {
          const returned = ctx.context.returned;
          if (!(returned instanceof APIError) && awaitsSecondFactor(ctx)) return;
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
      twoFactorPlugin({
        issuer: 'Sufficiency',
        // Wrong codes slow down through the app's throttle (db/throttle.ts), never a hard lock an
        // attacker could impose on the real user.
        accountLockout: { enabled: false },
        schema: { twoFactor: { modelName: 'twoFactor' } },
      }),
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
