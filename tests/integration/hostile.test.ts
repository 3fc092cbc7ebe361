/**
 * Hostile files against every importer (sufficiency template, DfE EES open data, Ofsted's
 * register, MHCLG RO3), each built from a small valid file of its kind and sent through
 * importAnyFile as the import page and `npm run import` send it.
 *
 * The contract for every case: either a correct import, or status 'rejected' with at least one
 * issue that has a message (and a row, where a row applies), recorded as a rejected import, with
 * every stored figure and table exactly as before (a snapshot is compared).
 *
 * Cases marked `it.fails` are real bugs found by these files: the test states the correct
 * behaviour and fails today. When the bug is fixed vitest reports the `it.fails` as failing:
 * turn it into `it`.
 */
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { importAnyFile } from '@/db/imports/any';
import type { ImportProgress, ImportResult } from '@/db/imports/template';
import { bufferChunks } from '@/lib/csv/read';
import { csvCell, toCsv } from '@/lib/csv/write';
import { parseFilters } from '@/lib/ees';
import type { ImportKind } from '@/lib/importKinds';
import type { ImportIssue } from '@/lib/issues';
import { count, freshDb, HEADER, importText } from '@/tests/helpers/db';

/** Every case gets its own limit, so a hang fails the case instead of blocking the run. */
const T = { timeout: 30_000 };
const ROOT = process.cwd();
const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'hostile');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));

// ---------------------------------------------------------------------------------------------
// Valid bases, a few lines of each kind
// ---------------------------------------------------------------------------------------------

type Kind = 'template' | 'ees' | 'ofsted' | 'ro3';
const KINDS: Kind[] = ['template', 'ees', 'ofsted', 'ro3'];

interface Base {
  kind: ImportKind;
  fileName: string;
  eol: string;
  /** Lines above the header (the register's title rows). */
  above: string[];
  header: string;
  /** Lines between the header and the data (RO3's row of field codes). */
  below: string[];
  rows: string[];
  /** The data table the kind stores into, and its content without ids (for "imported correctly"). */
  content: string;
  /** Columns of the rows used by the cases: a stored or ignored text, and a number. */
  text: number;
  number: number;
  numberColumn: string;
  /** The row (index in `rows`) the text and number cases change. */
  at: number;
}

const referenceLines = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
const EES_LINES = referenceLines('data/reference/ees/cla_number_and_rate_per_10k_children.csv');
const OFSTED_LINES = referenceLines('data/reference/ofsted/ofsted_csc_providers_places_at_31_Mar_2023_raw.csv');
const RO3_LINES = referenceLines('data/reference/costs/ro3_2024-25_LA_children_looked_after_expenditure_gbp_thousands.csv');
const lineNo = (lines: string[], n: number) => lines[n - 1]!;

const TEMPLATE_HEADER = 'period_end,la_code,la_name,setting,provision,age_band,need,measure,value';
const templateRow = (measure: string, value: string, la = 'E06000004,Stockton-on-Tees') =>
  `2024-03-31,${la},fostering,in_house,all,all,${measure},${value}`;

const BASES: Record<Kind, Base> = {
  template: {
    kind: 'sufficiency_template',
    fileName: 'hostile_template.csv',
    eol: '\n',
    above: [],
    header: TEMPLATE_HEADER,
    below: [],
    rows: [
      templateRow('children_placed', '214'),
      templateRow('places', '236'),
      templateRow('places_vacant', '11'),
      templateRow('children_placed', '120', 'E09000028,Southwark'),
    ],
    content: `SELECT s.la_code, s.period_end, f.measure, f.setting, f.provision, f.age_band, f.need, f.value, f.symbol
              FROM figures f JOIN figure_sets s ON s.id = f.set_id WHERE s.is_current = 1
              ORDER BY 1, 2, 3, 4, 5, 6, 7`,
    text: 2, // la_name
    number: 8, // value
    numberColumn: 'value',
    at: 0,
  },
  ees: {
    kind: 'ees',
    fileName: 'hostile_ees.csv',
    eol: '\n',
    above: [],
    header: lineNo(EES_LINES, 1),
    below: [],
    // England, then Stockton-on-Tees and Southwark, 2024.
    rows: [2, 3, 4, 47, 48, 49, 434, 435, 436].map((n) => lineNo(EES_LINES, n)),
    content: `SELECT dataset, time_period, geographic_level, area_code, area_name, region_code, filters, indicator, value, symbol
              FROM ees_values ORDER BY 1, 2, 3, 4, 7, 8`,
    text: 10, // population_count: a text column, so a filter
    number: 12, // number
    numberColumn: 'number',
    at: 4,
  },
  ofsted: {
    kind: 'ofsted',
    fileName: 'hostile_ofsted_providers_places_at_31_Mar_2023.csv',
    eol: '\r\n',
    above: [1, 2, 3].map((n) => lineNo(OFSTED_LINES, n)),
    header: lineNo(OFSTED_LINES, 4),
    below: [],
    // Three children's homes, an adoption support agency (17 fields), a home with 18 fields,
    // and last a school registered as a home with its organisation name.
    rows: [6, 7, 8, 628, 2786, 5].map((n) => lineNo(OFSTED_LINES, n)),
    content: `SELECT as_at, urn, provision_type, registration_status, local_authority, la_code, ofsted_region, region, sector, places, organisation
              FROM ofsted_providers ORDER BY 1, 2`,
    text: 20, // Organisation name
    number: 17, // Places
    numberColumn: 'Places',
    at: 0,
  },
  ro3: {
    kind: 'ro3',
    fileName: 'ro3_2024-25_hostile.csv',
    eol: '\n',
    above: [],
    header: lineNo(RO3_LINES, 1),
    below: [lineNo(RO3_LINES, 2)],
    // Adur (a shire district: checked, not stored), Southwark, Stockton-on-Tees.
    rows: [3, 314, 325].map((n) => lineNo(RO3_LINES, n)),
    content: 'SELECT year, la_code, field, value_thousands, symbol FROM ro3_spend ORDER BY 1, 2, 3',
    text: 3, // Notes (not stored)
    number: 9, // RO3-csclkd-tot-exp
    numberColumn: 'RO3-csclkd-tot-exp',
    at: 2,
  },
};

