import { describe, it, expect } from 'vitest';
import type { Db } from '@/db/client';
import { importTemplate, type ImportResult } from '@/db/imports/template';
import { bufferChunks, formatMb } from '@/lib/csv/read';
import { csvCell, csvLine } from '@/lib/csv/write';
import { withTotals, type Figure } from '@/lib/figures';
import type { ImportIssue } from '@/lib/issues';
import { MEASURES, PROVISIONS, SETTINGS, TEMPLATE_COLUMNS } from '@/lib/template/codes';
import { count, freshDb, HEADER, importText, templateCsv } from '@/tests/helpers/db';

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

interface RowFields {
  period_end: string;
  la_code: string;
  la_name: string;
  setting: string;
  provision: string;
  age_band: string;
  need: string;
  measure: string;
  value: string;
}

const DEFAULT_ROW: RowFields = {
  period_end: '2024-03-31',
  la_code: 'E06000004',
  la_name: 'Stockton-on-Tees',
  setting: 'fostering',
  provision: 'in_house',
  age_band: 'all',
  need: 'all',
  measure: 'children_placed',
  value: '214',
};

/** Plain CSV quoting (no formula neutralising: the tests need the raw text in the file). */
function quote(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One template line, the nine columns in HEADER order, from the defaults plus overrides. */
function line(o: Partial<RowFields> = {}): string {
  const r = { ...DEFAULT_ROW, ...o };
  return TEMPLATE_COLUMNS.map((c) => quote(r[c])).join(',');
}

/** The valid file the database is seeded with before every bad import. */
const SEED_ROWS = [
  line({ measure: 'children_placed', value: '214' }),
  line({ measure: 'places', value: '236' }),
  line({ measure: 'places_vacant', value: '11' }),
  line({ provision: 'private', measure: 'weekly_cost_gbp', value: '921.40' }),
];

async function seeded(): Promise<Db> {
  const db = freshDb();
  const r = await importText(db, templateCsv(SEED_ROWS), 'seed.csv');
  expect(r.status).toBe('stored');
  expect(count(db, 'figure_sets')).toBe(1);
  expect(count(db, 'figures')).toBe(4);
  return db;
}

function snapshot(db: Db) {
  const c = db.$client;
  return {
    sets: c.prepare('SELECT * FROM figure_sets ORDER BY la_code, period_end, version').all(),
    figures: c
      .prepare('SELECT * FROM figures ORDER BY set_id, measure, setting, provision, age_band, need')
      .all(),
  };
}

/**
 * Imports `input` into a seeded database and checks the common contract of a bad file:
 * status rejected, recorded as a rejected import with its error count, and no stored
 * figure or figure set changed.
 */
async function rejectOnSeeded(
  input: string | Uint8Array,
  run?: (db: Db) => Promise<ImportResult>,
): Promise<ImportResult> {
  const db = await seeded();
  const before = snapshot(db);
  const importsBefore = count(db, 'imports');
  const res = run ? await run(db) : await importText(db, input, 'bad.csv');

  expect(res.status).toBe('rejected');
  expect(res.supplied).toEqual([]);
  expect(res.errorCount).toBeGreaterThan(0);
  expect(res.errors.length).toBe(Math.min(res.errorCount, 1000));
  for (const e of res.errors) {
    expect(e.file).toBe(res.fileName);
    expect(e.message.length).toBeGreaterThan(0);
  }
  expect(snapshot(db)).toEqual(before);
  expect(count(db, 'imports')).toBe(importsBefore + 1);
  const rec = db.$client
    .prepare('SELECT status, error_count AS errorCount, errors FROM imports ORDER BY id DESC LIMIT 1')
    .get() as { status: string; errorCount: number; errors: string };
  expect(rec.status).toBe('rejected');
  expect(rec.errorCount).toBe(res.errorCount);
  expect(JSON.parse(rec.errors)).toEqual(res.errors);
  return res;
}

/** Imports into a fresh database and expects it stored. */
async function storeFresh(input: string | Uint8Array): Promise<{ db: Db; res: ImportResult }> {
  const db = freshDb();
  const res = await importText(db, input, 'good.csv');
  expect(res.errors).toEqual([]);
  expect(res.status).toBe('stored');
  return { db, res };
}

function storedFigures(db: Db) {
  return db.$client
    .prepare(
      `SELECT s.la_code AS laCode, s.period_end AS periodEnd, s.version, f.measure, f.setting, f.provision,
              f.age_band AS ageBand, f.need, f.value, f.symbol
       FROM figures f JOIN figure_sets s ON s.id = f.set_id
       ORDER BY s.la_code, s.period_end, s.version, f.measure, f.setting, f.provision, f.age_band, f.need`,
    )
    .all() as Array<Record<string, string | number | null>>;
}

function sets(db: Db) {
  return db.$client
    .prepare(
      `SELECT id, la_code AS laCode, period_end AS periodEnd, version, is_current AS isCurrent,
              replaces_set_id AS replacesSetId, row_count AS rowCount
       FROM figure_sets ORDER BY la_code, period_end, version`,
    )
    .all() as Array<{
    id: number;
    laCode: string;
    periodEnd: string;
    version: number;
    isCurrent: number;
    replacesSetId: number | null;
    rowCount: number;
  }>;
}

/** A few valid rows for a different period, placed between bad ones. */
const FILLER = [
  line({ period_end: '2025-03-31', measure: 'starts', value: '5' }),
  line({ period_end: '2025-03-31', measure: 'ends', value: '4' }),
];

/** good, bad, good, bad, bad: the bad rows land on rows 3, 5 and 6 (the header is row 1). */
function interleave(bad: [string, string, string]): string {
  return templateCsv([FILLER[0]!, bad[0], FILLER[1]!, bad[1], bad[2]]);
}
const BAD_ROWS = [3, 5, 6];

function byRow(errors: ImportIssue[]): ImportIssue[] {
  return [...errors].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
}

// ---------------------------------------------------------------------------------------------
// Files that cannot be read as a template at all
// ---------------------------------------------------------------------------------------------

describe('importTemplate: files rejected as a whole', () => {
  it('rejects an empty file (0 bytes)', async () => {
    const res = await rejectOnSeeded('');
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0]).toMatchObject({ row: null, column: null, message: 'The file is empty' });
    expect(res.errors[0]!.expected).toMatch(/header/);
    expect(res.bytes).toBe(0);
  });

  it('rejects a file of whitespace only', async () => {
    const res = await rejectOnSeeded('   \n\t\n  \r\n\n');
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0]).toMatchObject({ row: null, column: null });
    expect(res.errors[0]!.message).toMatch(/no header row|empty/i);
  });

  it('rejects a file with a header only', async () => {
    const res = await rejectOnSeeded(`${HEADER}\n`);
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0]).toMatchObject({
      row: null,
      message: 'The file has a header but no rows of figures',
    });
    expect(res.errors[0]!.expected).toMatch(/at least one row/);
  });

  it('rejects a semicolon-delimited file, saying so', async () => {
    const semi = [HEADER, line(), line({ measure: 'places', value: '236' })]
      .map((l) => l.replace(/,/g, ';'))
      .join('\n');
    const res = await rejectOnSeeded(semi);
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0]).toMatchObject({ row: 1, column: null });
    expect(res.errors[0]!.message).toMatch(/semicolon/i);
    expect(res.errors[0]!.expected).toMatch(/comma/i);
  });

  it('rejects a binary file (a PNG: NUL bytes)', async () => {
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
      0x01, 0x00,
    ]);
    const res = await rejectOnSeeded(png);
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0]).toMatchObject({ row: null, column: null });
    expect(res.errors[0]!.message).toMatch(/not a text file/i);
    expect(res.errors[0]!.message).toMatch(/NUL byte at byte 9\b/);
    expect(res.errors[0]!.expected).toMatch(/CSV UTF-8/);
  });

  it('rejects a file that is not UTF-8 (Windows-1252 £ = 0xA3)', async () => {
    const head = new TextEncoder().encode(
      `${HEADER}\n2024-03-31,E06000004,Stockton-on-Tees,fostering,private,all,all,weekly_cost_gbp,`,
    );
    const bytes = new Uint8Array([...head, 0xa3, ...new TextEncoder().encode('921.40\n')]);
    const res = await rejectOnSeeded(bytes);
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0]).toMatchObject({ row: null, column: null });
    expect(res.errors[0]!.message).toMatch(/not valid UTF-8/);
    expect(res.errors[0]!.expected).toMatch(/UTF-8/);
  });

  it('rejects a file over the upload limit without reading the whole stream', async () => {
    const maxBytes = 2.5 * 1024 * 1024;
    const chunkSize = 64 * 1024;
    const totalChunks = 10_000; // 640 MB if it were all read
    let pulled = 0;
    const body = new TextEncoder().encode(
      `${line({ measure: 'starts', value: '1' })}\n`.repeat(Math.ceil(chunkSize / 60)).slice(0, chunkSize),
    );
    async function* huge(): AsyncGenerator<Uint8Array> {
      pulled += 1;
      yield new TextEncoder().encode(`${HEADER}\n`);
      for (let i = 0; i < totalChunks; i++) {
        pulled += 1;
        yield body;
      }
    }
    const res = await rejectOnSeeded('', (db) =>
      importTemplate(db.$client, { fileName: 'huge.csv', source: 'web', chunks: huge(), maxBytes }),
    );
    const limit = res.errors.find((e) => /upload limit/.test(e.message));
    expect(limit).toBeDefined();
    expect(limit!.message).toContain(formatMb(maxBytes));
    expect(limit!.message).toContain('2.5 MB');
    expect(limit!.expected).toContain('2.5 MB');
    expect(limit!.row).toBeNull();
    // It stops at the chunk that crosses the limit (plus at most a little read-ahead).
    const atLimit = Math.ceil(maxBytes / chunkSize) + 1;
    expect(pulled).toBeGreaterThanOrEqual(atLimit);
    expect(pulled).toBeLessThanOrEqual(atLimit + 2);
    expect(res.bytes).toBeLessThanOrEqual(maxBytes + 2 * chunkSize);
  });

  it('rejects a file with a required column missing, naming it and listing the columns', async () => {
    const header = HEADER.replace(',measure', '');
    const rows = [
      '2024-03-31,E06000004,Stockton-on-Tees,fostering,in_house,all,all,214',
      '2024-03-31,E06000004,Stockton-on-Tees,fostering,in_house,all,all,236',
    ];
    const res = await rejectOnSeeded(templateCsv(rows, header));
    expect(res.errors).toHaveLength(1);
    const e = res.errors[0]!;
    expect(e).toMatchObject({ row: 1, column: 'measure' });
    expect(e.message).toMatch(/Required column missing: measure/);
    for (const c of TEMPLATE_COLUMNS) expect(e.expected).toContain(c);
  });

  it('names every missing required column', async () => {
    const header = 'period_end,la_code,setting,provision,age_band,need';
    const res = await rejectOnSeeded(
      templateCsv(['2024-03-31,E06000004,fostering,in_house,all,all'], header),
    );
    const e = res.errors[0]!;
    expect(e.message).toMatch(/Required columns missing: measure, value/);
    expect(e.column).toBe('measure, value');
  });
});

