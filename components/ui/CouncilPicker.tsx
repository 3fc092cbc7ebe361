/** Chooses a council with a GET form, so the choice is in the URL and works without JavaScript. */
export function CouncilPicker({
  councils,
  la,
  action,
  submitLabel,
}: {
  councils: readonly { code: string; name: string }[];
  la: string;
  action: string;
  submitLabel: string;
}) {
  return (
    <form method="get" action={action} className="app-no-print govuk-!-margin-bottom-6">
      <div className="govuk-form-group govuk-!-margin-bottom-2">
        <label className="govuk-label" htmlFor="la">
          Council
        </label>
        <select className="govuk-select" id="la" name="la" defaultValue={la}>
          {councils.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name} ({c.code})
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
        {submitLabel}
      </button>
    </form>
  );
}
