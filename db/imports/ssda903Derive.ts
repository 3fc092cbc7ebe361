import type Database from 'better-sqlite3';
import { YearAccumulator, type ChildFacts, type DerivedYear, type Episode, type Lookup, type SectorInfo } from '../../lib/ssda903/derive';
import { yearEndDate } from '../../lib/ssda903/codes';
import type { FigureSource } from '../schema';
import type { SuppliedSet } from './template';

/** A 31 March count of the combined view that differs from its return's own or from before the import. */
export interface DerivedChange {
  periodEnd: string;
  /** Children looked after at 31 March in that year's return alone (null when that return is not loaded). */
  ownReturn: number | null;
  /** The combined view's count before this import (null when there was none). */
  before: number | null;
  /** The combined view's count now. */
  after: number;
}

interface EpisodeRow {
  child: string;
  decom: string;
  dec: string | null;
  rne: string;
  ls: string;
  place: string;
  provider: string | null;
  rec: string | null;
  reason: string | null;
  homePost: string | null;
  plPost: string | null;
  urn: string | null;
  dob: string | null;
  isUasc: number;
  duc: string | null;
}

const EPISODE_FIELDS = `e.child, e.decom, e.dec, e.rne, e.ls, e.place, e.place_provider AS provider, e.rec,
  e.reason_place_change AS reason, e.home_post AS homePost, e.pl_post AS plPost, e.urn`;

/** The postcode-sector lookup, when one is loaded. */
export function loadLookup(sqlite: Database.Database): Lookup | null {
  const rows = sqlite.prepare('SELECT sector, latitude AS lat, longitude AS lon, la_code AS laCode FROM postcode_sectors').all() as (SectorInfo & { sector: string })[];
  if (rows.length === 0) return null;
  return { sectors: new Map(rows.map((r) => [r.sector, { lat: r.lat, lon: r.lon, laCode: r.laCode }])), hasCouncils: rows.some((r) => r.laCode !== null) };
}

/** Streams episodes grouped by child (the query orders by child) into the accumulators. */
function feed(rows: IterableIterator<EpisodeRow>, accs: YearAccumulator[]): void {
  let child: string | null = null;
  let facts: ChildFacts = { dob: null, uascUntil: null };
  let list: Episode[] = [];
  const flush = () => {
    if (child !== null) for (const a of accs) a.addChild(facts, list);
  };
  for (const r of rows) {
    if (r.child !== child) {
      flush();
      child = r.child;
      facts = { dob: r.dob, uascUntil: r.isUasc ? (r.duc ?? '') : null };
      list = [];
    }
    list.push({ decom: r.decom, dec: r.dec, rne: r.rne, ls: r.ls, place: r.place, provider: r.provider, rec: r.rec, reason: r.reason, homePost: r.homePost, plPost: r.plPost, urn: r.urn });
  }
  flush();
}

/** Each return's own view: the year it covers, from that return alone (what DfE publishes). */
export function deriveReturn(sqlite: Database.Database, returnId: number, yearEnd: number, laCode: string, lookup: Lookup | null): DerivedYear {
  const acc = new YearAccumulator(yearEnd, laCode, lookup);
  const rows = sqlite
    .prepare(
      `SELECT ${EPISODE_FIELDS}, c.dob, (u.child IS NOT NULL) AS isUasc, u.duc
       FROM ssda903_episodes e
       LEFT JOIN ssda903_children c ON c.return_id = e.return_id AND c.child = e.child
       LEFT JOIN ssda903_uasc u ON u.return_id = e.return_id AND u.child = e.child
       WHERE e.return_id = ? ORDER BY e.child, e.decom, e.row`,
    )
    .iterate(returnId) as IterableIterator<EpisodeRow>;
  feed(rows, [acc]);
  return acc.result();
}

/**
 * The combined view over a council's current returns: an episode is keyed by child and start
 * date and the latest return's version of it wins (all its rows with that key, should it have
 * several); a child's date of birth and UASC status come
 * from the latest return that lists them. One pass gives every year's figures.
 */
