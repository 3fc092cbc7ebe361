import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Db } from '@/db/client';
import { detectEes, importEes, type EesImportResult } from '@/db/imports/ees';
import { bufferChunks, fileChunks } from '@/lib/csv/read';
import { count, freshDb } from '@/tests/helpers/db';

const DIR = path.join(process.cwd(), 'data', 'reference', 'ees');
const CHARACTERISTICS = 'la_cla_on_31_march_by_characteristics_2021_2025_reconstructed.csv';
const RATE = 'cla_number_and_rate_per_10k_children.csv';
const DATASET = 'la_cla_on_31_march_by_characteristics';
const FIXTURES = path.join(process.cwd(), 'tests', 'fixtures', 'ees');

function importFile(db: Db, name: string): Promise<EesImportResult> {
  return importEes(db.$client, { fileName: name, source: 'cli', actor: 'cli:test', chunks: fileChunks(path.join(DIR, name)) });
}

function importString(db: Db, name: string, text: string, metaText?: string): Promise<EesImportResult> {
  return importEes(db.$client, { fileName: name, source: 'web', actor: 'a@example.org', chunks: bufferChunks(text, 100), metaText });
}

function stored(db: Db, area: string, year: number, filters: string, indicator: string) {
  return db.$client
    .prepare('SELECT value, symbol FROM ees_values WHERE dataset = ? AND area_code = ? AND time_period = ? AND filters = ? AND indicator = ?')
    .get(DATASET, area, year, filters, indicator) as { value: number | null; symbol: string | null } | undefined;
}

/** The file read independently: plain quoted CSV, one line a row, no field holding a line break. */
function simpleRows(file: string): Record<string, string>[] {
  const split = (line: string) => [...line.matchAll(/("([^"]*(?:""[^"]*)*)"|[^,]*)(,|$)/g)].slice(0, -1).map((m) => (m[2] ?? m[1] ?? '').replace(/""/g, '"'));
  const lines = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter(Boolean);
  const header = split(lines[0]!);
  return lines.slice(1).map((l) => Object.fromEntries(split(l).map((v, i) => [header[i]!, v])));
}

const PLACEMENT = (c: string) => `cla_group=Placement;characteristic=${c}`;

describe('importing the DfE characteristics file', () => {
  let db: Db;
  let first: EesImportResult;
  beforeAll(async () => {
    db = freshDb();
    first = await importFile(db, CHARACTERISTICS);
  });

  test('it is stored whole as one dataset', () => {
    expect(first.errors).toEqual([]);
    expect(first.status).toBe('stored');
    expect(first.dataset).toBe(DATASET);
    expect(first.rows).toBe(56925);
    expect(first.values).toBe(56925 * 2);
    expect(count(db, 'ees_values')).toBe(56925 * 2);
    const imp = db.$client.prepare('SELECT kind, status, rows FROM imports WHERE id = ?').get(first.importId);
    expect(imp).toEqual({ kind: 'ees', status: 'stored', rows: 56925 });
  });

  test('Stockton-on-Tees 2024: 383 children in foster placements, 66%', () => {
    expect(stored(db, 'E06000004', 2024, PLACEMENT('Foster placements'), 'number')).toEqual({ value: 383, symbol: null });
    expect(stored(db, 'E06000004', 2024, PLACEMENT('Foster placements'), 'percentage')).toEqual({ value: 66, symbol: null });
  });

  test('Southwark 2024: 397 children looked after', () => {
    expect(stored(db, 'E09000028', 2024, PLACEMENT('Total'), 'number')).toEqual({ value: 397, symbol: null });
  });

  test('a suppressed figure is stored as the symbol c with no value', () => {
    expect(stored(db, 'E06000004', 2024, PLACEMENT('Other residential settings'), 'number')).toEqual({ value: null, symbol: 'c' });
    const zeros = db.$client.prepare("SELECT count(*) AS n FROM ees_values WHERE symbol IS NOT NULL AND value IS NOT NULL").get() as { n: number };
    expect(zeros.n).toBe(0);
  });

  test('England 2024 total is the number in the file', () => {
    const row = simpleRows(path.join(DIR, CHARACTERISTICS)).find(
      (r) => r.time_period === '2024' && r.geographic_level === 'National' && r.cla_group === 'Placement' && r.characteristic === 'Total',
    );
    expect(row).toBeDefined();
    expect(stored(db, 'E92000001', 2024, PLACEMENT('Total'), 'number')).toEqual({ value: Number(row!.number), symbol: null });
  });

  test('the same file again changes nothing and says so', async () => {
    const before = count(db, 'ees_values');
    const again = await importFile(db, CHARACTERISTICS);
    expect(again.status).toBe('unchanged');
    expect(count(db, 'ees_values')).toBe(before);
    const ids = db.$client.prepare('SELECT DISTINCT import_id AS id FROM ees_values').all();
    expect(ids).toEqual([{ id: first.importId }]);
    const audit = db.$client
      .prepare("SELECT action, details FROM audit_events WHERE action LIKE 'import_%' ORDER BY id")
      .all() as { action: string; details: string }[];
    expect(audit.map((a) => a.action)).toEqual(['import_stored', 'import_unchanged']);
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ kind: 'ees', dataset: DATASET });
  });

  test('a bad file of the same dataset stores nothing and leaves the stored figures as they were', async () => {
    const before = count(db, 'ees_values');
    const text = fs.readFileSync(path.join(DIR, CHARACTERISTICS), 'utf8').split('\n').slice(0, 50);
    text[10] = text[10]!.replace(/"\d+","\d+"$/, '"12","twelve"');
    text.push(text[20]!);
    const bad = await importString(db, CHARACTERISTICS, text.join('\n'));
    expect(bad.status).toBe('rejected');
    expect(bad.errors).toEqual([
      expect.objectContaining({ row: 11, column: 'percentage', value: 'twelve' }),
      expect.objectContaining({ row: 51, message: expect.stringContaining('repeats row 21') }),
    ]);
    expect(count(db, 'ees_values')).toBe(before);
    expect(stored(db, 'E06000004', 2024, PLACEMENT('Foster placements'), 'number')).toEqual({ value: 383, symbol: null });
    const imp = db.$client.prepare('SELECT kind, status, error_count AS n FROM imports WHERE id = ?').get(bad.importId);
    expect(imp).toEqual({ kind: 'ees', status: 'rejected', n: 2 });
    const audit = db.$client.prepare("SELECT details FROM audit_events WHERE action = 'import_rejected'").get() as { details: string };
    expect(JSON.parse(audit.details)).toMatchObject({ kind: 'ees', dataset: DATASET });
  });

  test('a changed file replaces the dataset', async () => {
    const lines = fs.readFileSync(path.join(DIR, CHARACTERISTICS), 'utf8').split('\n').slice(0, 11);
    const r = await importString(db, CHARACTERISTICS, lines.join('\n') + '\n');
    expect(r.status).toBe('stored');
    expect(r.values).toBe(20);
    const n = db.$client.prepare('SELECT count(*) AS n, min(import_id) AS a, max(import_id) AS b FROM ees_values WHERE dataset = ?').get(DATASET);
    expect(n).toEqual({ n: 20, a: r.importId, b: r.importId });
  });
});

