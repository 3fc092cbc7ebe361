import { formatCell } from '@/lib/format';
import type { DataTable } from '@/lib/tables';

/** A DataTable as a GOV.UK table: caption, scoped headers, numbers right-aligned, symbols as symbols. */
export function DataTableView({ table, caption }: { table: DataTable; caption?: string }) {
  return (
    // A wide table scrolls sideways: the wrapper takes focus so keyboard users can scroll it too.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className="app-table-wrapper" role="region" aria-label={`${table.title}: data table (scrolls sideways)`} tabIndex={0}>
      <table className="govuk-table app-table--numeric" id={`${table.id}-table`}>
        <caption className="govuk-table__caption govuk-table__caption--s">{caption ?? `${table.title}: data table`}</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              {table.rowHeader}
            </th>
            {table.columns.map((c) => (
              <th key={c.key} scope="col" className="govuk-table__header govuk-table__header--numeric">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {table.rows.map((r) => (
            <tr key={r.key} className={`govuk-table__row${r.total ? ' app-table__total' : ''}`}>
              <th scope="row" className="govuk-table__header">
                {r.label}
              </th>
              {table.columns.map((c) => (
                <td key={c.key} className="govuk-table__cell govuk-table__cell--numeric">
                  {formatCell(r.cells[c.key], c.unit)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
