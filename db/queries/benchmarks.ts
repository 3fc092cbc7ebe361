import {
  BENCHMARK_MEASURES,
  CHARACTERISTICS_DATASET,
  RATE_DATASET,
  benchmarkTable,
  benchmarkYears,
  defaultComparators,
  type AreaValue,
  type BenchmarkMeasure,
  type BenchmarkMeasureId,
  type DefaultComparators,
  type MeasureData,
} from '../../lib/benchmarks';
import type { DataTable } from '../../lib/tables';
import { recordAudit } from '../audit';
import { cached } from '../cache';
import type { Db } from '../client';

export interface EesCouncil {
  code: string;
  name: string;
  regionCode: string | null;
  regionName: string | null;
}

/** Councils (of the councils table) with figures in either benchmark dataset, by name. */
export function listEesCouncils(db: Db): EesCouncil[] {
  return db.$client
    .prepare(
      `SELECT c.code, c.name, c.region_code AS regionCode, c.region_name AS regionName FROM councils c
       WHERE EXISTS (SELECT 1 FROM ees_values v WHERE v.area_code = c.code AND v.dataset IN (?, ?))
       ORDER BY c.name`,
    )
    .all(CHARACTERISTICS_DATASET, RATE_DATASET) as EesCouncil[];
}

/** Every council's code and name (to check a comparator list against). */
export function listCouncilNames(db: Db): Map<string, string> {
  const rows = db.$client.prepare('SELECT code, name FROM councils ORDER BY name').all() as { code: string; name: string }[];
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** The stored figures of the measures (every area, every year), read through the dataset index. */
/**
 * The figures change only when an EES file is imported, so they are kept per database and
 * measure until the latest EES import changes (a benchmark showed re-reading them was ~95% of a
 * page's time).
 */
const measureCache = new WeakMap<Db, { stamp: string; data: Map<string, MeasureData> }>();

export function listMeasureData(
  db: Db,
  measures: readonly BenchmarkMeasure[] = BENCHMARK_MEASURES,
): Map<BenchmarkMeasureId, MeasureData> {
  const stamp = eesStamp(db);
  let cached = measureCache.get(db);
  if (!cached || cached.stamp !== stamp) {
    cached = { stamp, data: new Map() };
    measureCache.set(db, cached);
  }
  const missing = measures.filter((m) => !cached.data.has(m.id));
  if (missing.length > 0) {
    for (const [id, d] of readMeasureData(db, missing)) cached.data.set(id, d);
  }
  return new Map(measures.map((m) => [m.id, cached.data.get(m.id)!]));
}

function readMeasureData(db: Db, measures: readonly BenchmarkMeasure[]): Map<BenchmarkMeasureId, MeasureData> {
  const stmt = db.$client.prepare(
    `SELECT indicator, time_period AS timePeriod, geographic_level AS level, area_code AS areaCode, area_name AS areaName,
            region_code AS regionCode, value, symbol
     FROM ees_values WHERE dataset = ? AND indicator IN (?, ?) AND filters = ?`,
  );
  const out = new Map<BenchmarkMeasureId, MeasureData>();
  for (const m of measures) {
    const rows = stmt.all(m.dataset, m.indicator, m.countIndicator, m.filters) as (AreaValue & { indicator: string })[];
    out.set(m.id, {
      measure: m,
      values: rows.filter((r) => r.indicator === m.indicator),
      counts: rows.filter((r) => r.indicator === m.countIndicator),
    });
  }
  return out;
}

/** Where a dataset's stored figures came from: the import that supplied them. */
export function getDatasetSource(db: Db, dataset: string): { importId: number; fileName: string; createdAt: string } | null {
  return (
    (db.$client
      .prepare(
        `SELECT i.id AS importId, i.file_name AS fileName, i.created_at AS createdAt FROM imports i
         WHERE i.id = (SELECT import_id FROM ees_values WHERE dataset = ? LIMIT 1)`,
      )
      .get(dataset) as { importId: number; fileName: string; createdAt: string } | undefined) ?? null
  );
}

export interface StoredComparatorGroup {
  laCode: string;
  members: string[];
  updatedAt: string;
  updatedBy: string | null;
}

export function getComparatorGroup(db: Db, la: string): StoredComparatorGroup | null {
  const row = db.$client
    .prepare('SELECT la_code AS laCode, members, updated_at AS updatedAt, updated_by AS updatedBy FROM comparator_groups WHERE la_code = ?')
    .get(la) as (Omit<StoredComparatorGroup, 'members'> & { members: string }) | undefined;
  if (!row) return null;
  const members = JSON.parse(row.members) as unknown;
  return { ...row, members: Array.isArray(members) ? members.map(String) : [] };
}

/**
 * Sets a council's comparator group (codes already checked against the councils table), with an
 * audit event. The trail has no action of its own for this yet: it is recorded as priority_changed.
 */
export function saveComparatorGroup(db: Db, la: string, members: readonly string[], actor: string | null, ip: string | null = null): void {
  const sqlite = db.$client;
  sqlite.transaction(() => {
    sqlite
      .prepare(
        `INSERT INTO comparator_groups (la_code, members, updated_at, updated_by) VALUES (?, ?, ?, ?)
         ON CONFLICT(la_code) DO UPDATE SET members = excluded.members, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      )
      .run(la, JSON.stringify(members), new Date().toISOString(), actor);
    recordAudit(sqlite, {
      actor,
      action: 'priority_changed',
      target: `${la} comparator group`,
      details: { comparatorGroup: members },
      ip,
    });
  }).immediate();
}

/** Goes back to the default comparator group (deletes the stored one). False when none was stored. */
export function clearComparatorGroup(db: Db, la: string, actor: string | null, ip: string | null = null): boolean {
  const sqlite = db.$client;
  return sqlite.transaction(() => {
    const gone = sqlite.prepare('DELETE FROM comparator_groups WHERE la_code = ?').run(la).changes > 0;
    if (gone) {
      recordAudit(sqlite, {
        actor,
        action: 'priority_changed',
        target: `${la} comparator group`,
        details: { comparatorGroup: null, default: true },
        ip,
      });
    }
    return gone;
  }).immediate();
}

export interface ComparatorGroup {
  kind: 'stored' | 'default';
  members: { code: string; name: string; distance: number | null }[];
  /** For the default group: the year and features it was worked out from. */
  basis: Omit<DefaultComparators, 'members'> | null;
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface CouncilBenchmarks {
  council: EesCouncil;
  comparators: ComparatorGroup;
  tables: { measure: BenchmarkMeasure; table: DataTable; source: string }[];
}

/**
 * Everything the benchmarks page and its download show for a council: the comparator group
 * (stored, or the default worked out from the figures) and a table per measure asked for.
 */
export function getCouncilBenchmarks(db: Db, la: string, measureIds: readonly BenchmarkMeasureId[]): CouncilBenchmarks | null {
  // Worked out once per council, measures, DfE data (the EES stamp) and comparator group (a saved
  // group changes updated_at): 9 ms a view otherwise, for the default group's distances.
  const stored = getComparatorGroup(db, la);
  const key = `benchmarks:${la}:${measureIds.join(',')}:${eesStamp(db)}:${stored ? `${stored.updatedAt}:${stored.members.join(',')}` : 'default'}`;
  return cached(db.$client, key, () => computeCouncilBenchmarks(db, la, measureIds, stored), (v) => (v ? v.tables.length * 50 : 1));
}

function eesStamp(db: Db): string {
  return JSON.stringify(db.$client.prepare("SELECT max(id) AS id, count(*) AS n FROM imports WHERE kind = 'ees' AND status != 'rejected'").get());
}

function computeCouncilBenchmarks(
  db: Db,
  la: string,
  measureIds: readonly BenchmarkMeasureId[],
  stored: StoredComparatorGroup | null,
): CouncilBenchmarks | null {
  const council = (db.$client
    .prepare('SELECT code, name, region_code AS regionCode, region_name AS regionName FROM councils WHERE code = ?')
    .get(la) ?? null) as EesCouncil | null;
  if (!council) return null;
  const names = listCouncilNames(db);
  const data = listMeasureData(db);
  let comparators: ComparatorGroup;
  if (stored) {
    comparators = {
      kind: 'stored',
      members: stored.members.map((code) => ({ code, name: names.get(code) ?? code, distance: null })),
      basis: null,
      updatedAt: stored.updatedAt,
      updatedBy: stored.updatedBy,
    };
  } else {
    const d = defaultComparators(la, data, new Set(names.keys()));
    comparators = {
      kind: 'default',
      members: d.members.map((m) => ({ code: m.code, name: names.get(m.code) ?? m.code, distance: m.distance })),
      basis: { timePeriod: d.timePeriod, features: d.features },
      updatedAt: null,
      updatedBy: null,
    };
  }
  const memberCodes = comparators.members.map((m) => m.code);
  const sources = new Map<string, string>();
  const sourceOf = (dataset: string) => {
    if (!sources.has(dataset)) {
      const s = getDatasetSource(db, dataset);
      sources.set(
        dataset,
        `Department for Education, Children looked after in England including adoptions, Explore Education Statistics open data (${s ? `${s.fileName}, import #${s.importId}` : dataset})`,
      );
    }
    return sources.get(dataset)!;
  };
  const tables = measureIds.flatMap((id) => {
    const d = data.get(id);
    if (!d) return [];
    const years = benchmarkYears(d, la, council.regionCode, memberCodes);
    const table = benchmarkTable(d.measure, years, {
      council: { code: council.code, name: council.name },
      region: { code: council.regionCode, name: council.regionName },
      comparatorSize: memberCodes.length,
    });
    return [{ measure: d.measure, table, source: sourceOf(d.measure.dataset) }];
  });
  return { council, comparators, tables };
}
