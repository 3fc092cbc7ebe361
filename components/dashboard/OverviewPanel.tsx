import { ChartFigure } from '@/components/charts/ChartFigure';
import type { Figure } from '@/lib/figures';
import { formatCell, formatDate } from '@/lib/format';
import { headlines } from '@/lib/metrics';
import { overviewTables, type OverviewView, type Series } from '@/lib/overview';
import { MIX_PROVISIONS } from '@/lib/metrics';
import { SETTING_PARTS } from '@/lib/template/codes';
import type { FigureSource } from '@/db/schema';
import { SOURCE_DESCRIPTIONS, SOURCE_LABELS } from '@/lib/sources';
import { DataQualityNotes } from '@/components/children/DataQualityNotes';

export function OverviewPanel({
  council,
  period,
  figures,
  series,
  source: from = 'template',
  findings = null,
}: {
  council: { code: string; name: string };
  period: string;
  figures: readonly Figure[];
  series: Series;
  source?: FigureSource;
  /** For SSDA903 figures: the reported findings of the returns behind them. */
  findings?: Record<string, number>[] | null;
}) {
  const tables = overviewTables(figures, series);
  const download = (view?: OverviewView) =>
    `/dashboard/download?${new URLSearchParams({ la: council.code, period, ...(from === 'template' ? {} : { source: from }), ...(view ? { view } : {}) })}`;
  const what = from === 'template' ? 'sufficiency figures (template v1)' : SOURCE_DESCRIPTIONS[from];
  const source = `${council.name}, ${what}, period ending ${formatDate(period)}.`;
  return (
    <>
      <h2 className="govuk-heading-l">Children placed on {formatDate(period)}</h2>
      {from !== 'template' && (
        <div className="govuk-inset-text">
          <p className="govuk-body">
            These figures are derived from the council&apos;s SSDA903 returns ({SOURCE_LABELS[from]}). The return holds no
            capacity, vacancies, referrals or costs: those show as not available (x).
          </p>
          {findings && <DataQualityNotes findings={findings} dataQuality={undefined} />}
        </div>
      )}
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
        tableHref={`${download('placement-mix')}&format=table`}
      />
      <ChartFigure
        table={tables['placement-trend']}
        kind="line"
        series={[...SETTING_PARTS]}
        source={`${council.name}, ${what}, every period loaded.`}
        downloadHref={download('placement-trend')}
        tableHref={`${download('placement-trend')}&format=table`}
      />
      <ChartFigure
        table={tables['demand-capacity']}
        kind="bar"
        series={['demand', 'places', 'places_vacant']}
        omitRows={['all']}
        source={source}
        downloadHref={download('demand-capacity')}
        tableHref={`${download('demand-capacity')}&format=table`}
      />
      <ChartFigure
        table={tables['weekly-cost']}
        kind="bar"
        series={['in_house', 'private', 'voluntary']}
        source={source}
        downloadHref={download('weekly-cost')}
        tableHref={`${download('weekly-cost')}&format=table`}
      />
    </>
  );
}
