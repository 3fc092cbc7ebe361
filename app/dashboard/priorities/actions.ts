'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { withDb } from '@/db/run';
import { createPriority, getPriority, updatePriority } from '@/db/priorities';
import { getCouncil } from '@/db/queries/figures';
import { requireAction } from '@/db/session';
import type { PriorityFormState } from '@/lib/forms';
import { validatePriority } from '@/lib/priorities';


const TEXT_FIELDS = [
  'title', 'metric', 'setting', 'provision', 'ageBand', 'need', 'baselineValue', 'baselineDate',
  'targetValue', 'targetDate', 'direction', 'owner', 'narrative',
] as const;

/** Creates or changes a priority; on bad input returns the errors and what was typed. */
export async function savePriorityAction(_prev: PriorityFormState | null, formData: FormData): Promise<PriorityFormState> {
  const user = await requireAction('editPriorities');
  const values: Record<string, string> = {};
  for (const f of TEXT_FIELDS) values[f] = String(formData.get(f) ?? '');
  values.published = formData.get('published') === 'on' ? 'on' : '';
  const idText = String(formData.get('id') ?? '');
  const la = String(formData.get('la') ?? '').toUpperCase();
  const existing = idText ? withDb(getPriority, Number(idText)) : undefined;
  if (idText && !existing) return { errors: { title: 'This priority no longer exists' }, values };
  if (!existing && !withDb(getCouncil, la)) return { errors: { title: 'Choose a council first' }, values };

  const checked = validatePriority({ ...values, published: values.published === 'on' });
  if (!checked.ok) return { errors: checked.errors as Record<string, string>, values };
  const id = existing ? existing.id : withDb(createPriority, la, checked.value, user.email);
  if (existing) withDb(updatePriority, existing.id, checked.value, user.email);
  revalidatePath('/dashboard/priorities');
  redirect(`/dashboard/priorities/${id}?saved=1`);
}
