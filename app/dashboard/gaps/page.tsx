import type { Metadata } from 'next';
import Link from 'next/link';
import { CouncilPeriodPicker } from '@/components/dashboard/CouncilPeriodPicker';
import { NoFiguresMessage } from '@/components/dashboard/NoFiguresMessage';
import { GapsPanel } from '@/components/gaps/GapsPanel';
import { withDb } from '@/db/run';
import { getFigures, listCouncilsWithFigures } from '@/db/queries/figures';
import { requirePage } from '@/db/session';
import { parseGapPage, parseGapQuery } from '@/lib/gaps';

export const metadata: Metadata = { title: 'Gap analysis' };
export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function GapsPage({ searchParams }: { searchParams: Search }) {
  const raw = await searchParams;
  const params = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, one(v)]));
  await requirePage('view', `/dashboard/gaps?${new URLSearchParams(params as Record<string, string>)}`);
  const councils = withDb(listCouncilsWithFigures, 'template');
  if (councils.length === 0) {
    return (
      <>
        <h1 className="govuk-heading-xl">Gap analysis</h1>
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

  return (
    <>
      <span className="govuk-caption-l">{council ? council.name : 'Gap analysis'}</span>
      <h1 className="govuk-heading-xl">Gap analysis: demand against places</h1>
      <CouncilPeriodPicker councils={councils} la={la} period={period} action="/dashboard/gaps" />
      {!council || !figures ? (
        <NoFiguresMessage la={la} period={period} council={council} />
      ) : (
        <GapsPanel council={council} period={period} figures={figures} query={parseGapQuery(params)} page={parseGapPage(params.page).page} />
      )}
    </>
  );
}
