import type { Metadata } from 'next';
import { withDb } from '@/db/run';
import { requirePage } from '@/db/session';
import { loadChildrenView, registerByUrn } from '@/db/queries/ssda903';
import { parseUrnKey } from '@/lib/ssda903/derive';
import { ChildrenFrame } from '@/components/children/ChildrenFrame';
import { ChildrenChart } from '@/components/children/ChildrenChart';
import { SETTING_PARTS } from '@/lib/template/codes';

export const metadata: Metadata = { title: 'Children looked after by age and setting (SSDA903)' };
export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function ChildrenPage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  await requirePage('view', `/dashboard/children?${new URLSearchParams(params as Record<string, string>)}`);
  const view = withDb(loadChildrenView, { la: one(params.la), period: one(params.period), source: one(params.source) });
  const urns = Object.keys(view.breakdowns?.placed_by_urn ?? {}).map((k) => parseUrnKey(k).urn);
  const input = { figures: view.figures ?? [], series: view.series, breakdowns: view.breakdowns, register: withDb(registerByUrn, urns), rowLimit: 100 };
  return (
    <ChildrenFrame view={view} path="/dashboard/children" title="Children looked after by age and setting">
      <ChildrenChart view={view} input={input} id="setting-provision" kind="stacked-bar" series={['in_house', 'other_la', 'other_public', 'private', 'voluntary', 'parents']} />
      <ChildrenChart view={view} input={input} id="age-setting" kind="stacked-bar" series={[...SETTING_PARTS]} />
      <ChildrenChart view={view} input={input} id="homes-urn" kind="table" />
    </ChildrenFrame>
  );
}
