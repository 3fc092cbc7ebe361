import { formatDate } from '@/lib/format';

export interface PickerCouncil {
  code: string;
  name: string;
  periods: string[];
}

/**
 * Chooses the council and period with a plain GET form, so the choice lives in the URL
 * (a link reproduces the view) and works without JavaScript.
 */
export function CouncilPeriodPicker({
  councils,
  la,
  period,
  action,
}: {
  councils: PickerCouncil[];
  la: string;
  period: string;
  action: string;
}) {
  const periods = [...new Set(councils.flatMap((c) => c.periods))].sort().reverse();
  return (
    <form method="get" action={action} className="app-no-print">
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
            <label className="govuk-label" htmlFor="period">
              Period ending
            </label>
            <select className="govuk-select" id="period" name="period" defaultValue={period}>
              {periods.map((p) => (
                <option key={p} value={p}>
                  {formatDate(p)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="govuk-grid-column-one-third">
          <button type="submit" className="govuk-button govuk-!-margin-top-6" data-module="govuk-button">
            Show figures
          </button>
        </div>
      </div>
    </form>
  );
}
