'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { withDb } from '@/db/run';
import { publishNeeds, saveProfile, withdrawNeeds } from '@/db/publications';
import { getCouncil } from '@/db/queries/figures';
import { requireAction } from '@/db/session';

function council(formData: FormData): string {
  const la = String(formData.get('la') ?? '').toUpperCase();
  if (!withDb(getCouncil, la)) redirect('/dashboard/publish?error=council');
  return la;
}

export async function saveProfileAction(formData: FormData): Promise<void> {
  const user = await requireAction('publish');
  const la = council(formData);
  const text = (k: string) => String(formData.get(k) ?? '');
  withDb(saveProfile, la,
    { vision: text('vision'), modelOfCare: text('modelOfCare'), contact: text('contact'), events: text('events'), publishCosts: formData.get('publishCosts') === 'yes' },
    user.email,
  );
  redirect(`/dashboard/publish?la=${la}&done=saved`);
}

export async function publishAction(formData: FormData): Promise<void> {
  const user = await requireAction('publish');
  const la = council(formData);
  try {
    withDb(publishNeeds, la, user.email);
  } catch {
    redirect(`/dashboard/publish?la=${la}&error=nodata`);
  }
  revalidatePath('/needs');
  redirect(`/dashboard/publish?la=${la}&done=published`);
}

export async function withdrawAction(formData: FormData): Promise<void> {
  const user = await requireAction('publish');
  const la = council(formData);
  // Withdrawing takes a second, deliberate step: the confirmation's own button says yes.
  if (formData.get('confirm') !== 'yes') redirect(`/dashboard/publish?la=${la}&step=withdraw`);
  withDb(withdrawNeeds, la, user.email);
  revalidatePath('/needs');
  redirect(`/dashboard/publish?la=${la}&done=withdrawn`);
}
