import { ChartFigure } from '@/components/charts/ChartFigure';
import { PriorityStatusTag } from '@/components/priorities/PriorityStatusTag';
import { Markdown } from '@/components/ui/Markdown';
import { formatCell, formatDate } from '@/lib/format';
import type { PublicNeeds, PublicSupply, PublicTable } from '@/lib/needs';
import { needsHeadline, nextUpdateDue } from '@/lib/needsSummary';
import { DIRECTION_LABELS } from '@/lib/priorities';

const asTable = (t: PublicTable) => ({ ...t, keys: [] });

const DEFINITIONS: Array<[string, string]> = [
  ['Demand', 'Children placed on the last day of the year plus the requests in the year the council could not match.'],
  ['Places to commission', 'Demand above the council’s own places: what it needs to buy from providers. Never below 0.'],
  ['Unmet need', 'Demand above all the places the council has, its own and those it buys. Never below 0.'],
  ['c', 'Not shown, to protect children’s privacy: a number from 1 to 5, or one that would reveal such a number.'],
  ['–', 'No figure given.'],
];

/** Homes and places on Ofsted's register in the council's area: what providers would compete or work with. */
function SupplySection({ supply }: { supply: PublicSupply }) {
  const table = (id: string, caption: string, head: string, rows: PublicSupply['bySector']) => (
    <div className="app-table-wrapper">
      <table className="govuk-table" id={id}>
        <caption className="govuk-table__caption govuk-table__caption--s">{caption}</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">{head}</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Homes</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Places</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {rows.map((r) => (
            <tr key={r.key} className="govuk-table__row">
              <th scope="row" className="govuk-table__header">{r.label}</th>
              <td className="govuk-table__cell govuk-table__cell--numeric">{r.homes.toLocaleString('en-GB')}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{r.places.toLocaleString('en-GB')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  return (
    <section aria-labelledby="supply">
      <h2 className="govuk-heading-l" id="supply">Children’s homes already in the area</h2>
      <p className="govuk-body">
        Active children’s homes registered with Ofsted in the council’s area and their places, on {formatDate(supply.asAt)}.
      </p>
      {table('supply-sector', 'Children’s homes and places in the area, by sector', 'Sector', supply.bySector)}
      {table('supply-size', 'Children’s homes and places in the area, by size', 'Size', supply.bySize)}
      <p className="govuk-body-s">Source: Ofsted, children’s social care providers and places, {formatDate(supply.asAt)}.</p>
    </section>
  );
}

/** A council's published needs, for providers: rendered on the server from the published snapshot only. */
export function NeedsView({ needs }: { needs: PublicNeeds }) {
  const code = needs.council.code;
  const download = (table: string) => `/needs/${code}/download?table=${encodeURIComponent(table)}`;
  const source = `${needs.council.name}, published ${formatDate(needs.publishedAt.slice(0, 10))}; figures for the year ending ${formatDate(needs.periodEnd)}.`;
  return (
    <>
      <span className="govuk-caption-l">{needs.council.region ?? 'England'}</span>
      <h1 className="govuk-heading-xl">{needs.council.name}: what we need from providers</h1>
      <div className="govuk-inset-text" id="needs-headline">
        {needsHeadline(needs).map((line) => (
          <p key={line} className="govuk-body-l govuk-!-margin-bottom-2">{line}</p>
        ))}
      </div>
      <p className="govuk-body" id="needs-dates">
        Data to {formatDate(needs.periodEnd)}, published {formatDate(needs.publishedAt.slice(0, 10))}. The next update is due by{' '}
        {formatDate(nextUpdateDue(needs.publishedAt))}.
      </p>
      <nav aria-label="On this page" className="app-no-print">
        <ul className="govuk-list">
          <li><a className="govuk-link" href="#definitions">What the figures mean</a></li>
          <li><a className="govuk-link" href="#summary">What we need</a></li>
          {needs.supply && <li><a className="govuk-link" href="#supply">Children’s homes already in the area</a></li>}
          {needs.profile.vision && <li><a className="govuk-link" href="#vision">Our vision and model of care</a></li>}
          {needs.priorities.length > 0 && <li><a className="govuk-link" href="#priorities">Our priorities</a></li>}
          {needs.settings.map((s) => (
            <li key={s.setting}>
              <a className="govuk-link" href={`#${s.setting}`}>{s.label}</a>
            </li>
          ))}
          <li><a className="govuk-link" href="#contact">Contact and provider events</a></li>
        </ul>
      </nav>

      <h2 className="govuk-heading-l" id="definitions">What the figures mean</h2>
      <dl className="govuk-summary-list" id="needs-definitions">
        {DEFINITIONS.map(([term, meaning]) => (
          <div key={term} className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">{term}</dt>
            <dd className="govuk-summary-list__value">{meaning}</dd>
          </div>
        ))}
      </dl>

      <h2 className="govuk-heading-l" id="summary">What we need</h2>
      <div className="app-table-wrapper">
        <table className="govuk-table" id="needs-summary">
          <caption className="govuk-table__caption govuk-table__caption--m">Placements needed, by setting</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Setting</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Demand</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Places to commission</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Unmet need</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Placed outside the council</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Placed over 20 miles</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {needs.settings.map((s) => (
              <tr key={s.setting} className="govuk-table__row">
                <th scope="row" className="govuk-table__header">
                  <a className="govuk-link" href={`#${s.setting}`}>{s.label}</a>
                </th>
                <td className="govuk-table__cell govuk-table__cell--numeric">{formatCell(s.summary.demand)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{formatCell(s.summary.toCommission)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{formatCell(s.summary.unmetNeed)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{formatCell(s.summary.pctOutsideLa, 'percent')}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{formatCell(s.summary.pctOver20Miles, 'percent')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="govuk-body-s">
        c: not shown, to protect children’s privacy (a number from 1 to 5, or one that would reveal such a number). –: no figure.{' '}
        <a className="govuk-link" href={download('summary')}>Download this table (CSV)</a>
      </p>

      {needs.supply && <SupplySection supply={needs.supply} />}

      {needs.costs && needs.costs.some((c) => c.band) && (
        <section aria-labelledby="costs">
          <h2 className="govuk-heading-l" id="costs">What the council pays</h2>
          <div className="app-table-wrapper">
            <table className="govuk-table" id="needs-costs">
              <caption className="govuk-table__caption govuk-table__caption--s">
                Average weekly cost of a commissioned placement, by setting, as a band ({formatDate(needs.periodEnd)})
              </caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">Setting</th>
                  <th scope="col" className="govuk-table__header">Weekly cost</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {needs.costs.map((c) => (
                  <tr key={c.setting} className="govuk-table__row">
                    <th scope="row" className="govuk-table__header">{c.label}</th>
                    <td className="govuk-table__cell">{c.band ?? c.symbol ?? '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="govuk-body-s">Source: {source} c: fewer than 6 children placed, so not shown.</p>
        </section>
      )}

      {(needs.profile.vision || needs.profile.modelOfCare) && (
        <>
          <h2 className="govuk-heading-l" id="vision">Our vision and model of care</h2>
          <Markdown source={needs.profile.vision} headingOffset={1} />
          <Markdown source={needs.profile.modelOfCare} headingOffset={1} />
        </>
      )}

      {needs.priorities.length > 0 && (
        <>
          <h2 className="govuk-heading-l" id="priorities">Our priorities</h2>
          <div className="app-table-wrapper">
            <table className="govuk-table" id="public-priorities">
              <caption className="govuk-table__caption govuk-table__caption--m">Market position statement priorities and where they stand</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">Priority</th>
                  <th scope="col" className="govuk-table__header">Baseline</th>
                  <th scope="col" className="govuk-table__header">Target</th>
                  <th scope="col" className="govuk-table__header">Latest</th>
                  <th scope="col" className="govuk-table__header">Status</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {needs.priorities.map((p) => (
                  <tr key={p.title} className="govuk-table__row">
                    <td className="govuk-table__cell">
                      <strong>{p.title}</strong>
                      <span className="govuk-body-s govuk-!-display-block">
                        {p.measure}. {DIRECTION_LABELS[p.direction]}.
                      </span>
                      {p.narrative && <span className="govuk-body-s govuk-!-display-block">{p.narrative}</span>}
                    </td>
                    <td className="govuk-table__cell">{formatCell(p.baseline, p.unit)} ({formatDate(p.baselineDate)})</td>
                    <td className="govuk-table__cell">{formatCell(p.target, p.unit)} by {formatDate(p.targetDate)}</td>
                    <td className="govuk-table__cell">{p.latest ? formatCell(p.latest, p.unit) : '–'}</td>
                    <td className="govuk-table__cell"><PriorityStatusTag status={p.status} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}

      {needs.settings.map((s) => (
        <section key={s.setting} aria-labelledby={`${s.setting}-heading`}>
          <h2 className="govuk-heading-l" id={s.setting}>
            <span id={`${s.setting}-heading`}>{s.label}</span>
          </h2>
          <p className="govuk-body">
            Demand {formatCell(s.summary.demand)}; places to commission {formatCell(s.summary.toCommission)}; unmet need{' '}
            {formatCell(s.summary.unmetNeed)}.
          </p>
          <ChartFigure table={asTable(s.byAge)} kind="bar" series={['demand', 'commissioning_need']} omitRows={['all']} source={source} downloadHref={download(s.byAge.id)} downloadLabel="Download this table (CSV)" />
          <ChartFigure table={asTable(s.byNeed)} kind="bar" series={['demand', 'commissioning_need']} source={source} downloadHref={download(s.byNeed.id)} downloadLabel="Download this table (CSV)" />
          <ChartFigure table={asTable(s.trend)} kind="line" series={['demand', 'commissioning_need']} source={source} downloadHref={download(s.trend.id)} downloadLabel="Download this table (CSV)" />
        </section>
      ))}

      <h2 className="govuk-heading-l" id="contact">Contact and provider events</h2>
      {needs.profile.contact ? <Markdown source={needs.profile.contact} headingOffset={1} /> : <p className="govuk-body">No contact details published.</p>}
      {needs.events.length > 0 ? (
        <ul className="govuk-list govuk-list--bullet" id="events">
          {needs.events.map((e) => (
            <li key={`${e.date}-${e.title}`}>
              <strong>{formatDate(e.date)}</strong>: {e.title}
              {e.where ? `, ${e.where}` : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p className="govuk-body">No provider events are planned.</p>
      )}
      <p className="govuk-body-s app-no-print">
        Follow {needs.council.name}’s publications: <a className="govuk-link" href={`/needs/${code}/feed.xml`}>Atom feed</a>. The same
        figures as JSON: <a className="govuk-link" href={`/api/v1/public/needs/${code}`}>/api/v1/public/needs/{code}</a> (
        <a className="govuk-link" href="/api/v1/openapi.json">API description</a>).
      </p>
    </>
  );
}
