import Link from 'next/link';
import type { PriorityRecord } from '@/db/priorities';
import type { PriorityEvaluation } from '@/lib/priorities';
import { formatPeriodShort } from '@/lib/format';
import { describeMeasure, formatDate, formatMetric } from './describe';
import { PriorityStatusTag } from './PriorityStatusTag';

export interface EvaluatedPriority {
  priority: PriorityRecord;
  evaluation: PriorityEvaluation;
}

/** The priorities of a council with where each stands: for commissioners and directors alike. */
export function PrioritiesTable({ items, caption }: { items: EvaluatedPriority[]; caption: string }) {
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
              <td className="govuk-table__cell">
                <PriorityStatusTag status={e.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
