import { withDb } from '@/db/run';
import { listPublicationEvents } from '@/db/publications';
import { atomFeed } from '@/lib/atom';
import { PUBLIC_CACHE } from '@/lib/publicApi';

export const dynamic = 'force-dynamic';

/** GET /needs/feed.xml: every council's publications and withdrawals, newest first (Atom). */
export async function GET(request: Request) {
  const body = atomFeed(withDb(listPublicationEvents), { origin: new URL(request.url).origin, now: new Date() });
  return new Response(body, { headers: { 'content-type': 'application/atom+xml; charset=utf-8', 'cache-control': PUBLIC_CACHE } });
}
