import { withDb } from '@/db/run';
import { getCurrentPublication } from '@/db/publications';
import { needsCsv } from '@/lib/needsCsv';
import { cachedResponse } from '@/lib/publicApi';

export const dynamic = 'force-dynamic';

/** GET /needs/CODE/download?table=ID: one published table as CSV (symbols kept as symbols). */
export async function GET(request: Request, { params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  const pub = /^E\d{8}$/i.test(code) ? withDb(getCurrentPublication, code.toUpperCase()) : null;
  if (!pub) return new Response('Not published\n', { status: 404 });
  const table = new URL(request.url).searchParams.get('table') ?? 'summary';
  const csv = needsCsv(pub.needs, table);
  if (!csv) return new Response(`No table "${table}"\n`, { status: 404 });
  return cachedResponse(request, csv, `${pub.etag.slice(0, -1)}-${table}"`, 'text/csv; charset=utf-8', {
    'content-disposition': `attachment; filename="needs_${pub.laCode}_${table}.csv"`,
  });
}
