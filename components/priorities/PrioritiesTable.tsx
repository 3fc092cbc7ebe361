import Link from 'next/link';
import type { PriorityRecord } from '@/db/priorities';
import type { PriorityEvaluation } from '@/lib/priorities';
import { formatPeriodShort } from '@/lib/format';
import { describeMeasure, formatDate, formatMetric } from './describe';
import { PriorityStatusTag } from './PriorityStatusTag';
import { projectPriority, type ForecastView } from '@/lib/forecast/view';

export interface EvaluatedPriority {
  priority: PriorityRecord;
  evaluation: PriorityEvaluation;
}

/** The priorities of a council with where each stands: for commissioners and directors alike. */
export function PrioritiesTable({
  items,
  caption,
  forecast,
}: {
  items: EvaluatedPriority[];
  caption: string;
  /** The council's baseline demand forecast, when one is computed: its projection at each target date is shown. */
  forecast?: Pick<ForecastView, 'projection'> | null;
}) {
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className="app-table-wrapper" role="region" aria-label={`${caption} (scrolls sideways)`} tabIndex={0}>
      <table className="govuk-table" id="priorities-table">
        <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Priority</th>
            <th scope="col" className="govuk-table__header">Baseline</th>
            <th scope="col" className="govuk-table__header">Target</th>
            <th scope="col" className="govuk-table__header">Latest</th>
            {forecast !== undefined && <th scope="col" className="govuk-table__header">Projected at the target date</th>}
            <th scope="col" className="govuk-table__header">Status</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {items.map(({ priority: p, evaluation: e }) => (
            <tr key={p.id} className="govuk-table__row">
              <td className="govuk-table__cell">
                <Link className="govuk-link" href={`/dashboard/priorities/${p.id}`}>
                  {p.title}
                </Link>
                <span className="govuk-body-s govuk-!-display-block">{describeMeasure(p)}</span>
                {p.published && <strong className="govuk-tag govuk-tag--grey">Published</strong>}
              </td>
              <td className="govuk-table__cell">
                {formatMetric(p.metric, p.baselineValue)} <span className="govuk-body-s">({formatDate(p.baselineDate)})</span>
              </td>
              <td className="govuk-table__cell">
                {formatMetric(p.metric, p.targetValue)} <span className="govuk-body-s">by {formatDate(p.targetDate)}</span>
              </td>
              <td className="govuk-table__cell">
                {e.current ? (
                  <>
                    {formatMetric(p.metric, e.current.value)}{' '}
                    <span className="govuk-body-s">({formatPeriodShort(e.current.periodEnd)})</span>
                  </>
                ) : (
                  '–'
                )}
              </td>
              {forecast !== undefined && (
                <td className="govuk-table__cell" data-testid="projected">
                  <Projected forecast={forecast} p={p} />
                </td>
              )}
              <td className="govuk-table__cell">
                <PriorityStatusTag status={e.status} figureDate={e.current?.periodEnd} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Projected({ forecast, p }: { forecast: Pick<ForecastView, 'projection'> | null; p: PriorityRecord }) {
  if (!forecast) return <span className="govuk-body-s">No forecast computed yet (see the Forecast page)</span>;
  const r = projectPriority(forecast, p);
  if (!r) return <span className="govuk-body-s">Not forecast (counts of children by setting and age only, within the forecast&apos;s horizon)</span>;
  return (
    <>
      {Math.round(r.p50)} <span className="govuk-body-s">(90% range {Math.round(r.p5)} to {Math.round(r.p95)}, {formatDate(r.monthEnd)})</span>
    </>
  );
}
