import { redirect } from 'next/navigation';
import { withDb } from '@/db/run';
import { getPlace } from '@/db/place';
import { requirePage } from '@/db/session';
import { START_PAGES, withPlace } from '@/lib/place';

export const dynamic = 'force-dynamic';

/** Where sign-in lands: the start page of the user's role, at the council and period they last chose. */
export default async function StartPage() {
  const user = await requirePage('view', '/dashboard/start');
  redirect(withPlace(START_PAGES[user.role], withDb(getPlace, user.id)));
}
