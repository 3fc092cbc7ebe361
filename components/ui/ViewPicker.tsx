export interface PickerChoice {
  name: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
}

/**
 * Chooses a council and one more thing (a period, a setting, a measure) with a plain GET form,
 * so the view lives in the URL (a link reproduces it) and works without JavaScript.
 */
export function ViewPicker({
  action,
  councils,
  la,
  choice,
  carry = {},
  submitLabel,
}: {
  action: string;
  councils: readonly { code: string; name: string }[];
  la: string;
  choice: PickerChoice;
  /** Values already in the URL that the form keeps (e.g. a question asked further down). */
  carry?: Record<string, string | undefined>;
  submitLabel: string;
}) {
  return (
    <form method="get" action={action} className="app-no-print">
      {Object.entries(carry).map(([k, v]) => (v ? <input key={k} type="hidden" name={k} value={v} /> : null))}
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-third">
          <div className="govuk-form-group">
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
        </div>
        <div className="govuk-grid-column-one-third">
          <div className="govuk-form-group">
            <label className="govuk-label" htmlFor={choice.name}>
              {choice.label}
            </label>
            <select className="govuk-select" id={choice.name} name={choice.name} defaultValue={choice.value}>
              {choice.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="govuk-grid-column-one-third">
          <button type="submit" className="govuk-button govuk-!-margin-top-6" data-module="govuk-button">
            {submitLabel}
          </button>
        </div>
      </div>
    </form>
  );
}
