import type { ForecastPageView } from '@/db/queries/forecastView';
import { HORIZONS } from '@/lib/forecast/view';

/** The forecast's choices as a plain GET form: the view lives in the URL and works without JavaScript. */
export function ForecastOptions({ councils, view }: { councils: readonly { code: string; name: string }[]; view: ForecastPageView }) {
  const r = view.request;
  return (
    <form method="get" action="/dashboard/forecast" className="app-no-print">
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-third">
          <div className="govuk-form-group">
            <label className="govuk-label" htmlFor="la">
              Council
            </label>
            <select className="govuk-select" id="la" name="la" defaultValue={r.laCode}>
              {councils.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name} ({c.code})
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="govuk-grid-column-one-third">
          <div className="govuk-form-group">
            <label className="govuk-label" htmlFor="months">
              Months ahead
            </label>
            <select className="govuk-select" id="months" name="months" defaultValue={String(r.months)}>
              {HORIZONS.map((m) => (
                <option key={m} value={m}>
                  {m} months
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="govuk-grid-column-one-third">
          <div className="govuk-form-group">
            <label className="govuk-label" htmlFor="scenario">
              Compare with a scenario
            </label>
            <select className="govuk-select" id="scenario" name="scenario" defaultValue={r.scenarioId ? String(r.scenarioId) : ''}>
              <option value="">None (baseline only)</option>
              {view.scenarios.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
        </div>
      </div>
      <fieldset className="govuk-fieldset">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Reference window: the history the rates are estimated from</legend>
        <div id="window-hint" className="govuk-hint">
          Blank for the default: the last two years of the data{view.cached?.window ? ` (now ${view.cached.window.start} to ${view.cached.window.end})` : ''}. Dates as YYYY-MM-DD.
        </div>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="ws">
                From
              </label>
              <input className="govuk-input" id="ws" name="ws" type="text" inputMode="numeric" defaultValue={r.windowStart ?? ''} aria-describedby="window-hint" />
            </div>
          </div>
          <div className="govuk-grid-column-one-third">
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="we">
                To
              </label>
              <input className="govuk-input" id="we" name="we" type="text" inputMode="numeric" defaultValue={r.windowEnd ?? ''} aria-describedby="window-hint" />
            </div>
          </div>
          <div className="govuk-grid-column-one-third">
            <button type="submit" className="govuk-button govuk-!-margin-top-6" data-module="govuk-button">
              Show forecast
            </button>
          </div>
        </div>
      </fieldset>
    </form>
  );
}
