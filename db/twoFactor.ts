import type { Role } from '../lib/roles';
import { TWO_FACTOR_SETTING } from '../lib/twoFactor';
import { recordAudit } from './audit';
import type { Db } from './client';

/** An admin's choice of the roles that must use two-factor sign-in. */
export function setTwoFactorRoles(db: Db, roles: Role[], actor: string | null = null): void {
  db.$client.transaction(() => {
    db.$client
      .prepare('INSERT OR REPLACE INTO app_settings (key, value) VALUES (?, ?)')
      .run(TWO_FACTOR_SETTING, JSON.stringify([...new Set(roles)]));
    recordAudit(db.$client, { actor, action: 'user_changed', target: 'two-factor sign-in', details: { requiredFor: roles } });
  })();
}

/**
 * The recovery codes are shown after the first code confirms set-up, until the user says they have
 * saved them (or 10 minutes pass): kept here, not in the page's state, because the new session
 * cookie set on confirming re-renders the page.
 */
const unseenKey = (userId: string) => `recovery_codes_unseen:${userId}`;

export function markRecoveryCodesUnseen(db: Db, userId: string, now = Date.now()): void {
  db.$client.prepare('INSERT OR REPLACE INTO app_settings (key, value) VALUES (?, ?)').run(unseenKey(userId), String(now));
}

export function markRecoveryCodesSeen(db: Db, userId: string): void {
  db.$client.prepare('DELETE FROM app_settings WHERE key = ?').run(unseenKey(userId));
}
