import { randomUUID } from 'node:crypto';
import { hashPassword } from 'better-auth/crypto';
import { z } from 'zod';
import { recordAudit } from './audit';
import type { Db } from './client';
import { passwordProblem, PASSWORD_RULES } from '../lib/passwords';
import { ROLES, type Role } from './schema';

export const NewUser = z.object({
  email: z.email({ error: 'must be an email address' }).max(320).transform((s) => s.toLowerCase()),
  name: z.string().trim().min(1).max(200).optional(),
  role: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }),
  password: z
    .string()
    .min(PASSWORD_RULES.minLength, { error: `must be at least ${PASSWORD_RULES.minLength} characters` })
    .max(PASSWORD_RULES.maxLength, { error: `must be at most ${PASSWORD_RULES.maxLength} characters` }),
}).superRefine((u, ctx) => {
  // Common, breached or guessable passwords are refused (lib/passwords.ts); length is checked above.
  if (u.password.length < PASSWORD_RULES.minLength || u.password.length > PASSWORD_RULES.maxLength) return;
  const problem = passwordProblem(u.password, [u.email, u.name ?? '']);
  if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
});
export type NewUserInput = z.input<typeof NewUser>;

export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/** Creates a user who signs in with email and password (hashed with scrypt by better-auth). */
export async function createUser(
  db: Db,
  input: NewUserInput & { demo?: boolean },
  actor: string | null,
): Promise<{ id: string; email: string; role: Role }> {
  const parsed = NewUser.safeParse(input);
  if (!parsed.success) {
    throw new UserError(parsed.error.issues.map((i) => `${String(i.path[0])} ${i.message}`).join('; '));
  }
  const { email, role, password } = parsed.data;
  const name = parsed.data.name ?? email.split('@')[0]!;
  const hash = await hashPassword(password);
  const id = randomUUID();
  const now = Date.now();
  const sqlite = db.$client;
  sqlite.transaction(() => {
    if (sqlite.prepare('SELECT 1 FROM user WHERE email = ?').get(email)) {
      throw new UserError(`a user with the email ${email} already exists`);
    }
    sqlite
      .prepare(
        'INSERT INTO user (id, name, email, email_verified, role, demo, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?, ?)',
      )
      .run(id, name, email, role, input.demo ? 1 : 0, now, now);
    sqlite
      .prepare(
        `INSERT INTO account (id, account_id, provider_id, user_id, password, created_at, updated_at)
         VALUES (?, ?, 'credential', ?, ?, ?, ?)`,
      )
      .run(randomUUID(), id, id, hash, now, now);
    recordAudit(sqlite, { actor, action: 'user_created', target: email, details: { role, demo: Boolean(input.demo) } });
  })();
  return { id, email, role };
}

/** Changes a user's role (never one's own, so an admin cannot lock everyone out) and ends their sessions. */
export function changeRole(db: Db, userId: string, role: Role, actor: { id: string; email: string }): void {
  if (!ROLES.includes(role)) throw new UserError(`role must be one of ${ROLES.join(', ')}`);
  if (userId === actor.id) throw new UserError('you cannot change your own role');
  const sqlite = db.$client;
  sqlite.transaction(() => {
    const u = sqlite.prepare('SELECT email, role FROM user WHERE id = ?').get(userId) as { email: string; role: string } | undefined;
    if (!u) throw new UserError('no such user');
    sqlite.prepare('UPDATE user SET role = ?, updated_at = ? WHERE id = ?').run(role, Date.now(), userId);
    // Sessions carry what the user could do: the user signs in again under the new role.
    sqlite.prepare('DELETE FROM session WHERE user_id = ?').run(userId);
    recordAudit(sqlite, { actor: actor.email, action: 'user_changed', target: u.email, details: { from: u.role, to: role } });
  })();
}

/** The demo users: only ever created when the demo data is loaded into an empty database. */
export const DEMO_USERS: ReadonlyArray<{ email: string; role: Role; password: string; name: string }> = [
  { email: 'admin@demo.sufficiency.local', role: 'admin', password: 'demo-admin-password', name: 'Demo administrator' },
  { email: 'commissioner@demo.sufficiency.local', role: 'commissioner', password: 'demo-commissioner-password', name: 'Demo commissioner' },
  { email: 'director@demo.sufficiency.local', role: 'director', password: 'demo-director-password', name: 'Demo director' },
];

export async function createDemoUsers(db: Db): Promise<void> {
  for (const u of DEMO_USERS) await createUser(db, { ...u, demo: true }, 'demo');
  db.$client.prepare("INSERT OR REPLACE INTO app_settings (key, value) VALUES ('demo_mode', '1')").run();
}

export function isDemoMode(db: Db): boolean {
  return Boolean(db.$client.prepare("SELECT 1 FROM app_settings WHERE key = 'demo_mode' AND value = '1'").get());
}
