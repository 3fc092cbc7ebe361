import { ChartFigure } from '@/components/charts/ChartFigure';
import type { Figure } from '@/lib/figures';
import { formatDate } from '@/lib/format';
import { placementTrend, weeklyCost } from '@/lib/metrics';
import type { Series } from '@/lib/overview';
import { SETTING_PARTS } from '@/lib/template/codes';

/** The placement mix over time and the cost of a placement by setting and provision. */
export function DirectorCharts({
  council,
  period,
  figures,
  series,
}: {
  council: { code: string; name: string };
  period: string;
  figures: readonly Figure[];
  series: Series;
}) {
  const download = (view: 'placement-trend' | 'weekly-cost') =>
    `/dashboard/download?${new URLSearchParams({ la: council.code, period, view })}`;
  const costs = weeklyCost(figures);
  // Every kind of provider with a cost recorded (another council's secure places too), not a fixed three.
  const costSeries = costs.columns.filter((c) => c.key !== 'all' && costs.rows.some((r) => r.cells[c.key]?.value != null)).map((c) => c.key);
  return (
    <>
      <h2 className="govuk-heading-l">Placement mix over time</h2>
      <ChartFigure
        table={placementTrend(series)}
        kind="line"
        series={[...SETTING_PARTS]}
        source={`${council.name} sufficiency figures (template v1), every period loaded.`}
        downloadHref={download('placement-trend')}
        tableHref={`${download('placement-trend')}&format=table`}
      />
      <h2 className="govuk-heading-l">Cost of a placement</h2>
      <ChartFigure
        table={costs}
        kind="bar"
        series={costSeries}
        source={`${council.name} sufficiency figures (template v1), period ending ${formatDate(period)}.`}
        downloadHref={download('weekly-cost')}
        tableHref={`${download('weekly-cost')}&format=table`}
      />
    </>
  );
}
