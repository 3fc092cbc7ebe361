import Link from 'next/link';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { DataAgeNote } from '@/components/ui/DataAgeNote';
import { PrintFooter } from '@/components/ui/PrintFooter';
import { SubNavigation } from '@/components/ui/SubNavigation';
import { listCouncilsWithFigures } from '@/db/queries/figures';
import { withDb } from '@/db/run';
import { rememberPlace } from '@/db/place';
import { currentUser } from '@/db/session';
import { missingPlace, placeFromSearch, withPlace } from '@/lib/place';
import { can, ROLE_LABELS } from '@/lib/roles';
import { TWO_FACTOR_SETUP_PATH } from '@/lib/twoFactor';
import { signOutAction } from '../sign-in/actions';

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  // Signed-out visitors go to sign-in before anything streams (a real redirect, not a client one);
  // each page and route still checks its own permission.
  const user = await currentUser();
  const path = (await headers()).get('x-request-path') ?? '/dashboard';
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(path.startsWith('/dashboard') ? path : '/dashboard')}`);
  // A role that must use two-factor sign-in reaches nothing but its set-up page until it is on.
  if (user.needsTwoFactorSetup && !path.startsWith(TWO_FACTOR_SETUP_PATH)) redirect(`${TWO_FACTOR_SETUP_PATH}?next=${encodeURIComponent(path)}`);
  // The council and period in the URL become the user's default; a page opened without them
  // (a bookmark, a typed address, a form that names only the council) gets the remembered ones.
  const url = new URL(path, 'http://localhost');
  const place = withDb(rememberPlace, user.id, placeFromSearch(url.searchParams));
  if (missingPlace(url.pathname, url.searchParams, place).length > 0) redirect(withPlace(path, place));
  const councils = withDb(listCouncilsWithFigures);
  // The menu in three groups: the figures, the council's plans, and the data behind them.
  const groups = [
    {
      label: 'Figures',
      items: [
        { href: '/dashboard', label: 'Overview' },
        { href: '/dashboard/director', label: 'Director’s view', prefix: true },
        { href: '/dashboard/gaps', label: 'Gaps', prefix: true },
        { href: '/dashboard/fostering', label: 'Fostering', prefix: true },
        { href: '/dashboard/children', label: 'Children (SSDA903)', prefix: true },
        { href: '/dashboard/forecast', label: 'Forecast', prefix: true },
        { href: '/dashboard/benchmarks', label: 'Benchmarks', prefix: true },
        { href: '/dashboard/market', label: 'Local market', prefix: true },
      ],
    },
    {
      label: 'Plans',
      items: [
        { href: '/dashboard/priorities', label: 'Priorities', prefix: true },
        { href: '/dashboard/publish', label: 'Publish', prefix: true },
      ],
    },
    {
      label: 'Data',
      items: [
        { href: '/dashboard/import', label: 'Import data', prefix: true },
        { href: '/dashboard/history', label: 'History', prefix: true },
        { href: '/dashboard/audit', label: 'Audit trail', prefix: true },
        ...(can(user.role, 'manageUsers') ? [{ href: '/dashboard/users', label: 'Users', prefix: true }] : []),
      ],
    },
  ];
  const items = groups.flatMap((g) => g.items);
  return (
    <>
      {(
        <div className="app-signed-in app-no-print">
          <p className="govuk-body-s govuk-!-margin-bottom-0">
            Signed in as <strong>{user.email}</strong> ({ROLE_LABELS[user.role]})
          </p>
          <p className="govuk-body-s govuk-!-margin-bottom-0">
            <Link className="govuk-link" href={TWO_FACTOR_SETUP_PATH}>
              Two-factor sign-in
            </Link>
          </p>
          <form action={signOutAction}>
            <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
              Sign out
            </button>
          </form>
        </div>
      )}
      <SubNavigation label="Dashboard" items={items} groups={groups} place={place} />
      <DataAgeNote councils={Object.fromEntries(councils.map((c) => [c.code, { name: c.name, latest: c.periods[0] ?? '' }]))} la={place.la} />
      {children}
      <PrintFooter councils={Object.fromEntries(councils.map((c) => [c.code, c.name]))} la={place.la} />
    </>
  );
}
