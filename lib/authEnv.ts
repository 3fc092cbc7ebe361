import { z } from 'zod';
import { readEnv } from './env';

/**
 * Sign-in settings from the environment. Single sign-on through OpenID Connect (e.g. Microsoft
 * Entra ID) is on when all three OIDC_ variables are set, and refused at start when only some are.
 */
export interface AuthEnv {
  secret: string | null;
  baseUrl: string | null;
  trustedOrigins: string[];
  oidc: { discoveryUrl: string; clientId: string; clientSecret: string; label: string } | null;
}

export class AuthConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid sign-in configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'AuthConfigError';
  }
}

const url = (name: string) =>
  z.url({ error: `${name} must be an absolute URL, e.g. https://login.microsoftonline.com/TENANT/v2.0/.well-known/openid-configuration` });

export function readAuthEnv(source: Record<string, string | undefined> = process.env): AuthEnv {
  const v = (k: string) => {
    const s = source[k]?.trim();
    return s ? s : undefined;
  };
  const problems: string[] = [];
  const secret = v('BETTER_AUTH_SECRET') ?? null;
  if (secret !== null && secret.length < 32) problems.push('BETTER_AUTH_SECRET must be at least 32 characters');
  const baseUrl = v('BETTER_AUTH_URL') ?? null;
  if (baseUrl !== null && !url('BETTER_AUTH_URL').safeParse(baseUrl).success) {
    problems.push(`BETTER_AUTH_URL must be the app's public address, e.g. https://sufficiency.example.gov.uk (got "${baseUrl}")`);
  }
  const trustedOrigins = (v('TRUSTED_ORIGINS') ?? '').split(',').map((s) => s.trim()).filter(Boolean);

  const oidcKeys = ['OIDC_DISCOVERY_URL', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const;
  const given = oidcKeys.filter((k) => v(k) !== undefined);
  let oidc: AuthEnv['oidc'] = null;
  if (given.length > 0 && given.length < oidcKeys.length) {
    problems.push(`single sign-on needs all of ${oidcKeys.join(', ')}; missing ${oidcKeys.filter((k) => !given.includes(k)).join(', ')}`);
  } else if (given.length === oidcKeys.length) {
    const discoveryUrl = v('OIDC_DISCOVERY_URL')!;
    const parsed = url('OIDC_DISCOVERY_URL').safeParse(discoveryUrl);
    if (!parsed.success) problems.push(`OIDC_DISCOVERY_URL: ${parsed.error.issues[0]?.message} (got "${discoveryUrl}")`);
    else if (!/^https:\/\//.test(discoveryUrl)) problems.push('OIDC_DISCOVERY_URL must use https');
    else if (!/\/\.well-known\/openid-configuration$/.test(discoveryUrl)) {
      problems.push('OIDC_DISCOVERY_URL must end in /.well-known/openid-configuration');
    }
    oidc = {
      discoveryUrl,
      clientId: v('OIDC_CLIENT_ID')!,
      clientSecret: v('OIDC_CLIENT_SECRET')!,
      label: v('OIDC_LABEL') ?? 'your organisation’s account',
    };
  }
  if (problems.length > 0) throw new AuthConfigError(problems);
  return { secret, baseUrl, trustedOrigins, oidc };
}

/** The app's public address: BETTER_AUTH_URL when set, else the address the server listens on. */
export function appBaseUrl(source: Record<string, string | undefined> = process.env): string {
  const base = readAuthEnv(source).baseUrl;
  if (base) return base.replace(/\/+$/, '');
  const env = readEnv(source);
  return `http://${env.hostname}:${env.port}`;
}