// ---------------------------------------------------------------------------------------------
// Files read fine that must be accepted
// ---------------------------------------------------------------------------------------------

describe('importTemplate: encodings and CSV forms that are accepted', () => {
  const rows = [
    line({ measure: 'children_placed', value: '214' }),
    line({ measure: 'places', value: '236' }),
    line({ provision: 'private', measure: 'weekly_cost_gbp', value: '921.40' }),
  ];
  const expected = [
    { measure: 'children_placed', provision: 'in_house', value: 214 },
    { measure: 'places', provision: 'in_house', value: 236 },
    { measure: 'weekly_cost_gbp', provision: 'private', value: 921.4 },
  ];
  function checkStored(db: Db) {
    const got = storedFigures(db);
    expect(got).toHaveLength(3);
    for (const e of expected) {
      expect(got).toContainEqual(
        expect.objectContaining({ laCode: 'E06000004', periodEnd: '2024-03-31', ...e, symbol: null }),
      );
    }
  }

  it('accepts a UTF-8 byte-order mark', async () => {
    const { db, res } = await storeFresh(`\uFEFF${templateCsv(rows)}`);
    expect(res.warnings).toEqual([]);
    expect(res.rows).toBe(3);
    checkStored(db);
  });

  it('accepts CRLF line ends', async () => {
    const { db, res } = await storeFresh(templateCsv(rows).replace(/\n/g, '\r\n'));
    expect(res.warnings).toEqual([]);
    expect(res.rows).toBe(3);
    checkStored(db);
  });

  it('accepts CRLF line ends split across tiny chunks', async () => {
    const db = freshDb();
    const res = await importTemplate(db.$client, {
      fileName: 'crlf.csv',
      source: 'cli',
      chunks: bufferChunks(`\uFEFF${templateCsv(rows).replace(/\n/g, '\r\n')}`, 7),
    });
    expect(res.errors).toEqual([]);
    expect(res.status).toBe('stored');
    checkStored(db);
  });

  it('accepts quoted fields (a quoted la_name)', async () => {
    const quoted = rows.map((r) => r.replace('Stockton-on-Tees', '"Stockton-on-Tees"'));
    expect(quoted[0]).toContain('"Stockton-on-Tees"');
    const { db } = await storeFresh(templateCsv(quoted));
    checkStored(db);
  });

  it('accepts an unknown column with a quoted comma and newline, warns once, and keeps row numbers right', async () => {
    const header = `${HEADER},notes`;
    const good = [
      `${rows[0]},"checked, by J.\nSmith"`,
      `${rows[1]},`,
      `${rows[2]},"plain"`,
    ];
    const { db, res } = await storeFresh(templateCsv(good, header));
    checkStored(db);
    expect(res.warnings).toHaveLength(1);
    expect(res.warnings[0]).toMatchObject({ row: 1, column: 'notes' });
    expect(res.warnings[0]!.message).toMatch(/not part of the template/);
    expect(res.warnings[0]!.expected).toContain('period_end');

    // The same with bad values after the multi-line cell: rows are records, as a spreadsheet shows them.
    const bad = [
      `${rows[0]},"checked, by J.\nSmith\nand again"`, // row 2 (three lines)
      `${line({ measure: 'places', value: 'lots' })},`, // row 3
      `${line({ measure: 'referrals', value: '7' })},"a,b"`, // row 4
      `${line({ measure: 'starts', value: 'many' })},"x\ny"`, // row 5
      `${line({ measure: 'ends', value: '-2' })},`, // row 6
    ];
    const rej = await rejectOnSeeded(templateCsv(bad, header));
    expect(byRow(rej.errors).map((e) => [e.row, e.column])).toEqual([
      [3, 'value'],
      [5, 'value'],
      [6, 'value'],
    ]);
    expect(rej.warnings).toHaveLength(1);
  });

  it('accepts the DD/MM/YYYY date form and stores it as ISO', async () => {
    const { db } = await storeFresh(
      templateCsv([
        line({ period_end: '31/03/2024' }),
        line({ period_end: '31/03/2024', measure: 'places', value: '236' }),
        line({ period_end: '1/4/2023', measure: 'places', value: '230' }),
      ]),
    );
    expect(sets(db).map((s) => s.periodEnd)).toEqual(['2023-04-01', '2024-03-31']);
  });

  it('accepts codes and measures in any case and a blank la_name', async () => {
    const { db } = await storeFresh(
      templateCsv([line({ setting: 'Fostering', provision: 'IN_HOUSE', measure: 'Places', la_name: '' })]),
    );
    expect(storedFigures(db)[0]).toMatchObject({ setting: 'fostering', provision: 'in_house', measure: 'places' });
  });

  it('accepts the symbols c, x and z', async () => {
    const { db } = await storeFresh(
      templateCsv([
        line({ value: 'c' }),
        line({ measure: 'places', value: 'X' }),
        line({ measure: 'referrals', value: 'z' }),
      ]),
    );
    expect(storedFigures(db).map((f) => [f.measure, f.value, f.symbol])).toEqual([
      ['children_placed', null, 'c'],
      ['places', null, 'x'],
      ['referrals', null, 'z'],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Row by row: every bad row reported with its row, column, value and what was expected
// ---------------------------------------------------------------------------------------------

interface RowCase {
  name: string;
  bad: [Partial<RowFields>, Partial<RowFields>, Partial<RowFields>];
  column: string;
  message: RegExp;
  expected: RegExp | string[];
}

const ROW_CASES: RowCase[] = [
  {
    name: 'an unknown setting',
    bad: [{ setting: 'foster' }, { setting: 'childrens_homes', measure: 'places' }, { setting: 'PR1', measure: 'referrals' }],
    column: 'setting',
    message: /Unknown setting/,
    expected: [...SETTINGS],
  },
  {
    name: 'an unknown provision',
    bad: [{ provision: 'inhouse' }, { provision: 'PR4', measure: 'places' }, { provision: 'external', measure: 'referrals' }],
    column: 'provision',
    message: /Unknown provision/,
    expected: [...PROVISIONS],
  },
  {
    name: 'an unknown measure',
    bad: [{ measure: 'vacancies' }, { measure: 'beds' }, { measure: 'cost_per_week' }],
    column: 'measure',
    message: /Unknown measure/,
    expected: [...MEASURES],
  },
  {
    name: 'a non-numeric value',
    bad: [{ value: 'abc' }, { measure: 'places', value: 'ten' }, { measure: 'referrals', value: 'n/a' }],
    column: 'value',
    message: /^The value is not a number$/,
    expected: /a number 0 or more/,
  },
  {
    name: 'a negative value',
    bad: [{ value: '-5' }, { measure: 'places', value: '-1' }, { measure: 'weekly_cost_gbp', value: '-921.40' }],
    column: 'value',
    message: /^The value is negative$/,
    expected: /a number 0 or more/,
  },
  {
    name: 'a blank value',
    bad: [{ value: '' }, { measure: 'places', value: '' }, { measure: 'referrals', value: '   ' }],
    column: 'value',
    message: /^The value is blank$/,
    expected: /a number 0 or more/,
  },
  {
    name: 'a decimal in a count measure',
    bad: [{ value: '10.5' }, { measure: 'places', value: '3.0' }, { measure: 'referrals', value: '0.25' }],
    column: 'value',
    message: /not a whole number/,
    expected: /weekly_cost_gbp/,
  },
  {
    name: 'a thousands separator',
    bad: [{ value: '1,234' }, { measure: 'places', value: '12,000' }, { measure: 'referrals', value: '1,000,000' }],
    column: 'value',
    message: /thousands separator/,
    expected: /a number 0 or more/,
  },
  {
    name: 'a date in neither accepted form',
    bad: [{ period_end: '2024/03/31' }, { period_end: '31-03-2024', measure: 'places' }, { period_end: 'March 2024', measure: 'referrals' }],
    column: 'period_end',
    message: /Not a date in an accepted form/,
    expected: /YYYY-MM-DD.*DD\/MM\/YYYY/,
  },
  {
    name: 'an impossible date',
    bad: [{ period_end: '2024-02-30' }, { period_end: '31/04/2024', measure: 'places' }, { period_end: '2023-02-29', measure: 'referrals' }],
    column: 'period_end',
    message: /Not a date in an accepted form/,
    expected: /YYYY-MM-DD/,
  },
  {
    name: 'an unknown la_code',
    bad: [
      { la_code: 'E06999999', la_name: '' },
      { la_code: 'E06999999', la_name: '', measure: 'places' },
      { la_code: 'E06999999', la_name: '', measure: 'referrals' },
    ],
    column: 'la_code',
    message: /Not the code of an English council/,
    expected: /E06000004/,
  },
  {
    name: 'a la_name that does not match the la_code',
    bad: [
      { la_name: 'Southwark' },
      { la_name: 'Southwark', measure: 'places' },
      { la_name: 'Stockport', measure: 'referrals' },
    ],
    column: 'la_name',
    message: /does not match la_code E06000004, which is Stockton-on-Tees/,
    expected: /Stockton-on-Tees/,
  },
  {
    name: 'a recruitment measure on setting residential',
    bad: [
      { setting: 'residential', measure: 'enquiries', value: '40' },
      { setting: 'residential', measure: 'carer_households', value: '40' },
      { setting: 'secure', measure: 'applications', value: '4' },
    ],
    column: 'setting',
    message: /only valid for fostering/,
    expected: /fostering or kinship_fostering/,
  },
  {
    name: 'a value that starts like a formula (=, +, -, @)',
    bad: [{ value: '=1+1' }, { measure: 'places', value: '+236' }, { measure: 'referrals', value: '@SUM(A1:A2)' }],
    column: 'value',
    message: /not a number/,
    expected: /a number 0 or more/,
  },
  {
    name: 'a la_name holding a formula',
    bad: [
      { la_name: '=HYPERLINK("http://evil.example/x","Stockton-on-Tees")' },
      { la_name: '+Stockton()', measure: 'places' },
      { la_name: '@IMPORTXML("http://evil.example")', measure: 'referrals' },
    ],
    column: 'la_name',
    message: /does not match la_code E06000004/,
    expected: /Stockton-on-Tees/,
  },
];

describe('importTemplate: bad rows', () => {
  it.each(ROW_CASES)('rejects $name, reporting every bad row', async (c) => {
    const badLines = c.bad.map((o) => line(o)) as [string, string, string];
    const res = await rejectOnSeeded(interleave(badLines));
    expect(res.errorCount).toBe(3);
    const errs = byRow(res.errors);
    expect(errs.map((e) => e.row)).toEqual(BAD_ROWS);
    errs.forEach((e, i) => {
      expect(e.column).toBe(c.column);
      expect(e.message).toMatch(c.message);
      const raw = ({ ...DEFAULT_ROW, ...c.bad[i] } as RowFields)[c.column as keyof RowFields];
      if (c.column === 'la_code') expect(e.value).toBe(raw.toUpperCase());
      else if (c.column === 'setting') expect(e.value?.toLowerCase()).toBe(raw.toLowerCase());
      else expect(e.value).toBe(raw.trim());
      if (Array.isArray(c.expected)) for (const v of c.expected) expect(e.expected).toContain(v);
      else expect(e.expected).toMatch(c.expected);
    });
  });

  it('rejects a value starting with "-" (formula-like) as not a non-negative number', async () => {
    const res = await rejectOnSeeded(
      interleave([line({ value: '-1+1' }), line({ measure: 'places', value: "-cmd|' /C calc'!A0" }), line({ measure: 'referrals', value: '-' })]),
    );
    expect(byRow(res.errors).map((e) => [e.row, e.column])).toEqual(BAD_ROWS.map((r) => [r, 'value']));
    for (const e of res.errors) expect(e.message).toMatch(/not a number|negative/);
  });

  it('reports every problem of one row, not only the first', async () => {
    const res = await rejectOnSeeded(
      templateCsv([line({ setting: 'foster', provision: 'inhouse', period_end: '2024-02-30', value: 'abc' })]),
    );
    expect(res.errors.map((e) => e.column).sort()).toEqual(['period_end', 'provision', 'setting', 'value']);
    for (const e of res.errors) expect(e.row).toBe(2);
  });

  it('rejects a row with the wrong number of fields (an unquoted comma)', async () => {
    const res = await rejectOnSeeded(
      templateCsv([
        FILLER[0]!,
        '2024-03-31,E06000004,Stockton-on-Tees,fostering,in_house,all,all,places,1,234',
        '2024-03-31,E06000004,Stockton-on-Tees,fostering,in_house,all,all,places',
      ]),
    );
    expect(byRow(res.errors).map((e) => e.row)).toEqual([3, 4]);
    expect(res.errors[0]!.message).toMatch(/10 fields but the header has 9/);
    expect(res.errors[0]!.expected).toMatch(/quoted/);
  });
});

// ---------------------------------------------------------------------------------------------
// Across rows
// ---------------------------------------------------------------------------------------------

describe('importTemplate: checks across rows', () => {
  it('rejects a duplicate key, naming both rows, for every repeat', async () => {
    const a = line({ measure: 'places', value: '10' });
    const b = line({ measure: 'referrals', value: '3' });
    const res = await rejectOnSeeded(
      templateCsv([
        a, // 2
        b, // 3
        line({ measure: 'places', value: '12' }), // 4: repeats 2 with another value
        line({ measure: 'starts', value: '1' }), // 5
        line({ measure: 'referrals', value: '3', setting: 'FOSTERING', la_name: '' }), // 6: repeats 3
        line({ measure: 'places', value: '10', period_end: '31/03/2024' }), // 7: repeats 2 (other date form)
      ]),
    );
    expect(res.errorCount).toBe(3);
    const errs = byRow(res.errors);
    expect(errs.map((e) => e.row)).toEqual([4, 6, 7]);
    expect(errs[0]!.message).toBe('Row 4 repeats the key of row 2');
    expect(errs[1]!.message).toBe('Row 6 repeats the key of row 3');
    expect(errs[2]!.message).toBe('Row 7 repeats the key of row 2');
    expect(errs[0]!.value).toContain('places');
    expect(errs[0]!.expected).toMatch(/each \(period_end, la_code, setting, provision, age_band, need, measure\) once/);
  });

  it('rejects a sub-measure above its parent, naming both rows', async () => {
    const res = await rejectOnSeeded(
      templateCsv([
        line({ measure: 'places', value: '10' }), // 2
        line({ measure: 'places_vacant', value: '12' }), // 3 > row 2
        line({ measure: 'referrals', value: '5' }), // 4
        line({ measure: 'referrals_unmatched', value: '6' }), // 5 > row 4
        line({ measure: 'children_placed', value: '3' }), // 6
        line({ measure: 'placed_outside_la', value: '4' }), // 7 > row 6
        line({ measure: 'placed_over_20_miles', value: '3' }), // 8 = row 6: fine
        line({ provision: 'private', measure: 'places', value: '2' }), // 9
        line({ provision: 'private', measure: 'places_vacant', value: '2' }), // 10 = row 9: fine
        line({ provision: 'private', measure: 'children_placed', value: 'c' }), // 11
        line({ provision: 'private', measure: 'placed_outside_la', value: '99' }), // 12: parent suppressed, not comparable
      ]),
    );
    expect(res.errorCount).toBe(3);
    const errs = byRow(res.errors);
    expect(errs.map((e) => e.row)).toEqual([3, 5, 7]);
    expect(errs[0]!.message).toMatch(/places_vacant \(12, row 3\) is more than places \(10, row 2\)/);
    expect(errs[1]!.message).toMatch(/referrals_unmatched \(6, row 5\) is more than referrals \(5, row 4\)/);
    expect(errs[2]!.message).toMatch(/placed_outside_la \(4, row 7\) is more than children_placed \(3, row 6\)/);
    for (const e of errs) {
      expect(e.column).toBe('value');
      expect(e.expected).toMatch(/no more than/);
    }
  });

  it('reports bad rows and cross-row errors of the same file together', async () => {
    const res = await rejectOnSeeded(
      templateCsv([
        line({ measure: 'places', value: '10' }), // 2
        line({ measure: 'places', value: '11' }), // 3: duplicate of row 2
        line({ measure: 'referrals', value: 'abc' }), // 4: not a number
        line({ measure: 'places_vacant', value: '12' }), // 5: above places
      ]),
    );
    // All errors of the file, not only those of the first kind found.
    expect(byRow(res.errors).map((e) => e.row)).toEqual([3, 4, 5]);
  });

  it('caps the detailed list of errors but counts them all', async () => {
    const bad = Array.from({ length: 1500 }, (_, i) =>
      line({ age_band: ['all', 'under_1', '1_4', '5_9', '10_15', '16_17'][i % 6]!, value: `bad${i}` }),
    );
    const res = await rejectOnSeeded(templateCsv(bad));
    expect(res.errorCount).toBeGreaterThanOrEqual(1500);
    expect(res.errors).toHaveLength(1000);
    expect(res.errors[0]!.row).toBe(2);
    expect(res.errors[999]!.row).toBe(1001);
  });
});

// ---------------------------------------------------------------------------------------------
// Good paths: versions
// ---------------------------------------------------------------------------------------------

describe('importTemplate: versions', () => {
  it('says unchanged for an identical file and adds no figure set', async () => {
    const db = await seeded();
    const before = snapshot(db);
    const res = await importText(db, templateCsv(SEED_ROWS), 'again.csv');
    expect(res.status).toBe('unchanged');
    expect(res.errors).toEqual([]);
    expect(res.supplied).toHaveLength(1);
    expect(res.supplied[0]).toMatchObject({
      laCode: 'E06000004',
      periodEnd: '2024-03-31',
      rows: 4,
      outcome: 'unchanged',
      version: 1,
      replacedVersion: null,
    });
    expect(snapshot(db)).toEqual(before);
    expect(count(db, 'figure_sets')).toBe(1);
    expect(count(db, 'imports')).toBe(2);
    const rec = db.$client.prepare('SELECT status FROM imports ORDER BY id DESC LIMIT 1').get() as { status: string };
    expect(rec.status).toBe('unchanged');
  });

  it('reports an unchanged set with exactly the SuppliedSet fields (as stored in imports.supplied)', async () => {
    const db = await seeded();
    const res = await importText(db, templateCsv(SEED_ROWS), 'again.csv');
    const want = [
      { laCode: 'E06000004', periodEnd: '2024-03-31', rows: 4, outcome: 'unchanged', version: 1, replacedVersion: null },
    ];
    expect(res.supplied).toEqual(want);
    const rec = db.$client.prepare('SELECT supplied FROM imports ORDER BY id DESC LIMIT 1').get() as { supplied: string };
    expect(JSON.parse(rec.supplied)).toEqual(want);
  });

  it('stores a changed file as version 2 and keeps version 1 in the history', async () => {
    const db = await seeded();
    const changed = [...SEED_ROWS.slice(0, 3), line({ provision: 'private', measure: 'weekly_cost_gbp', value: '950.00' })];
    const res = await importText(db, templateCsv(changed), 'changed.csv');
    expect(res.status).toBe('stored');
    expect(res.supplied).toEqual([
      { laCode: 'E06000004', periodEnd: '2024-03-31', rows: 4, outcome: 'replaced', version: 2, replacedVersion: 1 },
    ]);
    const s = sets(db);
    expect(s).toHaveLength(2);
    expect(s[0]).toMatchObject({ version: 1, isCurrent: 0, replacesSetId: null, rowCount: 4 });
    expect(s[1]).toMatchObject({ version: 2, isCurrent: 1, replacesSetId: s[0]!.id, rowCount: 4 });
    const figs = storedFigures(db);
    expect(figs).toHaveLength(8);
    const cost = (v: number) =>
      figs.find((f) => f.version === v && f.measure === 'weekly_cost_gbp')?.value;
    expect(cost(1)).toBe(921.4);
    expect(cost(2)).toBe(950);
  });

  it('creates one set per (la_code, period_end): two councils by two periods make four', async () => {
    const rows: string[] = [];
    for (const [code, name] of [
      ['E06000004', 'Stockton-on-Tees'],
      ['E09000028', 'Southwark'],
    ] as const) {
      for (const period of ['2023-03-31', '2024-03-31']) {
        rows.push(line({ la_code: code, la_name: name, period_end: period, value: '20' }));
        rows.push(line({ la_code: code, la_name: name, period_end: period, measure: 'places', value: '25' }));
      }
    }
    const { db, res } = await storeFresh(templateCsv(rows));
    expect(res.supplied.map((s) => [s.laCode, s.periodEnd, s.rows, s.outcome, s.version])).toEqual([
      ['E06000004', '2023-03-31', 2, 'new', 1],
      ['E06000004', '2024-03-31', 2, 'new', 1],
      ['E09000028', '2023-03-31', 2, 'new', 1],
      ['E09000028', '2024-03-31', 2, 'new', 1],
    ]);
    expect(count(db, 'figure_sets')).toBe(4);
    expect(count(db, 'figures')).toBe(8);
  });

  it('treats parts alone and parts plus their derived total as the same figures', async () => {
    const inHouse = 10;
    const priv = 5;
    const total = inHouse + priv; // computed here, independently of withTotals
    expect(total).toBe(15);
    const parts = [
      line({ provision: 'in_house', value: String(inHouse) }),
      line({ provision: 'private', value: String(priv) }),
    ];
    const withTotal = [...parts, line({ provision: 'all', value: String(total) })];

    const db = freshDb();
    const first = await importText(db, templateCsv(parts), 'parts.csv');
    expect(first.status).toBe('stored');
    const second = await importText(db, templateCsv(withTotal), 'parts-and-total.csv');
    expect(second.status).toBe('unchanged');
    expect(second.supplied[0]).toMatchObject({ outcome: 'unchanged', version: 1 });
    expect(count(db, 'figure_sets')).toBe(1);

    // The other way round too, and a total that disagrees with the parts is a change.
    const db2 = freshDb();
    expect((await importText(db2, templateCsv(withTotal))).status).toBe('stored');
    expect((await importText(db2, templateCsv(parts))).status).toBe('unchanged');
    const wrong = [...parts, line({ provision: 'all', value: String(total + 1) })];
    expect((await importText(db2, templateCsv(wrong))).status).toBe('stored');
    expect(count(db2, 'figure_sets')).toBe(2);
  });
});

// ---------------------------------------------------------------------------------------------
// withTotals and csvCell (pure functions)
// ---------------------------------------------------------------------------------------------

type Stored = Omit<Figure, 'derived'>;
function fig(o: Partial<Stored> & Pick<Stored, 'measure'>): Stored {
  return { setting: 'fostering', provision: 'in_house', ageBand: 'all', need: 'all', value: null, symbol: null, ...o };
}
function find(figs: Figure[], k: Partial<Stored> & Pick<Stored, 'measure'>): Figure | undefined {
  const want = { setting: 'all', provision: 'all', ageBand: 'all', need: 'all', ...k };
  return figs.find(
    (f) =>
      f.measure === want.measure &&
      f.setting === want.setting &&
      f.provision === want.provision &&
      f.ageBand === want.ageBand &&
      f.need === want.need,
  );
}

describe('withTotals', () => {
  it('derives setting=all and provision=all totals by summing the parts', () => {
    const figs = withTotals([
      fig({ measure: 'children_placed', setting: 'fostering', provision: 'in_house', value: 10 }),
      fig({ measure: 'children_placed', setting: 'fostering', provision: 'private', value: 5 }),
      fig({ measure: 'children_placed', setting: 'residential', provision: 'private', value: 7 }),
      fig({ measure: 'children_placed', setting: 'residential', provision: 'voluntary', value: 2 }),
    ]);
    const get = (setting: string, provision: string) =>
      find(figs, { measure: 'children_placed', setting: setting as Stored['setting'], provision: provision as Stored['provision'] });
    expect(get('fostering', 'all')).toMatchObject({ value: 10 + 5, symbol: null, derived: true });
    expect(get('residential', 'all')).toMatchObject({ value: 7 + 2, derived: true });
    expect(get('residential', 'commissioned')).toMatchObject({ value: 7 + 2, derived: true });
    expect(get('all', 'in_house')).toMatchObject({ value: 10, derived: true });
    expect(get('all', 'private')).toMatchObject({ value: 5 + 7, derived: true });
    expect(get('all', 'all')).toMatchObject({ value: 10 + 5 + 7 + 2, symbol: null, derived: true });
    expect(get('fostering', 'in_house')).toMatchObject({ value: 10, derived: false });
  });

  it('derives age_band=all from the age bands', () => {
    const figs = withTotals([
      fig({ measure: 'places', ageBand: '5_9', value: 3 }),
      fig({ measure: 'places', ageBand: '10_15', value: 4 }),
    ]);
    expect(find(figs, { measure: 'places', setting: 'fostering', provision: 'in_house' })).toMatchObject({
      value: 7,
      derived: true,
    });
  });

  it("makes a total 'x' when a part is 'c', and 'z' only when every part is 'z'", () => {
    const figs = withTotals([
      fig({ measure: 'children_placed', provision: 'in_house', value: 10 }),
      fig({ measure: 'children_placed', provision: 'private', symbol: 'c' }),
      fig({ measure: 'starts', provision: 'in_house', symbol: 'z' }),
      fig({ measure: 'starts', provision: 'private', symbol: 'z' }),
    ]);
    expect(find(figs, { measure: 'children_placed', setting: 'fostering' })).toMatchObject({ value: null, symbol: 'x' });
    expect(find(figs, { measure: 'children_placed' })).toMatchObject({ value: null, symbol: 'x' });
    expect(find(figs, { measure: 'starts', setting: 'fostering' })).toMatchObject({ value: null, symbol: 'z' });
  });

  it('averages weekly_cost_gbp weighted by children_placed, rounded to pence', () => {
    const figs = withTotals([
      fig({ measure: 'children_placed', provision: 'in_house', value: 10 }),
      fig({ measure: 'children_placed', provision: 'private', value: 3 }),
      fig({ measure: 'weekly_cost_gbp', provision: 'in_house', value: 500 }),
      fig({ measure: 'weekly_cost_gbp', provision: 'private', value: 1000.55 }),
    ]);
    // By hand: (10 * 500 + 3 * 1000.55) / (10 + 3) = (5000 + 3001.65) / 13 = 8001.65 / 13 = 615.5115... -> 615.51
    expect(find(figs, { measure: 'weekly_cost_gbp', setting: 'fostering' })).toMatchObject({
      value: 615.51,
      symbol: null,
      derived: true,
    });
    // A plain mean would be 750.28: make sure it is not that.
    expect(find(figs, { measure: 'weekly_cost_gbp', setting: 'fostering' })!.value).not.toBe(750.28);
    // Without children_placed for a part the average is not available.
    const noWeight = withTotals([
      fig({ measure: 'weekly_cost_gbp', provision: 'in_house', value: 500 }),
      fig({ measure: 'weekly_cost_gbp', provision: 'private', value: 1000 }),
    ]);
    expect(find(noWeight, { measure: 'weekly_cost_gbp', setting: 'fostering' })).toMatchObject({ symbol: 'x' });
  });

  it('lets a stored total win over the derived one', () => {
    const figs = withTotals([
      fig({ measure: 'children_placed', provision: 'in_house', value: 10 }),
      fig({ measure: 'children_placed', provision: 'private', value: 5 }),
      fig({ measure: 'children_placed', provision: 'all', value: 17 }), // supplied, disagrees with 15
    ]);
    const all = figs.filter(
      (f) => f.measure === 'children_placed' && f.setting === 'fostering' && f.provision === 'all',
    );
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ value: 17, derived: false });
    // Higher totals build on the stored one.
    expect(find(figs, { measure: 'children_placed' })).toMatchObject({ value: 17, derived: true });
  });
});

describe('csvCell', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
  ])('neutralises %j as a formula', (input, out) => {
    expect(csvCell(input)).toBe(out);
  });

  it('quotes a neutralised formula that needs quoting, doubling its quotes', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  });

  it('leaves plain text and numbers as they are', () => {
    expect(csvCell('Stockton-on-Tees')).toBe('Stockton-on-Tees');
    expect(csvCell('E06000004')).toBe('E06000004');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(921.4)).toBe('921.4');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('quotes commas, quotes and newlines, doubling quotes', () => {
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvLine(['=x', 'a,b', 3])).toBe(`'=x,"a,b",3`);
  });
});
