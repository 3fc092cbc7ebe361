import type { Figure } from '@/lib/figures';
import { formatDate } from '@/lib/format';
import { filterGapRows, gapQueryString, gapRows, gapTable, sortGapRows, type GapQuery } from '@/lib/gaps';
import { GapFigure } from './GapFigure';
import { GapFilterForm } from './GapFilterForm';

const PAGE = '/dashboard/gaps';

/** The gap analysis of one council and period: filters, the chart of the largest gaps and the sortable table. */
export function GapsPanel({
  council,
  period,
  figures,
  query,
}: {
  council: { code: string; name: string };
  period: string;
  figures: readonly Figure[];
  query: GapQuery;
}) {
  const rows = sortGapRows(filterGapRows(gapRows(figures), query.filter), query.sort);
  const table = gapTable(rows);
  const base = { la: council.code, period };
  return (
    <>
      <h2 className="govuk-heading-l">Gaps on {formatDate(period)}</h2>
      <p className="govuk-body">
        For each setting, age band and need: the demand for placements against the places the council has. Places to
        commission is what the council must buy from others; unmet need is what no place covers at all.
      </p>
      <GapFilterForm action={PAGE} la={council.code} period={period} query={query} />
      <GapFigure
        table={table}
        rows={rows}
        sort={query.sort}
        hrefFor={(sort) => `${PAGE}?${gapQueryString({ filter: query.filter, sort }, base)}`}
        source={`${council.name} sufficiency figures (template v1), period ending ${formatDate(period)}.`}
        downloadHref={`${PAGE}/download?${gapQueryString(query, base)}`}
      />
    </>
  );
}
