import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ChartFigure } from '@/components/charts/ChartFigure';
import { describeMeasure, formatDate, formatMetric } from '@/components/priorities/describe';
import { PriorityStatusTag } from '@/components/priorities/PriorityStatusTag';
import { withDb } from '@/db/run';
import { getPriority, listPriorityChanges } from '@/db/priorities';
import { getCouncil, listFigureSeries } from '@/db/queries/figures';
import { requirePage } from '@/db/session';
import { getMetric } from '@/lib/catalogue';
import { AT_RISK_SHARE, DIRECTION_LABELS, evaluatePriority, isoDay } from '@/lib/priorities';
import { priorityHistoryTable } from '@/lib/priorityTable';
import { can } from '@/lib/roles';

export const metadata: Metadata = { title: 'Priority' };
export const dynamic = 'force-dynamic';

export default async function PriorityPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { id } = await params;
  const { saved } = await searchParams;
  const user = await requirePage('view', `/dashboard/priorities/${id}`);
  const p = /^\d+$/.test(id) ? withDb(getPriority, Number(id)) : undefined;
  if (!p) notFound();
  const council = withDb(getCouncil, p.laCode);
  const evaluation = evaluatePriority(p, withDb(listFigureSeries, p.laCode), isoDay(new Date()));
  const metric = getMetric(p.metric);
  const changes = withDb(listPriorityChanges, p.id);
  const planned = Math.abs(p.targetValue - p.baselineValue);
  return (
    <>
      {saved && (
        <div className="govuk-notification-banner govuk-notification-banner--success" role="region" aria-labelledby="saved-title">
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="saved-title">
              Saved
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">The priority was saved.</p>
          </div>
        </div>
      )}
      <span className="govuk-caption-l">{council?.name ?? p.laCode}</span>
      <h1 className="govuk-heading-xl">{p.title}</h1>
      <p className="govuk-body-l">
        Status today: <PriorityStatusTag status={evaluation.status} figureDate={evaluation.current?.periodEnd} />
      </p>
      <dl className="govuk-summary-list">
        {[
          ['Measure', describeMeasure(p)],
          ['Definition', metric?.definition ?? '–'],
          ['Direction', DIRECTION_LABELS[p.direction]],
          ['Baseline', `${formatMetric(p.metric, p.baselineValue)} on ${formatDate(p.baselineDate)}`],
          ['Target', `${formatMetric(p.metric, p.targetValue)} by ${formatDate(p.targetDate)}`],
          [
            'Latest',
            evaluation.current
              ? `${formatMetric(p.metric, evaluation.current.value)} on ${formatDate(evaluation.current.periodEnd)}; the straight line expects ${formatMetric(p.metric, evaluation.expectedNow)} today`
              : 'No data',
          ],
          [
            'Thresholds',
            `At risk when behind the line by up to ${formatMetric(p.metric, AT_RISK_SHARE * planned)} (${Math.round(AT_RISK_SHARE * 100)}% of the planned change); off track beyond that; overdue once the target date has passed without the target reached.`,
          ],
          ['Owner', p.owner || '–'],
          ['Published to providers', p.published ? 'Yes' : 'No'],
        ].map(([k, v]) => (
          <div className="govuk-summary-list__row" key={k}>
            <dt className="govuk-summary-list__key">{k}</dt>
            <dd className="govuk-summary-list__value">{v}</dd>
          </div>
        ))}
      </dl>
      {p.narrative && <p className="govuk-body">{p.narrative}</p>}
      {can(user.role, 'editPriorities') && (
        <p className="govuk-body">
          <Link className="govuk-button govuk-button--secondary" href={`/dashboard/priorities/${p.id}/edit`}>
            Change this priority
          </Link>
        </p>
      )}
      <ChartFigure
        table={priorityHistoryTable(p, evaluation)}
        kind="line"
        valueTitle={metric?.label}
        headline={`The target: ${formatMetric(p.metric, p.targetValue)} by ${formatDate(p.targetDate)}${evaluation.current ? `; the latest figure is ${formatMetric(p.metric, evaluation.current.value)} on ${formatDate(evaluation.current.periodEnd)}` : ''}.`}
        source={`${council?.name ?? p.laCode} sufficiency figures (template v1), every period loaded; the priority as entered by the council.`}
        downloadHref={`/dashboard/priorities/${p.id}/download`}
      />
      <h2 className="govuk-heading-m">Changes to this priority</h2>
      {changes.length === 0 ? (
        <p className="govuk-body">No changes recorded.</p>
      ) : (
        <ul className="govuk-list">
          {changes.map((c, i) => (
            <li key={i}>
              {new Date(c.at).toLocaleString('en-GB', { timeZone: 'Europe/London' })}, {c.actor ?? 'unknown'}:{' '}
              {'created' in c.details
                ? 'created'
                : Object.entries((c.details.changes as Record<string, [unknown, unknown]>) ?? {})
                    .map(([k, [from, to]]) => `${k} from “${String(from)}” to “${String(to)}”`)
                    .join('; ')}
            </li>
          ))}
        </ul>
      )}
      <p className="govuk-body">
        <Link className="govuk-link" href={`/dashboard/priorities?la=${p.laCode}`}>
          All priorities for {council?.name ?? p.laCode}
        </Link>
      </p>
    </>
  );
}
