import { withDb } from '@/db/run';
import { listPublicationEvents } from '@/db/publications';
import { getCouncil } from '@/db/queries/figures';
import { atomFeed } from '@/lib/atom';
import { PUBLIC_CACHE } from '@/lib/publicApi';

export const dynamic = 'force-dynamic';

/** GET /needs/CODE/feed.xml: one council's publications and withdrawals (Atom); 404 if it never published. */
export async function GET(request: Request, { params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  const council = /^E\d{8}$/i.test(code) ? withDb(getCouncil, code.toUpperCase()) : undefined;
  const events = council ? withDb(listPublicationEvents, council.code) : [];
  if (!council || events.length === 0) return new Response(`No needs were ever published for ${code}\n`, { status: 404 });
  const body = atomFeed(events, { origin: new URL(request.url).origin, council, now: new Date() });
  return new Response(body, { headers: { 'content-type': 'application/atom+xml; charset=utf-8', 'cache-control': PUBLIC_CACHE } });
}
