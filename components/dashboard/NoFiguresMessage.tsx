import { formatDate } from '@/lib/format';

/** What a council-and-period page says when nothing is stored for the choice in its URL. */
export function NoFiguresMessage({ la, period, council }: { la: string; period: string; council?: { name: string; periods: readonly string[] } }) {
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary">
      <div role="alert">
        <h2 className="govuk-error-summary__title">There are no figures for that choice</h2>
        <div className="govuk-error-summary__body">
          <p className="govuk-body">
            {council
              ? `No figures are stored for ${council.name} for the period ending ${formatDate(period)}. Choose one of: ${council.periods.map(formatDate).join(', ')}.`
              : `No figures are stored for the council ${la}. Choose a council from the list.`}
          </p>
        </div>
      </div>
    </div>
  );
}
