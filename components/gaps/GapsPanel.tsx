import type { Figure } from '@/lib/figures';
import { formatDate } from '@/lib/format';
import { filterGapRows, gapPage, gapQueryString, gapRows, gapTable, sortGapRows, type GapQuery } from '@/lib/gaps';
import { Pagination } from '../ui/Pagination';
import { GapFigure } from './GapFigure';
import { GapFilterForm } from './GapFilterForm';

const PAGE = '/dashboard/gaps';

/** The gap analysis of one council and period: filters, the chart of the largest gaps and the sortable table. */
export function GapsPanel({
  council,
  period,
  figures,
  query,
  page: pageAsked = 1,
}: {
  council: { code: string; name: string };
  period: string;
  figures: readonly Figure[];
  query: GapQuery;
  /** Which page of the table (GAP_PAGE_SIZE rows); the chart always shows the largest gaps of all rows. */
  page?: number;
}) {
  const rows = sortGapRows(filterGapRows(gapRows(figures), query.filter), query.sort);
  const table = gapTable(rows);
  const shown = gapPage(rows, pageAsked);
  const base = { la: council.code, period };
  const pageHref = (p: number) => `${PAGE}?${gapQueryString(query, { ...base, ...(p > 1 ? { page: String(p) } : {}) })}`;
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
        rows={shown.rows}
        range={shown}
        sort={query.sort}
        hrefFor={(sort) => `${PAGE}?${gapQueryString({ filter: query.filter, sort }, base)}`}
        source={`${council.name} sufficiency figures (template v1), period ending ${formatDate(period)}.`}
        downloadHref={`${PAGE}/download?${gapQueryString(query, base)}`}
      />
      <Pagination label="Pages of the gap table" page={shown.page} pages={shown.pages} hrefFor={pageHref} />
    </>
  );
}
