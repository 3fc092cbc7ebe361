'use server';

import { redirect } from 'next/navigation';
import { cancelImport } from '@/db/importJobs';
import { requireAction } from '@/db/session';

/** Cancels an import job from the import page or the job's page; nothing of it is stored. */
export async function cancelImportAction(formData: FormData): Promise<void> {
  const user = await requireAction('import');
  const raw = String(formData.get('id') ?? '');
  if (!/^[1-9]\d{0,12}$/.test(raw)) redirect('/dashboard/import');
  await cancelImport(Number(raw), user.email);
  redirect(`/dashboard/import/jobs/${raw}`);
}
