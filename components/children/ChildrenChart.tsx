import { ChartFigure } from '@/components/charts/ChartFigure';
import { MarketTableFigure } from '@/components/market/MarketTableFigure';
import type { ChildrenView } from '@/db/queries/ssda903';
import { formatDate } from '@/lib/format';
import { SOURCE_DESCRIPTIONS } from '@/lib/sources';
import { childrenTable, type ChildrenInput, type ChildrenTableId } from '@/lib/ssda903/tables';

/** One table of an SSDA903 page as a chart figure (or a plain table), with its source and CSV. */
export function ChildrenChart({
  view,
  input,
  id,
  kind,
  series,
  omitRows = ['all'],
}: {
  view: ChildrenView;
  input: ChildrenInput;
  id: ChildrenTableId;
  kind: 'bar' | 'stacked-bar' | 'line' | 'table';
  series?: string[];
  omitRows?: string[];
}) {
  const table = childrenTable(id, input);
  const href = `/dashboard/children/download?${new URLSearchParams({ la: view.la, period: view.period, source: view.source, table: id })}`;
  const trend = id.endsWith('-trend');
  const source = `${view.council?.name ?? view.la}: ${SOURCE_DESCRIPTIONS[view.source]}; ${trend ? 'every year loaded' : `year ending ${formatDate(view.period)}`}.`;
  if (kind === 'table' || table.rows.length <= 1) {
    if (table.rows.length === 0) {
      return (
        <section className="app-figure" id={table.id} aria-labelledby={`${table.id}-caption`}>
          <h2 id={`${table.id}-caption`} className="app-figure__caption">
            {table.title}
          </h2>
          <p className="govuk-body">None in this year.</p>
        </section>
      );
    }
    return <MarketTableFigure table={table} source={source} downloadHref={href} />;
  }
  return <ChartFigure table={table} kind={kind} series={series} omitRows={omitRows} source={source} downloadHref={href} downloadLabel="Download the figures behind this chart (CSV)" />;
}
