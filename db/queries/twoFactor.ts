import type { Role } from '../../lib/roles';
import { defaultTwoFactorRoles, parseTwoFactorRoles, TWO_FACTOR_SETTING } from '../../lib/twoFactor';
import type { Db } from '../client';
import { isDemoMode } from '../users';

/** Which roles must use two-factor sign-in: the admin's choice, or the default (lib/twoFactor.ts). */
export function twoFactorRoles(db: Db): Role[] {
  const row = db.$client.prepare('SELECT value FROM app_settings WHERE key = ?').get(TWO_FACTOR_SETTING) as { value: string } | undefined;
  return parseTwoFactorRoles(row?.value) ?? defaultTwoFactorRoles(isDemoMode(db));
}

/** Whether the user has confirmed a TOTP authenticator (better-auth's user.two_factor_enabled). */
export function hasTwoFactor(db: Db, userId: string): boolean {
  return Boolean(db.$client.prepare('SELECT 1 FROM user WHERE id = ? AND two_factor_enabled = 1').get(userId));
}

/** Whether the user's new recovery codes are still to be shown (db/twoFactor.ts markRecoveryCodesUnseen). */
export function recoveryCodesUnseen(db: Db, userId: string, now = Date.now()): boolean {
  const row = db.$client.prepare('SELECT value FROM app_settings WHERE key = ?').get(`recovery_codes_unseen:${userId}`) as { value: string } | undefined;
  return Boolean(row && now - Number(row.value) < 10 * 60_000);
}
