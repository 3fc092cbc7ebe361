/** GOV.UK's error summary: every problem, each linked to its field (focus moves here: ErrorSummaryFocus). */
export function ErrorSummary({ errors, headingLevel = 2 }: { errors: { href: string; text: string }[]; headingLevel?: 2 | 3 }) {
  if (errors.length === 0) return null;
  const Heading = headingLevel === 3 ? 'h3' : 'h2';
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary">
      <div role="alert">
        <Heading className="govuk-error-summary__title">There is a problem</Heading>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {errors.map((e) => (
              <li key={`${e.href} ${e.text}`}>
                <a href={e.href}>{e.text}</a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
