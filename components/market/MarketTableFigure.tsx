import type { DataTable } from '@/lib/tables';
import { DataTableView } from '../ui/DataTableView';

/** A table with no chart, as a <figure>: caption, the table, footnotes, source and its CSV download. */
export function MarketTableFigure({ table, source, downloadHref }: { table: DataTable; source: string; downloadHref: string }) {
  const captionId = `${table.id}-caption`;
  return (
    <figure className="app-figure" id={table.id} aria-labelledby={captionId}>
      <figcaption id={captionId} className="app-figure__caption">
        {table.title}
      </figcaption>
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
          Download this table (CSV)
        </a>
      </p>
    </figure>
  );
}