export function deriveCombined(sqlite: Database.Database, laCode: string, yearEnds: number[], lookup: Lookup | null): DerivedYear[] {
  const accs = yearEnds.map((y) => new YearAccumulator(y, laCode, lookup));
  const rows = sqlite
    .prepare(
      `WITH cur AS (SELECT id, year_end FROM ssda903_returns WHERE la_code = ? AND is_current = 1),
       ep AS (SELECT e.*, cur.year_end AS ye,
                dense_rank() OVER (PARTITION BY e.child, e.decom ORDER BY cur.year_end DESC) AS rn
              FROM ssda903_episodes e JOIN cur ON cur.id = e.return_id),
       kid AS (SELECT c.child, c.dob, row_number() OVER (PARTITION BY c.child ORDER BY cur.year_end DESC) AS rn
               FROM ssda903_children c JOIN cur ON cur.id = c.return_id),
       ua AS (SELECT u.child, u.duc, row_number() OVER (PARTITION BY u.child ORDER BY cur.year_end DESC) AS rn
              FROM ssda903_uasc u JOIN cur ON cur.id = u.return_id)
       SELECT ${EPISODE_FIELDS}, kid.dob, (ua.child IS NOT NULL) AS isUasc, ua.duc
       FROM ep e
       LEFT JOIN kid ON kid.child = e.child AND kid.rn = 1
       LEFT JOIN ua ON ua.child = e.child AND ua.rn = 1
       WHERE e.rn = 1 ORDER BY e.child, e.decom, e.ye, e.row`,
    )
    .iterate(laCode) as IterableIterator<EpisodeRow>;
  feed(rows, accs);
  return accs.map((a) => a.result());
}

const FIGURE_KEY = (f: { measure: string; setting: string; provision: string; ageBand: string; need: string }) =>
  `${f.measure}|${f.setting}|${f.provision}|${f.ageBand}|${f.need}`;