describe('other files', () => {
  test('the rate file (which starts with a byte-order mark) is its own dataset', async () => {
    const db = freshDb();
    expect(fs.readFileSync(path.join(DIR, RATE)).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const r = await importFile(db, RATE);
    expect(r.status).toBe('stored');
    expect(r.dataset).toBe('cla_number_and_rate_per_10k_children');
    const v = db.$client
      .prepare(
        `SELECT value FROM ees_values WHERE area_code = 'E92000001' AND time_period = 2024 AND indicator = 'rate_per_10000'
         AND filters = 'population_count=Children looked after at 31 March each year'`,
      )
      .get();
    expect(v).toEqual({ value: 70 });
  });

  test('a file whose meta makes a text column an indicator is rejected with nothing stored', async () => {
    const db = freshDb();
    const r = await importString(
      db,
      'small-csv-with-special-data.csv',
      fs.readFileSync(path.join(FIXTURES, 'small-csv-with-special-data.csv'), 'utf8'),
      fs.readFileSync(path.join(FIXTURES, 'small-csv-with-special-data.meta.csv'), 'utf8'),
    );
    expect(r.status).toBe('rejected');
    expect(r.errors).toEqual([expect.objectContaining({ row: 4, column: 'ind_one', value: 'a' })]);
    expect(count(db, 'ees_values')).toBe(0);
  });

  test('a file that is not EES data is refused at the header', async () => {
    const db = freshDb();
    const r = await importString(db, 'template.csv', 'period_end,la_code,measure,value\n2024-03-31,E06000004,children_placed,1\n');
    expect(r.status).toBe('rejected');
    expect(r.errors.map((e) => e.column)).toEqual(['time_period', 'geographic_level']);
    expect(count(db, 'ees_values')).toBe(0);
    expect(detectEes(['period_end', 'la_code', 'measure', 'value'])).toBe(false);
    expect(detectEes(['time_period', 'time_identifier', 'geographic_level'])).toBe(true);
  });

  test('an empty file is rejected', async () => {
    const db = freshDb();
    const r = await importString(db, 'empty.csv', '');
    expect(r.status).toBe('rejected');
    expect(r.errors[0]!.message).toContain('empty');
  });
});
