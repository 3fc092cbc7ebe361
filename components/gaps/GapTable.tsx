import Link from 'next/link';
import { formatCell } from '@/lib/format';
import { GAP_COLUMNS, type GapRow, type GapSort, type GapSortKey } from '@/lib/gaps';
import { AGE_BAND_LABELS, NEED_LABELS, SETTING_LABELS } from '@/lib/template/codes';

const TEXT_COLUMNS = [
  { key: 'setting', label: 'Setting' },
  { key: 'age_band', label: 'Age band' },
  { key: 'need', label: 'Need' },
] as const;

const LABELS: Record<GapSortKey, string> = Object.fromEntries(
  [...TEXT_COLUMNS, ...GAP_COLUMNS].map((c) => [c.key, c.label]),
) as Record<GapSortKey, string>;

/** The figures in the order shown: what the page is about (places to commission, unmet need) first. */
const SHOWN_COLUMNS = [
  ...GAP_COLUMNS.filter((c) => c.key === 'commissioning_need' || c.key === 'unmet_need'),
  ...GAP_COLUMNS.filter((c) => c.key !== 'commissioning_need' && c.key !== 'unmet_need'),
];

const isText = (key: GapSortKey) => key === 'setting' || key === 'age_band' || key === 'need';

/** "largest first", "in list order" */
function orderWords(sort: GapSort): string {
  if (isText(sort.key)) return sort.dir === 'asc' ? 'in list order' : 'in reverse list order';
  return sort.dir === 'desc' ? 'largest first' : 'smallest first';
}

/** "sorted by Places to commission, largest first" */
export function sortDescription(sort: GapSort): string {
  return `sorted by ${LABELS[sort.key]}, ${orderWords(sort)}`;
}

/** The sort a header link asks for: the other direction on the sorted column, else the column's natural one. */
function nextSort(key: GapSortKey, current: GapSort): GapSort {
  if (key === current.key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: isText(key) ? 'asc' : 'desc' };
}

function SortHeader({
  column,
  numeric,
  sort,
  hrefFor,
}: {
  column: { key: GapSortKey; label: string };
  numeric: boolean;
  sort: GapSort;
  hrefFor: (sort: GapSort) => string;
}) {
  const sorted = sort.key === column.key;
  const next = nextSort(column.key, sort);
  const arrow = sorted ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : '';
  return (
    <th
      scope="col"
      className={`govuk-table__header${numeric ? ' govuk-table__header--numeric' : ''}`}
      aria-sort={sorted ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
    >
      <Link className="govuk-link" href={hrefFor(next)} prefetch={false}>
        {column.label}
        <span className="govuk-visually-hidden">, sort {orderWords(next)}</span>
      </Link>
      <span aria-hidden="true">{arrow}</span>
    </th>
  );
}

/**
 * The gap rows as a GOV.UK table. The column headers are links that sort the table through
 * the URL, so sorting works without JavaScript; the sorted header carries aria-sort.
 */
export function GapTable({
  id,
  caption,
  rows,
  sort,
  hrefFor,
}: {
  id: string;
  caption: string;
  rows: readonly GapRow[];
  sort: GapSort;
  hrefFor: (sort: GapSort) => string;
}) {
  return (
    // A wide table scrolls sideways: the wrapper takes focus so keyboard users can scroll it too.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className="app-table-wrapper" role="region" aria-label={`${caption} (scrolls sideways)`} tabIndex={0}>
      <table className="govuk-table app-table--numeric" id={id}>
        <caption className="govuk-table__caption govuk-table__caption--s">{caption}</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            {TEXT_COLUMNS.map((c) => (
              <SortHeader key={c.key} column={c} numeric={false} sort={sort} hrefFor={hrefFor} />
            ))}
            {SHOWN_COLUMNS.map((c) => (
              <SortHeader key={c.key} column={c} numeric sort={sort} hrefFor={hrefFor} />
            ))}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {rows.map((r) => (
            <tr key={r.key} className="govuk-table__row" data-row={r.key}>
              <th scope="row" className="govuk-table__header">
                {SETTING_LABELS[r.setting]}
              </th>
              <td className="govuk-table__cell">{AGE_BAND_LABELS[r.ageBand]}</td>
              <td className="govuk-table__cell">{NEED_LABELS[r.need]}</td>
              {SHOWN_COLUMNS.map((c) => (
                <td key={c.key} className="govuk-table__cell govuk-table__cell--numeric" data-column={c.key}>
                  {formatCell(r.cells[c.key], 'count')}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
