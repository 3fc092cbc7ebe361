import { ChartFigure } from '@/components/charts/ChartFigure';
import type { RecruitmentSetting, RecruitmentView } from '@/lib/recruitment';
import type { DataTable } from '@/lib/tables';

/** The two figures of the recruitment view: the funnel each year and the households over time. */
export function RecruitmentFigures({
  council,
  setting,
  tables,
}: {
  council: { code: string; name: string };
  setting: RecruitmentSetting;
  tables: Record<RecruitmentView, DataTable>;
}) {
  const download = (view: RecruitmentView) =>
    `/dashboard/fostering/download?${new URLSearchParams({ la: council.code, setting, view })}`;
  const source = `${council.name} sufficiency figures (template v1): in-house fostering recruitment measures, every period loaded.`;
  return (
    <>
      <ChartFigure
        table={tables.funnel}
        kind="bar"
        series={['enquiries', 'applications', 'approved']}
        source={source}
        downloadHref={download('funnel')}
      />
      <ChartFigure
        table={tables.households}
        kind="line"
        series={['households', 'approved', 'deregistered']}
        source={source}
        downloadHref={download('households')}
      />
    </>
  );
}
