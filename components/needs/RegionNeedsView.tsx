import { formatCell, formatDate, type Cell, type Unit } from '@/lib/format';
import type { PublicNeeds } from '@/lib/needs';

const MEASURES: Array<{ key: 'toCommission' | 'demand' | 'pctOutsideLa'; title: string; unit: Unit }> = [
  { key: 'toCommission', title: 'Places to commission', unit: 'count' },
  { key: 'demand', title: 'Demand', unit: 'count' },
  { key: 'pctOutsideLa', title: 'Children placed outside the council (%)', unit: 'percent' },
];

/** The published needs of a region's councils side by side: one table per measure, settings down, councils across. */
export function RegionNeedsView({ regionName, councils }: { regionName: string; councils: PublicNeeds[] }) {
  const settings = councils[0]?.settings ?? [];
  return (
    <>
      <span className="govuk-caption-l">Published needs</span>
      <h1 className="govuk-heading-xl">{regionName}: councils’ needs side by side</h1>
      {councils.length === 0 ? (
        <p className="govuk-body">No council in {regionName} publishes its needs here.</p>
      ) : (
        <>
          <p className="govuk-body">
            What the councils in {regionName} that publish here need from providers, from each one’s latest publication. Years may
            differ: each column says its own. c: not shown, to protect children’s privacy; –: no figure.
          </p>
          <ul className="govuk-list" id="region-councils">
            {councils.map((n) => (
              <li key={n.council.code}>
                <a className="govuk-link" href={`/needs/${n.council.code}`}>{n.council.name}</a>: data to {formatDate(n.periodEnd)}, published{' '}
                {formatDate(n.publishedAt.slice(0, 10))}
              </li>
            ))}
          </ul>
          {MEASURES.map((m) => (
            <div className="app-table-wrapper" key={m.key}>
              <table className="govuk-table" id={`region-${m.key}`}>
                <caption className="govuk-table__caption govuk-table__caption--m">{m.title}, by setting and council</caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">Setting</th>
                    {councils.map((n) => (
                      <th key={n.council.code} scope="col" className="govuk-table__header govuk-table__header--numeric">{n.council.name}</th>
                    ))}
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {settings.map((s) => (
                    <tr key={s.setting} className="govuk-table__row">
                      <th scope="row" className="govuk-table__header">{s.label}</th>
                      {councils.map((n) => {
                        const cell: Cell | undefined = n.settings.find((x) => x.setting === s.setting)?.summary[m.key];
                        return (
                          <td key={n.council.code} className="govuk-table__cell govuk-table__cell--numeric">{formatCell(cell, m.unit)}</td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
          <p className="govuk-body-s">Source: each council’s published needs, as linked above.</p>
        </>
      )}
    </>
  );
}
