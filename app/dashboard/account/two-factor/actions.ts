'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { APIError } from 'better-auth/api';
import { z } from 'zod';
import type { TwoFactorSetupState } from '@/components/account/TwoFactorSetup';
import { getAuth, THROTTLED_CODE } from '@/db/auth';
import { withDb } from '@/db/run';
import { requireSignedIn } from '@/db/session';
import { markRecoveryCodesSeen, markRecoveryCodesUnseen } from '@/db/twoFactor';
import { safeRedirectPath } from '@/lib/safeRedirect';
import { describeWait } from '@/lib/throttle';
import { SecondFactorCode, TWO_FACTOR_SETUP_PATH } from '@/lib/twoFactor';

const Step = z.discriminatedUnion('step', [
  z.object({ step: z.literal('password'), password: z.string().min(1, 'Enter your password').max(256) }),
  z.object({ step: z.literal('confirm'), code: SecondFactorCode, next: z.string().optional() }),
]);

function refusal(e: unknown, wrong: string): string {
  if (e instanceof APIError && e.body?.code === THROTTLED_CODE) {
    return `Too many failed attempts: try again in ${describeWait(Number(e.body.retryAfterSeconds) || 60)}`;
  }
  return wrong;
}

/** Both steps of the set-up page: the password starts it, the first code from the app confirms it. */
export async function twoFactorSetupAction(state: TwoFactorSetupState, formData: FormData): Promise<TwoFactorSetupState> {
  const user = await requireSignedIn(TWO_FACTOR_SETUP_PATH);
  const parsed = Step.safeParse(Object.fromEntries(formData));
  const h = await headers();
  if (!parsed.success) {
    const error = parsed.error.issues[0]?.message ?? 'Enter the code';
    return state.step === 'confirm' ? { ...state, error } : { step: 'password', error };
  }
  if (parsed.data.step === 'password') {
    try {
      const res = await getAuth().api.enableTwoFactor({ body: { password: parsed.data.password }, headers: h });
      if (!('totpURI' in res)) return { step: 'password', error: 'Two-factor sign-in could not be set up' };
      // The recovery codes are shown only once the first code proves the app works.
      const secret = new URL(res.totpURI).searchParams.get('secret') ?? '';
      return { step: 'confirm', totpURI: res.totpURI, secret };
    } catch (e) {
      if (e instanceof APIError && e.body?.code === 'TOTP_ALREADY_ENABLED') return { step: 'password', error: 'Two-factor sign-in is already on' };
      return { step: 'password', error: refusal(e, 'The password is not right') };
    }
  }
  if (state.step !== 'confirm') return { step: 'password', error: 'Start again: confirm your password' };
  try {
    await getAuth().api.verifyTOTP({ body: { code: parsed.data.code }, headers: h });
  } catch (e) {
    return { ...state, error: refusal(e, 'The code is not right: enter the code the app shows now') };
  }
  withDb(markRecoveryCodesUnseen, user.id);
  redirect(`${TWO_FACTOR_SETUP_PATH}?next=${encodeURIComponent(safeRedirectPath(formData.get('next'), '/dashboard/start'))}`);
}

/** "I have saved my recovery codes": they are not shown again. */
export async function recoveryCodesSeenAction(formData: FormData): Promise<void> {
  const user = await requireSignedIn(TWO_FACTOR_SETUP_PATH);
  withDb(markRecoveryCodesSeen, user.id);
  redirect(safeRedirectPath(formData.get('next'), '/dashboard/start').replace(/^\/dashboard$/, '/dashboard/start'));
}
