import type { Metadata } from 'next';
import Link from 'next/link';
import { withDb } from '@/db/run';
import { requirePage } from '@/db/session';
import { listCouncilsWithFigures } from '@/db/queries/figures';
import { readForecastView } from '@/db/queries/forecastView';
import { ForecastResults } from '@/components/forecast/ForecastResults';
import { ForecastOptions } from '@/components/forecast/ForecastOptions';
import { PlansAndScenarios } from '@/components/forecast/PlansAndScenarios';
import { addPlanAction, addScenarioAction, deletePlanAction, deleteScenarioAction } from './actions';
import { AutoRefresh } from '@/components/forecast/AutoRefresh';
import { can } from '@/lib/roles';
import { readEnv } from '@/lib/env';

export const metadata: Metadata = { title: 'Demand forecast' };
export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function ForecastPage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  const user = await requirePage('view', `/dashboard/forecast?${new URLSearchParams(params as Record<string, string>)}`);
  const councils = withDb(listCouncilsWithFigures, 'ssda903');
  if (councils.length === 0) {
    return (
      <>
        <h1 className="govuk-heading-xl">Demand forecast</h1>
        <p className="govuk-body">
          The forecast is built from a council&apos;s SSDA903 returns, and none are loaded.{' '}
          <Link className="govuk-link" href="/dashboard/import#ssda903">
            Import at least two years of returns
          </Link>{' '}
          to see where demand is heading.
        </p>
      </>
    );
  }
  const view = withDb(readForecastView, readEnv().databasePath, {
    la: one(params.la) ?? councils[0]!.code,
    months: one(params.months),
    windowStart: one(params.ws),
    windowEnd: one(params.we),
    scenario: one(params.scenario),
    gap: one(params.gap),
  });
  const council = councils.find((c) => c.code === view.request.laCode);
  const error = [one(params.error), ...view.problems].filter(Boolean).join(' ');
  return (
    <>
      <span className="govuk-caption-l">{council?.name ?? view.request.laCode}</span>
      <h1 className="govuk-heading-xl">Demand forecast</h1>
      {error && (
        <div className="govuk-error-summary" data-module="govuk-error-summary">
          <div role="alert">
            <h2 className="govuk-error-summary__title">There is a problem</h2>
            <div className="govuk-error-summary__body">
              <p className="govuk-body">{error}</p>
            </div>
          </div>
        </div>
      )}
      <p className="govuk-body">
        Children looked after projected month by month from the council&apos;s SSDA903 returns (combined view), with a band from the 5th to
        the 95th percentile of repeated simulations, against the places it has and plans. The method is set out in{' '}
        <code>docs/forecast.md</code> in the source code.
      </p>
      <ForecastOptions councils={councils} view={view} />
      {view.state === 'running' ? (
        <AutoRefresh
          key={view.key}
          statusHref={view.selfHref.replace('/dashboard/forecast?', '/dashboard/forecast/status?')}
          selfHref={view.selfHref}
          initial={{ state: view.state, progress: view.progress, waiting: view.waiting }}
        />
      ) : view.state === 'failed' ? (
        <div className="govuk-error-summary">
          <div role="alert">
            <h2 className="govuk-error-summary__title">The forecast could not be computed</h2>
            <div className="govuk-error-summary__body">
              <p className="govuk-body">{view.error}</p>
            </div>
          </div>
        </div>
      ) : view.cached?.insufficient ? (
        <div className="govuk-inset-text" data-testid="forecast-insufficient">
          <p className="govuk-body govuk-!-font-weight-bold">No forecast for this choice</p>
          <p className="govuk-body">{view.cached.insufficient}</p>
        </div>
      ) : view.cached ? (
        <ForecastResults view={view} />
      ) : null}
      <PlansAndScenarios view={view} canEdit={can(user.role, 'editPriorities')} actions={{ addPlanAction, deletePlanAction, addScenarioAction, deleteScenarioAction }} />
    </>
  );
}
