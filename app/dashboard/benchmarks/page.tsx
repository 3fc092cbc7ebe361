import type { Metadata } from 'next';
import Link from 'next/link';
import { BenchmarksView } from '@/components/benchmarks/BenchmarksView';
import { withDb } from '@/db/run';
import { getCouncilBenchmarks, listEesCouncils } from '@/db/queries/benchmarks';
import { listCouncilsWithFigures } from '@/db/queries/figures';
import { getCouncilSpend } from '@/db/queries/spend';
import { requirePage } from '@/db/session';
import { BENCHMARK_MEASURES, benchmarkMeasure, type BenchmarkMeasureId } from '@/lib/benchmarks';
import { can } from '@/lib/roles';
import { resetComparatorAction, saveComparatorAction } from './actions';

export const metadata: Metadata = { title: 'Benchmarks' };
export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function BenchmarksPage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  const user = await requirePage('view', `/dashboard/benchmarks?${new URLSearchParams(params as Record<string, string>)}`);
  const councils = withDb(listEesCouncils);
  const heading = <h1 className="govuk-heading-xl">Benchmarks</h1>;
  if (councils.length === 0) {
    return (
      <>
        {heading}
        <p className="govuk-body">
          No national statistics are loaded yet. They come from the Department for Education’s Explore Education Statistics open data
          (children looked after at 31 March by characteristics, and the rate per 10,000 children):{' '}
          <Link className="govuk-link" href="/dashboard/import">
            import the CSV files
          </Link>
          .
        </p>
      </>
    );
  }
  const withFigures = withDb(listCouncilsWithFigures).find((c) => councils.some((e) => e.code === c.code));
  const la = (one(params.la) ?? withFigures?.code ?? councils[0]!.code).toUpperCase();
  const known = councils.some((c) => c.code === la);
  const measureParam = one(params.measure) ?? 'all';
  const chosen = measureParam === 'all' ? null : benchmarkMeasure(measureParam);
  const ids: BenchmarkMeasureId[] = chosen ? [chosen.id] : BENCHMARK_MEASURES.map((m) => m.id);
  const report = known ? withDb(getCouncilBenchmarks, la, ids) : null;
  const spend = report ? withDb(getCouncilSpend, report.council.code, report.comparators.members.map((m) => m.code)) : null;

  return (
    <>
      <span className="govuk-caption-l">{report ? report.council.name : 'Dashboard'}</span>
      {heading}
      {(!report || (measureParam !== 'all' && !chosen)) && (
        <div className="govuk-error-summary" data-module="govuk-error-summary">
          <div role="alert">
            <h2 className="govuk-error-summary__title">There is a problem</h2>
            <div className="govuk-error-summary__body">
              <ul className="govuk-list govuk-error-summary__list">
                {!report && (
                  <li>
                    <a href="#la">No national statistics are stored for the council {la}. Choose a council from the list.</a>
                  </li>
                )}
                {measureParam !== 'all' && !chosen && (
                  <li>
                    <a href="#measure">There is no measure “{measureParam}”: all measures are shown. Choose one from the list.</a>
                  </li>
                )}
              </ul>
            </div>
          </div>
        </div>
      )}
      {report ? (
        <BenchmarksView
          councils={councils}
          report={report}
          spend={spend}
          measure={chosen?.id ?? 'all'}
          done={one(params.comparators)}
          canEdit={can(user.role, 'editPriorities')}
          saveAction={saveComparatorAction}
          resetAction={resetComparatorAction}
        />
      ) : (
        <form method="get" action="/dashboard/benchmarks" className="app-no-print">
          <div className="govuk-form-group">
            <label className="govuk-label" htmlFor="la">
              Council
            </label>
            <select className="govuk-select" id="la" name="la" defaultValue={councils[0]!.code}>
              {councils.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name} ({c.code})
                </option>
              ))}
            </select>
          </div>
          <input type="hidden" name="measure" value="all" />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Show benchmarks
          </button>
        </form>
      )}
    </>
  );
}
