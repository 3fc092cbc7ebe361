import { RECRUITMENT_SETTINGS, RECRUITMENT_SETTING_LABELS, type RecruitmentSetting } from '@/lib/recruitment';

/**
 * Chooses the council and the fostering setting with a plain GET form, so the view lives in the
 * URL and works without JavaScript. Every loaded period is shown, so there is no period choice.
 * A question already asked (target, by) is carried along.
 */
export function FosteringPicker({
  councils,
  la,
  setting,
  carry,
}: {
  councils: { code: string; name: string }[];
  la: string;
  setting: RecruitmentSetting;
  carry: { target?: string; by?: string };
}) {
  return (
    <form method="get" action="/dashboard/fostering" className="app-no-print">
      {carry.target ? <input type="hidden" name="target" value={carry.target} /> : null}
      {carry.by ? <input type="hidden" name="by" value={carry.by} /> : null}
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
            <label className="govuk-label" htmlFor="setting">
              Foster carers
            </label>
            <select className="govuk-select" id="setting" name="setting" defaultValue={setting}>
              {RECRUITMENT_SETTINGS.map((s) => (
                <option key={s} value={s}>
                  {RECRUITMENT_SETTING_LABELS[s]}
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
