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
