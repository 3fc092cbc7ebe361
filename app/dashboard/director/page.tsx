import type { Metadata } from 'next';
import Link from 'next/link';
import { CouncilPeriodPicker } from '@/components/dashboard/CouncilPeriodPicker';
import { NoFiguresMessage } from '@/components/dashboard/NoFiguresMessage';
import { DirectorCharts } from '@/components/director/DirectorCharts';
import { DirectorHeadlines } from '@/components/director/DirectorHeadlines';
import { WHAT_IF_DEFAULTS, WhatIfErrorSummary, WhatIfForm, type WhatIfProblem, type WhatIfValues } from '@/components/director/WhatIfForm';
import { PrioritiesTable } from '@/components/priorities/PrioritiesTable';
import { withDb } from '@/db/run';
import { listEvaluatedPriorities } from '@/db/queries/prioritiesView';
import { getFigures, listCouncilsWithFigures, listFigureSeries } from '@/db/queries/figures';
import { requirePage } from '@/db/session';
import { directorHeadlines, parseWhatIf, previousPeriod, whatIf } from '@/lib/director';
import { TREND_SLICE } from '@/lib/overview';

export const metadata: Metadata = { title: 'Director’s overview' };
export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function DirectorPage({ searchParams }: { searchParams: Search }) {
  const raw = await searchParams;
  const params = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, one(v)]));
  await requirePage('view', `/dashboard/director?${new URLSearchParams(params as Record<string, string>)}`);
  const councils = withDb(listCouncilsWithFigures, 'template');
  if (councils.length === 0) {
    return (
      <>
        <h1 className="govuk-heading-xl">Director’s overview</h1>
        <p className="govuk-body">
          No figures are stored yet. <Link className="govuk-link" href="/dashboard/import">Import a sufficiency file</Link> to begin.
        </p>
      </>
    );
  }
  const la = (params.la ?? councils[0]!.code).toUpperCase();
  const council = councils.find((c) => c.code === la);
  const period = params.period ?? council?.periods[0] ?? '';
  const figures = council ? withDb(getFigures, la, period) : null;
  const before = council ? previousPeriod(period, council.periods) : null;
  const previous = before ? withDb(getFigures, la, before) : null;

  const query = parseWhatIf(params);
  const result = figures && query.status === 'ready' ? whatIf(figures, query.input) : null;
  const error: WhatIfProblem | null =
    query.status === 'invalid' ? query : result && result.problem !== null ? result : null;
  const values: WhatIfValues = query.status === 'empty' ? WHAT_IF_DEFAULTS : { ...WHAT_IF_DEFAULTS, ...pickValues(params) };

  return (
    <>
      {error && figures && <WhatIfErrorSummary error={error} />}
      <span className="govuk-caption-l">{council ? council.name : 'Director’s overview'}</span>
      <h1 className="govuk-heading-xl">Director’s overview</h1>
      <CouncilPeriodPicker councils={councils} la={la} period={period} action="/dashboard/director" />
      {!council || !figures ? (
        <NoFiguresMessage la={la} period={period} council={council} />
      ) : (
        <>
          <DirectorHeadlines headlines={directorHeadlines(figures, previous)} period={period} previousPeriod={before} />
          <h2 className="govuk-heading-l">Priorities</h2>
          {(() => {
            const items = withDb(listEvaluatedPriorities, la);
            return items.length === 0 ? (
              <p className="govuk-body">
                No priorities are set. <Link className="govuk-link" href={`/dashboard/priorities?la=${la}`}>See priorities</Link>
              </p>
            ) : (
              <PrioritiesTable items={items} caption={`Market position statement priorities for ${council.name}: status from the latest data`} />
            );
          })()}
          <DirectorCharts council={council} period={period} figures={figures} series={withDb(listFigureSeries, la, TREND_SLICE)} />
          <WhatIfForm action="/dashboard/director" la={la} period={period} values={values} result={result} error={error} />
        </>
      )}
    </>
  );
}

function pickValues(params: Record<string, string | undefined>): Partial<WhatIfValues> {
  const out: Partial<WhatIfValues> = {};
  for (const k of ['from_setting', 'from_provision', 'to_setting', 'to_provision', 'children'] as const) {
    const v = params[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}
