/** GOV.UK error summary for one problem, linking to the field it is about. */
export function ErrorSummary({ message, field }: { message: string | null | undefined; field: string }) {
  if (!message) return null;
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary">
      <div role="alert">
        <h2 className="govuk-error-summary__title">There is a problem</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            <li>
              <a href={`#${field}`}>{message}</a>
            </li>
          </ul>
        </div>
      </div>
    </div>
  );
}
