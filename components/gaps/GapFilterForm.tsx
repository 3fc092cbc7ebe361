import Link from 'next/link';
import { GAP_SETTINGS, type GapQuery } from '@/lib/gaps';
import { AGE_BANDS, AGE_BAND_LABELS, NEEDS, NEED_LABELS, SETTING_LABELS } from '@/lib/template/codes';

/**
 * Filters the gap table with a plain GET form, so the view lives in the URL and works without
 * JavaScript. The council, period and sort in force are carried over.
 */
export function GapFilterForm({
  action,
  la,
  period,
  query,
}: {
  action: string;
  la: string;
  period: string;
  query: GapQuery;
}) {
  const { filter, sort } = query;
  return (
    <form method="get" action={action} className="app-no-print govuk-!-margin-bottom-6">
      <input type="hidden" name="la" value={la} />
      <input type="hidden" name="period" value={period} />
      <input type="hidden" name="sort" value={sort.key} />
      <input type="hidden" name="dir" value={sort.dir} />
      <fieldset className="govuk-fieldset">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
          <h2 className="govuk-fieldset__heading">Filter the gaps</h2>
        </legend>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="gap-setting">
                Setting
              </label>
              <select className="govuk-select" id="gap-setting" name="setting" defaultValue={filter.setting ?? ''}>
                <option value="">Any setting</option>
                {GAP_SETTINGS.map((s) => (
                  <option key={s} value={s}>
                    {SETTING_LABELS[s]}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="govuk-grid-column-one-third">
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="gap-age">
                Age band
              </label>
              <select className="govuk-select" id="gap-age" name="age" defaultValue={filter.ageBand ?? ''}>
                <option value="">Any age band</option>
                {AGE_BANDS.map((a) => (
                  <option key={a} value={a}>
                    {a === 'all' ? 'All ages (total only)' : AGE_BAND_LABELS[a]}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="govuk-grid-column-one-third">
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="gap-need">
                Need
              </label>
              <select className="govuk-select" id="gap-need" name="need" defaultValue={filter.need ?? ''}>
                <option value="">Any need</option>
                {NEEDS.map((n) => (
                  <option key={n} value={n}>
                    {n === 'all' ? 'All children (total only)' : NEED_LABELS[n]}
                  </option>
                ))}
              </select>
            </div>
          </div>
        </div>
      </fieldset>
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button" data-module="govuk-button">
          Apply filters
        </button>
        <Link className="govuk-link" href={`${action}?${new URLSearchParams({ la, period })}`} prefetch={false}>
          Clear filters
        </Link>
      </div>
    </form>
  );
}
