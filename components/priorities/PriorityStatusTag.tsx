import { STATUS_LABELS, type Status } from '@/lib/priorities';

const COLOURS: Record<Status, string> = {
  met: 'govuk-tag--green',
  on_track: 'govuk-tag--blue',
  at_risk: 'govuk-tag--yellow',
  off_track: 'govuk-tag--red',
  no_data: 'govuk-tag--grey',
};

/** The status as words in a tag: the colour only repeats what the text says. */
export function PriorityStatusTag({ status }: { status: Status }) {
  return <strong className={`govuk-tag ${COLOURS[status]}`}>{STATUS_LABELS[status]}</strong>;
}
