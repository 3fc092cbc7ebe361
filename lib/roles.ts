import type { Role } from '../db/schema';

export type { Role };

/** What each role may do. Checked on the server for every page, action, route and download. */
export const PERMISSIONS = {
  /** Read every internal page and download. */
  view: ['admin', 'commissioner', 'director'],
  import: ['commissioner'],
  rollback: ['commissioner'],
  publish: ['commissioner'],
  editPriorities: ['commissioner'],
  manageUsers: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  commissioner: 'Commissioner',
  director: 'Director',
};

export function can(role: string | null | undefined, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly string[]).includes(role ?? '');
}
