import type { DataTable } from '@/lib/tables';
import { chartHeadline, hasSomethingToDraw, valueAxisTitle, wantsHorizontalBars } from '@/lib/chartScale';
import { formatNumber } from '@/lib/format';
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
  /** The chart's main point in one sentence, shown above it (e.g. "Children's homes need the most new places: about 69"). */
  headline?: string;
  /** What the values are, for the value axis title (its unit is added): e.g. "Children", "Weekly cost". */
  valueTitle?: string;
  /** Where the chart's table, as on screen, downloads as CSV (shown first, beside the template-format link). */
  tableHref?: string;
  /** Lines only: two columns drawn as a light shaded band (e.g. the 5th to 95th percentile) instead of lines. */
  band?: { low: string; high: string; label: string };
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
  headline,
  valueTitle,
  band,
  tableHref,
}: ChartFigureProps) {
  const cols = table.columns.filter((c) => (!series || series.includes(c.key)) && c.key !== band?.low && c.key !== band?.high);
  const bandKeys = band ? [band.low, band.high] : [];
  const data = table.rows
    .filter((r) => !omitRows.includes(r.key))
    .map((r) => ({
      label: r.chartLabel ?? r.label,
      ...Object.fromEntries([...cols.map((c) => c.key), ...bandKeys].map((k) => [k, r.cells[k]?.value ?? null])),
    }));
  const chartSeries = cols.map((c) => ({ key: c.key, label: c.label }));
  const unit = cols.some((c) => c.unit === 'gbp') ? 'gbp' : cols.length > 0 && cols.every((c) => c.unit === 'percent') ? 'percent' : 'count';
  const captionId = `${table.id}-caption`;
  const drawable = hasSomethingToDraw(data, cols.map((c) => c.key));
  const horizontal = kind !== 'line' && wantsHorizontalBars(data.map((d) => String(d.label)));
  // Horizontal bars need room for each category's bars, and no more.
  const height = horizontal ? Math.max(200, data.length * (kind === 'stacked-bar' ? 1 : chartSeries.length) * 18 + data.length * 14 + 60) : undefined;
  const valueAxis = valueAxisTitle(unit, valueTitle);
  const point = chartHeadline(data, chartSeries, kind, (v) => formatNumber(v, unit));
  const chart =
    kind === 'line' ? (
      <LineChart data={data} series={chartSeries} alt={table.description} unit={unit} band={band} />
    ) : (
      <BarChart data={data} series={chartSeries} alt={table.description} unit={unit} stacked={kind === 'stacked-bar'} horizontal={horizontal} height={height} />
    );
  return (
    <figure className="app-figure" id={table.id} aria-labelledby={captionId}>
      <figcaption id={captionId} className="app-figure__caption">
        {table.title}
      </figcaption>
      {drawable && (headline ?? point) && <p className="govuk-body-l app-figure__headline">{headline ?? point}</p>}
      {drawable ? (
        <>
          {/* Axis titles as text beside the drawing, never rotated: the value axis and the categories. */}
          <p className="govuk-body-s app-figure__axis-title">{horizontal ? table.rowHeader : valueAxis}</p>
          {chart}
          <p className="govuk-body-s app-figure__axis-title app-figure__axis-title--x">{horizontal ? valueAxis : table.rowHeader}</p>
        </>
      ) : (
        <p className="govuk-body">Nothing to draw: every figure is 0, hidden (c) or not given. The table below shows them.</p>
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
      {tableHref && (
        <p className="govuk-body-s app-no-print govuk-!-margin-bottom-1">
          <a className="govuk-link" href={tableHref} download>
            Download this table (CSV)
          </a>
        </p>
      )}
      <p className="govuk-body-s app-no-print">
        <a className="govuk-link" href={downloadHref} download>
          {downloadLabel}
        </a>
      </p>
    </figure>
  );
}
