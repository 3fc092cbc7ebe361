import { withTotals, type Figure } from '../../lib/figures';
import { cached } from '../cache';
import type { Db } from '../client';
import type { FigureSource } from '../schema';

type Stored = Omit<Figure, 'derived'>;

export interface CouncilPeriods {
  code: string;
  name: string;
  regionName: string | null;
  periods: readonly string[];
}

/**
 * A stamp of every figure set stored and which are current: any import adds a set (a new id, a
 * new count) and any rollback moves is_current (the sum of current ids). A scan of the sets table
 * only (1,500 rows at national scale, 0.15 ms), where the list below joins and sorts (4 ms).
 */
function setsStamp(db: Db): string {
  const r = db.$client.prepare('SELECT count(*) AS n, max(id) AS m, total(id * is_current) AS c FROM figure_sets').get() as { n: number; m: number | null; c: number };
  return `${r.n}:${r.m ?? 0}:${r.c}`;
}

/**
 * Councils that have figures, each with the periods stored (newest first). With no source, every
 * source counts; the pages that read one source pass it. Every dashboard page asks (the council
 * picker): kept until the sets change.
 */
export function listCouncilsWithFigures(db: Db, source?: FigureSource): readonly CouncilPeriods[] {
  return cached(db.$client, `councils:${source ?? '*'}:${setsStamp(db)}`, () => readCouncilsWithFigures(db, source), (v) => v.length);
}

function readCouncilsWithFigures(db: Db, source?: FigureSource): readonly CouncilPeriods[] {
  const rows = db.$client
    .prepare(
      `SELECT DISTINCT c.code, c.name, c.region_name AS regionName, s.period_end AS periodEnd
       FROM figure_sets s JOIN councils c ON c.code = s.la_code
       WHERE s.is_current = 1 ${source ? 'AND s.source = ?' : ''} ORDER BY c.name, s.period_end DESC`,
    )
    .all(...(source ? [source] : [])) as { code: string; name: string; regionName: string | null; periodEnd: string }[];
  const out = new Map<string, { code: string; name: string; regionName: string | null; periods: string[] }>();
  for (const r of rows) {
    const c = out.get(r.code) ?? { code: r.code, name: r.name, regionName: r.regionName, periods: [] };
    c.periods.push(r.periodEnd);
    out.set(r.code, c);
  }
  // Frozen: kept between requests, so no caller may change it.
  return Object.freeze([...out.values()].map((c) => Object.freeze({ ...c, periods: Object.freeze(c.periods) })));
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

/**
 * Figures are frozen: they are kept between requests (db/cache.ts), so a caller that sorted or
 * changed them in place would change every later page. Sort a copy.
 */
function freeze(figures: Figure[]): readonly Figure[] {
  for (const f of figures) Object.freeze(f);
  return Object.freeze(figures);
}

// SQLite gives every row its own copy of each code ("fostering", "in_house", ...): kept figures
// share one copy of each instead, which makes a kept figure about a quarter smaller.
const codes = new Map<string, string>();
function intern(s: string): string {
  const hit = codes.get(s);
  if (hit !== undefined) return hit;
  if (codes.size < 1000) codes.set(s, s); // the code lists hold a few dozen; never grows without end
  return s;
}
function internCodes<T extends Stored>(rows: T[]): T[] {
  for (const r of rows) {
    r.setting = intern(r.setting) as Stored['setting'];
    r.provision = intern(r.provision) as Stored['provision'];
    r.ageBand = intern(r.ageBand) as Stored['ageBand'];
    r.need = intern(r.need) as Stored['need'];
    r.measure = intern(r.measure) as Stored['measure'];
  }
  return rows;
}

/** The stored figures of one set with every derivable total; a set never changes once stored. */
function setFigures(db: Db, setId: number): readonly Figure[] {
  return cached(
    db.$client,
    `figures:${setId}`,
    () => freeze(withTotals(internCodes(db.$client.prepare(`${FIGURES_OF_SET} WHERE s.id = ?`).all(setId) as Stored[]))),
    (v) => v.length,
  );
}

/** The current stored figures of a council and period, with every derivable total. */
export function getFigures(db: Db, laCode: string, periodEnd: string, source: FigureSource = 'template'): readonly Figure[] | null {
  const set = db.$client
    .prepare('SELECT id FROM figure_sets WHERE la_code = ? AND period_end = ? AND is_current = 1 AND source = ?')
    .get(laCode, periodEnd, source) as { id: number } | undefined;
  if (!set) return null;
  return setFigures(db, set.id);
}

export type FigureSeries = readonly { periodEnd: string; figures: readonly Figure[] }[];

/**
 * The current figures of every period of a council, for trends. Only the slices asked for are
 * read (totals are derived within the slice). Kept between requests under the ids of the sets
 * read, so the next import or rollback (new current sets) is read afresh.
 */
export function listFigureSeries(
  db: Db,
  laCode: string,
  opts: { measures?: string[]; ageBand?: string; need?: string; source?: FigureSource } = {},
): FigureSeries {
  const sets = db.$client
    .prepare('SELECT id, period_end AS periodEnd FROM figure_sets WHERE la_code = ? AND is_current = 1 AND source = ? ORDER BY period_end')
    .all(laCode, opts.source ?? 'template') as { id: number; periodEnd: string }[];
  if (sets.length === 0) return [];
  if (!opts.measures?.length && !opts.ageBand && !opts.need) {
    // Every figure of every period: the very lists getFigures keeps for each set, not a second copy.
    return Object.freeze(sets.map((s) => Object.freeze({ periodEnd: s.periodEnd, figures: setFigures(db, s.id) })));
  }
  const ids = sets.map((s) => s.id).sort((a, b) => a - b);
  const key = `series:${ids.join(',')}|${opts.measures?.join(',') ?? '*'}|${opts.ageBand ?? '*'}|${opts.need ?? '*'}`;
  return cached(db.$client, key, () => readSeries(db, ids, opts), (v) => v.reduce((n, p) => n + p.figures.length, 0));
}

function readSeries(db: Db, setIds: number[], opts: { measures?: string[]; ageBand?: string; need?: string }): FigureSeries {
  // By set id, not is_current: the figures are those of the sets named in the cache key.
  const where: string[] = [`s.id IN (${setIds.map(() => '?').join(', ')})`];
  const args: (string | number)[] = [...setIds];
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
  const rows = internCodes(
    db.$client
      .prepare(`${FIGURES_OF_SET.replace('SELECT', 'SELECT s.period_end AS periodEnd,')} WHERE ${where.join(' AND ')}`)
      .all(...args) as (Stored & { periodEnd: string })[],
  );
  const byPeriod = new Map<string, Stored[]>();
  for (const { periodEnd, ...f } of rows) {
    const list = byPeriod.get(periodEnd) ?? [];
    list.push(f);
    byPeriod.set(periodEnd, list);
  }
  return Object.freeze(
    [...byPeriod.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([periodEnd, list]) => Object.freeze({ periodEnd, figures: freeze(withTotals(list)) })),
  );
}
