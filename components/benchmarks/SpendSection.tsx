import { ChartFigure } from '@/components/charts/ChartFigure';
import type { CouncilSpend } from '@/db/queries/spend';
import { formatCell, formatDate } from '@/lib/format';
import { spendTable } from '@/lib/spend';

/**
 * Spend per child looked after (MHCLG revenue outturn RO3 over DfE's children looked after at
 * 31 March), against the comparator group of the benchmarks page, the region and England.
 * Shown only once an RO3 file is imported.
 */
export function SpendView({ spend }: { spend: CouncilSpend }) {
  const { report } = spend;
  const table = spendTable(report);
  const total = report.measures.find((m) => m.measure.id === 'total')!;
  const name = report.council.name;
  return (
    <section aria-labelledby="spend-heading" id="spend">
      <h2 className="govuk-heading-l" id="spend-heading">
        Spend per child looked after
      </h2>
      <p className="govuk-body">
        What {name} spent on children looked after in {report.year}, from the Ministry of Housing, Communities and Local Government’s
        revenue outturn (RO3), for each child it looked after at {formatDate(report.childrenAt)}, against its comparator group,{' '}
        {report.council.regionName ?? 'its region'} and England.
      </p>
      {total.rank !== null ? (
        <p className="govuk-body">
          {name} spent {formatCell(total.council, 'gbp').replace(/\.00$/, '')} per child looked after: rank {total.rank} of{' '}
          {total.ranked} councils (1 = highest), quartile {total.quartile}.
        </p>
      ) : (
        <p className="govuk-body">
          There is no figure of spend per child looked after for {name} in {report.year} ({formatCell(total.council, 'gbp')}).
        </p>
      )}
      <ChartFigure
        table={table}
        kind="bar"
        series={['council', 'comparator', 'region', 'england']}
        source={spend.source}
        downloadHref={`/dashboard/benchmarks/spend?${new URLSearchParams({ la: report.council.code, year: report.year })}`}
        downloadLabel="Download this table (CSV)"
      />
    </section>
  );
}
