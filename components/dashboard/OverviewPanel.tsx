import { ChartFigure } from '@/components/charts/ChartFigure';
import type { Figure } from '@/lib/figures';
import { formatCell, formatDate } from '@/lib/format';
import { headlines } from '@/lib/metrics';
import { overviewTables, type OverviewView, type Series } from '@/lib/overview';
import { MIX_PROVISIONS } from '@/lib/metrics';
import { SETTING_PARTS } from '@/lib/template/codes';

export function OverviewPanel({
  council,
  period,
  figures,
  series,
}: {
  council: { code: string; name: string };
  period: string;
  figures: Figure[];
  series: Series;
}) {
  const tables = overviewTables(figures, series);
  const download = (view?: OverviewView) =>
    `/dashboard/download?${new URLSearchParams({ la: council.code, period, ...(view ? { view } : {}) })}`;
  const source = `${council.name} sufficiency figures (template v1), period ending ${formatDate(period)}.`;
  return (
    <>
      <h2 className="govuk-heading-l">Children placed on {formatDate(period)}</h2>
      <ul className="app-headlines" aria-label="Headline figures">
        {headlines(figures).map((h) => (
          <li key={h.id} className="app-headline" data-headline={h.id}>
            <span className="app-headline__value">{formatCell(h.count)}</span>
            <span className="app-headline__label">
              {h.label}
              {h.percent && ` (${formatCell(h.percent, 'percent')})`}
            </span>
          </li>
        ))}
      </ul>
      <p className="govuk-body app-no-print">
        <a className="govuk-link" href={download()} download>
          Download every figure for this period (CSV, sufficiency template format)
        </a>
      </p>
      <ChartFigure
        table={tables['placement-mix']}
        kind="stacked-bar"
        series={[...MIX_PROVISIONS]}
        omitRows={['all']}
        source={source}
        downloadHref={download('placement-mix')}
      />
      <ChartFigure
        table={tables['placement-trend']}
        kind="line"
        series={[...SETTING_PARTS]}
        source={`${council.name} sufficiency figures (template v1), every period loaded.`}
        downloadHref={download('placement-trend')}
      />
      <ChartFigure
        table={tables['demand-capacity']}
        kind="bar"
        series={['demand', 'places', 'places_vacant']}
        omitRows={['all']}
        source={source}
        downloadHref={download('demand-capacity')}
      />
      <ChartFigure
        table={tables['weekly-cost']}
        kind="bar"
        series={['in_house', 'private', 'voluntary']}
        source={source}
        downloadHref={download('weekly-cost')}
      />
    </>
  );
}
