import { cached } from '../cache';
import { registerStamp } from './market';
import type { Db } from '../client';
import type { FigureSource } from '../schema';
import { getFigures, listCouncilsWithFigures, listFigureSeries, type CouncilPeriods, type FigureSeries } from './figures';
import { chooseSource } from '../../lib/sources';
import type { Figure } from '../../lib/figures';

export interface ReturnSummary {
  yearEnd: number;
  version: number;
  children: number;
  episodes: number;
  uascRows: number;
  importId: number;
  createdAt: string;
  files: string[];
  findings: Record<string, number>;
}

/** A council's current SSDA903 returns, oldest first. */
export function listReturns(db: Db, laCode: string): ReturnSummary[] {
  const rows = db.$client
    .prepare(
      `SELECT year_end AS yearEnd, version, children, episodes, uasc_rows AS uascRows, import_id AS importId,
         created_at AS createdAt, files, findings
       FROM ssda903_returns WHERE la_code = ? AND is_current = 1 ORDER BY year_end`,
    )
    .all(laCode) as (Omit<ReturnSummary, 'files' | 'findings'> & { files: string; findings: string })[];
  return rows.map((r) => ({
    ...r,
    files: (JSON.parse(r.files) as { files: string[] }).files,
    findings: JSON.parse(r.findings) as Record<string, number>,
  }));
}

/** The breakdowns stored with a derived figure set: measure -> category -> count. */
export function getBreakdowns(db: Db, laCode: string, periodEnd: string, source: FigureSource): Readonly<Record<string, Readonly<Record<string, number>>>> | null {
  const set = db.$client
    .prepare('SELECT id FROM figure_sets WHERE la_code = ? AND period_end = ? AND source = ? AND is_current = 1')
    .get(laCode, periodEnd, source) as { id: number } | undefined;
  if (!set) return null;
  // A set's breakdowns never change (a re-derivation makes a new set): kept between requests.
  return cached(
    db.$client,
    `breakdowns:${set.id}`,
    () => {
      const out: Record<string, Record<string, number>> = {};
      for (const r of db.$client.prepare('SELECT measure, category, value FROM figure_breakdowns WHERE set_id = ?').all(set.id) as { measure: string; category: string; value: number }[]) {
        (out[r.measure] ??= {})[r.category] = r.value;
      }
      for (const m of Object.values(out)) Object.freeze(m);
      return Object.freeze(out);
    },
    (v) => Object.values(v).reduce((n, m) => n + Object.keys(m).length, 0),
  );
}


export type Ssda903Source = Extract<FigureSource, 'ssda903' | 'ssda903_return'>;

export interface ChildrenView {
  councils: readonly CouncilPeriods[];
  la: string;
  council: CouncilPeriods | undefined;
  period: string;
  source: Ssda903Source;
  figures: readonly Figure[] | null;
  series: FigureSeries;
  breakdowns: Readonly<Record<string, Readonly<Record<string, number>>>> | null;
  returns: ReturnSummary[];
}

/** What every SSDA903 page reads for a council, period and view chosen in its URL. */
export function loadChildrenView(db: Db, params: { la?: string; period?: string; source?: string }): ChildrenView {
  const councils = listCouncilsWithFigures(db, 'ssda903');
  const la = (params.la ?? councils[0]?.code ?? '').toUpperCase();
  const council = councils.find((c) => c.code === la);
  const period = params.period ?? council?.periods[0] ?? '';
  const source = (chooseSource(['ssda903', 'ssda903_return'], params.source) ?? 'ssda903') as Ssda903Source;
  return {
    councils,
    la,
    council,
    period,
    source,
    figures: council ? getFigures(db, la, period, source) : null,
    series: council ? listFigureSeries(db, la, { source, need: 'all' }) : [],
    breakdowns: council ? getBreakdowns(db, la, period, source) : null,
    returns: council ? listReturns(db, la) : [],
  };
}

/** Places and sector of registered homes by URN, from the latest Ofsted register loaded (one read of it). */
export function registerByUrn(db: Db, urns: readonly string[]): Map<string, { places: number | null; sector: string | null; localAuthority: string | null }> {
  const out = new Map<string, { places: number | null; sector: string | null; localAuthority: string | null }>();
  if (urns.length === 0) return out;
  const latest = registerStamp(db);
  if (!latest) return out;
  // The whole register of that date, kept until a register is loaded or removed.
  const register = cached(
    db.$client,
    `register:${latest.key}`,
    () => {
      const all = new Map<string, { places: number | null; sector: string | null; localAuthority: string | null }>();
      for (const r of db.$client.prepare('SELECT urn, places, sector, local_authority AS localAuthority FROM ofsted_providers WHERE as_at = ?').iterate(latest.asAt) as IterableIterator<{ urn: string; places: number | null; sector: string | null; localAuthority: string | null }>) {
        all.set(r.urn, Object.freeze({ places: r.places, sector: r.sector, localAuthority: r.localAuthority }));
      }
      return all;
    },
    (m) => m.size,
  );
  for (const urn of urns) {
    const hit = register.get(urn);
    if (hit) out.set(urn, hit);
  }
  return out;
}