const parseLine = (line: string): string[] => Papa.parse<string[]>(line, { delimiter: ',' }).data[0] ?? [];
/** Plain CSV quoting: the hostile text must reach the file as it is (no formula neutralising). */
const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const joinFields = (fields: readonly string[]) => fields.map(quote).join(',');

interface Parts {
  above?: string[];
  header?: string;
  below?: string[];
  rows?: string[];
  eol?: string;
}

function fileText(k: Kind, p: Parts = {}): string {
  const b = BASES[k];
  const eol = p.eol ?? b.eol;
  return [...(p.above ?? b.above), p.header ?? b.header, ...(p.below ?? b.below), ...(p.rows ?? b.rows)].join(eol) + eol;
}

/** The spreadsheet row number of the header. */
const headerRow = (k: Kind) => BASES[k].above.length + 1;

/** The spreadsheet row number (header of a file without title rows = 1) of data row `i`. */
function rowNo(k: Kind, i: number): number {
  const b = BASES[k];
  return b.above.length + 1 + b.below.length + i + 1;
}

/** The base rows with one field of row `i` replaced. */
function withField(k: Kind, i: number, col: number, value: string, rows = BASES[k].rows): string[] {
  const out = [...rows];
  const f = parseLine(out[i]!);
  while (f.length <= col) f.push('');
  f[col] = value;
  out[i] = joinFields(f);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Seeding, snapshots and the contract
// ---------------------------------------------------------------------------------------------

const DATA_TABLES = ['figure_sets', 'figures', 'ees_values', 'ofsted_providers', 'ro3_spend'];

/** A fresh database holding a valid import of every kind. */
async function seeded(): Promise<Db> {
  const db = freshDb();
  for (const k of KINDS) {
    const b = BASES[k];
    const r = await importAnyFile(db.$client, { fileName: b.fileName, source: 'cli', chunks: bufferChunks(fileText(k)) });
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ status: 'stored', kind: b.kind });
  }
  for (const t of DATA_TABLES) expect(count(db, t)).toBeGreaterThan(0);
  return db;
}

function snapshot(db: Db): Record<string, unknown[]> {
  return Object.fromEntries(DATA_TABLES.map((t) => [t, db.$client.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()]));
}

const content = (db: Db, k: Kind) => db.$client.prepare(BASES[k].content).all();

let seededContent: Record<Kind, unknown[]> | null = null;
/** What each kind's table holds after the valid base is imported: a correct import of the same data gives the same. */
async function baseContent(k: Kind): Promise<unknown[]> {
  if (!seededContent) {
    const db = await seeded();
    seededContent = { template: content(db, 'template'), ees: content(db, 'ees'), ofsted: content(db, 'ofsted'), ro3: content(db, 'ro3') };
    db.$client.close();
  }
  return seededContent[k];
}

type AnyResult = ImportResult & { kind: ImportKind | null };

interface Attempt {
  db: Db;
  res: AnyResult;
  before: Record<string, unknown[]>;
  importsBefore: number;
}

async function attempt(
  k: Kind,
  input: string | Uint8Array,
  o: { chunkSize?: number; kind?: ImportKind; fileName?: string; onProgress?: (p: ImportProgress) => void } = {},
): Promise<Attempt> {
  const db = await seeded();
  const before = snapshot(db);
  const importsBefore = count(db, 'imports');
  const res = await importAnyFile(db.$client, {
    fileName: o.fileName ?? BASES[k].fileName,
    source: 'web',
    actor: 'hostile@example.org',
    chunks: bufferChunks(input, o.chunkSize ?? 64 * 1024),
    kind: o.kind,
    onProgress: o.onProgress,
  });
  expect(count(db, 'imports')).toBe(importsBefore + 1);
  return { db, res, before, importsBefore };
}

/** Rejected, every issue with a message and a row where it has one, recorded, and nothing else changed. */
function expectRejected(a: Attempt, o: { rows?: number[]; kind?: ImportKind | null } = {}): ImportIssue[] {
  const { db, res, before } = a;
  expect(res.status).toBe('rejected');
  expect(res.supplied).toEqual([]);
  expect(res.errorCount).toBeGreaterThan(0);
  expect(res.errors.length).toBe(Math.min(res.errorCount, 1000));
  for (const e of res.errors) {
    expect(e.file).toBe(res.fileName);
    expect(typeof e.message).toBe('string');
    expect(e.message.trim().length).toBeGreaterThan(0);
    expect(e.row === null || (Number.isInteger(e.row) && e.row >= 1)).toBe(true);
  }
  for (const row of o.rows ?? []) expect(res.errors.map((e) => e.row)).toContain(row);
  if (o.kind !== undefined) expect(res.kind).toBe(o.kind);
  expect(snapshot(db)).toEqual(before);
  const rec = db.$client.prepare('SELECT status, error_count AS errorCount, errors FROM imports ORDER BY id DESC LIMIT 1').get() as {
    status: string;
    errorCount: number;
    errors: string;
  };
  expect(rec).toMatchObject({ status: 'rejected', errorCount: res.errorCount });
  expect(JSON.parse(rec.errors)).toEqual(res.errors);
  return res.errors;
}

