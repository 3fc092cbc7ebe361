import { BarChart } from '@/components/charts/Chart';
import { valueAxisTitle, wantsHorizontalBars } from '@/lib/chartScale';
import { formatCell } from '@/lib/format';
import type { GapPage, GapRow, GapSort } from '@/lib/gaps';
import type { DataTable } from '@/lib/tables';
import { GapTable, sortDescription } from './GapTable';

/**
 * The gap chart as a <figure>, in the markup of ChartFigure: caption, the chart of the largest
 * gaps (an image with alternative text), the data table of every row shown (sortable by its
 * headers), the notes, the source and a CSV download of the table.
 */
export function GapFigure({
  table,
  rows,
  range,
  sort,
  hrefFor,
  source,
  downloadHref,
}: {
  table: DataTable & { chartRows: string[] };
  /** The rows of the page shown. */
  rows: readonly GapRow[];
  /** Where they sit among all the rows, when the table is paged. */
  range?: Pick<GapPage, 'from' | 'to' | 'total' | 'pages'>;
  sort: GapSort;
  hrefFor: (sort: GapSort) => string;
  source: string;
  downloadHref: string;
}) {
  const series = table.columns
    .filter((c) => c.key === 'commissioning_need' || c.key === 'unmet_need')
    .map((c) => ({ key: c.key, label: c.label }));
  const byKey = new Map(table.rows.map((r) => [r.key, r]));
  const data = table.chartRows.flatMap((key) => {
    const r = byKey.get(key);
    return r ? [{ label: r.chartLabel ?? r.label, ...Object.fromEntries(series.map((s) => [s.key, r.cells[s.key]?.value ?? null])) }] : [];
  });
  const captionId = `${table.id}-caption`;
  return (
    <figure className="app-figure" id={table.id} aria-labelledby={captionId}>
      <figcaption id={captionId} className="app-figure__caption">
        {table.title}
      </figcaption>
      {data.length > 0 ? (
        <>
          <p className="govuk-body-l app-figure__headline">
            The largest gap is {String(data[0]!.label)}: {formatCell(byKey.get(table.chartRows[0]!)?.cells.commissioning_need ?? { value: null, symbol: 'x' })} places to
            commission, {formatCell(byKey.get(table.chartRows[0]!)?.cells.unmet_need ?? { value: null, symbol: 'x' })} unmet.
          </p>
          {wantsHorizontalBars(data.map((d) => String(d.label))) ? (
            <>
              <p className="govuk-body-s app-figure__axis-title">Setting, age band and need</p>
              <BarChart data={data} series={series} alt={table.description} unit="count" horizontal height={Math.max(200, data.length * 50 + 60)} />
              <p className="govuk-body-s app-figure__axis-title app-figure__axis-title--x">{valueAxisTitle('count', 'Places')}</p>
            </>
          ) : (
            <>
              <p className="govuk-body-s app-figure__axis-title">{valueAxisTitle('count', 'Places')}</p>
              <BarChart data={data} series={series} alt={table.description} unit="count" height={420} />
              <p className="govuk-body-s app-figure__axis-title app-figure__axis-title--x">Setting, age band and need</p>
            </>
          )}
        </>
      ) : (
        <p className="govuk-body">None of the rows shown has a gap, so there is nothing to chart.</p>
      )}
      {rows.length > 0 ? (
        <GapTable
          id={`${table.id}-table`}
          caption={`${table.title}: data table, ${
            range && range.pages > 1 ? `rows ${range.from} to ${range.to} of ${range.total}` : `${rows.length} ${rows.length === 1 ? 'row' : 'rows'}`
          }, ${sortDescription(sort)}`}
          rows={rows}
          sort={sort}
          hrefFor={hrefFor}
        />
      ) : (
        <p className="govuk-body">No rows match the filters. Clear the filters to see every setting, age band and need.</p>
      )}
      <ul className="govuk-list govuk-list--bullet govuk-body-s">
        {table.notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
        <li>
          <a className="govuk-link" href="/glossary#places-to-commission">
            The glossary
          </a>{' '}
          explains demand, places to commission, unmet need and the codes PR1 to PR5.
        </li>
      </ul>
      <p className="app-figure__source">Source: {source}</p>
      <p className="govuk-body-s app-no-print">
        <a className="govuk-link" href={downloadHref} download>
          Download this table (CSV)
        </a>
      </p>
    </figure>
  );
}
