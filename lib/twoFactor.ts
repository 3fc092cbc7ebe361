import { z } from 'zod';
import { ROLES, type Role } from '../db/schema';

/** The app_settings key holding which roles must use two-factor sign-in (a JSON array of roles). */
export const TWO_FACTOR_SETTING = 'two_factor_roles';

/**
 * Roles that must use two-factor sign-in when an admin has not chosen: admins outside demo mode
 * (they can make accounts); nobody in demo mode, so the demo users sign in with a password alone.
 */
export function defaultTwoFactorRoles(demoMode: boolean): Role[] {
  return demoMode ? [] : ['admin'];
}

const StoredRoles = z.array(z.enum(ROLES));

/** The stored setting, or null if it is absent or unreadable (then the default applies). */
export function parseTwoFactorRoles(stored: string | null | undefined): Role[] | null {
  if (stored == null) return null;
  try {
    const parsed = StoredRoles.safeParse(JSON.parse(stored));
    return parsed.success ? [...new Set(parsed.data)] : null;
  } catch {
    return null;
  }
}

/** The path where a user sets up two-factor sign-in; the only internal page open to one who must and has not. */
export const TWO_FACTOR_SETUP_PATH = '/dashboard/account/two-factor';

/** A TOTP or recovery code as typed: spaces dropped (a recovery code keeps its dash, as the plugin stores it). */
export const SecondFactorCode = z
  .string()
  .transform((s) => s.replace(/\s/g, ''))
  .pipe(z.string().regex(/^[A-Za-z0-9-]{6,24}$/, 'Enter the code'));