/** Imported without error, by the right importer, and recorded so. */
function expectImported(a: Attempt, k: Kind): void {
  const { db, res } = a;
  expect(res.errors).toEqual([]);
  expect(res.kind).toBe(BASES[k].kind);
  expect(['stored', 'unchanged']).toContain(res.status);
  const rec = db.$client.prepare('SELECT status, error_count AS errorCount FROM imports ORDER BY id DESC LIMIT 1').get();
  expect(rec).toEqual({ status: res.status, errorCount: 0 });
}

/** Imported, and the kind's table holds exactly what the clean base gives. */
async function expectImportedAsBase(a: Attempt, k: Kind): Promise<void> {
  expectImported(a, k);
  expect(content(a.db, k)).toEqual(await baseContent(k));
}

// ---------------------------------------------------------------------------------------------
// Truncated files
// ---------------------------------------------------------------------------------------------

/** The file cut inside field `m` of its last row after `keep` characters, inside a quote or not. */
function truncated(k: Kind, m: number, keep: number, quoted: boolean): string {
  const b = BASES[k];
  const f = parseLine(b.rows[b.rows.length - 1]!);
  const partial = f[m]!.slice(0, keep);
  expect(partial.length).toBeLessThan(f[m]!.length);
  const cut = `${f.slice(0, m).map(quote).join(',')},${quoted ? '"' : ''}${partial}`;
  return [...b.above, b.header, ...b.below, ...b.rows.slice(0, -1), cut].join(b.eol);
}
const lastRow = (k: Kind) => rowNo(k, BASES[k].rows.length - 1);

describe('truncated file', () => {
  // Cut mid-row (no quote open): the last row lacks columns.
  it('template: cut mid-row is rejected at the cut row', T, async () => {
    expectRejected(await attempt('template', truncated('template', 2, 4, false)), { rows: [lastRow('template')] });
  });
  it('EES: cut mid-row is rejected at the cut row', T, async () => {
    expectRejected(await attempt('ees', truncated('ees', 8, 4, false)), { rows: [lastRow('ees')] });
  });
  // Was a bug, fixed since (lib/ofsted.ts, OfstedRegisterReader.checkRow, line 268 ff.): a row is never compared with the
  // header's width, so a register cut after "Local authority" stores its last setting with Sector,
  // Places and Organisation name null. The published file has rows short of the optional trailing
  // columns (17 and 18 of 21 fields), but never short of the required ones (Sector is field 17).
  it('Ofsted: cut mid-row is rejected at the cut row (was: the partial last row is stored)', T, async () => {
    expectRejected(await attempt('ofsted', truncated('ofsted', 14, 8, false)), { rows: [lastRow('ofsted')] });
  });
  it('RO3: cut mid-row is rejected at the cut row', T, async () => {
    expectRejected(await attempt('ro3', truncated('ro3', 2, 6, false)), { rows: [lastRow('ro3')] });
  });

  // Cut inside a quoted field in the middle of the last row.
  it('template: cut mid-quote is rejected at the cut row', T, async () => {
    expectRejected(await attempt('template', truncated('template', 2, 4, true)), { rows: [lastRow('template')] });
  });
  it('EES: cut mid-quote is rejected at the cut row', T, async () => {
    expectRejected(await attempt('ees', truncated('ees', 8, 4, true)), { rows: [lastRow('ees')] });
  });
  // Was a bug, fixed since: as above (short row stored), and the open quote is not noticed either (next cases).
  it('Ofsted: cut mid-quote is rejected at the cut row (was: the partial last row is stored)', T, async () => {
    expectRejected(await attempt('ofsted', truncated('ofsted', 15, 8, true)), { rows: [lastRow('ofsted')] });
  });
  it('RO3: cut mid-quote is rejected at the cut row', T, async () => {
    expectRejected(await attempt('ro3', truncated('ro3', 7, 4, true)), { rows: [lastRow('ro3')] });
  });

  // Cut inside a quoted LAST field: every column is there, only the closing quote is missing.
  // Was a bug, fixed since (lib/csv/read.ts, readCsvStream, line 88 ff.): papaparse reports an unterminated quote as a
  // "MissingQuotes" error in its results, but the NODE_STREAM_INPUT stream only emits the rows, so
  // the error is lost and the truncated value is taken as written: "120" cut to `"12` stores 12,
  // "15,432" cut to `"15` stores 15, an organisation name is stored cut short. The same happens
  // for every kind; a file that ends inside a quote should be rejected.
  const openQuoteAtEnd = (errors: ImportIssue[], k: Kind) =>
    expect(errors.some((e) => e.row === lastRow(k) || /quot/i.test(e.message))).toBe(true);
  it('template: a file ending inside a quoted value is rejected (was: "12" is stored for 120)', T, async () => {
    const a = await attempt('template', truncated('template', 8, 2, true));
    openQuoteAtEnd(expectRejected(a), 'template');
  });
  it('EES: a file ending inside a quoted value is rejected (was: 3 is stored for 31)', T, async () => {
    const a = await attempt('ees', truncated('ees', 13, 1, true));
    openQuoteAtEnd(expectRejected(a), 'ees');
  });
  it('Ofsted: a file ending inside a quoted value is rejected (was: "Cambian Autism" is stored)', T, async () => {
    const a = await attempt('ofsted', truncated('ofsted', 20, 14, true));
    openQuoteAtEnd(expectRejected(a), 'ofsted');
  });
  it('RO3: a file ending inside a quoted value is rejected (was: 15 is stored for 15,432)', T, async () => {
    const a = await attempt('ro3', truncated('ro3', 41, 2, true));
    openQuoteAtEnd(expectRejected(a), 'ro3');
  });
});

