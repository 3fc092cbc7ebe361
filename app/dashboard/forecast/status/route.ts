import { withDb } from '@/db/run';
import { readForecastView } from '@/db/queries/forecastView';
import { requireApi } from '@/db/session';
import { readEnv } from '@/lib/env';

export const dynamic = 'force-dynamic';

/**
 * How far the forecast for the choice in the query has got, as JSON, for the forecast page to
 * poll while it computes (the page then refreshes its data in place). Starts nothing: the page does.
 */
export async function GET(request: Request): Promise<Response> {
  const user = await requireApi(request, 'view');
  if (user instanceof Response) return user;
  const q = new URL(request.url).searchParams;
  const la = q.get('la');
  if (!la) return Response.json({ type: 'error', message: 'Name the council: ?la=E06000004' }, { status: 400 });
  const view = withDb(readForecastView, readEnv().databasePath,
    { la, months: q.get('months') ?? undefined, windowStart: q.get('ws') ?? undefined, windowEnd: q.get('we') ?? undefined, scenario: q.get('scenario') ?? undefined },
    false,
  );
  return Response.json(
    { state: view.state, progress: view.progress, waiting: view.waiting, error: view.error },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}
