import type { Metadata } from 'next';
import Link from 'next/link';
import { withDb } from '@/db/run';
import { requirePage } from '@/db/session';
import { getFigures, listCouncilsWithFigures, listFigureSeries, listSources } from '@/db/queries/figures';
import { listReturns } from '@/db/queries/ssda903';
import { SourceSwitch } from '@/components/dashboard/SourceSwitch';
import { chooseSource } from '@/lib/sources';
import { OverviewPanel } from '@/components/dashboard/OverviewPanel';
import { CouncilPeriodPicker } from '@/components/dashboard/CouncilPeriodPicker';
import { NoFiguresMessage } from '@/components/dashboard/NoFiguresMessage';
import { TREND_SLICE } from '@/lib/overview';

export const metadata: Metadata = { title: 'Dashboard overview' };
export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function DashboardPage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  await requirePage('view', `/dashboard?${new URLSearchParams(params as Record<string, string>)}`);
  const councils = withDb(listCouncilsWithFigures);
  if (councils.length === 0) {
    return (
      <>
        <h1 className="govuk-heading-xl">Dashboard</h1>
        <p className="govuk-body">
          No figures are stored yet. <Link className="govuk-link" href="/dashboard/import">Import a sufficiency file</Link> to begin.
        </p>
      </>
    );
  }
  const la = (one(params.la) ?? councils[0]!.code).toUpperCase();
  const council = councils.find((c) => c.code === la);
  const period = one(params.period) ?? council?.periods[0] ?? '';
  // Where the figures come from: the template where there is one, else SSDA903; a switch when both exist.
  const sources = council ? withDb(listSources, la) : [];
  const source = chooseSource(sources, one(params.source)) ?? 'template';
  const figures = council ? withDb(getFigures, la, period, source) : null;
  const href = (s: string) => `/dashboard?${new URLSearchParams({ la, period, source: s })}`;

  return (
    <>
      <span className="govuk-caption-l">{council ? council.name : 'Dashboard'}</span>
      <h1 className="govuk-heading-xl">Placement sufficiency overview</h1>
      <CouncilPeriodPicker councils={councils} la={la} period={period} action="/dashboard" carry={{ source: one(params.source) }} />
      <SourceSwitch sources={sources} current={source} hrefFor={href} />
      {!council || !figures ? (
        <NoFiguresMessage la={la} period={period} council={council} />
      ) : (
        <OverviewPanel
          council={council}
          period={period}
          source={source}
          figures={figures}
          series={withDb(listFigureSeries, la, { ...TREND_SLICE, source })}
          findings={source === 'template' ? null : withDb(listReturns, la).filter((r) => source === 'ssda903' || `${r.yearEnd}-03-31` === period).map((r) => r.findings)}
        />
      )}
    </>
  );
}
