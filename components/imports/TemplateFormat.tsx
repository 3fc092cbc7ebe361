import {
  AGE_BAND_LABELS,
  AGE_BANDS,
  MEASURE_LABELS,
  MEASURES,
  NEED_LABELS,
  NEEDS,
  PROVISION_LABELS,
  PROVISIONS,
  SETTING_LABELS,
  SETTINGS,
  SUB_MEASURES,
  SYMBOL_LABELS,
  SYMBOLS,
  TEMPLATE_COLUMNS,
} from '@/lib/template/codes';

function CodeTable({ caption, codes }: { caption: string; codes: ReadonlyArray<readonly [string, string]> }) {
  return (
    <table className="govuk-table">
      <caption className="govuk-table__caption govuk-table__caption--s">{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">Code</th>
          <th scope="col" className="govuk-table__header">Meaning</th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {codes.map(([c, l]) => (
          <tr key={c} className="govuk-table__row">
            <td className="govuk-table__cell">
              <code>{c}</code>
            </td>
            <td className="govuk-table__cell">{l}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The template format, drawn from the same code lists the importer checks against. */
export function TemplateFormat() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-xl">Sufficiency template (v1)</h1>
        <p className="govuk-body">
          One row per figure, in the same long shape as DfE&apos;s open data. Columns, in any order, named case-insensitively:{' '}
          <code>{TEMPLATE_COLUMNS.join(', ')}</code> (<code>la_name</code> optional; when given it must agree with{' '}
          <code>la_code</code>). Dates as <code>2024-03-31</code> or <code>31/03/2024</code>. Save as CSV UTF-8, comma delimited.
        </p>
        <h2 className="govuk-heading-m">Rules</h2>
        <ul className="govuk-list govuk-list--bullet">
          <li>The key (period_end, la_code, setting, provision, age_band, need, measure) appears once in a file.</li>
          {SUB_MEASURES.map((s) => (
            <li key={s.sub}>
              <code>{s.sub}</code> is no more than <code>{s.parent}</code> for the same key.
            </li>
          ))}
          <li>Fostering recruitment measures only go with the settings fostering and kinship_fostering.</li>
          <li>Values are whole numbers of 0 or more (weekly_cost_gbp may have pence), or a symbol.</li>
          <li>A file for a council and period already stored becomes a new version; the earlier one is kept.</li>
          <li>Totals you leave out are added up from their parts; totals you give are used as given.</li>
        </ul>
        <CodeTable caption="Settings" codes={SETTINGS.map((c) => [c, SETTING_LABELS[c]] as const)} />
        <CodeTable caption="Provision" codes={PROVISIONS.map((c) => [c, PROVISION_LABELS[c]] as const)} />
        <CodeTable caption="Age bands" codes={AGE_BANDS.map((c) => [c, AGE_BAND_LABELS[c]] as const)} />
        <CodeTable caption="Needs" codes={NEEDS.map((c) => [c, NEED_LABELS[c]] as const)} />
        <CodeTable caption="Measures" codes={MEASURES.map((c) => [c, MEASURE_LABELS[c]] as const)} />
        <CodeTable caption="Symbols" codes={SYMBOLS.map((c) => [c, SYMBOL_LABELS[c]] as const)} />
      </div>
    </div>
  );
}
