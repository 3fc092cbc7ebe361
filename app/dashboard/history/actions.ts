'use server';

import { headers } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { withSqlite } from '@/db/run';
import { rollbackToVersion, RollbackError } from '@/db/history';
import { requireAction } from '@/db/session';
import { parseTemplateDate } from '@/lib/template/row';

export async function rollbackAction(formData: FormData): Promise<void> {
  const user = await requireAction('rollback');
  const la = String(formData.get('la') ?? '').toUpperCase();
  const period = parseTemplateDate(String(formData.get('period') ?? ''));
  const version = Number(formData.get('version'));
  const base = `/dashboard/history?${new URLSearchParams({ la, period: period ?? '' })}`;
  if (!/^E\d{8}$/.test(la) || !period || !Number.isInteger(version)) redirect(`${base}&error=bad_request`);
  try {
    withSqlite(rollbackToVersion, {
      laCode: la,
      periodEnd: period!,
      version,
      actor: user.email,
      ip: (await headers()).get('x-forwarded-for'),
    });
  } catch (e) {
    if (e instanceof RollbackError) redirect(`${base}&error=${e.reason}`);
    throw e;
  }
  revalidatePath('/dashboard');
  redirect(`${base}&restored=${version}`);
}
