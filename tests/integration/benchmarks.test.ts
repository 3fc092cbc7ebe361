import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Db } from '@/db/client';
import { importEes } from '@/db/imports/ees';
import {
  clearComparatorGroup,
  getComparatorGroup,
  getCouncilBenchmarks,
  listEesCouncils,
  saveComparatorGroup,
} from '@/db/queries/benchmarks';
import { benchmarkCsv } from '@/lib/benchmarks';
import { fileChunks } from '@/lib/csv/read';
import { freshDb } from '@/tests/helpers/db';

const DIR = path.join(process.cwd(), 'data', 'reference', 'ees');
const CHARACTERISTICS = 'la_cla_on_31_march_by_characteristics_2021_2025_reconstructed.csv';
const RATE = 'cla_number_and_rate_per_10k_children.csv';
const STABILITY = 'la_cla_placement_stability.csv';
const STOCKTON = 'E06000004';

/** The file read independently: plain quoted CSV, one line a row. */
function simpleRows(file: string): Record<string, string>[] {
  const split = (line: string) => [...line.matchAll(/("([^"]*(?:""[^"]*)*)"|[^,]*)(,|$)/g)].slice(0, -1).map((m) => (m[2] ?? m[1] ?? '').replace(/""/g, '"'));
  const lines = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter(Boolean);
  const header = split(lines[0]!);
  return lines.slice(1).map((l) => Object.fromEntries(split(l).map((v, i) => [header[i]!, v])));
}

describe('benchmarks from the DfE files', () => {
  let db: Db;
  let foster: Record<string, string>[];
  beforeAll(async () => {
    db = freshDb();
    for (const f of [CHARACTERISTICS, RATE, STABILITY]) {
      const r = await importEes(db.$client, { fileName: f, source: 'cli', chunks: fileChunks(path.join(DIR, f)) });
      expect(r.status).toBe('stored');
    }
    foster = simpleRows(path.join(DIR, CHARACTERISTICS)).filter(
      (r) => r.time_period === '2024' && r.cla_group === 'Placement' && r.characteristic === 'Foster placements',
    );
  });

  test('placement stability: Stockton-on-Tees 2024, 61 children (10%) with 3 or more placements, with England from the file', () => {
    const rows = simpleRows(path.join(DIR, STABILITY)).filter(
      (r) => r.time_period === '2024' && r.cla_group === 'CLA on 31 March' && r.placement_stability === 'With 3 or more placements during the year',
    );
    const report = getCouncilBenchmarks(db, STOCKTON, ['stability'])!;
    const row = report.tables[0]!.table.rows.find((r) => r.key === '2024')!;
    expect(row.cells.council).toEqual({ value: 10, symbol: null });
    expect(row.cells.count).toEqual({ value: 61, symbol: null });
    expect(row.cells.england).toEqual({ value: Number(rows.find((r) => r.geographic_level === 'National')!.percentage), symbol: null });
  });

  test('every council of the file can be chosen', () => {
    const councils = listEesCouncils(db);
    expect(councils).toHaveLength(153);
    expect(councils.find((c) => c.code === STOCKTON)?.name).toBe('Stockton-on-Tees');
  });

  test('Stockton-on-Tees 2024 foster placements: 66%, with England, the North East and its rank from the file', () => {
    const report = getCouncilBenchmarks(db, STOCKTON, ['foster'])!;
    const row = report.tables[0]!.table.rows.find((r) => r.key === '2024')!;
    const england = foster.find((r) => r.geographic_level === 'National')!;
    const region = foster.find((r) => r.geographic_level === 'Regional' && r.region_code === 'E12000001')!;
    const las = foster.filter((r) => r.geographic_level === 'Local authority' && /^\d+$/.test(r.percentage!)).map((r) => Number(r.percentage));
    expect(row.cells.council).toEqual({ value: 66, symbol: null });
    expect(row.cells.count).toEqual({ value: 383, symbol: null });
    expect(row.cells.england).toEqual({ value: Number(england.percentage), symbol: null });
    expect(row.cells.region).toEqual({ value: Number(region.percentage), symbol: null });
    expect(row.cells.rank?.value).toBe(las.filter((p) => p > 66).length + 1);
    expect(row.cells.ranked?.value).toBe(las.length);
  });

  test('the rate per 10,000 children comes from the rate file', () => {
    const rate = simpleRows(path.join(DIR, RATE)).find(
      (r) =>
        r.time_period === '2024' &&
        r.new_la_code === STOCKTON &&
        r.population_count === 'Children looked after at 31 March each year',
    )!;
    const row = getCouncilBenchmarks(db, STOCKTON, ['rate'])!.tables[0]!.table.rows.find((r) => r.key === '2024')!;
    expect(row.cells.council).toEqual({ value: Number(rate.rate_per_10000), symbol: null });
    expect(row.cells.count).toEqual({ value: Number(rate.number), symbol: null });
  });

  test('with no group set, the default is ten other councils worked out from 2024, the latest year of every feature', () => {
    const report = getCouncilBenchmarks(db, STOCKTON, ['foster'])!;
    expect(report.comparators.kind).toBe('default');
    expect(report.comparators.basis?.timePeriod).toBe(2024);
    expect(report.comparators.members).toHaveLength(10);
    expect(report.comparators.members.map((m) => m.code)).not.toContain(STOCKTON);
    const d = report.comparators.members.map((m) => m.distance!);
    expect([...d].sort((a, b) => a - b)).toEqual(d);
  });

  test('a stored group is used for the comparator mean, and going back to the default is audited', () => {
    const members = ['E06000001', 'E06000002', 'E09000028'];
    // Worked out (and kept) with the default group first: saving a group must not show the kept one.
    expect(getCouncilBenchmarks(db, STOCKTON, ['foster'])!.comparators.kind).toBe('default');
    saveComparatorGroup(db, STOCKTON, members, 'c@example.org');
    expect(getComparatorGroup(db, STOCKTON)?.members).toEqual(members);
    const report = getCouncilBenchmarks(db, STOCKTON, ['foster'])!;
    expect(report.comparators.kind).toBe('stored');
    const values = members.map((code) => Number(foster.find((r) => r.new_la_code === code)!.percentage));
    const mean = Math.round((values.reduce((s, x) => s + x, 0) / values.length) * 10) / 10;
    const row = report.tables[0]!.table.rows.find((r) => r.key === '2024')!;
    expect(row.cells.comparator?.value).toBe(mean);
    expect(benchmarkCsv(report.tables[0]!.table)).toContain(`2024,66,`);

    expect(clearComparatorGroup(db, STOCKTON, 'c@example.org')).toBe(true);
    expect(getComparatorGroup(db, STOCKTON)).toBeNull();
    expect(getCouncilBenchmarks(db, STOCKTON, ['foster'])!.comparators.kind).toBe('default');
    const audit = db.$client
      .prepare("SELECT action, actor, target, details FROM audit_events WHERE target = ? ORDER BY id")
      .all(`${STOCKTON} comparator group`) as { action: string; actor: string; details: string }[];
    expect(audit.map((a) => a.action)).toEqual(['priority_changed', 'priority_changed']);
    expect(JSON.parse(audit[0]!.details)).toEqual({ comparatorGroup: members });
    expect(JSON.parse(audit[1]!.details)).toMatchObject({ comparatorGroup: null });
  });
});
