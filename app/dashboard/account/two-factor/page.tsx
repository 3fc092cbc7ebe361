import type { Metadata } from 'next';
import { TwoFactorSetup } from '@/components/account/TwoFactorSetup';
import { getAuth } from '@/db/auth';
import { hasTwoFactor, recoveryCodesUnseen } from '@/db/queries/twoFactor';
import { withDb } from '@/db/run';
import { requireSignedIn } from '@/db/session';
import { safeRedirectPath } from '@/lib/safeRedirect';
import { TWO_FACTOR_SETUP_PATH } from '@/lib/twoFactor';
import { recoveryCodesSeenAction, twoFactorSetupAction } from './actions';

export const metadata: Metadata = { title: 'Two-factor sign-in' };
export const dynamic = 'force-dynamic';

export default async function TwoFactorPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requireSignedIn(TWO_FACTOR_SETUP_PATH);
  const next = safeRedirectPath((await searchParams).next, '/dashboard/start').replace(/^\/dashboard$/, '/dashboard/start');
  const on = withDb(hasTwoFactor, user.id);
  const recoveryCodes = on && withDb(recoveryCodesUnseen, user.id) ? (await getAuth().api.viewBackupCodes({ body: { userId: user.id } })).backupCodes : null;
  return (
    <>
      {user.needsTwoFactorSetup && (
        <div className="govuk-notification-banner" role="region" aria-labelledby="two-factor-required">
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="two-factor-required">
              Important
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">Your role needs two-factor sign-in. Set it up to use the dashboard.</p>
          </div>
        </div>
      )}
      <TwoFactorSetup action={twoFactorSetupAction} seen={recoveryCodesSeenAction} next={next} alreadyOn={on} recoveryCodes={recoveryCodes} />
    </>
  );
}
