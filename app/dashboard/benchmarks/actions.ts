'use server';

import { headers } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { withDb } from '@/db/run';
import { clearComparatorGroup, listCouncilNames, saveComparatorGroup } from '@/db/queries/benchmarks';
import { requireAction } from '@/db/session';
import { parseComparatorCodes } from '@/lib/benchmarks';
import type { ComparatorFormState } from '@/lib/forms';


const back = (la: string, done: string) => `/dashboard/benchmarks?${new URLSearchParams({ la, comparators: done })}#comparators`;

/** Sets the council's comparator group from pasted ONS codes; on bad input returns every problem and what was typed. */
export async function saveComparatorAction(_prev: ComparatorFormState | null, formData: FormData): Promise<ComparatorFormState> {
  const user = await requireAction('editPriorities');
  const la = String(formData.get('la') ?? '').toUpperCase();
  const value = String(formData.get('members') ?? '');
  const councils = withDb(listCouncilNames);
  if (!councils.has(la)) return { errors: ['Choose a council first'], value };
  const parsed = parseComparatorCodes(value, councils, la);
  if (!parsed.ok) return { errors: parsed.errors, value };
  withDb(saveComparatorGroup, la, parsed.codes, user.email, (await headers()).get('x-forwarded-for'));
  revalidatePath('/dashboard/benchmarks');
  redirect(back(la, 'saved'));
}

/** Goes back to the default comparator group (the stored one is deleted). */
export async function resetComparatorAction(formData: FormData): Promise<void> {
  const user = await requireAction('editPriorities');
  const la = String(formData.get('la') ?? '').toUpperCase();
  if (!withDb(listCouncilNames).has(la)) redirect('/dashboard/benchmarks');
  withDb(clearComparatorGroup, la, user.email, (await headers()).get('x-forwarded-for'));
  revalidatePath('/dashboard/benchmarks');
  redirect(back(la, 'default'));
}