// ---------------------------------------------------------------------------------------------
// Empty, binary and wrongly encoded files
// ---------------------------------------------------------------------------------------------

describe('0-byte file', () => {
  it('is rejected as empty when the kind is detected', T, async () => {
    const errors = expectRejected(await attempt('template', ''), { kind: null });
    expect(errors[0]!.message).toMatch(/empty/i);
  });
  for (const k of KINDS) {
    it(`${k}: is rejected as empty when the kind is given`, T, async () => {
      const errors = expectRejected(await attempt(k, new Uint8Array(0), { kind: BASES[k].kind }));
      expect(errors.some((e) => /empty/i.test(e.message))).toBe(true);
    });
  }
});

describe('NUL bytes', () => {
  for (const k of KINDS) {
    it(`${k}: a NUL inside a row is rejected as not a text file`, T, async () => {
      const rows = [...BASES[k].rows];
      rows[1] = `${rows[1]!.slice(0, 12)}\u0000${rows[1]!.slice(12)}`;
      const errors = expectRejected(await attempt(k, fileText(k, { rows })), { kind: BASES[k].kind });
      expect(errors[0]!.message).toMatch(/NUL byte/);
      expect(errors[0]!.expected).toMatch(/UTF-8/);
    });
  }
});

/** UTF-16 LE with a byte-order mark. */
const utf16 = (s: string) => new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]));

describe('UTF-16 with BOM', () => {
  for (const k of KINDS) {
    it(`${k}: is rejected and nothing is stored`, T, async () => {
      const errors = expectRejected(await attempt(k, utf16(fileText(k))));
      expect(errors[0]!.row === null || errors[0]!.row === 1).toBe(true);
    });
  }
  it('the fixture (a template saved as UTF-16 LE) is rejected', T, async () => {
    expectRejected(await attempt('template', fixture('utf16le-bom_template.csv')));
  });
  // Was a bug, fixed since (unclear message; db/imports/any.ts line 53, with lib/importKinds.ts line 49): the head is
  // decoded as UTF-8, the header is not recognised, and the user is told "This is not a kind of
  // file Sufficiency can import", with the first line full of NULs and U+FFFD as its value. The
  // file is a template in the wrong encoding: the message should say so (UTF-16, save as CSV
  // UTF-8). Through a kind's own importer the message is "This is not a text file: it contains a
  // NUL byte at byte 4", misleading too.
  it('the message says the file is UTF-16, not UTF-8', T, async () => {
    const errors = expectRejected(await attempt('template', fixture('utf16le-bom_template.csv')));
    expect(errors[0]!.message).toMatch(/UTF-16|encod/i);
    expect(errors[0]!.value ?? '').not.toMatch(/\u0000/);
  });
});

/** Text as Windows-1252 bytes (only ASCII and the few characters the cases use). */
function cp1252(s: string): Uint8Array {
  const map: Record<string, number> = { 'é': 0xe9, '£': 0xa3, '–': 0x96 };
  return new Uint8Array(
    [...s].map((c) => {
      const b = map[c] ?? c.charCodeAt(0);
      if (b > 0x7f && map[c] === undefined) throw new Error(`no Windows-1252 byte for ${c}`);
      return b;
    }),
  );
}

describe('Windows-1252', () => {
  for (const k of KINDS) {
    it(`${k}: an é in a text field is rejected as not UTF-8`, T, async () => {
      const b = BASES[k];
      const rows = withField(k, b.at, k === 'template' ? b.text : 6, 'Café £5 – ok');
      const errors = expectRejected(await attempt(k, cp1252(fileText(k, { rows }))), { kind: b.kind });
      expect(errors[0]!.message).toMatch(/not valid UTF-8/);
    });
  }
  it('the fixture is rejected as not UTF-8', T, async () => {
    const errors = expectRejected(await attempt('template', fixture('windows-1252_template.csv')));
    expect(errors[0]!.message).toMatch(/not valid UTF-8/);
    expect(errors[0]!.expected).toMatch(/UTF-8/);
  });
  // Was a bug, fixed since (misleading location; lib/csv/read.ts line 69): `bytes` has already been advanced past the
  // chunk when the decoder throws, so "near byte" names the first byte of the chunk: for this
  // fixture (é at byte 259) "near byte 1"; with the CLI's 1 MB chunks it can be a megabyte off. The
  // byte (or better, the row) of the invalid sequence should be named.
  it('the message names where the bad byte is', T, async () => {
    const bytes = fixture('windows-1252_template.csv');
    const at = bytes.findIndex((b) => b > 0x7f) + 1;
    const errors = expectRejected(await attempt('template', bytes));
    const named = Number(/byte (\d+)/.exec(errors[0]!.message)?.[1]);
    expect(Math.abs(named - at)).toBeLessThanOrEqual(4);
  });
});

// ---------------------------------------------------------------------------------------------
// Spreadsheet exports
// ---------------------------------------------------------------------------------------------

/** As Excel's "CSV UTF-8" writes a sheet: BOM, CRLF, every line padded with 2 empty columns, 3 rows of commas below. */
function excelExport(k: Kind, o: { emptyRows?: boolean } = {}): string {
  const b = BASES[k];
  const pad = (l: string) => `${l},,`;
  const width = parseLine(b.header).length + 2;
  const blank = ','.repeat(width - 1);
  const rows = [...b.rows.map(pad), ...(o.emptyRows === false ? [] : [blank, blank, blank])];
  return `\uFEFF${fileText(k, { above: b.above.map(pad), header: pad(b.header), below: b.below.map(pad), rows, eol: '\r\n' })}`;
}

