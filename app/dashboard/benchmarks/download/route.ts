import { withDb } from '@/db/run';
import { getCouncilBenchmarks } from '@/db/queries/benchmarks';
import { requireApi } from '@/db/session';
import { BENCHMARK_MEASURE_IDS, benchmarkCsv, benchmarkMeasure } from '@/lib/benchmarks';
import { textProblem as problem, csvAttachment } from '@/lib/http';

export const dynamic = 'force-dynamic';

/**
 * GET /dashboard/benchmarks/download?la=CODE&measure=ID
 * One benchmark table as the page shows it (every year: council, region, England, comparator
 * mean, children, rank, quartile, councils ranked) as CSV; symbols as their letters.
 */
export async function GET(request: Request) {
  const user = await requireApi(request, 'view');
  if (user instanceof Response) return user;
  const url = new URL(request.url);
  const la = (url.searchParams.get('la') ?? '').toUpperCase();
  const measure = benchmarkMeasure(url.searchParams.get('measure') ?? '');
  if (!/^E\d{8}$/.test(la)) return problem(400, 'la must be an ONS council code, e.g. E06000004');
  if (!measure) return problem(400, `measure must be one of ${BENCHMARK_MEASURE_IDS.join(', ')}`);
  const report = withDb(getCouncilBenchmarks, la, [measure.id]);
  const table = report?.tables[0]?.table;
  if (!report || !table || table.rows.length === 0) return problem(404, `No national statistics are stored for ${la} and ${measure.id}`);
  return csvAttachment(benchmarkCsv(table), `benchmarks_${la}_${measure.id}.csv`);
}
