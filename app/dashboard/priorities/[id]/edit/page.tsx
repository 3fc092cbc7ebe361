import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PriorityForm } from '@/components/priorities/PriorityForm';
import { METRIC_HINT, PRIORITY_OPTIONS } from '@/components/priorities/formOptions';
import { withDb } from '@/db/run';
import { getPriority } from '@/db/priorities';
import { listCouncilsWithFigures } from '@/db/queries/figures';
import { requirePage } from '@/db/session';
import { savePriorityAction } from '../../actions';

export const metadata: Metadata = { title: 'Change a priority' };
export const dynamic = 'force-dynamic';

export default async function EditPriorityPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requirePage('editPriorities', `/dashboard/priorities/${id}/edit`);
  const p = /^\d+$/.test(id) ? withDb(getPriority, Number(id)) : undefined;
  if (!p) notFound();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {/* The council by name (the code alone meant nothing to a reader). */}
        <span className="govuk-caption-l">{withDb(listCouncilsWithFigures).find((c) => c.code === p.laCode)?.name ?? p.laCode}</span>
        <h1 className="govuk-heading-xl">Change “{p.title}”</h1>
        <PriorityForm
          action={savePriorityAction}
          la={p.laCode}
          id={p.id}
          initial={{
            title: p.title, metric: p.metric, setting: p.setting, provision: p.provision, ageBand: p.ageBand, need: p.need,
            direction: p.direction, baselineValue: String(p.baselineValue), baselineDate: p.baselineDate,
            targetValue: String(p.targetValue), targetDate: p.targetDate, owner: p.owner, narrative: p.narrative,
            published: p.published ? 'on' : '',
          }}
          options={PRIORITY_OPTIONS}
          metricHint={METRIC_HINT}
        />
      </div>
    </div>
  );
}
