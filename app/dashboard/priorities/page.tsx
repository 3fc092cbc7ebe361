import type { Metadata } from 'next';
import Link from 'next/link';
import { CouncilPicker } from '@/components/ui/CouncilPicker';
import { PrioritiesTable } from '@/components/priorities/PrioritiesTable';
import { withDb } from '@/db/run';
import { listCouncilsWithFigures } from '@/db/queries/figures';
import { listEvaluatedPriorities } from '@/db/queries/prioritiesView';
import { requirePage } from '@/db/session';
import { AT_RISK_SHARE } from '@/lib/priorities';
import { can } from '@/lib/roles';
import { getCachedBaseline } from '@/db/queries/forecastView';

export const metadata: Metadata = { title: 'Priorities' };
export const dynamic = 'force-dynamic';

export default async function PrioritiesPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const q = await searchParams;
  const user = await requirePage('view', `/dashboard/priorities${q.la ? `?la=${encodeURIComponent(q.la)}` : ''}`);
  const councils = withDb(listCouncilsWithFigures);
  const la = (q.la ?? councils[0]?.code ?? '').toUpperCase();
  const council = councils.find((c) => c.code === la);
  const items = council ? withDb(listEvaluatedPriorities, la) : [];
  // The baseline forecast as the forecast page computes it by default, if it has been (never computed here).
  const forecast = council ? withDb(getCachedBaseline, la) : undefined;
  return (
    <>
      {council && <span className="govuk-caption-l">{council.name}</span>}
      <h1 className="govuk-heading-xl">Market position statement priorities</h1>
      <CouncilPicker councils={councils} la={la} action="/dashboard/priorities" submitLabel="Show priorities" />
      <p className="govuk-body">
        Each priority follows a straight line from its baseline to its target, and its status is judged today: the latest
        figure (its date is shown beside the status) against where the line is today. It is <strong>on track</strong> when the
        figure is on or ahead of the line, <strong>at risk</strong> when it is behind by no more than{' '}
        {Math.round(AT_RISK_SHARE * 100)}% of the planned change, <strong>off track</strong> when it is further behind, and{' '}
        <strong>overdue</strong> once the target date has passed without the target reached. <strong>Met</strong> means the target
        has been reached; <strong>no data</strong> means the latest period has no figure for it.
      </p>
      {can(user.role, 'editPriorities') && council && (
        <p className="govuk-body">
          <Link className="govuk-button" href={`/dashboard/priorities/new?la=${la}`}>
            Add a priority
          </Link>
        </p>
      )}
      {items.length === 0 ? (
        <div className="govuk-inset-text">{council ? `${council.name} has no priorities yet.` : 'Choose a council.'}</div>
      ) : (
        <PrioritiesTable items={items} caption={`Priorities for ${council!.name}`} forecast={forecast} />
      )}
    </>
  );
}