describe('Excel export with trailing empty rows and columns, CRLF and BOM', () => {
  it('template: trailing empty columns are ignored with a warning and the rows imported', T, async () => {
    const a = await attempt('template', excelExport('template', { emptyRows: false }));
    await expectImportedAsBase(a, 'template');
    expect(a.res.warnings.some((w) => w.row === 1 && /not part of the template/.test(w.message))).toBe(true);
  });
  // Was a bug, fixed since (lib/csv/read.ts line 104 / lib/template/row.ts validateRow): a row of commas only (Excel
  // writes them below the data for rows that were once touched) is a record of empty fields, not a
  // "blank line", and every column of it is reported blank: the fixture is rejected with 8 errors
  // on each of rows 5-7. Ofsted's and RO3's readers skip such rows; the template (the file meant to
  // be filled in a spreadsheet) should too.
  it('template: the Excel fixture (3 trailing rows of commas) is imported', T, async () => {
    await expectImportedAsBase(await attempt('template', fixture('excel-export_template.csv')), 'template');
  });
  it('template: the Excel fixture is, today, rejected at the rows of commas only (5-7), nothing stored', T, async () => {
    // Kept next to the it.fails above: whatever the outcome, a rejection must be located and store nothing.
    const a = await attempt('template', fixture('excel-export_template.csv'));
    if (a.res.status === 'rejected') expectRejected(a, { rows: [5, 6, 7] });
    else await expectImportedAsBase(a, 'template');
  });
  it('EES: columns with no name in the header are rejected at row 1 (EES files name every column)', T, async () => {
    const errors = expectRejected(await attempt('ees', excelExport('ees')), { rows: [1], kind: 'ees' });
    expect(errors.some((e) => /no name/.test(e.message))).toBe(true);
  });
  it('Ofsted: imported as the same register', T, async () => {
    await expectImportedAsBase(await attempt('ofsted', excelExport('ofsted')), 'ofsted');
  });
  it('RO3: imported as the same figures', T, async () => {
    await expectImportedAsBase(await attempt('ro3', excelExport('ro3')), 'ro3');
  });
});

describe('dates as Excel serial numbers', () => {
  it('template: every serial date is rejected on its row, column period_end, saying which forms are accepted', T, async () => {
    const errors = expectRejected(await attempt('template', fixture('excel-serial-dates_template.csv')), { rows: [2, 3, 4] });
    const dates = errors.filter((e) => e.column === 'period_end');
    expect(dates.map((e) => [e.row, e.value])).toEqual([
      [2, '45382'],
      [3, '45382'],
      [4, '45747'],
    ]);
    for (const e of dates) {
      expect(e.message).toMatch(/date/i);
      expect(e.expected).toMatch(/YYYY-MM-DD/);
      expect(e.expected).toMatch(/DD\/MM\/YYYY/);
    }
  });
  it('EES: a serial number as time_period is rejected on its row', T, async () => {
    const rows = withField('ees', 4, 0, '45382');
    const errors = expectRejected(await attempt('ees', fileText('ees', { rows })), { rows: [rowNo('ees', 4)] });
    expect(errors.find((e) => e.row === rowNo('ees', 4))).toMatchObject({ column: 'time_period', value: '45382' });
  });
  it('Ofsted: serial numbers in Registration date (a column not read) change nothing', T, async () => {
    let rows = BASES.ofsted.rows;
    rows.forEach((_, i) => (rows = withField('ofsted', i, 4, String(44204 + i), rows)));
    await expectImportedAsBase(await attempt('ofsted', fileText('ofsted', { rows })), 'ofsted');
  });
  // RO3 has no date column: its year comes from the file name.
});

// ---------------------------------------------------------------------------------------------
// Shape: repeated and duplicate headers, very wide rows
// ---------------------------------------------------------------------------------------------

describe('header repeated mid-file', () => {
  const repeated = (k: Kind) => fileText(k, { rows: [...BASES[k].rows.slice(0, 2), BASES[k].header, ...BASES[k].rows.slice(2)] });
  for (const k of ['template', 'ees', 'ofsted'] as const) {
    it(`${k}: rejected at the repeated header's row`, T, async () => {
      expectRejected(await attempt(k, repeated(k)), { rows: [rowNo(k, 2)], kind: BASES[k].kind });
    });
  }
  it('RO3: the repeated header is skipped with a warning (the published file has one) and the rest imported', T, async () => {
    const a = await attempt('ro3', repeated('ro3'));
    await expectImportedAsBase(a, 'ro3');
    expect(a.res.warnings.some((w) => w.row === rowNo('ro3', 2) && /repeats the header/.test(w.message))).toBe(true);
  });
});

