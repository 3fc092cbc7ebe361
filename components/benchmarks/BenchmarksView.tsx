import { ChartFigure } from '@/components/charts/ChartFigure';
import type { ComparatorFormState } from '@/lib/forms';
import type { CouncilBenchmarks } from '@/db/queries/benchmarks';
import { BenchmarkPicker } from './BenchmarkPicker';
import { ComparatorSection } from './ComparatorSection';
import type { CouncilSpend } from '@/db/queries/spend';
import { SpendView } from './SpendSection';

const DONE: Record<string, string> = {
  saved: 'The comparator group was saved.',
  default: 'The default comparator group is now used.',
};

/** The benchmarks of one council: a chart and table per measure, spend per child (when RO3 spend is stored), then its comparator group. */
export function BenchmarksView({
  councils,
  report,
  spend,
  measure,
  done,
  canEdit,
  saveAction,
  resetAction,
}: {
  councils: readonly { code: string; name: string }[];
  report: CouncilBenchmarks;
  /** Spend per child, when RO3 spend is stored. */
  spend: CouncilSpend | null;
  measure: string;
  done: string | undefined;
  canEdit: boolean;
  saveAction: (prev: ComparatorFormState | null, formData: FormData) => Promise<ComparatorFormState>;
  resetAction: (formData: FormData) => Promise<void>;
}) {
  const { council } = report;
  return (
    <>
      {done && DONE[done] && (
        <div className="govuk-notification-banner govuk-notification-banner--success" role="region" aria-labelledby="benchmarks-done">
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="benchmarks-done">
              Success
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">{DONE[done]}</p>
          </div>
        </div>
      )}
      <p className="govuk-body">
        {council.name} against {council.regionName ?? 'its region'}, England and its comparator group, from the Department for
        Education’s published statistics of children looked after at 31 March. Each table gives the council’s rank and quartile among
        all councils with a figure that year.
      </p>
      <BenchmarkPicker councils={councils} la={council.code} measure={measure} />
      {report.tables.map(({ measure: m, table, source }) => (
        <ChartFigure
          key={m.id}
          table={table}
          kind="line"
          series={['council', 'region', 'england', 'comparator']}
          source={source}
          downloadHref={`/dashboard/benchmarks/download?${new URLSearchParams({ la: council.code, measure: m.id })}`}
          downloadLabel="Download this table (CSV)"
        />
      ))}
      {spend && <SpendView spend={spend} />}
      <ComparatorSection
        councilName={council.name}
        la={council.code}
        group={report.comparators}
        canEdit={canEdit}
        saveAction={saveAction}
        resetAction={resetAction}
      />
    </>
  );
}