/** Stores a derived year as a new version of the (council, 31 March, source) figure set when it changed. */
function storeDerived(sqlite: Database.Database, laCode: string, source: FigureSource, importId: number, d: DerivedYear): SuppliedSet {
  const periodEnd = yearEndDate(d.yearEnd);
  const current = sqlite
    .prepare('SELECT id, version FROM figure_sets WHERE la_code = ? AND period_end = ? AND source = ? AND is_current = 1')
    .get(laCode, periodEnd, source) as { id: number; version: number } | undefined;
  if (current) {
    const old = sqlite
      .prepare('SELECT measure, setting, provision, age_band AS ageBand, need, value, symbol FROM figures WHERE set_id = ?')
      .all(current.id) as { measure: string; setting: string; provision: string; ageBand: string; need: string; value: number | null; symbol: string | null }[];
    const oldBreakdowns = sqlite.prepare('SELECT measure, category, value FROM figure_breakdowns WHERE set_id = ?').all(current.id) as { measure: string; category: string; value: number }[];
    const m = new Map(old.map((f) => [FIGURE_KEY(f), f]));
    const sameFigures = old.length === d.figures.length && d.figures.every((f) => {
      const o = m.get(FIGURE_KEY(f));
      return o !== undefined && o.value === f.value && o.symbol === f.symbol;
    });
    const newBreakdowns = Object.entries(d.breakdowns).flatMap(([measure, cats]) => Object.entries(cats).map(([category, value]) => ({ measure, category, value })));
    const sameBreakdowns = newBreakdowns.length === oldBreakdowns.length && newBreakdowns.every((b) => oldBreakdowns.some((o) => o.measure === b.measure && o.category === b.category && o.value === b.value));
    if (sameFigures && sameBreakdowns) return { laCode, periodEnd, rows: d.figures.length, outcome: 'unchanged', version: current.version, replacedVersion: null };
  }
  const version = ((sqlite.prepare('SELECT coalesce(max(version), 0) AS v FROM figure_sets WHERE la_code = ? AND period_end = ? AND source = ?').get(laCode, periodEnd, source) as { v: number }).v) + 1;
  if (current) sqlite.prepare('UPDATE figure_sets SET is_current = 0 WHERE id = ?').run(current.id);
  const setId = Number(
    sqlite
      .prepare(
        `INSERT INTO figure_sets (la_code, period_end, version, import_id, row_count, is_current, replaces_set_id, created_at, source)
         VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)`,
      )
      .run(laCode, periodEnd, version, importId, d.figures.length, current?.id ?? null, new Date().toISOString(), source).lastInsertRowid,
  );
  const insert = sqlite.prepare('INSERT INTO figures (set_id, measure, setting, provision, age_band, need, value, symbol) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  for (const f of d.figures) insert.run(setId, f.measure, f.setting, f.provision, f.ageBand, f.need, f.value, f.symbol);
  const breakdown = sqlite.prepare('INSERT INTO figure_breakdowns (set_id, measure, category, value) VALUES (?, ?, ?, ?)');
  for (const [measure, cats] of Object.entries(d.breakdowns)) for (const [category, value] of Object.entries(cats)) breakdown.run(setId, measure, category, value);
  return { laCode, periodEnd, rows: d.figures.length, outcome: current ? 'replaced' : 'new', version, replacedVersion: current?.version ?? null };
}

const stockOf = (d: DerivedYear) =>
  d.figures.find((f) => f.measure === 'children_placed' && f.setting === 'all' && f.provision === 'all' && f.ageBand === 'all' && f.need === 'all')?.value ?? 0;

/**
 * Re-derives a council's figures after its returns changed: each changed return's own view
 * (`yearEnds`, or every current return when null), then the combined view for every year its
 * current returns cover. Runs inside the caller's transaction.
 */
export function deriveCouncil(
  sqlite: Database.Database,
  laCode: string,
  importId: number,
  yearEnds: number[] | null,
): { supplied: (SuppliedSet & { source: FigureSource })[]; changes: DerivedChange[] } {
  const lookup = loadLookup(sqlite);
  const current = sqlite
    .prepare('SELECT id, year_end AS yearEnd FROM ssda903_returns WHERE la_code = ? AND is_current = 1 ORDER BY year_end')
    .all(laCode) as { id: number; yearEnd: number }[];
  const supplied: (SuppliedSet & { source: FigureSource })[] = [];
  const own = new Map<number, DerivedYear>();
  for (const r of current) {
    if (yearEnds && !yearEnds.includes(r.yearEnd)) continue;
    const d = deriveReturn(sqlite, r.id, r.yearEnd, laCode, lookup);
    own.set(r.yearEnd, d);
    supplied.push({ ...storeDerived(sqlite, laCode, 'ssda903_return', importId, d), source: 'ssda903_return' });
  }
  const stocks = (source: FigureSource) =>
    new Map(
      (
        sqlite
          .prepare(
            `SELECT s.period_end AS periodEnd, f.value FROM figure_sets s JOIN figures f ON f.set_id = s.id
             WHERE s.la_code = ? AND s.source = ? AND s.is_current = 1 AND f.measure = 'children_placed'
               AND f.setting = 'all' AND f.provision = 'all' AND f.age_band = 'all' AND f.need = 'all'`,
          )
          .all(laCode, source) as { periodEnd: string; value: number }[]
      ).map((r) => [r.periodEnd, r.value]),
    );
  const before = stocks('ssda903');
  const ownStock = stocks('ssda903_return');
  const changes: DerivedChange[] = [];
  if (current.length > 0) {
    const first = current[0]!.yearEnd;
    const last = current[current.length - 1]!.yearEnd;
    const years = Array.from({ length: last - first + 1 }, (_, i) => first + i);
    // With one return the combined view is that return's own: no second pass over the episodes.
    const combined = current.length === 1 && own.has(first) ? [own.get(first)!] : deriveCombined(sqlite, laCode, years, lookup);
    for (const d of combined) {
      supplied.push({ ...storeDerived(sqlite, laCode, 'ssda903', importId, d), source: 'ssda903' });
      const periodEnd = yearEndDate(d.yearEnd);
      const after = stockOf(d);
      const was = before.get(periodEnd) ?? null;
      const ownReturn = ownStock.get(periodEnd) ?? null;
      if ((was !== null && was !== after) || (ownReturn !== null && ownReturn !== after)) changes.push({ periodEnd, ownReturn, before: was, after });
    }
  }
  return { supplied, changes };
}

/** Re-derives every council with returns (after the postcode lookup changes). */
export function deriveAll(sqlite: Database.Database, importId: number): void {
  const las = sqlite.prepare('SELECT DISTINCT la_code AS la FROM ssda903_returns WHERE is_current = 1').all() as { la: string }[];
  for (const { la } of las) deriveCouncil(sqlite, la, importId, null);
}
