import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Db } from '@/db/client';
import { importAnyFile } from '@/db/imports/any';
import { importRo3 } from '@/db/imports/ro3';
import { getCouncilBenchmarks } from '@/db/queries/benchmarks';
import { getCouncilSpend, hasRo3Spend, listRo3Years } from '@/db/queries/spend';
import { benchmarkCsv } from '@/lib/benchmarks';
import { bufferChunks, fileChunks } from '@/lib/csv/read';
import { spendTable } from '@/lib/spend';
import { count, freshDb } from '@/tests/helpers/db';

const RO3_NAME = 'ro3_2024-25_LA_children_looked_after_expenditure_gbp_thousands.csv';
const RO3_FILE = path.join(process.cwd(), 'data', 'reference', 'costs', RO3_NAME);
const EES_NAME = 'la_cla_on_31_march_by_characteristics_2021_2025_reconstructed.csv';
const EES_FILE = path.join(process.cwd(), 'data', 'reference', 'ees', EES_NAME);
const STOCKTON = 'E06000004';
const SOUTHWARK = 'E09000028';
const TOTAL = 'RO3-csclkd-tot-exp';

/** A CSV line split on commas outside quotes (both files are plain quoted CSV, one line a row). */
const split = (line: string) =>
  [...line.matchAll(/("([^"]*(?:""[^"]*)*)"|[^,]*)(,|$)/g)].slice(0, -1).map((m) => (m[2] ?? m[1] ?? '').replace(/""/g, '"'));
const lines = (file: string) => fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter(Boolean);

/** Total expenditure (GBP thousands) of each authority, read from the RO3 file independently: the column under the field code. */
function ro3Totals(): Map<string, string> {
  const [, codes, ...rows] = lines(RO3_FILE);
  const col = split(codes!).indexOf(TOTAL);
  return new Map(rows.map((l) => split(l)).map((r) => [r[1]!, r[col]!]));
}

/** Children looked after at 31 March 2025, by council, read from the EES file independently. */
function children2025(): Map<string, string> {
  const [head, ...rows] = lines(EES_FILE);
  const h = split(head!);
  const at = (r: string[], name: string) => r[h.indexOf(name)]!;
  return new Map(
    rows
      .map(split)
      .filter(
        (r) =>
          at(r, 'time_period') === '2025' &&
          at(r, 'geographic_level') === 'Local authority' &&
          at(r, 'cla_group') === 'Placement' &&
          at(r, 'characteristic') === 'Total',
      )
      .map((r) => [at(r, 'new_la_code'), at(r, 'number')]),
  );
}

const thousands = (s: string) => Number(s.replace(/,/g, ''));

describe('spend per child looked after from the RO3 and DfE files', () => {
  let db: Db;
  let totals: Map<string, string>;
  let children: Map<string, string>;
  beforeAll(async () => {
    db = freshDb();
    const ro3 = await importAnyFile(db.$client, { fileName: RO3_NAME, source: 'cli', actor: 'cli:test', chunks: fileChunks(RO3_FILE) });
    expect(ro3).toMatchObject({ kind: 'ro3', status: 'stored', errorCount: 0 });
    const ees = await importAnyFile(db.$client, { fileName: EES_NAME, source: 'cli', chunks: fileChunks(EES_FILE) });
    expect(ees).toMatchObject({ kind: 'ees', status: 'stored' });
    totals = ro3Totals();
    children = children2025();
  });

  test('the import is recorded with its year, and an audit event, storing the councils only', () => {
    const imp = db.$client.prepare("SELECT kind, status, rows, supplied, warnings FROM imports WHERE kind = 'ro3'").get() as {
      kind: string;
      status: string;
      rows: number;
      supplied: string;
      warnings: string;
    };
    expect(imp).toMatchObject({ kind: 'ro3', status: 'stored', rows: 412 });
    expect(JSON.parse(imp.supplied)).toEqual([
      { laCode: 'E92000001', periodEnd: '2025-03-31', rows: count(db, 'ro3_spend'), outcome: 'new', version: 1, replacedVersion: null },
    ]);
    const warnings = JSON.parse(imp.warnings) as { message: string }[];
    expect(warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/^259 rows are not councils with children’s services/));
    expect(warnings.map((w) => w.message)).toContainEqual('Row 414 repeats the header row: it was skipped');
    const audit = db.$client.prepare("SELECT details FROM audit_events WHERE action = 'import_stored' ORDER BY id LIMIT 1").get() as { details: string };
    expect(JSON.parse(audit.details)).toMatchObject({ kind: 'ro3', year: '2024-25', file: RO3_NAME, councils: 153 });
    const stored = db.$client.prepare('SELECT count(DISTINCT la_code) AS n, sum(la_code LIKE ?) AS districts FROM ro3_spend').get('E07%');
    expect(stored).toEqual({ n: 153, districts: 0 });
    expect(listRo3Years(db)).toEqual(['2024-25']);
    expect(hasRo3Spend(db)).toBe(true);
  });

  test.each([
    [STOCKTON, 61272],
    [SOUTHWARK, 54414],
  ])('%s: total expenditure 2024-25 as in the file, and per child over its children looked after at 31 March 2025', (code, expected) => {
    expect(thousands(totals.get(code)!)).toBe(expected);
    const stored = db.$client.prepare('SELECT value_thousands AS v, symbol FROM ro3_spend WHERE year = ? AND la_code = ? AND field = ?').get('2024-25', code, TOTAL);
    expect(stored).toEqual({ v: expected, symbol: null });
    const n = Number(children.get(code));
    expect(n).toBeGreaterThan(0);
    const { report } = getCouncilSpend(db, code, [])!;
    const total = report.measures.find((m) => m.measure.id === 'total')!;
    expect(report.year).toBe('2024-25');
    expect(report.children).toEqual({ value: n, symbol: null });
    expect(total.councilSpend).toEqual({ value: expected, symbol: null });
    expect(total.council).toEqual({ value: Math.round((expected * 1000) / n), symbol: null });
  });

  test('Stockton-on-Tees against its comparator group, the North East and England: their spend over their children', () => {
    const group = getCouncilBenchmarks(db, STOCKTON, [])!.comparators.members.map((m) => m.code);
    expect(group).toHaveLength(10);
    const { report } = getCouncilSpend(db, STOCKTON, group)!;
    const total = report.measures.find((m) => m.measure.id === 'total')!;
    const perChild = (codes: string[]) => {
      const ok = codes.filter((c) => /^-?[\d,]+$/.test(totals.get(c) ?? '') && /^\d+$/.test(children.get(c) ?? '') && Number(children.get(c)) > 0);
      const spend = ok.reduce((s, c) => s + thousands(totals.get(c)!), 0);
      const kids = ok.reduce((s, c) => s + Number(children.get(c)), 0);
      return { perChild: Math.round((spend * 1000) / kids), included: ok.length };
    };
    const councils = db.$client.prepare('SELECT code, region_code AS region FROM councils').all() as { code: string; region: string }[];
    expect(total.comparator).toMatchObject({ ...perChild(group), of: 10 });
    expect(total.region).toMatchObject({ ...perChild(councils.filter((c) => c.region === 'E12000001').map((c) => c.code)), of: 12 });
    expect(total.england).toMatchObject({ ...perChild(councils.map((c) => c.code)), of: 153 });
    // Rank among every council with a figure: 1 = the highest spend per child.
    const figures = councils
      .map((c) => ({ code: c.code, t: totals.get(c.code) ?? '', n: Number(children.get(c.code)) }))
      .filter((c) => /^-?[\d,]+$/.test(c.t) && c.n > 0)
      .map((c) => ({ code: c.code, v: Math.round((thousands(c.t) * 1000) / c.n) }));
    const own = figures.find((f) => f.code === STOCKTON)!.v;
    expect(total.rank).toBe(figures.filter((f) => f.v > own).length + 1);
    expect(total.ranked).toBe(figures.length);
  });

  test('symbols stay symbols: a council’s [x] spend, a note marker, suppressed children', () => {
    const birmingham = getCouncilSpend(db, 'E08000025', [])!.report.measures[0]!;
    expect(totals.get('E08000025')).toBe('[x]');
    expect(birmingham.council).toEqual({ value: null, symbol: 'x' });
    expect(birmingham.rank).toBeNull();
    const gateshead = getCouncilSpend(db, 'E08000037', [])!.report.measures.find((m) => m.measure.id === 'residential')!;
    expect(gateshead.council).toEqual({ value: null, symbol: 'x' });
    const city = getCouncilSpend(db, 'E09000001', [])!.report;
    expect(children.get('E09000001')).toBe('c');
    expect(city.measures[0]!.council.symbol).toBe('c');
  });

  test('the table, its chart description and its CSV download', () => {
    const group = getCouncilBenchmarks(db, STOCKTON, [])!.comparators.members.map((m) => m.code);
    const spend = getCouncilSpend(db, STOCKTON, group)!;
    const table = spendTable(spend.report);
    expect(table.rows.map((r) => r.key)).toEqual(['total', 'residential', 'fostering']);
    expect(table.columns.slice(0, 4).map((c) => c.key)).toEqual(['council', 'comparator', 'region', 'england']);
    const perChild = Math.round(61272000 / Number(children.get(STOCKTON)));
    expect(table.description).toContain(`Stockton-on-Tees £${perChild.toLocaleString('en-GB')}`);
    const csv = benchmarkCsv(table).split('\n');
    expect(csv[0]).toMatch(/^Spend per child looked after,Stockton-on-Tees,Comparator group \(10 councils\),North East,England,/);
    expect(csv[1]).toMatch(new RegExp(`^All spend on children looked after,${perChild},\\d+,\\d+,\\d+,61272,${children.get(STOCKTON)},`));
    expect(spend.source).toContain(RO3_NAME);
    expect(spend.source).toContain(EES_NAME);
  });

  test('the same file again changes nothing and is recorded as unchanged', async () => {
    const before = db.$client.prepare('SELECT import_id AS id, count(*) AS n FROM ro3_spend GROUP BY import_id').all();
    const r = await importAnyFile(db.$client, { fileName: RO3_NAME, source: 'web', actor: 'a@example.org', chunks: fileChunks(RO3_FILE) });
    expect(r).toMatchObject({ kind: 'ro3', status: 'unchanged', errorCount: 0 });
    expect(r.supplied[0]).toMatchObject({ outcome: 'unchanged', version: 1 });
    expect(db.$client.prepare('SELECT import_id AS id, count(*) AS n FROM ro3_spend GROUP BY import_id').all()).toEqual(before);
    const audit = db.$client.prepare("SELECT details FROM audit_events WHERE action = 'import_unchanged' ORDER BY id DESC LIMIT 1").get() as {
      details: string;
    };
    expect(JSON.parse(audit.details)).toMatchObject({ kind: 'ro3', year: '2024-25', storedImportId: (before[0] as { id: number }).id });
  });
});

