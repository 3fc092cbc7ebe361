/**
 * Hostile files against every importer (sufficiency template, DfE EES open data, Ofsted's
 * register, MHCLG RO3), each built from a small valid file of its kind and sent through
 * importAnyFile as the import page and `npm run import` send it; and the same corpus, with the
 * SSDA903 return's own hostile files (tests/fixtures/hostile/ssda903/), against importSsda903 as
 * one file of an otherwise valid return (see "SSDA903" below).
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
import { importSsda903, type Ssda903ImportResult } from '@/db/imports/ssda903';
import type { ImportProgress, ImportResult } from '@/db/imports/template';
import { bufferChunks } from '@/lib/csv/read';
import { csvCell, toCsv } from '@/lib/csv/write';
import { parseFilters } from '@/lib/ees';
import { placedByUrn } from '@/lib/ssda903/tables';
import { parseUrnKey, urnKey } from '@/lib/ssda903/derive';
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
    // Kept beside the test above (a bug found by this fixture, now fixed): whatever the outcome, a rejection must be located and store nothing.
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
/**
 * Peak RSS growth allowed while importing a 10 MB field. It includes garbage V8 has not collected
 * yet: for the template's 10 MB value, 240-290 MB measured on the old and the new importer alike (6 Dec 2026), so 300 MB failed by
 * chance in a loaded run. A copy of the field per chunk read would grow by gigabytes: 400 MB still
 * tells bounded from unbounded.
 */
const GROWTH_BOUND = 400 * MB;

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

