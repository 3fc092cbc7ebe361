import type { Db } from './client';
import { SIGN_IN_THROTTLE, waitAfterFailures, type ThrottlePolicy } from '../lib/throttle';

/**
 * Storage of the authentication throttle (policy in lib/throttle.ts). Every place that checks a
 * secret calls, in this order:
 *   1. checkAuthThrottle(db, who): if waitSeconds > 0, refuse without checking the secret
 *      (HTTP 429 with Retry-After) and without counting a failure;
 *   2. check the secret;
 *   3. recordAuthFailure(db, who) or recordAuthSuccess(db, who).
 * `who.account` is what the secret belongs to (a lower-cased email; API keys pass e.g.
 * `apikey:<id>`), `who.address` the client address (lib/clientAddress.ts requestAddress).
 */
export interface AuthAttempt {
  account: string | null;
  address: string | null;
}

export interface ThrottleVerdict {
  /** 0: go ahead. */
  waitSeconds: number;
  /** What is throttled: the account, the address, or nothing. */
  limitedBy: 'account' | 'address' | null;
}

interface Row {
  key: string;
  failures: number;
  lastFailureAt: number;
  waitUntil: number;
}

const accountKey = (account: string) => `account:${account.toLowerCase()}`;
const addressKey = (address: string) => `address:${address}`;

function row(db: Db, key: string): Row | undefined {
  return db.$client
    .prepare('SELECT key, failures, last_failure_at AS lastFailureAt, wait_until AS waitUntil FROM auth_throttle WHERE key = ?')
    .get(key) as Row | undefined;
}

function isKnownAddress(db: Db, who: AuthAttempt, now: number, policy: ThrottlePolicy): boolean {
  if (!who.account || !who.address) return false;
  const since = now - policy.knownAddressDays * 86_400_000;
  return Boolean(
    db.$client
      .prepare('SELECT 1 FROM auth_known_addresses WHERE account = ? AND address = ? AND last_success_at >= ?')
      .get(who.account.toLowerCase(), who.address, since),
  );
}

/** Whether a secret may be checked now for this account from this address. */
export function checkAuthThrottle(db: Db, who: AuthAttempt, now = Date.now(), policy = SIGN_IN_THROTTLE): ThrottleVerdict {
  const waits: ThrottleVerdict[] = [];
  if (who.address) {
    const r = row(db, addressKey(who.address));
    if (r && r.waitUntil > now) waits.push({ waitSeconds: Math.ceil((r.waitUntil - now) / 1000), limitedBy: 'address' });
  }
  // An attacker elsewhere cannot hold the account's own user up where they usually sign in.
  if (who.account && !isKnownAddress(db, who, now, policy)) {
    const r = row(db, accountKey(who.account));
    if (r && r.waitUntil > now) waits.push({ waitSeconds: Math.ceil((r.waitUntil - now) / 1000), limitedBy: 'account' });
  }
  return waits.sort((a, b) => b.waitSeconds - a.waitSeconds)[0] ?? { waitSeconds: 0, limitedBy: null };
}

/** Counts a failed check against the account and the address; returns the wait it now imposes. */
export function recordAuthFailure(db: Db, who: AuthAttempt, now = Date.now(), policy = SIGN_IN_THROTTLE): ThrottleVerdict {
  const sqlite = db.$client;
  const bump = (key: string, rule: ThrottlePolicy['account']) => {
    const r = row(db, key);
    const failures = (r && now - r.lastFailureAt < policy.forgetAfterSeconds * 1000 ? r.failures : 0) + 1;
    const wait = waitAfterFailures(failures, rule);
    sqlite
      .prepare(
        `INSERT INTO auth_throttle (key, failures, last_failure_at, wait_until) VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at, wait_until = excluded.wait_until`,
      )
      .run(key, failures, now, now + wait * 1000);
  };
  sqlite.transaction(() => {
    if (who.account) bump(accountKey(who.account), policy.account);
    if (who.address) bump(addressKey(who.address), policy.address);
  })();
  return checkAuthThrottle(db, who, now, policy);
}

/** A correct secret: the account's count starts again and the address becomes one of its own. */
export function recordAuthSuccess(db: Db, who: AuthAttempt, now = Date.now()): void {
  if (!who.account) return;
  const sqlite = db.$client;
  sqlite.transaction(() => {
    sqlite.prepare('DELETE FROM auth_throttle WHERE key = ?').run(accountKey(who.account!));
    if (who.address) {
      sqlite
        .prepare(
          `INSERT INTO auth_known_addresses (account, address, last_success_at) VALUES (?, ?, ?)
           ON CONFLICT (account, address) DO UPDATE SET last_success_at = excluded.last_success_at`,
        )
        .run(who.account!.toLowerCase(), who.address, now);
    }
  })();
}

export interface ThrottledAccount {
  account: string;
  failures: number;
  lastFailureAt: number;
  waitUntil: number;
}

/** Accounts with a wait in force, for the admins' Users page. */
export function listThrottledAccounts(db: Db, now = Date.now()): ThrottledAccount[] {
  return (
    db.$client
      .prepare(
        `SELECT substr(key, 9) AS account, failures, last_failure_at AS lastFailureAt, wait_until AS waitUntil
         FROM auth_throttle WHERE key LIKE 'account:%' AND wait_until > ? ORDER BY wait_until DESC`,
      )
      .all(now) as ThrottledAccount[]
  );
}
