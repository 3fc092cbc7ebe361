import type { ComparatorFormState } from '@/lib/forms';
import type { ComparatorGroup } from '@/db/queries/benchmarks';
import { COMPARATOR_RULE, benchmarkMeasure } from '@/lib/benchmarks';
import { formatTimePeriod } from '@/lib/ees';
import { ComparatorForm } from './ComparatorForm';

const DISTANCE = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** The comparator group: who is in it, why (the stored list, or the default rule), and, for commissioners, the form to set it. */
export function ComparatorSection({
  councilName,
  la,
  group,
  canEdit,
  saveAction,
  resetAction,
}: {
  councilName: string;
  la: string;
  group: ComparatorGroup;
  canEdit: boolean;
  saveAction: (prev: ComparatorFormState | null, formData: FormData) => Promise<ComparatorFormState>;
  resetAction: (formData: FormData) => Promise<void>;
}) {
  const isDefault = group.kind === 'default';
  return (
    <section aria-labelledby="comparators-heading" id="comparators">
      <h2 className="govuk-heading-l" id="comparators-heading">
        Comparator group
      </h2>
      {isDefault ? (
        <>
          <p className="govuk-body">
            No comparator group is set for {councilName}, so the default is used
            {group.basis?.timePeriod ? ` (figures of ${formatTimePeriod(group.basis.timePeriod)})` : ''}.
          </p>
          <p className="govuk-body">{COMPARATOR_RULE}</p>
          {group.basis && group.basis.features.length > 0 && (
            <p className="govuk-body">
              Measures used for {councilName}: {group.basis.features.map((f) => benchmarkMeasure(f)?.short ?? f).join(', ')}.
            </p>
          )}
        </>
      ) : (
        <p className="govuk-body">
          The comparator group of {councilName} was set by {group.updatedBy ?? 'an unknown user'} on{' '}
          {group.updatedAt ? new Date(group.updatedAt).toLocaleString('en-GB', { timeZone: 'Europe/London' }) : 'an unknown date'}.
        </p>
      )}
      {group.members.length === 0 ? (
        <p className="govuk-body">There are not enough figures to work out a comparator group.</p>
      ) : (
        <table className="govuk-table" id="comparator-table">
          <caption className="govuk-table__caption govuk-table__caption--m">
            {group.members.length} comparator councils of {councilName}
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Council
              </th>
              <th scope="col" className="govuk-table__header">
                ONS code
              </th>
              {isDefault && (
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  Distance (standardised)
                </th>
              )}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {group.members.map((m) => (
              <tr className="govuk-table__row" key={m.code}>
                <th scope="row" className="govuk-table__header">
                  {m.name}
                </th>
                <td className="govuk-table__cell">{m.code}</td>
                {isDefault && (
                  <td className="govuk-table__cell govuk-table__cell--numeric">
                    {m.distance === null ? '–' : DISTANCE.format(m.distance)}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canEdit && (
        <>
          <h3 className="govuk-heading-m">Set the comparator group</h3>
          <ComparatorForm
            action={saveAction}
            resetAction={resetAction}
            la={la}
            initial={isDefault ? '' : group.members.map((m) => `${m.code} ${m.name}`).join('\n')}
            stored={!isDefault}
          />
        </>
      )}
    </section>
  );
}