describe('replacing and rejecting RO3 files', () => {
  const text = fs.readFileSync(RO3_FILE, 'utf8');
  const stockton = (db: Db) =>
    db.$client.prepare('SELECT import_id AS importId, value_thousands AS v FROM ro3_spend WHERE la_code = ? AND field = ?').get(STOCKTON, TOTAL) as {
      importId: number;
      v: number;
    };

  test('a changed file for the same year replaces that year’s figures, as a new version', async () => {
    const db = freshDb();
    const first = await importRo3(db.$client, { fileName: RO3_NAME, source: 'cli', chunks: bufferChunks(text) });
    const n = count(db, 'ro3_spend');
    const changed = text.replace('"49,893","61,272"', '"49,893","61,300"');
    expect(changed).not.toBe(text);
    const second = await importRo3(db.$client, { fileName: RO3_NAME, source: 'cli', chunks: bufferChunks(changed) });
    expect(second).toMatchObject({ status: 'stored', year: '2024-25', values: n });
    expect(second.supplied[0]).toMatchObject({ outcome: 'replaced', version: 2, replacedVersion: 1 });
    expect(stockton(db)).toEqual({ importId: second.importId, v: 61300 });
    expect(count(db, 'ro3_spend')).toBe(n);
    expect(db.$client.prepare('SELECT count(*) AS n FROM ro3_spend WHERE import_id = ?').get(first.importId)).toEqual({ n: 0 });
  });

  test('a bad file stores nothing, is recorded with every problem, and leaves the stored year as it was', async () => {
    const db = freshDb();
    const good = await importRo3(db.$client, { fileName: RO3_NAME, source: 'cli', chunks: bufferChunks(text) });
    const n = count(db, 'ro3_spend');
    const bad = text.replace('"49,893","61,272"', '"49,893","61,27x"').replace('"47,544","54,414"', '"47,544",n/a');
    const r = await importAnyFile(db.$client, { fileName: RO3_NAME, source: 'web', actor: 'a@example.org', chunks: bufferChunks(bad) });
    expect(r).toMatchObject({ kind: 'ro3', status: 'rejected', errorCount: 2 });
    expect(r.errors).toEqual([
      expect.objectContaining({ row: 314, column: TOTAL, value: 'n/a', expected: expect.stringContaining('GBP thousands') }),
      expect.objectContaining({ row: 325, column: TOTAL, value: '61,27x' }),
    ]);
    expect(count(db, 'ro3_spend')).toBe(n);
    expect(stockton(db)).toEqual({ importId: good.importId, v: 61272 });
    const rec = db.$client.prepare('SELECT kind, status, error_count AS n, errors FROM imports WHERE id = ?').get(r.importId) as {
      kind: string;
      status: string;
      n: number;
      errors: string;
    };
    expect(rec).toMatchObject({ kind: 'ro3', status: 'rejected', n: 2 });
    expect(JSON.parse(rec.errors)).toHaveLength(2);
    const audit = db.$client.prepare("SELECT details FROM audit_events WHERE action = 'import_rejected'").get() as { details: string };
    expect(JSON.parse(audit.details)).toMatchObject({ kind: 'ro3', year: '2024-25', errors: 2 });
  });

  test('a file whose name gives no year is rejected, asking for it, and stores nothing', async () => {
    const db = freshDb();
    const r = await importAnyFile(db.$client, { fileName: 'revenue_outturn.csv', source: 'web', chunks: bufferChunks(text) });
    expect(r).toMatchObject({ kind: 'ro3', status: 'rejected', errorCount: 1 });
    expect(r.errors[0]).toMatchObject({ row: null, value: 'revenue_outturn.csv', expected: expect.stringContaining('ro3_2024-25_') });
    expect(count(db, 'ro3_spend')).toBe(0);
    expect(getCouncilSpend(db, STOCKTON, [])).toBeNull();
  });
});
