import type { ForecastPageView } from '@/db/queries/forecastView';
import type { ForecastPlanActions } from '@/lib/forms';
import { formatDate } from '@/lib/format';
import { FORECAST_SETTINGS } from '@/lib/forecast/model';
import type { Scenario } from '@/lib/forecast/model';
import { SETTING_LABELS } from '@/lib/template/codes';

const pct = (v: number) => `${v > 0 ? '+' : ''}${Math.round(v * 1000) / 10}%`;

/** A scenario in words, e.g. "10% more entering care; 20% more moves from children's homes to fostering". */
export function describeScenario(s: Scenario, inflation: number): string {
  const parts: string[] = [];
  if (s.entryRateChange) parts.push(`children entering care ${pct(s.entryRateChange)}`);
  if (s.exitRateChange) parts.push(`children leaving care ${pct(s.exitRateChange)}`);
  for (const m of s.moves ?? []) parts.push(`moves from ${SETTING_LABELS[m.from].toLowerCase()} to ${SETTING_LABELS[m.to].toLowerCase()} ${pct(m.extraShare)}`);
  parts.push(`costs rising ${pct(inflation)} a year`);
  return parts.join('; ');
}

/** Planned capacity changes and saved scenarios: listed for everyone, changed by commissioners (plain forms). */
export function PlansAndScenarios({ view, canEdit, actions }: { view: ForecastPageView; canEdit: boolean; actions: ForecastPlanActions }) {
  const { addPlanAction, deletePlanAction, addScenarioAction, deleteScenarioAction } = actions;
  const la = view.request.laCode;
  return (
    <>
      <h2 className="govuk-heading-l" id="plans">
        Planned changes of capacity
      </h2>
      {view.plans.length === 0 ? (
        <p className="govuk-body">No changes are planned. Places stay as they are today over the whole projection.</p>
      ) : (
        <table className="govuk-table" data-testid="plans">
          <caption className="govuk-visually-hidden">Planned changes of capacity</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">From</th>
              <th scope="col" className="govuk-table__header">Setting</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Places</th>
              <th scope="col" className="govuk-table__header">What</th>
              {canEdit && <th scope="col" className="govuk-table__header"><span className="govuk-visually-hidden">Remove</span></th>}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {view.plans.map((p) => (
              <tr className="govuk-table__row" key={p.id}>
                <td className="govuk-table__cell">{formatDate(p.effectiveDate)}</td>
                <td className="govuk-table__cell">{SETTING_LABELS[p.setting]}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{p.change > 0 ? `+${p.change}` : p.change}</td>
                <td className="govuk-table__cell">{p.description || '–'}</td>
                {canEdit && (
                  <td className="govuk-table__cell">
                    <form action={deletePlanAction}>
                      <input type="hidden" name="la" value={la} />
                      <input type="hidden" name="months" value={view.request.months} />
                      <input type="hidden" name="id" value={p.id} />
                      <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
                        Remove<span className="govuk-visually-hidden"> the change of {formatDate(p.effectiveDate)}</span>
                      </button>
                    </form>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canEdit && (
        <form action={addPlanAction} className="app-no-print">
          <input type="hidden" name="la" value={la} />
                      <input type="hidden" name="months" value={view.request.months} />
          <fieldset className="govuk-fieldset">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">Add a planned change</legend>
            <div className="govuk-grid-row">
              <div className="govuk-grid-column-one-quarter">
                <div className="govuk-form-group">
                  <label className="govuk-label" htmlFor="plan-setting">Setting</label>
                  <select className="govuk-select" id="plan-setting" name="setting" defaultValue="residential">
                    {FORECAST_SETTINGS.map((s) => (
                      <option key={s} value={s}>{SETTING_LABELS[s]}</option>
                    ))}
                  </select>
                </div>
              </div>
              <div className="govuk-grid-column-one-quarter">
                <div className="govuk-form-group">
                  <label className="govuk-label" htmlFor="plan-date">From (YYYY-MM-DD)</label>
                  <input className="govuk-input" id="plan-date" name="effectiveDate" type="text" inputMode="numeric" />
                </div>
              </div>
              <div className="govuk-grid-column-one-quarter">
                <div className="govuk-form-group">
                  <label className="govuk-label" htmlFor="plan-change">Places (+ added, − closed)</label>
                  <input className="govuk-input" id="plan-change" name="change" type="text" inputMode="numeric" />
                </div>
              </div>
              <div className="govuk-grid-column-one-quarter">
                <div className="govuk-form-group">
                  <label className="govuk-label" htmlFor="plan-description">What (optional)</label>
                  <input className="govuk-input" id="plan-description" name="description" type="text" maxLength={200} />
                </div>
              </div>
            </div>
            <button type="submit" className="govuk-button govuk-button--secondary">Add the change</button>
          </fieldset>
        </form>
      )}

      <h2 className="govuk-heading-l" id="scenarios">
        Scenarios
      </h2>
      {view.scenarios.length === 0 ? (
        <p className="govuk-body">No scenarios are saved for this council.</p>
      ) : (
        <ul className="govuk-list" data-testid="scenarios">
          {view.scenarios.map((s) => (
            <li key={s.id}>
              <strong>{s.name}</strong>: {describeScenario(s.scenario, s.inflation)}.{' '}
              <a className="govuk-link" href={`/dashboard/forecast?${new URLSearchParams({ la, months: String(view.request.months), scenario: String(s.id) })}`}>
                Compare with the baseline<span className="govuk-visually-hidden">: {s.name}</span>
              </a>
              {canEdit && (
                <form action={deleteScenarioAction} className="app-inline-form">
                  <input type="hidden" name="la" value={la} />
                      <input type="hidden" name="months" value={view.request.months} />
                  <input type="hidden" name="id" value={s.id} />
                  <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
                    Remove<span className="govuk-visually-hidden"> the scenario {s.name}</span>
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      {canEdit && (
        <form action={addScenarioAction} className="app-no-print">
          <input type="hidden" name="la" value={la} />
                      <input type="hidden" name="months" value={view.request.months} />
          <fieldset className="govuk-fieldset">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">Save a scenario</legend>
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="sc-name">Name</label>
              <input className="govuk-input govuk-!-width-two-thirds" id="sc-name" name="name" type="text" maxLength={100} />
            </div>
            <div className="govuk-grid-row">
              <div className="govuk-grid-column-one-third">
                <div className="govuk-form-group">
                  <label className="govuk-label" htmlFor="sc-entry">Children entering care (% change)</label>
                  <input className="govuk-input govuk-input--width-5" id="sc-entry" name="entry" type="text" inputMode="decimal" />
                </div>
              </div>
              <div className="govuk-grid-column-one-third">
                <div className="govuk-form-group">
                  <label className="govuk-label" htmlFor="sc-exit">Children leaving care (% change)</label>
                  <input className="govuk-input govuk-input--width-5" id="sc-exit" name="exit" type="text" inputMode="decimal" />
                </div>
              </div>
              <div className="govuk-grid-column-one-third">
                <div className="govuk-form-group">
                  <label className="govuk-label" htmlFor="sc-inflation">Cost inflation (% a year)</label>
                  <input className="govuk-input govuk-input--width-5" id="sc-inflation" name="inflation" type="text" inputMode="decimal" defaultValue="3" />
                </div>
              </div>
            </div>
            <div className="govuk-grid-row">
              <div className="govuk-grid-column-one-third">
                <div className="govuk-form-group">
                  <label className="govuk-label" htmlFor="sc-from">Moves from</label>
                  <select className="govuk-select" id="sc-from" name="moveFrom" defaultValue="">
                    <option value="">No change of moves</option>
                    {FORECAST_SETTINGS.map((s) => (
                      <option key={s} value={s}>{SETTING_LABELS[s]}</option>
                    ))}
                  </select>
                </div>
              </div>
              <div className="govuk-grid-column-one-third">
                <div className="govuk-form-group">
                  <label className="govuk-label" htmlFor="sc-to">to</label>
                  <select className="govuk-select" id="sc-to" name="moveTo" defaultValue="">
                    <option value="">No change of moves</option>
                    {FORECAST_SETTINGS.map((s) => (
                      <option key={s} value={s}>{SETTING_LABELS[s]}</option>
                    ))}
                  </select>
                </div>
              </div>
              <div className="govuk-grid-column-one-third">
                <div className="govuk-form-group">
                  <label className="govuk-label" htmlFor="sc-move">More such moves (%)</label>
                  <input className="govuk-input govuk-input--width-5" id="sc-move" name="moveShare" type="text" inputMode="decimal" />
                </div>
              </div>
            </div>
            <button type="submit" className="govuk-button govuk-button--secondary">Save the scenario</button>
          </fieldset>
        </form>
      )}
    </>
  );
}
