import type { Metadata } from 'next';
import { withDb } from '@/db/run';
import { requirePage } from '@/db/session';
import { loadChildrenView } from '@/db/queries/ssda903';
import { ChildrenFrame } from '@/components/children/ChildrenFrame';
import { ChildrenChart } from '@/components/children/ChildrenChart';

export const metadata: Metadata = { title: 'Starts, ends and moves (SSDA903)' };
export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function FlowsPage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  await requirePage('view', `/dashboard/children/flows?${new URLSearchParams(params as Record<string, string>)}`);
  const view = withDb(loadChildrenView, { la: one(params.la), period: one(params.period), source: one(params.source) });
  const input = { figures: view.figures ?? [], series: view.series, breakdowns: view.breakdowns, register: new Map() };
  return (
    <ChildrenFrame view={view} path="/dashboard/children/flows" title="Starts, ends and moves">
      <ChildrenChart view={view} input={input} id="flows-trend" kind="line" omitRows={[]} />
      <ChildrenChart view={view} input={input} id="flows-setting" kind="bar" series={['starts', 'ends', 'moves']} />
      <ChildrenChart view={view} input={input} id="moves-reason" kind="bar" />
      <ChildrenChart view={view} input={input} id="care-ends-reason" kind="bar" />
    </ChildrenFrame>
  );
}
