import { BENCHMARK_MEASURES } from '@/lib/benchmarks';

/**
 * Chooses the council and the measure with a plain GET form, so the choice lives in the URL
 * (a link reproduces the view) and works without JavaScript.
 */
export function BenchmarkPicker({
  councils,
  la,
  measure,
}: {
  councils: { code: string; name: string }[];
  la: string;
  measure: string;
}) {
  return (
    <form method="get" action="/dashboard/benchmarks" className="app-no-print">
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
            <label className="govuk-label" htmlFor="measure">
              Measure
            </label>
            <select className="govuk-select" id="measure" name="measure" defaultValue={measure}>
              <option value="all">All measures</option>
              {BENCHMARK_MEASURES.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="govuk-grid-column-one-third">
          <button type="submit" className="govuk-button govuk-!-margin-top-6" data-module="govuk-button">
            Show benchmarks
          </button>
        </div>
      </div>
    </form>
  );
}
