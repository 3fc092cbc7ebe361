import { CHARACTERISTICS_DATASET } from '../../lib/benchmarks';
import { canonicalFilters } from '../../lib/ees';
import { ro3YearEnd } from '../../lib/ro3';
import { SPEND_MEASURES, spendReport, type SpendCouncil, type SpendFigure, type SpendReport } from '../../lib/spend';
import type { Db } from '../client';
import { getDatasetSource } from './benchmarks';

/** The EES rows holding every child looked after at 31 March: the placement breakdown's total. */
export const CHILDREN_FILTERS = canonicalFilters([
  ['cla_group', 'Placement'],
  ['characteristic', 'Total'],
]);

/** The financial years of stored RO3 spend, latest first. */
export function listRo3Years(db: Db): string[] {
  return (db.$client.prepare('SELECT DISTINCT year FROM ro3_spend ORDER BY year DESC').all() as { year: string }[]).map((r) => r.year);
}

export function hasRo3Spend(db: Db): boolean {
  return Boolean(db.$client.prepare('SELECT 1 FROM ro3_spend LIMIT 1').get());
}

/** Children looked after at 31 March of a year, by council (local authority rows only). */
function childrenAt(db: Db, endYear: number): Map<string, SpendFigure> {
  const rows = db.$client
    .prepare(
      `SELECT area_code AS code, value, symbol FROM ees_values
       WHERE dataset = ? AND time_period = ? AND geographic_level = 'Local authority' AND filters = ? AND indicator = 'number'`,
    )
    .all(CHARACTERISTICS_DATASET, endYear, CHILDREN_FILTERS) as { code: string; value: number | null; symbol: string | null }[];
  return new Map(rows.map((r) => [r.code, { value: r.value, symbol: r.symbol }]));
}

export interface CouncilSpend {
  report: SpendReport;
  /** Both sources, as the figure's source line gives them. */
  source: string;
  years: string[];
}

/**
 * A council's spend per child looked after in a year (default: the latest year of stored RO3
 * spend whose children looked after are stored too, else the latest), against the comparator
 * codes given, its region and England. Null when no RO3 spend is stored or the council is unknown.
 */
export function getCouncilSpend(db: Db, la: string, comparators: readonly string[], year?: string | null): CouncilSpend | null {
  const years = listRo3Years(db);
  if (years.length === 0) return null;
  let chosen: string | undefined;
  let children = new Map<string, SpendFigure>();
  if (year) {
    if (!years.includes(year)) return null;
    chosen = year;
    children = childrenAt(db, ro3YearEnd(year));
  } else {
    for (const y of years) {
      children = childrenAt(db, ro3YearEnd(y));
      if (children.size > 0) {
        chosen = y;
        break;
      }
    }
    if (!chosen) chosen = years[0]!;
  }
  const councils = db.$client
    .prepare('SELECT code, name, region_code AS regionCode, region_name AS regionName FROM councils ORDER BY code')
    .all() as SpendCouncil[];
  const fields = SPEND_MEASURES.map((m) => m.field);
  const rows = db.$client
    .prepare(
      `SELECT la_code AS code, field, value_thousands AS value, symbol FROM ro3_spend
       WHERE year = ? AND field IN (${fields.map(() => '?').join(', ')})`,
    )
    .all(chosen, ...fields) as { code: string; field: string; value: number | null; symbol: string | null }[];
  const spend = new Map<string, Map<string, SpendFigure>>();
  for (const r of rows) {
    if (!spend.has(r.code)) spend.set(r.code, new Map());
    spend.get(r.code)!.set(r.field, { value: r.value, symbol: r.symbol });
  }
  const report = spendReport(la, comparators, { year: chosen, councils, spend, children });
  if (!report) return null;
  return { report, source: spendSource(db, chosen), years };
}

/** Where the figures came from: the RO3 import of the year and the EES dataset of the children. */
function spendSource(db: Db, year: string): string {
  const ro3 = db.$client
    .prepare(
      `SELECT i.id AS importId, i.file_name AS fileName FROM imports i
       WHERE i.id = (SELECT import_id FROM ro3_spend WHERE year = ? ORDER BY id DESC LIMIT 1)`,
    )
    .get(year) as { importId: number; fileName: string } | undefined;
  const ees = getDatasetSource(db, CHARACTERISTICS_DATASET);
  return (
    `Ministry of Housing, Communities and Local Government, Local authority revenue expenditure and financing: revenue outturn RO3 ${year} ` +
    `(${ro3 ? `${ro3.fileName}, import #${ro3.importId}` : 'RO3'}); Department for Education, Children looked after in England including adoptions, ` +
    `Explore Education Statistics open data (${ees ? `${ees.fileName}, import #${ees.importId}` : CHARACTERISTICS_DATASET})`
  );
}
