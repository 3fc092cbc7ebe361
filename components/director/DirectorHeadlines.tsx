import { changeText, formatHeadlineValue, type DirectorHeadline } from '@/lib/director';
import { formatDate, formatPeriodShort } from '@/lib/format';

/**
 * The director's headline figures, each with last year's value and the change on it in words
 * ("up 12 on 2022-23"), never colour alone.
 */
export function DirectorHeadlines({
  headlines,
  period,
  previousPeriod,
}: {
  headlines: readonly DirectorHeadline[];
  period: string;
  previousPeriod: string | null;
}) {
  const last = previousPeriod ? formatPeriodShort(previousPeriod) : null;
  return (
    <section aria-labelledby="headlines-heading">
      <h2 className="govuk-heading-l" id="headlines-heading">
        Headlines for the year ending {formatDate(period)}
      </h2>
      {!previousPeriod && (
        <p className="govuk-body">There are no figures for the year before, so no change is shown.</p>
      )}
      <ul className="app-headlines" aria-label="Headline figures with the change on last year">
        {headlines.map((h) => (
          <li key={h.id} className="app-headline" data-headline={h.id}>
            <span className="app-headline__value">{formatHeadlineValue(h, h.now)}</span>
            <span className="app-headline__label">{h.label}</span>
            {last && h.previous && (
              <span className="app-headline__label" data-change>
                {changeText(h, last)}
                {(h.previous.value !== null || h.previous.symbol) && ` (was ${formatHeadlineValue(h, h.previous)})`}
              </span>
            )}
          </li>
        ))}
      </ul>
      <details className="govuk-details">
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">How these figures are worked out</span>
        </summary>
        <div className="govuk-details__text">
          <dl className="govuk-summary-list">
            {headlines.map((h) => (
              <div key={h.id} className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">{h.label}</dt>
                <dd className="govuk-summary-list__value">{h.definition}</dd>
              </div>
            ))}
          </dl>
          <p className="govuk-body">
            Changes in percentages are in percentage points (pts): a move from 64% to 66% is up 2 pts.
          </p>
        </div>
      </details>
    </section>
  );
}
