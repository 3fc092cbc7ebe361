import { STATUS_LABELS, type Status } from '@/lib/priorities';
import { formatDate } from '@/lib/format';

const COLOURS: Record<Status, string> = {
  met: 'govuk-tag--green',
  on_track: 'govuk-tag--blue',
  at_risk: 'govuk-tag--yellow',
  off_track: 'govuk-tag--red',
  overdue: 'govuk-tag--red',
  no_data: 'govuk-tag--grey',
};

/**
 * The status as words in a tag: the colour only repeats what the text says. With `figureDate`,
 * the date of the figure the status rests on is said beside it (the status is judged today).
 */
export function PriorityStatusTag({ status, figureDate }: { status: Status; figureDate?: string | null }) {
  return (
    <>
      <strong className={`govuk-tag ${COLOURS[status]}`}>{STATUS_LABELS[status]}</strong>
      {figureDate && <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">from the figure of {formatDate(figureDate)}</span>}
    </>
  );
}
