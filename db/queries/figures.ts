import { withTotals, type Figure } from '../../lib/figures';
import type { Db } from '../client';
import type { FigureSource } from '../schema';

type Stored = Omit<Figure, 'derived'>;

export interface CouncilPeriods {
  code: string;
  name: string;
  regionName: string | null;
  periods: string[];
}

/**
 * Councils that have figures, each with the periods stored (newest first). With no source, every
 * source counts; the pages that read one source pass it.
 */
export function listCouncilsWithFigures(db: Db, source?: FigureSource): CouncilPeriods[] {
  const rows = db.$client
    .prepare(
      `SELECT DISTINCT c.code, c.name, c.region_name AS regionName, s.period_end AS periodEnd
       FROM figure_sets s JOIN councils c ON c.code = s.la_code
       WHERE s.is_current = 1 ${source ? 'AND s.source = ?' : ''} ORDER BY c.name, s.period_end DESC`,
    )
    .all(...(source ? [source] : [])) as { code: string; name: string; regionName: string | null; periodEnd: string }[];
  const out = new Map<string, CouncilPeriods>();
  for (const r of rows) {
    const c = out.get(r.code) ?? { code: r.code, name: r.name, regionName: r.regionName, periods: [] };
    c.periods.push(r.periodEnd);
    out.set(r.code, c);
  }
  return [...out.values()];
}

export function getCouncil(db: Db, code: string): { code: string; name: string; regionName: string | null } | undefined {
  return db.$client.prepare('SELECT code, name, region_name AS regionName FROM councils WHERE code = ?').get(code) as
    | { code: string; name: string; regionName: string | null }
    | undefined;
}

const FIGURES_OF_SET = `SELECT f.setting, f.provision, f.age_band AS ageBand, f.need, f.measure, f.value, f.symbol
  FROM figures f JOIN figure_sets s ON s.id = f.set_id`;

/** The sources a council has current figures from, template first. */
export function listSources(db: Db, laCode: string): FigureSource[] {
  const rows = db.$client
    .prepare('SELECT DISTINCT source FROM figure_sets WHERE la_code = ? AND is_current = 1')
    .all(laCode) as { source: FigureSource }[];
  const order: FigureSource[] = ['template', 'ssda903', 'ssda903_return'];
  return order.filter((o) => rows.some((r) => r.source === o));
}

/** The current stored figures of a council and period, with every derivable total. */
export function getFigures(db: Db, laCode: string, periodEnd: string, source: FigureSource = 'template'): Figure[] | null {
  const set = db.$client
    .prepare('SELECT id FROM figure_sets WHERE la_code = ? AND period_end = ? AND is_current = 1 AND source = ?')
    .get(laCode, periodEnd, source) as { id: number } | undefined;
  if (!set) return null;
  const rows = db.$client.prepare(`${FIGURES_OF_SET} WHERE s.id = ?`).all(set.id) as Stored[];
  return withTotals(rows);
}

/** The current figures of every period of a council, for trends. Only the slices asked for are read. */
export function listFigureSeries(
  db: Db,
  laCode: string,
  opts: { measures?: string[]; ageBand?: string; need?: string; source?: FigureSource } = {},
): { periodEnd: string; figures: Figure[] }[] {
  const where: string[] = ['s.la_code = ?', 's.is_current = 1', 's.source = ?'];
  const args: (string | number)[] = [laCode, opts.source ?? 'template'];
  if (opts.measures?.length) {
    where.push(`f.measure IN (${opts.measures.map(() => '?').join(', ')})`);
    args.push(...opts.measures);
  }
  if (opts.ageBand) {
    where.push('f.age_band = ?');
    args.push(opts.ageBand);
  }
  if (opts.need) {
    where.push('f.need = ?');
    args.push(opts.need);
  }
  const rows = db.$client
    .prepare(`${FIGURES_OF_SET.replace('SELECT', 'SELECT s.period_end AS periodEnd,')} WHERE ${where.join(' AND ')}`)
    .all(...args) as (Stored & { periodEnd: string })[];
  const byPeriod = new Map<string, Stored[]>();
  for (const { periodEnd, ...f } of rows) {
    const list = byPeriod.get(periodEnd) ?? [];
    list.push(f);
    byPeriod.set(periodEnd, list);
  }
  return [...byPeriod.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([periodEnd, list]) => ({ periodEnd, figures: withTotals(list) }));
}