describe('duplicate headers', () => {
  it('template: a column named twice is rejected at row 1, naming it', T, async () => {
    const rows = BASES.template.rows.map((r) => `${r},999`);
    const errors = expectRejected(await attempt('template', fileText('template', { header: `${TEMPLATE_HEADER},Value`, rows })), { rows: [1] });
    expect(errors.find((e) => e.row === 1)).toMatchObject({ column: 'value' });
    expect(errors.find((e) => e.row === 1)!.message).toMatch(/twice/);
  });
  it('EES: a column named twice is rejected at row 1, naming it', T, async () => {
    const rows = BASES.ees.rows.map((r) => `${r},999`);
    const errors = expectRejected(await attempt('ees', fileText('ees', { header: `${BASES.ees.header},number`, rows })), { rows: [1] });
    expect(errors.find((e) => e.row === 1)!.message).toMatch(/number twice/);
  });
  it('Ofsted: a second "Places" column is either rejected at the header or ignored (the first one is read)', T, async () => {
    // FINDING (not a failure): OfstedRegisterReader.mapHeader (lib/ofsted.ts line 248) keeps the
    // first of two same-named columns without a word, so the 999s below are silently ignored (RO3's
    // reader does the same, lib/ro3.ts line 273). A warning would be kinder.
    const b = BASES.ofsted;
    const rows = b.rows.map((r) => `${r}${','.repeat(Math.max(0, 21 - parseLine(r).length))},999`);
    const a = await attempt('ofsted', fileText('ofsted', { header: `${b.header},Places`, rows }));
    if (a.res.status === 'rejected') expectRejected(a, { rows: [headerRow('ofsted')] });
    else await expectImportedAsBase(a, 'ofsted');
  });
  it('RO3: a second "ONS Code" column is rejected (it has no field code in row 2)', T, async () => {
    const b = BASES.ro3;
    const rows = b.rows.map((r) => `${r},E06000004`);
    const a = await attempt('ro3', fileText('ro3', { header: `${b.header},ONS Code`, below: [`${b.below[0]!},`], rows }));
    const errors = expectRejected(a, { rows: [2] });
    expect(errors.find((e) => e.row === 2)).toMatchObject({ column: 'ONS Code' });
  });
  it('RO3: a field code given twice in row 2 is rejected, naming both columns', T, async () => {
    const b = BASES.ro3;
    const rows = b.rows.map((r) => `${r},1`);
    const a = await attempt('ro3', fileText('ro3', { header: `${b.header},Total again`, below: [`${b.below[0]!},RO3-csclkd-tot-exp`], rows }));
    const errors = expectRejected(a, { rows: [2] });
    expect(errors.find((e) => e.row === 2)!.message).toMatch(/RO3-csclkd-tot-exp is in column 10 and again in column 43/);
  });
});

describe('100,000 columns in one row', () => {
  const wide = (k: Kind) => {
    const rows = [...BASES[k].rows];
    rows[1] = rows[1]! + ',x'.repeat(100_000);
    return fileText(k, { rows });
  };
  for (const k of ['template', 'ees', 'ro3'] as const) {
    it(`${k}: rejected at that row, saying how many fields it has`, T, async () => {
      const errors = expectRejected(await attempt(k, wide(k)), { rows: [rowNo(k, 1)], kind: BASES[k].kind });
      expect(errors.find((e) => e.row === rowNo(k, 1))!.message).toMatch(/100,?0\d\d (fields|columns)/);
    });
  }
  it('Ofsted: either rejected at that row or imported with the named columns only', T, async () => {
    // FINDING (not a failure): the register's reader reads columns by the header's positions and
    // ignores anything past them, so 100,000 extra values are dropped without a warning (RO3's
    // reader rejects a row with non-blank cells past the header).
    const a = await attempt('ofsted', wide('ofsted'));
    if (a.res.status === 'rejected') expectRejected(a, { rows: [rowNo('ofsted', 1)] });
    else await expectImportedAsBase(a, 'ofsted');
  });
});

// ---------------------------------------------------------------------------------------------
// Very long lines and a 10 MB field (memory stays bounded)
// ---------------------------------------------------------------------------------------------

/** Runs a full garbage collection when the runtime lets us expose it, for a steadier baseline. */
function collectGarbage(): void {
  const g = globalThis as { gc?: () => void };
  if (!g.gc) {
    try {
      v8.setFlagsFromString('--expose-gc');
      g.gc = vm.runInNewContext('gc') as () => void;
    } catch {
      return;
    }
  }
  g.gc?.();
}

const MB = 1024 * 1024;

/** Imports with the rss sampled as the file is read; returns the attempt and the peak growth. */
async function attemptMeasured(k: Kind, input: string): Promise<{ a: Attempt; growth: number }> {
  collectGarbage();
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const a = await attempt(k, input, { onProgress: sample });
  sample();
  return { a, growth: peak - rss0 };
}

/** A long text in the kind's text column of row `at` (template: an extra column, since la_name must match). */
function longText(k: Kind, text: string): string {
  const b = BASES[k];
  if (k === 'template') {
    const rows = b.rows.map((r, i) => `${r},${i === b.at ? quote(text) : ''}`);
    return fileText(k, { header: `${b.header},note`, rows });
  }
  return fileText(k, { rows: withField(k, b.at, b.text, text) });
}

/** Checks that the long text landed where the kind keeps it, and nothing else changed. */
async function expectLongTextImported(a: Attempt, k: Kind, text: string): Promise<void> {
  expectImported(a, k);
  const c = a.db.$client;
  if (k === 'template' || k === 'ro3') {
    // The template's extra column is ignored (with a warning); RO3's Notes are not stored.
    expect(content(a.db, k)).toEqual(await baseContent(k));
    if (k === 'template') expect(a.res.warnings.some((w) => w.column === 'note')).toBe(true);
  } else if (k === 'ees') {
    const rows = c.prepare('SELECT filters FROM ees_values WHERE length(filters) > ?').all(text.length) as { filters: string }[];
    expect(rows).toHaveLength(3); // the row's three indicators
    for (const r of rows) expect(parseFilters(r.filters)).toEqual([['population_count', text]]);
    expect(count(a.db, 'ees_values')).toBe((await baseContent('ees')).length);
  } else {
    const org = c.prepare('SELECT organisation FROM ofsted_providers WHERE urn = ?').get(parseLine(BASES.ofsted.rows[0]!)[1]) as {
      organisation: string;
    };
    expect(org.organisation === text).toBe(true);
    expect(count(a.db, 'ofsted_providers')).toBe(BASES.ofsted.rows.length);
  }
}