describe('a 10 MB single field: memory stays bounded (rss growth below 400 MB)', () => {
  const big = 'y'.repeat(10 * MB);
  it('template: a 10 MB value is rejected on its row, column value', T, async () => {
    const rows = withField('template', 3, 8, big);
    const { a, growth } = await attemptMeasured('template', fileText('template', { rows }));
    const errors = expectRejected(a, { rows: [rowNo('template', 3)] });
    expect(errors.find((e) => e.row === rowNo('template', 3))).toMatchObject({ column: 'value', message: 'The value is not a number' });
    // FINDING (not a failure): the issue keeps the whole 10 MB value, so imports.errors holds it
    // and the import page is sent it; issue values could be cut to a few hundred characters.
    expect(growth).toBeLessThan(GROWTH_BOUND);
  });
  for (const k of ['ees', 'ofsted', 'ro3'] as const) {
    it(`${k}: a 10 MB text is imported`, T, async () => {
      const { a, growth } = await attemptMeasured(k, longText(k, big));
      await expectLongTextImported(a, k, big);
      expect(growth).toBeLessThan(GROWTH_BOUND);
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

// =============================================================================================
// SSDA903: the same corpus, and the return's own hostile files, against importSsda903
// =============================================================================================
//
// Each hostile file is one file of an otherwise valid 2023-24 return of Stockton-on-Tees (the
// valid 2023 header and UASC files of tests/fixtures/ssda903/small-2023-24 plus the hostile file
// as 2023-episodes.csv; where it makes sense, the hostile file as 2023-header.csv instead), or the
// XML form of a whole return. The database already holds a valid import of every other kind and
// the council's 2024-25 return, so "nothing changed" covers the returns, the child-level tables
// and every derived figure. The return's own fixtures are in tests/fixtures/hostile/ssda903/.

const LA = 'E06000004';
const SSDA903_SMALL = path.join(ROOT, 'tests', 'fixtures', 'ssda903', 'small-2023-24');
const smallFile = (name: string) => fs.readFileSync(path.join(SSDA903_SMALL, name), 'utf8');
const fixture903 = (name: string) => fixture(path.join('ssda903', name));

type Table903 = 'episodes' | 'header';
const TABLES_903: Table903[] = ['episodes', 'header'];

interface Base903 {
  fileName: string;
  header: string;
  rows: string[];
  /** A text column, checked for length only (HOME_POST; UPN). */
  text: number;
  textColumn: string;
  /** A required date column and its DfE rule. */
  date: number;
  dateColumn: string;
  dateRule: string;
  /** A required code column. */
  code: number;
  codeColumn: string;
}

const smallLines = (name: string) => smallFile(name).trimEnd().split('\n');
const EPISODES_903 = smallLines('2023-episodes.csv');
const HEADER_903 = smallLines('2023-header.csv');

const B903: Record<Table903, Base903> = {
  episodes: {
    fileName: '2023-episodes.csv',
    header: EPISODES_903[0]!,
    rows: EPISODES_903.slice(1),
    text: 10,
    textColumn: 'HOME_POST',
    date: 1,
    dateColumn: 'DECOM',
    dateRule: '141',
    code: 5,
    codeColumn: 'PLACE',
  },
  header: {
    fileName: '2023-header.csv',
    header: HEADER_903[0]!,
    rows: HEADER_903.slice(1),
    text: 4,
    textColumn: 'UPN',
    date: 2,
    dateColumn: 'DOB',
    dateRule: '102',
    code: 3,
    codeColumn: 'ETHNIC',
  },
};

function file903(t: Table903, p: { header?: string; rows?: string[]; eol?: string } = {}): string {
  const eol = p.eol ?? '\n';
  return [p.header ?? B903[t].header, ...(p.rows ?? B903[t].rows)].join(eol) + eol;
}

/** The row number (header = 1) of data row `i`. */
const rowNo903 = (i: number) => i + 2;

/** The rows with one field of row `i` replaced. */
function withField903(t: Table903, i: number, col: number, value: string, rows = B903[t].rows): string[] {
  const out = [...rows];
  const f = parseLine(out[i]!);
  while (f.length <= col) f.push('');
  f[col] = value;
  out[i] = joinFields(f);
  return out;
}

interface File903 {
  fileName: string;
  data: string | Uint8Array;
}

const returnFiles = (year: number): File903[] =>
  ['header', 'episodes', 'uasc'].map((t) => ({ fileName: `${year}-${t}.csv`, data: smallFile(`${year}-${t}.csv`) }));

/** The valid 2023 return with the file of table `t` replaced by `data`. */
const returnWith = (t: Table903, data: string | Uint8Array): File903[] =>
  returnFiles(2023).map((f) => (f.fileName === B903[t].fileName ? { fileName: f.fileName, data } : f));

/** The XML form of the valid 2023 return, one element per line of its own for the children. */
function validXml(): string {
  const rows = (name: string) => smallLines(name).slice(1).map(parseLine);
  const cols = parseLine(EPISODES_903[0]!);
  const el = (n: string, v: string | undefined) => (v ? `<${n}>${v}</${n}>` : '');
  const uasc = rows('2023-uasc.csv');
  const episodes = rows('2023-episodes.csv');
  const out = ['<?xml version="1.0" encoding="utf-8"?>', '<EXPSSDA903>'];
  for (const h of rows('2023-header.csv')) {
    const u = uasc.find((x) => x[0] === h[0]);
    out.push(
      '  <CHILD>',
      `    <HEADER>${el('CHILDID', h[0])}${el('SEX', h[1])}${el('DOB', h[2])}${el('ETHNIC', h[3])}${el('UPN', h[4])}${u ? `<UASC>1</UASC>${el('DUC', u[3])}` : ''}</HEADER>`,
    );
    for (const e of episodes.filter((x) => x[0] === h[0])) {
      out.push(`    <EPISODE>${cols.slice(1).map((c, i) => el(c === 'PLACE' ? 'PL' : c, e[i + 1])).join('')}</EPISODE>`);
    }
    out.push('  </CHILD>');
  }
  return [...out, '</EXPSSDA903>'].join('\n') + '\n';
}
const XML_NAME = 'return-2023-24.xml';

const SSDA903_TABLES = ['ssda903_returns', 'ssda903_children', 'ssda903_episodes', 'ssda903_uasc', 'figure_sets', 'figures', 'figure_breakdowns'];
const SNAPSHOT_903 = [...new Set([...DATA_TABLES, ...SSDA903_TABLES])];
const snapshot903 = (db: Db) => Object.fromEntries(SNAPSHOT_903.map((t) => [t, db.$client.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()]));

/** The chunks, calling `onChunk` as each is taken (to sample memory while a file is read). */
async function* sampledChunks(chunks: AsyncIterable<Uint8Array>, onChunk?: () => void): AsyncGenerator<Uint8Array> {
  for await (const c of chunks) {
    onChunk?.();
    yield c;
  }
}

interface Opts903 {
  chunkSize?: number;
  onChunk?: () => void;
}

const run903 = (db: Db, files: File903[], o: Opts903 = {}): Promise<Ssda903ImportResult> =>
  importSsda903(db.$client, {
    laCode: LA,
    files: files.map((f) => ({ fileName: f.fileName, chunks: sampledChunks(bufferChunks(f.data, o.chunkSize ?? 64 * 1024), o.onChunk) })),
    source: 'web',
    actor: 'hostile@example.org',
    onProgress: o.onChunk,
  });

/** A fresh database holding a valid import of every other kind and the council's 2024-25 return. */
async function seeded903(): Promise<Db> {
  const db = await seeded();
  const r = await run903(db, returnFiles(2024));
  expect(r.errors).toEqual([]);
  expect(r.status).toBe('stored');
  expect(r.returns.map((x) => x.label)).toEqual(['2024-25']);
  for (const t of SSDA903_TABLES) expect(count(db, t)).toBeGreaterThan(0);
  return db;
}

interface Attempt903 {
  db: Db;
  res: Ssda903ImportResult;
  files: string[];
  before: Record<string, unknown[]>;
}

async function attempt903(files: File903[], o: Opts903 = {}): Promise<Attempt903> {
  const db = await seeded903();
  const before = snapshot903(db);
  const importsBefore = count(db, 'imports');
  const res = await run903(db, files, o);
  expect(count(db, 'imports')).toBe(importsBefore + 1);
  return { db, res, files: files.map((f) => f.fileName), before };
}
const attemptAs = (t: Table903, data: string | Uint8Array, o: Opts903 = {}) => attempt903(returnWith(t, data), o);
const attemptXml = (data: string | Uint8Array, o: Opts903 = {}) => attempt903([{ fileName: XML_NAME, data }], o);

/** Issues not about one file are filed under this name. */
const GENERAL = '(this import)';

/**
 * Rejected, every issue named by its file, with a message and a row where it has one (a cell's
 * issue always has its row), recorded, every expected issue among them, and nothing else changed.
 */
function expectRejected903(a: Attempt903, expected: Partial<ImportIssue>[] = []): ImportIssue[] {
  const { db, res, before } = a;
  expect(res.status).toBe('rejected');
  expect(res.supplied).toEqual([]);
  expect(res.returns).toEqual([]);
  expect(res.changes).toEqual([]);
  expect(res.errorCount).toBeGreaterThan(0);
  expect(res.errors.length).toBeGreaterThan(0);
  expect(res.errors.length).toBeLessThanOrEqual(res.errorCount);
  for (const e of res.errors) {
    expect([...a.files, GENERAL]).toContain(e.file);
    expect(typeof e.message).toBe('string');
    expect(e.message.trim().length).toBeGreaterThan(0);
    expect(e.row === null || (Number.isInteger(e.row) && e.row >= 1)).toBe(true);
    if (e.row === null) expect(e.column === null || e.value === null).toBe(true);
    // A report stays small whatever the file holds.
    expect((e.value ?? '').length).toBeLessThan(260);
  }
  for (const x of expected) expect(res.errors).toContainEqual(expect.objectContaining(x));
  expect(snapshot903(db)).toEqual(before);
  const rec = db.$client.prepare('SELECT kind, status, error_count AS errorCount, errors FROM imports ORDER BY id DESC LIMIT 1').get() as {
    kind: string;
    status: string;
    errorCount: number;
    errors: string;
  };
  expect(rec).toMatchObject({ kind: 'ssda903', status: 'rejected', errorCount: res.errorCount });
  expect(JSON.parse(rec.errors)).toEqual(res.errors);
  return res.errors;
}

/** The issues of one file, as [row, column, value, rule]. */
const issuesOf = (errors: ImportIssue[], file: string) => errors.filter((e) => e.file === file).map((e) => [e.row, e.column, e.value, e.rule ?? null]);

/** Stored without error as the new 2023-24 return, and recorded so. */
function expectImported903(a: Attempt903): void {
  const { db, res } = a;
  expect(res.errors).toEqual([]);
  expect(res.status).toBe('stored');
  expect(res.returns.map((r) => [r.label, r.outcome, r.version])).toEqual([['2023-24', 'new', 1]]);
  const rec = db.$client.prepare('SELECT kind, status, error_count AS errorCount FROM imports ORDER BY id DESC LIMIT 1').get();
  expect(rec).toEqual({ kind: 'ssda903', status: 'stored', errorCount: 0 });
}

const CONTENT_903 = {
  returns: `SELECT year_end, version, is_current, children, episodes, uasc_rows, findings, json_extract(files, '$.content') AS content
            FROM ssda903_returns ORDER BY 1, 2`,
  children: `SELECT r.year_end, r.version, c.row, c.child, c.sex, c.dob, c.ethnic, c.mother, c.mc_dob
             FROM ssda903_children c JOIN ssda903_returns r ON r.id = c.return_id ORDER BY 1, 2, 3, 4`,
  episodes: `SELECT r.year_end, r.version, e.row, e.child, e.decom, e.rne, e.ls, e.cin, e.place, e.place_provider, e.dec, e.rec,
                    e.reason_place_change, e.home_post, e.pl_post, e.urn
             FROM ssda903_episodes e JOIN ssda903_returns r ON r.id = e.return_id ORDER BY 1, 2, 3`,
  uasc: `SELECT r.year_end, r.version, u.row, u.child, u.sex, u.dob, u.duc FROM ssda903_uasc u JOIN ssda903_returns r ON r.id = u.return_id ORDER BY 1, 2, 3`,
  figures: `SELECT s.la_code, s.period_end, s.source, s.version, s.is_current, f.measure, f.setting, f.provision, f.age_band, f.need, f.value, f.symbol
            FROM figures f JOIN figure_sets s ON s.id = f.set_id ORDER BY 1, 2, 3, 4, 6, 7, 8, 9, 10`,
  breakdowns: `SELECT s.la_code, s.period_end, s.source, s.version, b.measure, b.category, b.value
               FROM figure_breakdowns b JOIN figure_sets s ON s.id = b.set_id ORDER BY 1, 2, 3, 4, 5, 6`,
};
type Content903 = Record<keyof typeof CONTENT_903, Record<string, unknown>[]>;
const content903 = (db: Db): Content903 =>
  Object.fromEntries(Object.entries(CONTENT_903).map(([k, sql]) => [k, db.$client.prepare(sql).all()])) as Content903;

let baseContent903Cache: Content903 | null = null;
/** What the database holds after the valid 2023 return is imported on the seeded database. */
async function baseContent903(): Promise<Content903> {
  if (!baseContent903Cache) {
    const a = await attempt903(returnFiles(2023));
    expectImported903(a);
    baseContent903Cache = content903(a.db);
    a.db.$client.close();
  }
  return baseContent903Cache;
}

/** Stored, and every table holds exactly what the clean return gives. */
async function expectImportedAsBase903(a: Attempt903): Promise<void> {
  expectImported903(a);
  expect(content903(a.db)).toEqual(await baseContent903());
}

type Row903 = Record<string, unknown>;
const byJson = (rows: Row903[]) => [...rows].sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));

/**
 * Stored, the 2023-24 episodes exactly the clean return's with the given cells (by row) as
 * written, every figure as the clean return's, and the breakdowns too, but for the URNs of
 * placed_by_urn (`["URN","provider","setting"]` at 31 March), renamed as `urns` says in this return's own
 * view (in the combined view the 2024-25 return's version of an episode wins, so it is left out).
 */
async function expectImportedWithCells903(a: Attempt903, cells: Record<number, Record<string, string>>, urns = new Map<string, string>()): Promise<void> {
  expectImported903(a);
  const base = await baseContent903();
  const got = content903(a.db);
  const expected = base.episodes.map((e) => (e.year_end === 2024 && cells[e.row as number] ? { ...e, ...cells[e.row as number] } : e));
  expect(got.episodes).toEqual(expected);
  for (const k of ['children', 'uasc', 'figures'] as const) expect(got[k]).toEqual(base[k]);
  const byUrn = (b: Row903) => b.measure === 'placed_by_urn';
  const combined = (b: Row903) => b.source === 'ssda903';
  const rename = (b: Row903) => {
    if (!byUrn(b) || b.period_end !== '2024-03-31') return b;
    const { urn, provider, setting } = parseUrnKey(String(b.category));
    return { ...b, category: urnKey(urns.get(urn) ?? urn, provider, setting) };
  };
  const kept = (rows: Row903[]) => rows.filter((b) => urns.size === 0 || !(byUrn(b) && combined(b)));
  expect(byJson(kept(got.breakdowns))).toEqual(byJson(kept(base.breakdowns).map(rename)));
}

describe('SSDA903: the clean return the cases start from', () => {
  it('the valid 2023-24 return (CSV) is stored as a new return on the seeded database', T, async () => {
    const a = await attempt903(returnFiles(2023));
    await expectImportedAsBase903(a);
    expect(a.res.returns[0]).toMatchObject({ children: 25, episodes: 39, uascRows: 3 });
  });
  it('its XML form is stored with the same figures', T, async () => {
    const a = await attemptXml(validXml());
    expectImported903(a);
    const got = content903(a.db);
    const base = await baseContent903();
    expect(got.figures).toEqual(base.figures);
    expect(got.breakdowns).toEqual(base.breakdowns);
  });
});

// ---------------------------------------------------------------------------------------------
// SSDA903: truncated, empty, binary and wrongly encoded files
// ---------------------------------------------------------------------------------------------

/** The file of table `t` cut inside field `m` of its last row after `keep` characters, inside a quote or not. */
function truncated903(t: Table903, m: number, keep: number, quoted: boolean, lastValue?: string): string {
  const b = B903[t];
  const f = parseLine(b.rows[b.rows.length - 1]!);
  if (lastValue !== undefined) f[m] = lastValue;
  const partial = f[m]!.slice(0, keep);
  expect(partial.length).toBeLessThan(f[m]!.length);
  const cut = `${f.slice(0, m).map(quote).join(',')},${quoted ? '"' : ''}${partial}`;
  return [b.header, ...b.rows.slice(0, -1), cut].join('\n');
}
const lastRow903 = (t: Table903) => rowNo903(B903[t].rows.length - 1);

describe('SSDA903: truncated file', () => {
  // Episodes: C25's PLACE cut to "U", HOME_POST cut inside a quote, and a URN cut inside its quote.
  // Header: C25's UPN cut, ETHNIC cut inside a quote, and an MC_DOB cut inside its quote.
  const CUTS: Record<Table903, { plain: [number, number]; quoted: [number, number]; last: [number, number, string] }> = {
    episodes: { plain: [5, 1], quoted: [10, 3], last: [12, 4, 'SC100025'] },
    header: { plain: [4, 5], quoted: [3, 2], last: [6, 4, '01/01/2000'] },
  };
  for (const t of TABLES_903) {
    const file = B903[t].fileName;
    it(`${t}: cut mid-row is rejected at the cut row`, T, async () => {
      const [m, keep] = CUTS[t].plain;
      const errors = expectRejected903(await attemptAs(t, truncated903(t, m, keep, false)), [{ file, row: lastRow903(t) }]);
      expect(errors.some((e) => e.row === lastRow903(t) && /cut short/.test(e.message))).toBe(true);
    });
    it(`${t}: cut mid-quote is rejected at the cut row`, T, async () => {
      const [m, keep] = CUTS[t].quoted;
      expectRejected903(await attemptAs(t, truncated903(t, m, keep, true)), [{ file, row: lastRow903(t) }]);
    });
    it(`${t}: a file ending inside a quoted last value is rejected, saying a quote is missing`, T, async () => {
      const [m, keep, value] = CUTS[t].last;
      const errors = expectRejected903(await attemptAs(t, truncated903(t, m, keep, true, value)));
      expect(errors.some((e) => e.file === file && e.row === lastRow903(t) && /quot/i.test(e.message))).toBe(true);
    });
  }
  it('XML cut off mid-element (fixture) is rejected at the line it ends on', T, async () => {
    const bytes = fixture903('cut-mid-element.xml');
    const lines = bytes.toString('utf8').split('\n').length;
    const errors = expectRejected903(await attemptXml(bytes), [{ file: XML_NAME, row: lines, column: null }]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(new RegExp(`not well formed at line ${lines}, .*unclosed tag`));
  });
});

describe('SSDA903: 0-byte file', () => {
  for (const t of TABLES_903) {
    it(`${t}: is rejected, the file named, nothing stored`, T, async () => {
      expectRejected903(await attemptAs(t, new Uint8Array(0)), [{ file: B903[t].fileName }]);
    });
    // BUG (db/imports/ssda903.ts, importSsda903: the kind detection, `tableOfHeader(firstLine...)`
    // after peek, and the `info.kind === null` report): a 0-byte file's first line is '' so its kind
    // is null, and the user is told
    // "This is not an SSDA903 file: its first row is not the header of the header, episodes or UASC
    // table, nor the XML form" (row 1), plus a second error "No episodes file for 2023". Every other
    // importer says the file is empty.
    it(`${t}: the message says the file is empty`, T, async () => {
      const errors = expectRejected903(await attemptAs(t, new Uint8Array(0)));
      expect(errors.find((e) => e.file === B903[t].fileName)!.message).toMatch(/empty/i);
    });
  }
  it('XML: an empty .xml file is rejected, the file named', T, async () => {
    expectRejected903(await attemptXml(''), [{ file: XML_NAME }]);
  });
});

describe('SSDA903: NUL bytes', () => {
  for (const t of TABLES_903) {
    it(`${t}: a NUL inside a row is rejected as not a text file`, T, async () => {
      const rows = [...B903[t].rows];
      rows[1] = `${rows[1]!.slice(0, 5)}\u0000${rows[1]!.slice(5)}`;
      const errors = expectRejected903(await attemptAs(t, file903(t, { rows })), [{ file: B903[t].fileName, row: null }]);
      const e = errors.find((x) => x.file === B903[t].fileName)!;
      expect(e.message).toMatch(/NUL byte at byte \d+/);
      expect(e.expected).toMatch(/UTF-8/);
    });
  }
  it('XML: a NUL is rejected at its line', T, async () => {
    const xml = validXml().replace('<CHILDID>C02</CHILDID>', '<CHILDID>C0\u00002</CHILDID>');
    const line = xml.slice(0, xml.indexOf('\u0000')).split('\n').length;
    expectRejected903(await attemptXml(xml), [{ file: XML_NAME, row: line }]);
  });
});

describe('SSDA903: UTF-16 with BOM', () => {
  for (const t of TABLES_903) {
    it(`${t}: is rejected and nothing is stored`, T, async () => {
      expectRejected903(await attemptAs(t, utf16(file903(t))), [{ file: B903[t].fileName }]);
    });
    // BUG (db/imports/ssda903.ts, importSsda903, the kind detection after peek): the kind is told
    // from the head decoded as UTF-8, so a UTF-16 file is "not an SSDA903 file" (row 1) and never reaches
    // readCsvStream, which would say "The file is UTF-16 text, not UTF-8". The same bug was fixed
    // for the template (see "the message says the file is UTF-16, not UTF-8" above).
    it(`${t}: the message says the file is UTF-16, not UTF-8`, T, async () => {
      const errors = expectRejected903(await attemptAs(t, utf16(file903(t))));
      expect(errors.find((e) => e.file === B903[t].fileName)!.message).toMatch(/UTF-16|encod/i);
    });
  }
  it('XML: a UTF-16 XML return is rejected saying it is UTF-16', T, async () => {
    const errors = expectRejected903(await attemptXml(utf16(validXml())));
    expect(errors.find((e) => e.file === XML_NAME)!.message).toMatch(/UTF-16/);
  });
});

describe('SSDA903: Windows-1252', () => {
  for (const t of TABLES_903) {
    it(`${t}: an é and a £ in ${B903[t].textColumn} are rejected as not UTF-8, naming the byte`, T, async () => {
      const rows = withField903(t, 1, B903[t].text, 'Café £5');
      const bytes = cp1252(file903(t, { rows }));
      const at = bytes.findIndex((b) => b > 0x7f) + 1;
      const errors = expectRejected903(await attemptAs(t, bytes), [{ file: B903[t].fileName, row: null }]);
      const e = errors.find((x) => x.file === B903[t].fileName)!;
      expect(e.message).toMatch(/not valid UTF-8/);
      expect(Number(/byte (\d+)/.exec(e.message)?.[1])).toBe(at);
    });
  }
  it('fixture (a £ as the byte A3 in HOME_POST of row 3) is rejected as not UTF-8 at byte 183', T, async () => {
    const bytes = fixture903('windows-1252_episodes.csv');
    expect(bytes.indexOf(0xa3) + 1).toBe(183);
    const errors = expectRejected903(await attemptAs('episodes', bytes));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: '2023-episodes.csv', row: null, column: null, expected: expect.stringMatching(/UTF-8/) });
    expect(errors[0]!.message).toMatch(/not valid UTF-8 text \(an invalid byte at byte 183;/);
  });
  it('XML: a Windows-1252 byte is rejected at its byte and line', T, async () => {
    const xml = validXml().replace('<UPN>A100000000002</UPN>', '<UPN>A1000000000£2</UPN>');
    const bytes = cp1252(xml);
    const line = xml.slice(0, xml.indexOf('£')).split('\n').length;
    const errors = expectRejected903(await attemptXml(bytes), [{ file: XML_NAME, row: line }]);
    expect(errors[0]!.message).toMatch(new RegExp(`not valid UTF-8 text \\(an invalid byte at byte ${bytes.indexOf(0xa3) + 1}, line ${line}\\)`));
  });
});

// ---------------------------------------------------------------------------------------------
// SSDA903: spreadsheet exports, dates, line endings
// ---------------------------------------------------------------------------------------------

/** As Excel's "CSV UTF-8" writes a sheet: BOM, CRLF, every line padded with 2 empty columns, 3 rows of commas below. */
function excelExport903(t: Table903): string {
  const width = parseLine(B903[t].header).length + 2;
  const rows = [...B903[t].rows.map((l) => `${l},,`), ...Array<string>(3).fill(','.repeat(width - 1))];
  return `\uFEFF${file903(t, { header: `${B903[t].header},,`, rows, eol: '\r\n' })}`;
}

describe('SSDA903: Excel export with trailing empty rows and columns, CRLF and BOM', () => {
  for (const t of TABLES_903) {
    it(`${t}: imported as the same return`, T, async () => {
      await expectImportedAsBase903(await attemptAs(t, excelExport903(t)));
    });
  }
  it('fixture (",,,," on every line and three rows of commas below) is imported as the same return', T, async () => {
    const bytes = fixture903('excel-export_episodes.csv');
    expect(bytes.toString('utf8')).toMatch(/^\uFEFFCHILD,[^\r\n]*,URN,,,,\r\n/);
    await expectImportedAsBase903(await attemptAs('episodes', bytes));
  });
});

describe('SSDA903: dates as Excel serial numbers', () => {
  it('fixture: every serial date is rejected on its row and column with its rule, saying which form is accepted', T, async () => {
    const errors = expectRejected903(await attemptAs('episodes', fixture903('excel-serial-dates_episodes.csv')));
    expect(issuesOf(errors, '2023-episodes.csv')).toEqual([
      [3, 'DECOM', '45078', '141'],
      [9, 'DEC', '45382', '147'],
      [14, 'DECOM', '45047', '141'],
    ]);
    for (const e of errors) expect(e.expected).toMatch(/dd\/mm\/yyyy/);
    expect(errors.every((e) => e.file === '2023-episodes.csv')).toBe(true);
  });
  for (const t of TABLES_903) {
    it(`${t}: a serial number (45383) in ${B903[t].dateColumn} is rejected on its row`, T, async () => {
      const rows = withField903(t, 2, B903[t].date, '45383');
      const errors = expectRejected903(await attemptAs(t, file903(t, { rows })));
      expect(errors).toContainEqual(
        expect.objectContaining({ file: B903[t].fileName, row: rowNo903(2), column: B903[t].dateColumn, value: '45383', rule: B903[t].dateRule, message: `${B903[t].dateColumn} is not a date` }),
      );
    });
  }
});

describe('SSDA903: dates with time parts', () => {
  // FINDING (not a failure; lib/ssda903/codes.ts parseDate): "2023-05-01 00:00:00" (ISO with a
  // midnight time) is accepted, but "01/06/2023 00:00", which is how Excel in a UK locale writes
  // the same kind of cell, is not. Rejecting is within the documented format (dd/mm/yyyy); it is
  // only inconsistent.
  it('fixture: dd/mm/yyyy with a time and ISO with a time other than midnight are rejected on their rows; ISO at midnight is not', T, async () => {
    const errors = expectRejected903(await attemptAs('episodes', fixture903('date-time-parts_episodes.csv')));
    expect(issuesOf(errors, '2023-episodes.csv')).toEqual([
      [3, 'DECOM', '01/06/2023 00:00', '141'],
      [9, 'DEC', '31/03/2024 00:00', '147'],
      [16, 'DECOM', '2023-12-01T09:30', '141'],
    ]);
    expect(errors).toHaveLength(3);
  });
});

describe('SSDA903: line endings', () => {
  // BUG (lib/csv/read.ts readCsvStream, `Papa.parse(Papa.NODE_STREAM_INPUT, ...)` with no newline
  // option, and lib/ssda903/rows.ts checkRow): papaparse guesses the
  // line ending once, from the first chunk it is given, and keeps it. This fixture's header line ends
  // CRLF and its rows alternate LF and CRLF: read in 64 KB chunks the guess is "\r\n", so each
  // LF-ended row is glued to the next one as one record of 25 fields. checkRow reads a record by the
  // header's positions and never compares its width with the header's, so no error is raised: the
  // import is 'stored' as a 2023-24 return with 20 of the 39 episodes, each glued row keeping the
  // first episode with the next row's CHILD as its URN (C01's episode is stored with URN "C02").
  // The outcome depends on the chunk size: in 16-byte chunks the guess is "\n" and all 39 are
  // stored. A file whose header ends CRLF and rows LF only stores 1 episode of 39 the same way.
  it('fixture (header CRLF, rows alternating LF and CRLF) is imported as the same return', T, async () => {
    await expectImportedAsBase903(await attemptAs('episodes', fixture903('mixed-crlf-lf_episodes.csv')));
  });
  it('fixture read in 16-byte chunks is imported as the same return', T, async () => {
    await expectImportedAsBase903(await attemptAs('episodes', fixture903('mixed-crlf-lf_episodes.csv'), { chunkSize: 16 }));
  });
  // The same bug: a header line ending CRLF over rows ending LF (a header typed in on Windows over
  // an export from elsewhere) reads as the header and ONE record. As the episodes file it is stored
  // today as a 2022-23 return of 1 episode (C01's, with URN "C02"), without an error; as the header
  // file it is rejected, but for the wrong reasons ("MC_DOB is not a date" with value C02 on row 2,
  // and "25 of the 25 children in the episodes are missing from 2023-header.csv").
  for (const t of TABLES_903) {
    it(`${t}: a CRLF header line over LF rows is imported as the same return`, T, async () => {
      const text = `${B903[t].header}\r\n${B903[t].rows.join('\n')}\n`;
      await expectImportedAsBase903(await attemptAs(t, text));
    });
  }
  for (const t of TABLES_903) {
    it(`${t}: LF with a CRLF row here and there (LF first) is imported as the same return, in any chunk size`, T, async () => {
      const text = [B903[t].header, ...B903[t].rows].map((l, i) => `${l}${i % 5 === 3 ? '\r\n' : '\n'}`).join('');
      for (const chunkSize of [16, 64 * 1024]) await expectImportedAsBase903(await attemptAs(t, text, { chunkSize }));
    });
    it(`${t}: CRLF throughout is imported as the same return`, T, async () => {
      await expectImportedAsBase903(await attemptAs(t, file903(t, { eol: '\r\n' })));
    });
  }
});

// ---------------------------------------------------------------------------------------------
// SSDA903: shape: repeated and duplicate headers, very wide rows
// ---------------------------------------------------------------------------------------------

describe('SSDA903: header repeated mid-file', () => {
  it('fixture (the header again as row 21) is rejected at row 21 only', T, async () => {
    const errors = expectRejected903(await attemptAs('episodes', fixture903('header-repeated_episodes.csv')));
    expect(errors.every((e) => e.file === '2023-episodes.csv' && e.row === 21)).toBe(true);
    expect(errors).toContainEqual(expect.objectContaining({ column: 'DECOM', value: 'DECOM', rule: '141' }));
    expect(errors).toContainEqual(expect.objectContaining({ column: 'PLACE', value: 'PLACE', rule: '146' }));
  });
  it('header: rejected at the repeated header row', T, async () => {
    const b = B903.header;
    const errors = expectRejected903(await attemptAs('header', file903('header', { rows: [...b.rows.slice(0, 2), b.header, ...b.rows.slice(2)] })));
    expect(errors.filter((e) => e.file === b.fileName).every((e) => e.row === rowNo903(2))).toBe(true);
    expect(errors).toContainEqual(expect.objectContaining({ file: b.fileName, row: rowNo903(2), column: 'DOB', value: 'DOB' }));
  });
});

describe('SSDA903: duplicate headers', () => {
  for (const t of TABLES_903) {
    const b = B903[t];
    it(`${t}: a second ${b.dateColumn} column (other dates) is either rejected at row 1 or ignored (the first is read)`, T, async () => {
      // FINDING (not a failure; lib/ssda903/rows.ts mapColumns keeps the first of two same-named
      // columns): the second column is dropped without a word, as Ofsted's and RO3's readers do; the
      // template and EES readers reject it at row 1.
      const rows = b.rows.map((r) => `${r},01/04/2023`);
      const a = await attemptAs(t, file903(t, { header: `${b.header},${b.dateColumn}`, rows }));
      if (a.res.status === 'rejected') expectRejected903(a, [{ file: b.fileName, row: 1 }]);
      else await expectImportedAsBase903(a);
    });
  }
});

describe('SSDA903: 100,000 columns in one row', () => {
  for (const t of TABLES_903) {
    it(`${t}: either rejected at that row or imported with the named columns only`, T, async () => {
      // FINDING (not a failure; lib/ssda903/rows.ts checkRow reads a record by the header's positions
      // and never compares its width with the header's): the 100,000 extra values are dropped without
      // a warning. The template, EES and RO3 readers reject such a row. The same unchecked width is
      // what lets the mixed line endings above lose rows silently.
      const rows = [...B903[t].rows];
      rows[1] = rows[1]! + ',x'.repeat(100_000);
      const a = await attemptAs(t, file903(t, { rows }));
      if (a.res.status === 'rejected') expectRejected903(a, [{ file: B903[t].fileName, row: rowNo903(1) }]);
      else await expectImportedAsBase903(a);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// SSDA903: very long values, a 10 MB field and a 10 MB XML text node (memory stays bounded)
// ---------------------------------------------------------------------------------------------

/** Imports with the rss sampled as every chunk is read; returns the attempt and the peak growth. */
async function attemptMeasured903(files: File903[], chunkSize?: number): Promise<{ a: Attempt903; growth: number }> {
  collectGarbage();
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const a = await attempt903(files, { onChunk: sample, chunkSize });
  sample();
  return { a, growth: peak - rss0 };
}

/** The file of table `t` with a NOTES column, `text` in it on data row 1. */
const withNotes = (t: Table903, text: string) =>
  file903(t, { header: `${B903[t].header},NOTES`, rows: B903[t].rows.map((r, i) => `${r},${i === 1 ? quote(text) : ''}`) });

describe('SSDA903: very long lines (a 1 MB line, read in 16 KB chunks)', () => {
  const text = 'Long text, "quoted", and more. '.repeat(Math.ceil(MB / 31)).slice(0, MB);
  for (const t of TABLES_903) {
    it(`${t}: a 1 MB value in a column not read (NOTES) is imported as the same return`, T, async () => {
      await expectImportedAsBase903(await attemptAs(t, withNotes(t, text), { chunkSize: 16 * 1024 }));
    });
    it(`${t}: a 1 MB ${B903[t].textColumn} is rejected on its row and column, the report keeping 200 characters of it`, T, async () => {
      const rows = withField903(t, 1, B903[t].text, text);
      const errors = expectRejected903(await attemptAs(t, file903(t, { rows }), { chunkSize: 16 * 1024 }));
      const e = errors.find((x) => x.file === B903[t].fileName && x.row === rowNo903(1))!;
      expect(e).toMatchObject({ column: B903[t].textColumn, message: `${B903[t].textColumn} is 1,048,576 characters long`, expected: 'at most 100 characters' });
      expect(e.value).toBe(`${text.slice(0, 200)}… (1,048,576 characters)`);
    });
  }
});

describe('SSDA903: a 10 MB single field: memory stays bounded (rss growth below 400 MB)', () => {
  const big = 'y'.repeat(10 * MB);
  for (const t of TABLES_903) {
    it(`${t}: a 10 MB ${B903[t].textColumn} is rejected on its row and column`, T, async () => {
      const rows = withField903(t, 3, B903[t].text, big);
      const { a, growth } = await attemptMeasured903(returnWith(t, file903(t, { rows })));
      expectRejected903(a, [{ file: B903[t].fileName, row: rowNo903(3), column: B903[t].textColumn, message: `${B903[t].textColumn} is 10,485,760 characters long` }]);
      expect(growth).toBeLessThan(GROWTH_BOUND);
    });
    it(`${t}: a 10 MB value in a column not read is imported as the same return`, T, async () => {
      const { a, growth } = await attemptMeasured903(returnWith(t, withNotes(t, big)));
      await expectImportedAsBase903(a);
      expect(growth).toBeLessThan(GROWTH_BOUND);
    });
  }
  it('XML: a 10 MB text node in HOME_POST is rejected at its EPISODE line, column HOME_POST', T, async () => {
    const xml = validXml().replace('<HOME_POST>TS18 2</HOME_POST>', `<HOME_POST>${big}</HOME_POST>`);
    const line = xml.slice(0, xml.indexOf(big)).split('\n').length;
    const { a, growth } = await attemptMeasured903([{ fileName: XML_NAME, data: xml }]);
    const errors = expectRejected903(a, [{ file: XML_NAME, row: line, column: 'HOME_POST', message: 'HOME_POST is 10,485,760 characters long' }]);
    expect(errors).toHaveLength(1);
    expect(growth).toBeLessThan(GROWTH_BOUND);
  });
  it('XML: a 10 MB CDATA child ID is rejected at its HEADER line and at each of its EPISODE lines', T, async () => {
    const xml = validXml().replace('<CHILDID>C03</CHILDID>', `<CHILDID><![CDATA[${big}]]></CHILDID>`);
    const lines = xml.split('\n');
    const at = lines.findIndex((l) => l.includes(big));
    const { a, growth } = await attemptMeasured903([{ fileName: XML_NAME, data: xml }]);
    const errors = expectRejected903(a);
    // C03 has two episodes, on the two lines after its HEADER.
    expect(issuesOf(errors, XML_NAME).map(([row, column]) => [row, column])).toEqual([
      [at + 1, 'CHILD'],
      [at + 2, 'CHILD'],
      [at + 3, 'CHILD'],
    ]);
    expect(growth).toBeLessThan(GROWTH_BOUND);
  });
  it('XML: a 10 MB text node in an element not read is imported with the same figures', T, async () => {
    const xml = validXml().replace('<EXPSSDA903>', `<EXPSSDA903>\n  <NOTE>${big}</NOTE>`);
    const { a, growth } = await attemptMeasured903([{ fileName: XML_NAME, data: xml }]);
    expectImported903(a);
    expect(content903(a.db).figures).toEqual((await baseContent903()).figures);
    expect(growth).toBeLessThan(GROWTH_BOUND);
  });
});

describe('SSDA903: a CHILD ID of 5,000 characters', () => {
  it('fixture: rejected on row 3, column CHILD, the report keeping 200 characters of it', T, async () => {
    const errors = expectRejected903(await attemptAs('episodes', fixture903('child-id-5000_episodes.csv')));
    expect(errors).toEqual([
      {
        file: '2023-episodes.csv',
        row: 3,
        column: 'CHILD',
        value: `${'9'.repeat(200)}… (5,000 characters)`,
        message: 'CHILD is 5,000 characters long',
        expected: 'at most 100 characters',
        rule: null,
      },
    ]);
  });
  it('header: rejected on its row, and the child\'s episode is reported as missing from the header', T, async () => {
    const rows = withField903('header', 1, 0, '9'.repeat(5000));
    expectRejected903(await attemptAs('header', file903('header', { rows })), [
      { file: '2023-header.csv', row: rowNo903(1), column: 'CHILD', message: 'CHILD is 5,000 characters long' },
      { file: '2023-episodes.csv', row: 3, column: 'CHILD', value: 'C02' },
    ]);
  });
  it('a number of 400 digits as a URN is rejected on its row, column URN', T, async () => {
    const rows = withField903('episodes', 3, 12, `1${'0'.repeat(400)}`);
    expectRejected903(await attemptAs('episodes', file903('episodes', { rows })), [
      { file: '2023-episodes.csv', row: rowNo903(3), column: 'URN', message: 'URN is 401 characters long' },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// SSDA903: formula-like values, HTML and script, entity expansion
// ---------------------------------------------------------------------------------------------

describe('SSDA903: formula-like values are text where text is allowed and rejected where a code or date is expected, never evaluated', () => {
  it('fixture: formula-like URNs (=1+1, +1, @SUM, =HYPERLINK, -2+3) are stored exactly as written, in the episodes and the homes by URN', T, async () => {
    const a = await attemptAs('episodes', fixture903('formula-urn_episodes.csv'));
    const urns: Record<number, [string, string]> = {
      5: ['SC100003', '=1+1'],
      8: ['SC100006', '+1'],
      12: ['SC100009', '@SUM(A1:A9)'],
      15: ['SC100010', '=HYPERLINK("http://example.invalid/?q="&A1,"SC100010")'],
      19: ['SC100012', '-2+3'],
    };
    await expectImportedWithCells903(a, Object.fromEntries(Object.entries(urns).map(([row, [, urn]]) => [row, { urn }])), new Map(Object.values(urns)));
    expect(content903(a.db).breakdowns).toContainEqual(expect.objectContaining({ source: 'ssda903_return', measure: 'placed_by_urn', category: urnKey('=1+1', 'PR4', 'residential') }));
    // Written back to CSV, a spreadsheet gets them as text.
    expect(cellsOf(toCsv(['urn'], [['=1+1'], ['@SUM(A1:A9)']])).slice(1)).toEqual([["'=1+1"], ["'@SUM(A1:A9)"]]);
  });
  for (const t of TABLES_903) {
    const b = B903[t];
    it(`${t}: =1+1 as ${b.codeColumn} and =TODAY() as ${b.dateColumn} are rejected on their rows`, T, async () => {
      let rows = withField903(t, 0, b.code, '=1+1');
      rows = withField903(t, 2, b.date, '=TODAY()', rows);
      expectRejected903(await attemptAs(t, file903(t, { rows })), [
        { file: b.fileName, row: rowNo903(0), column: b.codeColumn, value: '=1+1' },
        { file: b.fileName, row: rowNo903(2), column: b.dateColumn, value: '=TODAY()', rule: b.dateRule },
      ]);
    });
  }
  it('a formula as a child ID in both the header and the episodes is stored as written (an ID is text)', T, async () => {
    const id = '@SUM(1+1)*cmd';
    const files = returnWith('header', file903('header', { rows: withField903('header', 1, 0, id) })).map((f) =>
      f.fileName === '2023-episodes.csv' ? { fileName: f.fileName, data: file903('episodes', { rows: withField903('episodes', 1, 0, id) }) } : f,
    );
    const a = await attempt903(files);
    expectImported903(a);
    const got = content903(a.db);
    const base = await baseContent903();
    expect(got.children.filter((c) => c.year_end === 2024).map((c) => c.child)).toEqual(
      base.children.filter((c) => c.year_end === 2024).map((c) => (c.child === 'C02' ? id : c.child)),
    );
    expect(got.episodes.find((e) => e.year_end === 2024 && e.row === 3)).toMatchObject({ child: id });
    // The return's own view counts the same children. (In the combined view the 2024-25 return's
    // C02 and this return's '@SUM(1+1)*cmd' are two children, as documented: keyed by CHILD.)
    const own = (rows: Row903[]) => rows.filter((f) => f.source === 'ssda903_return');
    expect(own(got.figures)).toEqual(own(base.figures));
  });
});

describe('SSDA903: a URN holding the breakdown key separator', () => {
  // Found by this file: the placed_by_urn key was `URN|provider|setting`, split on "|" again, so a
  // URN holding "|" was read back wrong. The key is JSON now (lib/ssda903/derive.ts urnKey).
  it('is either rejected at its row, column URN, or shown whole in the homes by URN', T, async () => {
    const a = await attemptAs('episodes', file903('episodes', { rows: withField903('episodes', 3, 12, 'SC100003|PR1') }));
    if (a.res.status === 'rejected') {
      expectRejected903(a, [{ file: '2023-episodes.csv', row: rowNo903(3), column: 'URN' }]);
      return;
    }
    expectImported903(a);
    const counts = a.db.$client
      .prepare(
        `SELECT b.category, b.value FROM figure_breakdowns b JOIN figure_sets s ON s.id = b.set_id
         WHERE s.source = 'ssda903_return' AND s.period_end = '2024-03-31' AND s.is_current = 1 AND b.measure = 'placed_by_urn'`,
      )
      .all() as { category: string; value: number }[];
    const rows = placedByUrn(Object.fromEntries(counts.map((c) => [c.category, c.value])), new Map());
    expect(rows).toContainEqual(expect.objectContaining({ urn: 'SC100003|PR1', provider: 'PR4', setting: 'residential', children: 1 }));
  });
});

describe('SSDA903: HTML and script are text: stored as written or rejected, never interpreted', () => {
  it('fixture: script, an onerror handler, an entity and a comment in HOME_POST / PL_POST are stored exactly as written', T, async () => {
    const a = await attemptAs('episodes', fixture903('html-script_episodes.csv'));
    await expectImportedWithCells903(a, {
      3: { home_post: '<script>alert("x")</script>' },
      4: { pl_post: '<img src=x onerror=alert(1)>' },
      5: { home_post: 'TS20 1 &amp; <!-- c --></td>' },
    });
  });
  it('header: HTML as ETHNIC is rejected on its row; as UPN (checked, not kept) it changes no child stored', T, async () => {
    const rows = withField903('header', 1, 3, '<b>WBRI</b>');
    expectRejected903(await attemptAs('header', file903('header', { rows })), [
      { file: '2023-header.csv', row: rowNo903(1), column: 'ETHNIC', value: '<b>WBRI</b>', rule: '103' },
    ]);
    const a = await attemptAs('header', file903('header', { rows: withField903('header', 1, 4, '<script>alert(1)</script>') }));
    expectImported903(a);
    const got = content903(a.db);
    const base = await baseContent903();
    for (const k of ['children', 'episodes', 'uasc', 'figures', 'breakdowns'] as const) expect(got[k]).toEqual(base[k]);
  });
});

describe('SSDA903 XML: DOCTYPE and entities', () => {
  it('fixture: a billion laughs is refused at its DOCTYPE (line 2) before any entity is expanded', T, async () => {
    const started = Date.now();
    const { a, growth } = await attemptMeasured903([{ fileName: XML_NAME, data: fixture903('billion-laughs.xml') }]);
    const errors = expectRejected903(a);
    expect(errors).toEqual([
      { file: XML_NAME, row: 2, column: null, value: null, message: 'DOCTYPE is not allowed', expected: 'an SSDA903 XML export (root element EXPSSDA903)' },
    ]);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(growth).toBeLessThan(GROWTH_BOUND);
  });
  it('fixture: the billion laughs read one byte at a time is refused at line 2 all the same', T, async () => {
    const errors = expectRejected903(await attemptXml(fixture903('billion-laughs.xml'), { chunkSize: 1 }));
    expect(errors.map((e) => [e.row, e.message])).toEqual([[2, 'DOCTYPE is not allowed']]);
  });
  it('fixture: an external entity (file:///etc/passwd) is refused at its DOCTYPE, nothing read', T, async () => {
    const errors = expectRejected903(await attemptXml(fixture903('external-entity.xml')));
    expect(errors.map((e) => [e.row, e.message])).toEqual([[2, 'DOCTYPE is not allowed']]);
  });
  it('an entity used without a DOCTYPE is rejected at its line as undefined', T, async () => {
    const xml = validXml().replace('<CHILDID>C05</CHILDID>', '<CHILDID>&lol9;</CHILDID>');
    const line = xml.slice(0, xml.indexOf('&lol9;')).split('\n').length;
    const errors = expectRejected903(await attemptXml(xml), [{ file: XML_NAME, row: line }]);
    expect(errors[0]!.message).toMatch(new RegExp(`not well formed at line ${line}, .*undefined entity`));
  });
  it('the predefined entities are read as their characters (&amp; in a postcode is stored as &)', T, async () => {
    const xml = validXml().replace('<HOME_POST>TS18 2</HOME_POST>', '<HOME_POST>TS18 2 &amp; &lt;b&gt;</HOME_POST>');
    const a = await attemptXml(xml);
    expectImported903(a);
    const row = a.db.$client.prepare("SELECT e.home_post FROM ssda903_episodes e JOIN ssda903_returns r ON r.id = e.return_id WHERE r.year_end = 2024 AND e.child = 'C02'").get();
    expect(row).toEqual({ home_post: 'TS18 2 & <b>' });
  });
});
