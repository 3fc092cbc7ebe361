import type { ReactNode } from 'react';
import type { FigureCell, FigureDiff } from '@/lib/diff';
import { figureKey, type FigureKey } from '@/lib/figures';
import { formatNumber } from '@/lib/format';
import {
  AGE_BAND_LABELS,
  AVERAGE_MEASURES,
  MEASURE_LABELS,
  NEED_LABELS,
  PROVISION_LABELS,
  SETTING_LABELS,
  SYMBOL_LABELS,
  type Measure,
} from '@/lib/template/codes';

export interface DiffViewProps {
  diff: FigureDiff;
  fromVersion: number;
  toVersion: number;
  /** Rows shown per table; the caption always gives the full count. */
  maxRows?: number;
}

const AVERAGE = new Set<Measure>(AVERAGE_MEASURES);

/** A symbol stays a symbol (its meaning is given to screen readers); a cost is shown in pounds and pence. */
function CellText({ measure, cell }: { measure: Measure; cell: FigureCell }) {
  if (cell.symbol) {
    return (
      <>
        {cell.symbol}
        <span className="govuk-visually-hidden"> ({SYMBOL_LABELS[cell.symbol]})</span>
      </>
    );
  }
  if (cell.value === null) return <>–</>;
  return <>{formatNumber(cell.value, AVERAGE.has(measure) ? 'gbp' : 'count')}</>;
}

function KeyCells({ k }: { k: FigureKey }) {
  return (
    <>
      <td className="govuk-table__cell">{MEASURE_LABELS[k.measure] ?? k.measure}</td>
      <td className="govuk-table__cell">{SETTING_LABELS[k.setting] ?? k.setting}</td>
      <td className="govuk-table__cell">{PROVISION_LABELS[k.provision] ?? k.provision}</td>
      <td className="govuk-table__cell">{AGE_BAND_LABELS[k.ageBand] ?? k.ageBand}</td>
      <td className="govuk-table__cell">{NEED_LABELS[k.need] ?? k.need}</td>
    </>
  );
}

const KEY_HEADERS = ['Measure', 'Setting', 'Provision', 'Age', 'Need'];

function plural(n: number): string {
  return `${n.toLocaleString('en-GB')} figure${n === 1 ? '' : 's'}`;
}

function DiffTable({
  id,
  caption,
  valueHeaders,
  count,
  shown,
  children,
}: {
  id: string;
  caption: string;
  valueHeaders: string[];
  count: number;
  shown: number;
  children: ReactNode;
}) {
  const columns = KEY_HEADERS.length + valueHeaders.length;
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className="app-table-wrapper" role="region" aria-label={caption} tabIndex={0}>
      <table className="govuk-table" id={id}>
        <caption className="govuk-table__caption govuk-table__caption--m">
          {caption}
          {shown < count && (
            <span className="govuk-body-s govuk-!-display-block">
              Showing the first {shown.toLocaleString('en-GB')}.
            </span>
          )}
        </caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            {KEY_HEADERS.map((h) => (
              <th key={h} scope="col" className="govuk-table__header">
                {h}
              </th>
            ))}
            {valueHeaders.map((h) => (
              <th key={h} scope="col" className="govuk-table__header govuk-table__header--numeric">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {count === 0 ? (
            <tr className="govuk-table__row">
              <td className="govuk-table__cell" colSpan={columns}>
                None
              </td>
            </tr>
          ) : (
            children
          )}
        </tbody>
      </table>
    </div>
  );
}

export function DiffView({ diff, fromVersion, toVersion, maxRows = 1000 }: DiffViewProps) {
  const { added, removed, changed } = diff;
  const same = added.length === 0 && removed.length === 0 && changed.length === 0;
  return (
    <>
      <p className="govuk-body">
        {same
          ? `Versions ${fromVersion} and ${toVersion} hold the same figures.`
          : `From version ${fromVersion} to version ${toVersion}: ${plural(added.length)} added, ${plural(
              removed.length,
            )} removed and ${plural(changed.length)} changed. Totals worked out from the figures are not compared.`}
      </p>
      <DiffTable
        id="added"
        caption={`Added (in version ${toVersion}, not in version ${fromVersion}): ${plural(added.length)}`}
        valueHeaders={['Value']}
        count={added.length}
        shown={Math.min(added.length, maxRows)}
      >
        {added.slice(0, maxRows).map((f) => (
          <tr key={figureKey(f)} className="govuk-table__row">
            <KeyCells k={f} />
            <td className="govuk-table__cell govuk-table__cell--numeric">
              <CellText measure={f.measure} cell={f} />
            </td>
          </tr>
        ))}
      </DiffTable>
      <DiffTable
        id="removed"
        caption={`Removed (in version ${fromVersion}, not in version ${toVersion}): ${plural(removed.length)}`}
        valueHeaders={['Value']}
        count={removed.length}
        shown={Math.min(removed.length, maxRows)}
      >
        {removed.slice(0, maxRows).map((f) => (
          <tr key={figureKey(f)} className="govuk-table__row">
            <KeyCells k={f} />
            <td className="govuk-table__cell govuk-table__cell--numeric">
              <CellText measure={f.measure} cell={f} />
            </td>
          </tr>
        ))}
      </DiffTable>
      <DiffTable
        id="changed"
        caption={`Changed: ${plural(changed.length)}`}
        valueHeaders={[`Before (version ${fromVersion})`, `After (version ${toVersion})`]}
        count={changed.length}
        shown={Math.min(changed.length, maxRows)}
      >
        {changed.slice(0, maxRows).map((c) => (
          <tr key={figureKey(c.key)} className="govuk-table__row">
            <KeyCells k={c.key} />
            <td className="govuk-table__cell govuk-table__cell--numeric">
              <CellText measure={c.key.measure} cell={c.before} />
            </td>
            <td className="govuk-table__cell govuk-table__cell--numeric">
              <CellText measure={c.key.measure} cell={c.after} />
            </td>
          </tr>
        ))}
      </DiffTable>
    </>
  );
}
