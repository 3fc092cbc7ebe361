import { withDb } from '@/db/run';
import { getCouncilBenchmarks } from '@/db/queries/benchmarks';
import { getCouncilSpend } from '@/db/queries/spend';
import { requireApi } from '@/db/session';
import { benchmarkCsv } from '@/lib/benchmarks';
import { normaliseRo3Year } from '@/lib/ro3';
import { spendTable } from '@/lib/spend';
import { textProblem as problem, csvAttachment } from '@/lib/http';

export const dynamic = 'force-dynamic';

/**
 * GET /dashboard/benchmarks/spend?la=CODE[&year=2024-25]
 * The spend per child looked after table of the benchmarks page (all spend, residential care,
 * fostering services: the council, its comparator group, region and England, the council's
 * spend, children, rank and quartile) as CSV; symbols as their letters. The year defaults to the
 * one the page shows.
 */
export async function GET(request: Request) {
  const user = await requireApi(request, 'view');
  if (user instanceof Response) return user;
  const url = new URL(request.url);
  const la = (url.searchParams.get('la') ?? '').toUpperCase();
  const yearParam = url.searchParams.get('year');
  if (!/^E\d{8}$/.test(la)) return problem(400, 'la must be an ONS council code, e.g. E06000004');
  const year = yearParam ? normaliseRo3Year(yearParam) : null;
  if (yearParam && !year) return problem(400, 'year must be a financial year, e.g. 2024-25');
  const benchmarks = withDb(getCouncilBenchmarks, la, []);
  if (!benchmarks) return problem(404, `${la} is not a council with children’s services`);
  const spend = withDb(
    getCouncilSpend,
    la,
    benchmarks.comparators.members.map((m) => m.code),
    year,
  );
  if (!spend) return problem(404, `No RO3 spend is stored${year ? ` for ${year}` : ''}`);
  return csvAttachment(benchmarkCsv(spendTable(spend.report)), `spend_per_child_${la}_${spend.report.year}.csv`);
}
