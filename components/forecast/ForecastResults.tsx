import Link from 'next/link';
import { ChartFigure } from '@/components/charts/ChartFigure';
import type { ForecastPageView } from '@/db/queries/forecastView';
import { formatDate } from '@/lib/format';
import { FORECAST_SETTINGS } from '@/lib/forecast/model';
import { backTestTable, costTable, gapSettingTable, gapTable, scenarioCostTable, scenarioTable, settingsTable, totalTable, type ForecastTableId, type ForecastView } from '@/lib/forecast/view';
import { SETTING_LABELS } from '@/lib/template/codes';

/** The computed forecast: projection, by setting, the forward gap, scenario, cost and back-test. */
export function ForecastResults({ view }: { view: ForecastPageView }) {
  const c = view.cached!;
  const v: ForecastView = c;
  const href = (table: ForecastTableId) => `${view.selfHref.replace('/dashboard/forecast?', '/dashboard/forecast/download?')}&table=${table}&gap=${view.gapSetting}`;
  const source = `${view.request.laCode}: projected from its SSDA903 returns (combined view), ${c.runs} simulations, rates from ${c.window ? `${formatDate(c.window.start)} to ${formatDate(c.window.end)}` : 'the default window'}; computed ${formatDate(c.computedAt.slice(0, 10))}.`;
  const placesSource = view.capacity.periodEnd ? ` Places: the sufficiency template for the period ending ${formatDate(view.capacity.periodEnd)}, plus the planned changes below.` : ' No sufficiency template figures are loaded, so places are not known.';
  const scenario = scenarioTable(v);
  const scenarioCost = scenarioCostTable(v);
  return (
    <>
      <ChartFigure table={totalTable(v, view.capacity.places, view.plans)} kind="line" series={['recorded', 'p50', 'places']} band={{ low: 'p5', high: 'p95', label: '90% of simulations (5th to 95th percentile)' }} valueTitle="Children" source={source + placesSource} downloadHref={href('forecast-total')} downloadLabel="Download this table (CSV)" />
      <ChartFigure table={settingsTable(v)} kind="bar" series={[`m${Math.min(12, c.months)}`, `m${c.months}`]} omitRows={['all']} source={source} downloadHref={href('forecast-settings')} downloadLabel="Download this table (CSV)" />
      <h2 className="govuk-heading-l" id="gap">
        The forward gap
      </h2>
      <ChartFigure table={gapTable(v, view.capacity.places, view.plans)} kind="bar" series={['capacity', 'p50']} source={source + placesSource} downloadHref={href('forecast-gap')} downloadLabel="Download this table (CSV)" />
      <nav aria-label="Setting of the gap chart" className="app-no-print">
        <p className="govuk-body govuk-!-margin-bottom-1">Demand against places month by month for:</p>
        <ul className="govuk-list app-source-switch__list">
          {FORECAST_SETTINGS.map((s) => (
            <li key={s}>
              {s === view.gapSetting ? (
                <strong aria-current="page">{SETTING_LABELS[s]}</strong>
              ) : (
                <Link className="govuk-link" href={`${view.selfHref}&gap=${s}#gap`}>
                  {SETTING_LABELS[s]}
                </Link>
              )}
            </li>
          ))}
        </ul>
      </nav>
      <ChartFigure table={gapSettingTable(v, view.gapSetting, view.capacity.places[view.gapSetting], view.plans)} kind="line" source={source + placesSource} downloadHref={href('forecast-gap-setting')} downloadLabel="Download this table (CSV)" />
      {scenario && <ChartFigure table={scenario} kind="bar" series={['baseline', 'scenario']} source={source} downloadHref={href('forecast-scenario')} downloadLabel="Download this table (CSV)" />}
      {scenarioCost && <ChartFigure table={scenarioCost} kind="bar" series={['baseline', 'scenario']} source={source} downloadHref={href('forecast-scenario-cost')} downloadLabel="Download this table (CSV)" />}
      {c.costs.length > 0 && Object.keys(c.weeklyCost).length > 0 && (
        <ChartFigure table={costTable(v)} kind="bar" series={['p50']} source={source} downloadHref={href('forecast-cost')} downloadLabel="Download this table (CSV)" />
      )}
      <h2 className="govuk-heading-l">How far to trust it</h2>
      {c.backTest ? (
        <ChartFigure table={backTestTable(c.backTest)} kind="bar" series={['mape']} omitRows={['all']} source={source} downloadHref={href('forecast-backtest')} downloadLabel="Download this table (CSV)" />
      ) : (
        <p className="govuk-body">{c.backTestNote ?? 'There is not enough history for a back-test.'}</p>
      )}
    </>
  );
}
