import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PriorityForm } from '@/components/priorities/PriorityForm';
import { METRIC_HINT, PRIORITY_OPTIONS } from '@/components/priorities/formOptions';
import { withDb } from '@/db/run';
import { getCouncil } from '@/db/queries/figures';
import { requirePage } from '@/db/session';
import { savePriorityAction } from '../actions';

export const metadata: Metadata = { title: 'Add a priority' };
export const dynamic = 'force-dynamic';

export default async function NewPriorityPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { la = '' } = await searchParams;
  await requirePage('editPriorities', `/dashboard/priorities/new?la=${encodeURIComponent(la)}`);
  const council = withDb(getCouncil, la.toUpperCase());
  if (!council) notFound();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <span className="govuk-caption-l">{council.name}</span>
        <h1 className="govuk-heading-xl">Add a priority</h1>
        <PriorityForm
          action={savePriorityAction}
          la={council.code}
          initial={{
            title: '', metric: 'children_placed', setting: 'all', provision: 'all', ageBand: 'all', need: 'all',
            direction: 'increase', baselineValue: '', baselineDate: '', targetValue: '', targetDate: '', owner: '',
            narrative: '', published: '',
          }}
          options={PRIORITY_OPTIONS}
          metricHint={METRIC_HINT}
        />
      </div>
    </div>
  );
}
