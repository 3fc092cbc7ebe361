/**
 * The throttle on password guessing (NIST SP 800-63B 5.2.2): a few free failures, then each further
 * consecutive failure doubles the wait before the next check, up to a ceiling. Never a hard lock:
 * the wait always ends, and failures from elsewhere do not hold the account's own user up at an
 * address they have signed in from before (db/throttle.ts). Counts are forgotten after a quiet day.
 */
export interface ThrottleRule {
  /** Failures allowed before any wait. */
  free: number;
  /** The wait after the first failure beyond `free`; doubled with each further failure. */
  firstWaitSeconds: number;
  maxWaitSeconds: number;
}

export interface ThrottlePolicy {
  /** Per account (an email; an API key later), counted apart for its known addresses and the rest. */
  account: ThrottleRule;
  /** Per client address, for accounts new to it: several accounts guessed from one place. Higher, as a council's staff may share one address. */
  address: ThrottleRule;
  /** A key's count starts again after this long without a failure. */
  forgetAfterSeconds: number;
  /** An address an account signed in from counts as its own for this long. */
  knownAddressDays: number;
}

export const SIGN_IN_THROTTLE: ThrottlePolicy = {
  account: { free: 5, firstWaitSeconds: 30, maxWaitSeconds: 15 * 60 },
  address: { free: 20, firstWaitSeconds: 30, maxWaitSeconds: 60 * 60 },
  forgetAfterSeconds: 24 * 60 * 60,
  knownAddressDays: 90,
};

/** Seconds to wait after the `failures`-th consecutive failure. */
export function waitAfterFailures(failures: number, rule: ThrottleRule): number {
  if (failures < rule.free) return 0;
  return Math.min(rule.maxWaitSeconds, rule.firstWaitSeconds * 2 ** Math.min(failures - rule.free, 30));
}

/** "30 seconds", "2 minutes", "1 hour": for the message telling a user when to try again. */
export function describeWait(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return `${s} second${s === 1 ? '' : 's'}`;
  const m = Math.ceil(s / 60);
  if (m < 60) return `${m} minute${m === 1 ? '' : 's'}`;
  const h = Math.ceil(m / 60);
  return `${h} hour${h === 1 ? '' : 's'}`;
}

/**
 * The account a sign-in claims, normalised (trimmed, NFKC, lower case) when it is a plausible email
 * address of at most 254 characters (RFC 5321's limit), else null: the throttle's key and the
 * audit trail's target, so neither keeps arbitrary text an anonymous visitor typed.
 */
export function claimedAccount(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const email = value.normalize('NFKC').trim().toLowerCase();
  return email.length <= 254 && /^[^\s@\p{Cc}\p{Cf}]+@[^\s@\p{Cc}\p{Cf}]+\.[^\s@\p{Cc}\p{Cf}]+$/u.test(email) ? email : null;
}
