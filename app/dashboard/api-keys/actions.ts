'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { issueAppApiKey, revokeAppApiKey } from '@/db/apiKeys';
import { requireAction } from '@/db/session';
import { ApiKeyForm, type ApiKeyIssueState } from '@/lib/apiKeys';

/** Issues a key and hands it back once, to be shown on the page and never again. */
export async function issueApiKeyAction(_prev: ApiKeyIssueState, formData: FormData): Promise<ApiKeyIssueState> {
  const admin = await requireAction('manageUsers');
  const parsed = ApiKeyForm.safeParse({ name: formData.get('name') ?? '', role: formData.get('role') ?? '' });
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? 'Check the form' };
  const { key, row } = issueAppApiKey({ ...parsed.data, createdBy: admin.email });
  revalidatePath('/dashboard/api-keys');
  return { key, name: row.name };
}

export async function revokeApiKeyAction(formData: FormData): Promise<void> {
  const admin = await requireAction('manageUsers');
  const raw = String(formData.get('id') ?? '');
  if (/^[1-9]\d{0,12}$/.test(raw)) revokeAppApiKey(Number(raw), admin.email);
  revalidatePath('/dashboard/api-keys');
  redirect('/dashboard/api-keys?revoked=1');
}
