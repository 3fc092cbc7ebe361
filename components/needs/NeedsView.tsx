import { ChartFigure } from '@/components/charts/ChartFigure';
import { PriorityStatusTag } from '@/components/priorities/PriorityStatusTag';
import { Markdown } from '@/components/ui/Markdown';
import { formatCell, formatDate } from '@/lib/format';
import type { PublicNeeds, PublicTable } from '@/lib/needs';
import { DIRECTION_LABELS } from '@/lib/priorities';

const asTable = (t: PublicTable) => ({ ...t, keys: [] });

/** A council's published needs, for providers: rendered on the server from the published snapshot only. */
export function NeedsView({ needs }: { needs: PublicNeeds }) {
  const code = needs.council.code;
  const download = (table: string) => `/needs/${code}/download?table=${encodeURIComponent(table)}`;
  const source = `${needs.council.name}, published ${formatDate(needs.publishedAt.slice(0, 10))}; figures for the year ending ${formatDate(needs.periodEnd)}.`;
  return (
    <>
      <span className="govuk-caption-l">{needs.council.region ?? 'England'}</span>
      <h1 className="govuk-heading-xl">{needs.council.name}: what we need from providers</h1>
      <p className="govuk-body-l">
        Placements for the children {needs.council.name} looks after, from its figures for the year ending{' '}
        {formatDate(needs.periodEnd)}. Published {formatDate(needs.publishedAt.slice(0, 10))}.
      </p>
      <nav aria-label="On this page" className="app-no-print">
        <ul className="govuk-list">
          <li><a className="govuk-link" href="#summary">What we need</a></li>
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
        The same figures as JSON: <a className="govuk-link" href={`/api/v1/public/needs/${code}`}>/api/v1/public/needs/{code}</a> (
        <a className="govuk-link" href="/api/v1/openapi.json">API description</a>).
      </p>
    </>
  );
}
