'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { withDb } from '@/db/run';
import { requireAction } from '@/db/session';
import { setTwoFactorRoles } from '@/db/twoFactor';
import { changeRole, createUser, UserError } from '@/db/users';
import { ROLES } from '@/db/schema';
import type { Role } from '@/lib/roles';

function back(params: Record<string, string>): never {
  redirect(`/dashboard/users?${new URLSearchParams(params)}`);
}

export async function createUserAction(formData: FormData): Promise<void> {
  const admin = await requireAction('manageUsers');
  try {
    await withDb(
      createUser,
      {
        email: String(formData.get('email') ?? '').trim(),
        name: String(formData.get('name') ?? '').trim() || undefined,
        role: String(formData.get('role') ?? '') as Role,
        password: String(formData.get('password') ?? ''),
      },
      admin.email,
    );
  } catch (e) {
    if (e instanceof UserError) back({ error: e.message });
    throw e;
  }
  revalidatePath('/dashboard/users');
  back({ done: 'created' });
}

export async function changeRoleAction(formData: FormData): Promise<void> {
  const admin = await requireAction('manageUsers');
  try {
    withDb(changeRole, String(formData.get('userId') ?? ''), String(formData.get('role') ?? '') as Role, admin);
  } catch (e) {
    if (e instanceof UserError) back({ error: e.message });
    throw e;
  }
  revalidatePath('/dashboard/users');
  back({ done: 'changed' });
}

/** Which roles must use two-factor sign-in: the ticked boxes (none ticked: nobody). */
export async function twoFactorRolesAction(formData: FormData): Promise<void> {
  const admin = await requireAction('manageUsers');
  const roles = ROLES.filter((r) => formData.getAll('twoFactorRoles').includes(r));
  withDb(setTwoFactorRoles, roles, admin.email);
  revalidatePath('/dashboard/users');
  back({ done: 'twoFactor' });
}
