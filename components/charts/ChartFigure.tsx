import type { DataTable } from '@/lib/tables';
import { DataTableView } from '../ui/DataTableView';
import { BarChart, LineChart } from './Chart';

export interface ChartFigureProps {
  table: DataTable;
  kind: 'bar' | 'stacked-bar' | 'line';
  /** Column keys drawn as series (default: every column). */
  series?: string[];
  /** Row keys left out of the chart, e.g. totals (the table keeps them). */
  omitRows?: string[];
  source: string;
  downloadHref: string;
  /** Words of the download link (the default names the sufficiency template format). */
  downloadLabel?: string;
}

/**
 * A chart as a <figure>: caption, the chart (an image with alternative text), its data table,
 * footnotes, the source and a CSV download of the figures behind it.
 */
export function ChartFigure({
  table,
  kind,
  series,
  omitRows = [],
  source,
  downloadHref,
  downloadLabel = 'Download the figures behind this chart (CSV, sufficiency template format)',
}: ChartFigureProps) {
  const cols = table.columns.filter((c) => !series || series.includes(c.key));
  const data = table.rows
    .filter((r) => !omitRows.includes(r.key))
    .map((r) => ({
      label: r.chartLabel ?? r.label,
      ...Object.fromEntries(cols.map((c) => [c.key, r.cells[c.key]?.value ?? null])),
    }));
  const chartSeries = cols.map((c) => ({ key: c.key, label: c.label }));
  // Empty axes say nothing: a sentence instead (the table, source and download stay).
  const drawable = table.rows.some((r) => !omitRows.includes(r.key) && cols.some((c) => (r.cells[c.key]?.value ?? 0) !== 0));
  const unit = cols.some((c) => c.unit === 'gbp') ? 'gbp' : 'count';
  const captionId = `${table.id}-caption`;
  return (
    <figure className="app-figure" id={table.id} aria-labelledby={captionId}>
      <figcaption id={captionId} className="app-figure__caption">
        {table.title}
      </figcaption>
      {!drawable ? (
        <p className="govuk-body app-figure__empty">Nothing to draw: every figure is 0, hidden (c) or not given. The table below shows them.</p>
      ) : kind === 'line' ? (
        <LineChart data={data} series={chartSeries} alt={table.description} unit={unit} />
      ) : (
        <BarChart data={data} series={chartSeries} alt={table.description} unit={unit} stacked={kind === 'stacked-bar'} />
      )}
      <DataTableView table={table} />
      {table.notes.length > 0 && (
        <ul className="govuk-list govuk-list--bullet govuk-body-s">
          {table.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      <p className="app-figure__source">Source: {source}</p>
      <p className="govuk-body-s app-no-print">
        <a className="govuk-link" href={downloadHref} download>
          {downloadLabel}
        </a>
      </p>
    </figure>
  );
}
