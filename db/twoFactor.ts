import type { Role } from '../lib/roles';
import { TWO_FACTOR_SETTING } from '../lib/twoFactor';
import type { Db } from './client';

/** An admin's choice of the roles that must use two-factor sign-in. */
export function setTwoFactorRoles(db: Db, roles: Role[]): void {
  db.$client
    .prepare('INSERT OR REPLACE INTO app_settings (key, value) VALUES (?, ?)')
    .run(TWO_FACTOR_SETTING, JSON.stringify([...new Set(roles)]));
}
