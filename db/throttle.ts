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

/**
 * An account's failures are counted in two places: from addresses it has signed in from before
 * (`known:`) and from anywhere else (`account:`). An attacker elsewhere fills only the second, so
 * cannot hold the real user up where they usually sign in; someone guessing from the user's own
 * address fills the first and is throttled there. The address count takes only failures for
 * accounts new to that address, so colleagues' typos behind one council address do not add up.
 */
const accountKey = (account: string, known: boolean) => `${known ? 'known' : 'account'}:${account.toLowerCase()}`;
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

/** The throttle keys an attempt is counted under, with the rule for each. */
function keysOf(db: Db, who: AuthAttempt, now: number, policy: ThrottlePolicy) {
  const known = isKnownAddress(db, who, now, policy);
  const keys: { key: string; rule: ThrottlePolicy['account']; limitedBy: 'account' | 'address' }[] = [];
  if (who.account) keys.push({ key: accountKey(who.account, known), rule: policy.account, limitedBy: 'account' });
  if (who.address && !known) keys.push({ key: addressKey(who.address), rule: policy.address, limitedBy: 'address' });
  return keys;
}

/** Whether a secret may be checked now for this account from this address. */
export function checkAuthThrottle(db: Db, who: AuthAttempt, now = Date.now(), policy = SIGN_IN_THROTTLE): ThrottleVerdict {
  let verdict: ThrottleVerdict = { waitSeconds: 0, limitedBy: null };
  for (const { key, limitedBy } of keysOf(db, who, now, policy)) {
    const r = row(db, key);
    const waitSeconds = r && r.waitUntil > now ? Math.ceil((r.waitUntil - now) / 1000) : 0;
    if (waitSeconds > verdict.waitSeconds) verdict = { waitSeconds, limitedBy };
  }
  return verdict;
}

/** Counts a failed check; returns the wait it now imposes. */
export function recordAuthFailure(db: Db, who: AuthAttempt, now = Date.now(), policy = SIGN_IN_THROTTLE): ThrottleVerdict {
  const sqlite = db.$client;
  sqlite.transaction(() => {
    for (const { key, rule } of keysOf(db, who, now, policy)) {
      const r = row(db, key);
      const failures = (r && now - r.lastFailureAt < policy.forgetAfterSeconds * 1000 ? r.failures : 0) + 1;
      sqlite
        .prepare(
          `INSERT INTO auth_throttle (key, failures, last_failure_at, wait_until) VALUES (?, ?, ?, ?)
           ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at, wait_until = excluded.wait_until`,
        )
        .run(key, failures, now, now + waitAfterFailures(failures, rule) * 1000);
    }
  })();
  return checkAuthThrottle(db, who, now, policy);
}

/** A correct secret: the count it was made under starts again, and the address becomes one of the account's own. */
export function recordAuthSuccess(db: Db, who: AuthAttempt, now = Date.now(), policy = SIGN_IN_THROTTLE): void {
  if (!who.account) return;
  const sqlite = db.$client;
  sqlite.transaction(() => {
    sqlite.prepare('DELETE FROM auth_throttle WHERE key = ?').run(accountKey(who.account!, isKnownAddress(db, who, now, policy)));
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
  /** Whether the failures came from addresses the account has signed in from before. */
  fromKnownAddresses: boolean;
  failures: number;
  lastFailureAt: number;
  waitUntil: number;
}

/** Accounts with a wait in force, for the admins' Users page. */
export function listThrottledAccounts(db: Db, now = Date.now()): ThrottledAccount[] {
  return (
    db.$client
      .prepare(
        `SELECT substr(key, instr(key, ':') + 1) AS account, key LIKE 'known:%' AS fromKnownAddresses, failures,
                last_failure_at AS lastFailureAt, wait_until AS waitUntil
         FROM auth_throttle WHERE (key LIKE 'account:%' OR key LIKE 'known:%') AND wait_until > ? ORDER BY wait_until DESC`,
      )
      .all(now) as (Omit<ThrottledAccount, 'fromKnownAddresses'> & { fromKnownAddresses: number })[]
  ).map((r) => ({ ...r, fromKnownAddresses: r.fromKnownAddresses === 1 }));
}