describe('very long lines (a 1 MB line, read in 16 KB chunks)', () => {
  const text = 'Long text, "quoted", and more. '.repeat(Math.ceil(MB / 31)).slice(0, MB);
  for (const k of KINDS) {
    it(`${k}: imported, the long text kept (or ignored) as it is`, T, async () => {
      const a = await attempt(k, longText(k, text), { chunkSize: 16 * 1024 });
      await expectLongTextImported(a, k, text);
    });
  }
});

describe('a 10 MB single field: memory stays bounded (rss growth below 300 MB)', () => {
  const big = 'y'.repeat(10 * MB);
  it('template: a 10 MB value is rejected on its row, column value', T, async () => {
    const rows = withField('template', 3, 8, big);
    const { a, growth } = await attemptMeasured('template', fileText('template', { rows }));
    const errors = expectRejected(a, { rows: [rowNo('template', 3)] });
    expect(errors.find((e) => e.row === rowNo('template', 3))).toMatchObject({ column: 'value', message: 'The value is not a number' });
    // FINDING (not a failure): the issue keeps the whole 10 MB value, so imports.errors holds it
    // and the import page is sent it; issue values could be cut to a few hundred characters.
    expect(growth).toBeLessThan(300 * MB);
  });
  for (const k of ['ees', 'ofsted', 'ro3'] as const) {
    it(`${k}: a 10 MB text is imported`, T, async () => {
      const { a, growth } = await attemptMeasured(k, longText(k, big));
      await expectLongTextImported(a, k, big);
      expect(growth).toBeLessThan(300 * MB);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Formula-like values, and HTML and script in text fields
// ---------------------------------------------------------------------------------------------

describe('formula-like values where numbers are expected are rejected, never evaluated', () => {
  it('template fixture: =, +, -, @ values and a =HYPERLINK la_name are each rejected on their row', T, async () => {
    const errors = expectRejected(await attempt('template', fixture('formula-values_template.csv')), { rows: [2, 3, 4, 5, 6] });
    const at = (row: number) => errors.find((e) => e.row === row)!;
    expect(at(2)).toMatchObject({ column: 'value', value: '=1+1', message: 'The value is not a number' });
    expect(at(3)).toMatchObject({ column: 'value', value: '+236', message: 'The value is not a number' });
    expect(at(4)).toMatchObject({ column: 'value', value: '-11', message: 'The value is negative' });
    expect(at(5)).toMatchObject({ column: 'value', value: '@SUM(A1:A9)', message: 'The value is not a number' });
    expect(at(6)).toMatchObject({ column: 'la_name', value: '=HYPERLINK("http://example.invalid/?q="&A1,"Stockton")' });
  });

  // "-5" is a number in EES and RO3 files (negative figures are allowed there), so the "-" case
  // is a formula that is not a number.
  const FORMULAS = ['=1+1', '+1', '-2+3', '@SUM(A1)'];
  for (const k of ['ees', 'ofsted', 'ro3'] as const) {
    it(`${k}: ${FORMULAS.join(' ')} in ${BASES[k].numberColumn} are each rejected on their row`, T, async () => {
      let rows = BASES[k].rows;
      const at = FORMULAS.map((_, i) => i % rows.length);
      // RO3 has three rows: the fourth formula goes in the next column of the first row.
      FORMULAS.forEach((f, i) => (rows = withField(k, at[i]!, BASES[k].number + (i >= rows.length ? 1 : 0), f, rows)));
      const errors = expectRejected(await attempt(k, fileText(k, { rows })), { rows: at.map((i) => rowNo(k, i)), kind: BASES[k].kind });
      for (const f of FORMULAS) expect(errors.map((e) => e.value)).toContain(f);
      expect(errors.find((e) => e.value === '=1+1')!.column).toBe(BASES[k].numberColumn);
    });
  }

  it('csvCell neutralises every formula start when written back', () => {
    for (const s of ['=1+1', '+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) expect(csvCell(s).replace(/^"/, '').startsWith("'")).toBe(true);
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell(-5)).toBe('-5'); // numbers are numbers
  });
});

/** Reads a CSV written by toCsv back and returns its cells, to check what a spreadsheet would get. */
const cellsOf = (csv: string) => Papa.parse<string[]>(csv.trim(), { delimiter: ',' }).data;

describe('formula-like text in text fields is stored as text, neutralised when written back', () => {
  const FORMULA_TEXT = ['=HYPERLINK("http://example.invalid","click")', "@SUM(1+1)*cmd|' /C calc'!A0", '+1+1', '-1+1'];

  it('EES: a formula as a filter value is stored verbatim and written back with an apostrophe', T, async () => {
    let rows = BASES.ees.rows;
    FORMULA_TEXT.forEach((f, i) => (rows = withField('ees', 3 + i, BASES.ees.text, f, rows)));
    const a = await attempt('ees', fileText('ees', { rows }));
    expectImported(a, 'ees');
    const stored = (a.db.$client.prepare('SELECT DISTINCT filters FROM ees_values').all() as { filters: string }[]).map(
      (r) => parseFilters(r.filters)[0]![1],
    );
    for (const f of FORMULA_TEXT) expect(stored).toContain(f);
    const csv = toCsv(['filter'], FORMULA_TEXT.map((f) => [f]));
    expect(cellsOf(csv).slice(1)).toEqual(FORMULA_TEXT.map((f) => [`'${f}`]));
  });

  it('Ofsted: a formula as an organisation name is stored verbatim and written back with an apostrophe', T, async () => {
    let rows = BASES.ofsted.rows;
    FORMULA_TEXT.forEach((f, i) => (rows = withField('ofsted', i, BASES.ofsted.text, f, rows)));
    const a = await attempt('ofsted', fileText('ofsted', { rows }));
    expectImported(a, 'ofsted');
    const orgs = (a.db.$client.prepare('SELECT organisation FROM ofsted_providers').all() as { organisation: string | null }[]).map(
      (r) => r.organisation,
    );
    for (const f of FORMULA_TEXT) expect(orgs).toContain(f);
    for (const f of FORMULA_TEXT) expect(cellsOf(toCsv(['organisation'], [[f]]))[1]).toEqual([`'${f}`]);
  });
});

describe('HTML and script in text fields are text: stored as written or rejected, never interpreted', () => {
  const SCRIPT = '<script>alert("x")</script>';
  const IMG = '<img src=x onerror=alert(1)>';

  it('template: an HTML la_name is rejected on its row, the issue holding the text as written', T, async () => {
    const rows = withField('template', 1, 2, SCRIPT);
    const errors = expectRejected(await attempt('template', fileText('template', { rows })), { rows: [rowNo('template', 1)] });
    expect(errors.find((e) => e.row === rowNo('template', 1))).toMatchObject({ column: 'la_name', value: SCRIPT });
  });

  it('template: HTML as a value is rejected as not a number', T, async () => {
    const rows = withField('template', 2, 8, '<b>11</b>');
    const errors = expectRejected(await attempt('template', fileText('template', { rows })), { rows: [rowNo('template', 2)] });
    expect(errors.find((e) => e.row === rowNo('template', 2))).toMatchObject({ column: 'value', value: '<b>11</b>' });
  });

  it('EES: HTML as an area name and as a filter value is stored exactly as written', T, async () => {
    let rows = withField('ees', 4, 8, IMG);
    rows = withField('ees', 4, BASES.ees.text, SCRIPT, rows);
    const a = await attempt('ees', fileText('ees', { rows }));
    expectImported(a, 'ees');
    const got = a.db.$client.prepare('SELECT area_name, filters FROM ees_values WHERE area_name = ?').all(IMG) as {
      area_name: string;
      filters: string;
    }[];
    expect(got).toHaveLength(3);
    for (const g of got) expect(parseFilters(g.filters)).toEqual([['population_count', SCRIPT]]);
  });

  it('Ofsted fixture: script, an onerror handler, entities and a comment are stored exactly as written', T, async () => {
    const a = await attempt('ofsted', fixture('html-script_ofsted_at_31_Mar_2023.csv'), { fileName: 'html-script_ofsted_at_31_Mar_2023.csv' });
    expectImported(a, 'ofsted');
    const orgs = a.db.$client.prepare("SELECT urn, organisation FROM ofsted_providers WHERE as_at = '2023-03-31' ORDER BY urn").all();
    expect(orgs).toEqual([
      { urn: '2611190', organisation: "<script>alert('x')</script>" },
      { urn: '2611447', organisation: '<img src=x onerror="alert(1)">' },
      { urn: '2611536', organisation: 'Smith &amp; Co <!-- comment --> </td></tr>' },
      { urn: '2612008', organisation: 'Compass Childrens Homes Ltd' },
    ]);
  });

  it('RO3: HTML as an authority name changes nothing stored', T, async () => {
    const rows = withField('ro3', 2, 2, SCRIPT);
    await expectImportedAsBase(await attempt('ro3', fileText('ro3', { rows })), 'ro3');
  });
});

// ---------------------------------------------------------------------------------------------
// Numbers too long to be numbers
// ---------------------------------------------------------------------------------------------

describe('a number of 400 digits', () => {
  const HUGE = `1${'0'.repeat(400)}`;
  // Was a bug, fixed since (lib/template/row.ts line 276, `value = Number(valueText)` after /^\d+$/): a whole number
  // of more than 309 digits passes the check and becomes Infinity, which is stored in
  // figures.value (SQLite REAL inf) and then breaks every total it is part of. Values above 2^53
  // also lose digits silently. The value should be rejected (not a finite number / implausibly large).
  it('template: is rejected on its row (was: Infinity is stored)', T, async () => {
    const rows = withField('template', 1, 8, HUGE);
    expectRejected(await attempt('template', fileText('template', { rows })), { rows: [rowNo('template', 1)] });
  });
  // Was a bug, fixed since (lib/ofsted.ts line 302, `places = Number(placesText)` after /^\d+$/): the same for Places:
  // Infinity is stored in ofsted_providers.places.
  it('Ofsted: Places is rejected on its row (was: Infinity is stored)', T, async () => {
    const rows = withField('ofsted', 0, 17, HUGE);
    expectRejected(await attempt('ofsted', fileText('ofsted', { rows })), { rows: [rowNo('ofsted', 0)] });
  });
  for (const k of ['ees', 'ro3'] as const) {
    it(`${k}: is rejected on its row`, T, async () => {
      const rows = withField(k, BASES[k].at, BASES[k].number, HUGE);
      expectRejected(await attempt(k, fileText(k, { rows })), { rows: [rowNo(k, BASES[k].at)] });
    });
  }
});

describe('a report stays small whatever the file holds', () => {
  it('keeps the first 200 characters of a huge bad value and says how long it was', async () => {
    const db = freshDb();
    const huge = 'x'.repeat(1_000_000);
    const r = await importText(db, `${HEADER}\n2024-03-31,E06000004,,fostering,in_house,all,all,children_placed,${huge}\n`);
    expect(r.status).toBe('rejected');
    const v = r.errors.find((e) => e.column === 'value')!.value!;
    expect(v.length).toBeLessThan(260);
    expect(v).toContain('1,000,000 characters');
  });
});
