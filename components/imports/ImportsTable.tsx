import { TableScroll } from '@/components/ui/TableScroll';
import Link from 'next/link';
import type { ImportSummary } from '@/db/queries/imports';
import { formatBytes, formatTimestamp } from '@/lib/format';

const STATUS: Record<ImportSummary['status'], { text: string; tag: string }> = {
  stored: { text: 'Stored', tag: 'govuk-tag--green' },
  unchanged: { text: 'No change', tag: 'govuk-tag--grey' },
  rejected: { text: 'Rejected', tag: 'govuk-tag--red' },
};

export function StatusTag({ status }: { status: ImportSummary['status'] }) {
  return <strong className={`govuk-tag ${STATUS[status].tag}`}>{STATUS[status].text}</strong>;
}

/** Kept here for the components that import it from this module; defined in lib/format.ts. */
export { formatTimestamp };

export function ImportsTable({ imports }: { imports: ImportSummary[] }) {
  return (
    <TableScroll label="Recent imports">
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">Recent imports</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">File</th>
            <th scope="col" className="govuk-table__header">When</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Rows</th>
            <th scope="col" className="govuk-table__header">Status</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {imports.map((i) => (
            <tr key={i.id} className="govuk-table__row">
              <td className="govuk-table__cell">
                <Link className="govuk-link" href={`/dashboard/imports/${i.id}`}>
                  {i.fileName}
                </Link>
                <span className="govuk-body-s govuk-!-display-block">
                  #{i.id}, {formatBytes(i.bytes)}, {i.source}
                </span>
              </td>
              <td className="govuk-table__cell">{formatTimestamp(i.createdAt)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{i.rows.toLocaleString('en-GB')}</td>
              <td className="govuk-table__cell">
                <StatusTag status={i.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
