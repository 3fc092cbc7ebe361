import { withDb } from '@/db/run';
import { getCouncil, listFigureSeries } from '@/db/queries/figures';
import { requireApi } from '@/db/session';
import { figureKey } from '@/lib/figures';
import {
  RECRUITMENT_SETTINGS,
  RECRUITMENT_VIEWS,
  isRecruitmentSetting,
  recruitmentKeys,
  type RecruitmentView,
} from '@/lib/recruitment';
import { RECRUITMENT_MEASURES } from '@/lib/template/codes';
import { templateCsv, toTemplateRecords } from '@/lib/template/export';
import { textProblem as problem, csvAttachment } from '@/lib/http';

export const dynamic = 'force-dynamic';

/**
 * GET /dashboard/fostering/download?la=CODE[&setting=fostering|kinship_fostering|all][&view=funnel|households]
 * The foster carer recruitment figures of a council, every period, as a template CSV: the
 * in-house recruitment measures of the setting asked for (both fostering settings by default).
 */
export async function GET(request: Request) {
  const user = await requireApi(request, 'view');
  if (user instanceof Response) return user;
  const url = new URL(request.url);
  const la = (url.searchParams.get('la') ?? '').toUpperCase();
  const setting = url.searchParams.get('setting') ?? 'all';
  const view = url.searchParams.get('view');
  if (!/^E\d{8}$/.test(la)) return problem(400, 'la must be an ONS council code, e.g. E06000004');
  if (!isRecruitmentSetting(setting)) return problem(400, `setting must be one of ${RECRUITMENT_SETTINGS.join(', ')}`);
  if (view !== null && !RECRUITMENT_VIEWS.includes(view as RecruitmentView)) {
    return problem(400, `view must be one of ${RECRUITMENT_VIEWS.join(', ')}`);
  }
  const council = withDb(getCouncil, la);
  if (!council) return problem(404, `No figures are stored for ${la}`);
  const wanted = new Set(recruitmentKeys(setting, (view ?? undefined) as RecruitmentView | undefined).map(figureKey));
  const series = withDb(listFigureSeries, la, { measures: [...RECRUITMENT_MEASURES], ageBand: 'all', need: 'all' });
  const records = series.flatMap(({ periodEnd, figures }) =>
    toTemplateRecords(
      council,
      periodEnd,
      figures.filter((f) => wanted.has(figureKey(f))),
    ),
  );
  if (records.length === 0) return problem(404, `No foster carer recruitment figures are stored for ${la}`);
  const name = `fostering_recruitment_${la}${setting === 'all' ? '' : `_${setting}`}${view ? `_${view}` : ''}.csv`;
  return csvAttachment(templateCsv(records), `${name}`);
}
