import { randomBytes } from 'node:crypto';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { APIError, createAuthMiddleware } from 'better-auth/api';
import { nextCookies } from 'better-auth/next-js';
import { genericOAuth } from 'better-auth/plugins/generic-oauth';
import { readAuthEnv } from '../lib/authEnv';
import { readEnv } from '../lib/env';
import { recordAudit } from './audit';
import { getDb, type Db } from './client';
import { account, rateLimit, session, user, verification } from './schema';

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

function requestIp(headers: Headers | undefined): string | null {
  return headers?.get('x-forwarded-for')?.split(',')[0]?.trim() || null;
}

function createAuth(db: Db) {
  const env = readEnv();
  const authEnv = readAuthEnv();
  const baseURL = authEnv.baseUrl ?? `http://${env.hostname}:${env.port}`;
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
      // Repeated failures lock a sign-in out: 5 tries per 5 minutes per address.
      customRules: { '/sign-in/email': { window: 300, max: 5 } },
    },
    advanced: {
      // Secure cookies whenever the app is served over HTTPS.
      useSecureCookies: baseURL.startsWith('https://'),
      ipAddress: { ipAddressHeaders: ['x-forwarded-for'] },
    },
    hooks: {
      after: createAuthMiddleware(async (ctx) => {
        const ip = requestIp(ctx.headers);
        if (ctx.path === '/sign-in/email') {
          const returned = ctx.context.returned;
          const email = typeof ctx.body?.email === 'string' ? ctx.body.email.slice(0, 320) : null;
          if (returned instanceof APIError || !ctx.context.newSession) {
            recordAudit(db.$client, { actor: null, action: 'sign_in_failed', target: email, ip, details: { method: 'password' } });
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
