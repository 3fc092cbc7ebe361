/** Chooses the council with a plain GET form, so the view lives in the URL and works without JavaScript. */
export function MarketPicker({ councils, la }: { councils: { code: string; name: string }[]; la: string }) {
  return (
    <form method="get" action="/dashboard/market" className="app-no-print govuk-!-margin-bottom-6">
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
        Show the market
      </button>
    </form>
  );
}
