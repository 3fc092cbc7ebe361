/**
 * Property tests of the parsers and importers: whatever the input (random strings and bytes, or
 * random mutations of a valid file), the result is either rows that pass validation or a
 * rejection with located issues; nothing throws and nothing hangs (fast-check's per-run timeout
 * and vitest's per-test timeout turn a hang into a failure).
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { importAnyFile } from '@/db/imports/any';
import type { ImportResult } from '@/db/imports/template';
import { parseCouncilsCsv } from '@/lib/councils';
import { bufferChunks } from '@/lib/csv/read';
import { EES_LEVELS, EES_SYMBOLS, parseEesText, parseFilters, parseTimePeriod, type EesRow } from '@/lib/ees';
import type { ImportKind } from '@/lib/importKinds';
import type { ImportIssue } from '@/lib/issues';
import { parseOfsted, type OfstedSetting } from '@/lib/ofsted';
import {
  AGE_BANDS,
  FOSTERING_SETTINGS,
  MEASURES,
  NEEDS,
  PROVISIONS,
  RECRUITMENT_MEASURES,
  SETTINGS,
  SYMBOLS,
  TEMPLATE_COLUMNS,
  type TemplateColumn,
} from '@/lib/template/codes';
import { mapHeader, parseTemplateDate, validateRow, type HeaderMap, type TemplateRow } from '@/lib/template/row';
import { freshDb } from '@/tests/helpers/db';

const RUNS = 200;
/** fast-check fails a run that takes longer than this (a hang), vitest the whole test after T. */
const RUN_TIMEOUT = 10_000;
const T = { timeout: 60_000 };

const ROOT = process.cwd();
const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8');
const COUNCIL_LIST = parseCouncilsCsv(read('data/reference/councils.csv'));
const COUNCILS = new Map(COUNCIL_LIST.map((c) => [c.code, c.name]));
const COUNCIL_CODES = new Set(COUNCILS.keys());

// ---------------------------------------------------------------------------------------------
// Valid files to mutate: a few lines of each kind
// ---------------------------------------------------------------------------------------------

const lines = (rel: string) => read(rel).replace(/^\uFEFF/, '').split(/\r?\n/);
const pick = (all: string[], ns: number[]) => ns.map((n) => all[n - 1]!);
const EES_LINES = lines('data/reference/ees/cla_number_and_rate_per_10k_children.csv');
const OFSTED_LINES = lines('data/reference/ofsted/ofsted_csc_providers_places_at_31_Mar_2023_raw.csv');
const RO3_LINES = lines('data/reference/costs/ro3_2024-25_LA_children_looked_after_expenditure_gbp_thousands.csv');
const TEMPLATE_HEADER = TEMPLATE_COLUMNS.join(',');

interface ValidFile {
  kind: ImportKind;
  fileName: string;
  text: string;
}

const VALID: Record<'template' | 'ees' | 'ofsted' | 'ro3', ValidFile> = {
  template: {
    kind: 'sufficiency_template',
    fileName: 'property_template.csv',
    text:
      [
        TEMPLATE_HEADER,
        '2024-03-31,E06000004,Stockton-on-Tees,fostering,in_house,all,all,children_placed,214',
        '2024-03-31,E06000004,Stockton-on-Tees,fostering,in_house,all,all,places,236',
        '2024-03-31,E06000004,,fostering,in_house,all,all,places_vacant,11',
        '31/03/2024,E06000004,"Stockton-on-Tees",fostering,private,all,all,weekly_cost_gbp,921.40',
        '2024-03-31,E09000028,Southwark,residential,commissioned,10_15,all,children_placed,c',
      ].join('\n') + '\n',
  },
  ees: {
    kind: 'ees',
    fileName: 'property_ees.csv',
    text: `${pick(EES_LINES, [1, 2, 3, 47, 48, 49, 434]).join('\n')}\n`,
  },
  ofsted: {
    kind: 'ofsted',
    fileName: 'property_providers_places_at_31_Mar_2023.csv',
    text: `${pick(OFSTED_LINES, [1, 2, 3, 4, 5, 6, 7, 8, 628, 2786]).join('\r\n')}\r\n`,
  },
  ro3: {
    kind: 'ro3',
    fileName: 'ro3_2024-25_property.csv',
    text: `${pick(RO3_LINES, [1, 2, 3, 314, 325]).join('\n')}\n`,
  },
};

// ---------------------------------------------------------------------------------------------
// Mutations: delete, duplicate, shuffle characters; insert commas, quotes, newlines, NULs, ...
// ---------------------------------------------------------------------------------------------

type Mutation =
  | { op: 'delete'; at: number; length: number }
  | { op: 'duplicate'; at: number; length: number }
  | { op: 'shuffle'; at: number; length: number; seed: number }
  | { op: 'insert'; at: number; text: string };

const INSERTS = [',', '"', '""', '\n', '\r\n', '\r', '\u0000', '\uFEFF', ';', '\t', ' ', 'é', '=', '-', '0', '9', ',,,,', '"\n"'];

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant('shuffle' as const), at: fc.nat(), length: fc.integer({ min: 2, max: 12 }), seed: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...INSERTS), fc.string({ maxLength: 4 })) }),
);

function mutate(text: string, mutations: readonly Mutation[]): string {
  let s = text;
  for (const m of mutations) {
    const at = m.at % (s.length + 1);
    if (m.op === 'delete') s = s.slice(0, at) + s.slice(at + m.length);
    else if (m.op === 'duplicate') s = s.slice(0, at) + s.slice(at, at + m.length) + s.slice(at);
    else if (m.op === 'insert') s = s.slice(0, at) + m.text + s.slice(at);
    else {
      const part = [...s.slice(at, at + m.length)];
      let seed = m.seed;
      for (let i = part.length - 1; i > 0; i -= 1) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        const j = seed % (i + 1);
        [part[i], part[j]] = [part[j]!, part[i]!];
      }
      s = s.slice(0, at) + part.join('') + s.slice(at + m.length);
    }
  }
  return s;
}

const mutationsArb = fc.array(mutationArb, { minLength: 1, maxLength: 8 });

// ---------------------------------------------------------------------------------------------
// Shared checks
// ---------------------------------------------------------------------------------------------

/** Every issue has a message, and a row that is a spreadsheet row number when it has one. */
function expectLocated(issues: readonly Omit<ImportIssue, 'file'>[]): void {
  for (const i of issues) {
    expect(typeof i.message).toBe('string');
    expect(i.message.trim()).not.toBe('');
    expect(i.row === null || (Number.isInteger(i.row) && i.row >= 1)).toBe(true);
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function expectValidTemplateRow(r: TemplateRow): void {
  expect(parseTemplateDate(r.periodEnd)).toBe(r.periodEnd);
  expect(COUNCIL_CODES.has(r.laCode)).toBe(true);
  expect(SETTINGS).toContain(r.setting);
  expect(PROVISIONS).toContain(r.provision);
  expect(AGE_BANDS).toContain(r.ageBand);
  expect(NEEDS).toContain(r.need);
  expect(MEASURES).toContain(r.measure);
  if (RECRUITMENT_MEASURES.includes(r.measure)) expect(FOSTERING_SETTINGS).toContain(r.setting);
  if (r.symbol !== null) {
    expect(SYMBOLS).toContain(r.symbol);
    expect(r.value).toBeNull();
  } else {
    expect(typeof r.value).toBe('number');
    expect(Number.isFinite(r.value)).toBe(true);
    expect(r.value!).toBeGreaterThanOrEqual(0);
    if (r.measure !== 'weekly_cost_gbp') expect(Number.isInteger(r.value)).toBe(true);
  }
}

/** A template row written back as the nine columns, as the export does. */
function templateFields(r: TemplateRow): string[] {
  const v: Record<TemplateColumn, string> = {
    period_end: r.periodEnd,
    la_code: r.laCode,
    la_name: '',
    setting: r.setting,
    provision: r.provision,
    age_band: r.ageBand,
    need: r.need,
    measure: r.measure,
    value: r.symbol ?? String(r.value),
  };
  return TEMPLATE_COLUMNS.map((c) => v[c]);
}
const CANONICAL_HEADER = mapHeader([...TEMPLATE_COLUMNS]);

/**
 * A stored time_period reads back as itself. FINDING (lib/ees.ts parseTimePeriod, line 124): any 4 digits
 * are a year, so "0224" (a shuffled 2024) is stored as 224 and shown as "224"; the padding here
 * accepts that, a range check (as the template's 1990-2100) would be stricter.
 */
const timePeriodRoundTrips = (t: number) => parseTimePeriod(String(t).padStart(4, '0')) === t;

function expectValidEesRow(r: EesRow): void {
  expect(timePeriodRoundTrips(r.timePeriod)).toBe(true);
  expect(EES_LEVELS).toContain(r.level);
  expect(r.areaCode.trim()).not.toBe('');
  expect(r.areaCode).toBe(r.areaCode.trim());
  for (const v of r.values) {
    if (v.value !== null) expect(Number.isFinite(v.value)).toBe(true);
    if (v.symbol !== null) {
      expect(EES_SYMBOLS).toContain(v.symbol);
      expect(v.value).toBeNull();
    }
  }
  // The canonical filter string always splits back into the same pairs.
  for (const [k] of parseFilters(r.filters)) expect(k).not.toBe('');
}

function expectValidOfstedSetting(s: OfstedSetting): void {
  expect(s.urn).toMatch(/^[A-Za-z0-9]+$/);
  expect(s.provisionType.trim()).not.toBe('');
  if (s.places !== null) {
    expect(Number.isInteger(s.places)).toBe(true);
    expect(s.places).toBeGreaterThanOrEqual(0);
  }
  if (s.laCode !== null) expect(COUNCIL_CODES.has(s.laCode)).toBe(true);
}

const DATA_TABLES = ['figure_sets', 'figures', 'ees_values', 'ofsted_providers', 'ro3_spend'];
const countOf = (db: Db, t: string) => (db.$client.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;

/**
 * The contract of an import on a fresh database: rejected with located issues and nothing stored,
 * or stored with every stored row passing validation again.
 */
function expectImportContract(db: Db, res: ImportResult & { kind: ImportKind | null }): void {
  expect(['stored', 'unchanged', 'rejected']).toContain(res.status);
  const c = db.$client;
  const imports = c.prepare('SELECT status, error_count AS errorCount FROM imports').all() as { status: string; errorCount: number }[];
  expect(imports).toEqual([{ status: res.status, errorCount: res.errorCount }]);
  if (res.status === 'rejected') {
    expect(res.errorCount).toBeGreaterThan(0);
    expect(res.errors.length).toBeGreaterThan(0);
    expectLocated(res.errors);
    for (const t of DATA_TABLES) expect(countOf(db, t)).toBe(0);
    return;
  }
  expect(res.errors).toEqual([]);
  expect(res.errorCount).toBe(0);
  if (res.kind === 'sufficiency_template') {
    const figs = c
      .prepare(
        `SELECT s.period_end AS periodEnd, s.la_code AS laCode, f.setting, f.provision, f.age_band AS ageBand, f.need, f.measure, f.value, f.symbol
         FROM figures f JOIN figure_sets s ON s.id = f.set_id`,
      )
      .all() as TemplateRow[];
    expect(figs.length).toBe(res.rows);
    for (const f of figs) {
      expectValidTemplateRow(f);
      const again = validateRow(templateFields(f), 2, CANONICAL_HEADER, { councils: COUNCILS });
      expect(again.issues).toBeNull();
      expect(again.row).toEqual(f);
    }
  } else if (res.kind === 'ees') {
    const vals = c.prepare('SELECT time_period AS t, geographic_level AS level, area_code AS area, value, symbol FROM ees_values').all() as {
      t: number;
      level: string;
      area: string;
      value: number | null;
      symbol: string | null;
    }[];
    expect(vals.length).toBeGreaterThan(0);
    for (const v of vals) {
      expect(timePeriodRoundTrips(v.t)).toBe(true);
      expect(EES_LEVELS).toContain(v.level);
      expect(v.area.trim()).not.toBe('');
      if (v.value !== null) expect(Number.isFinite(v.value)).toBe(true);
      if (v.symbol !== null) {
        expect(EES_SYMBOLS).toContain(v.symbol);
        expect(v.value).toBeNull();
      }
    }
  } else if (res.kind === 'ofsted') {
    const settings = c
      .prepare('SELECT as_at AS asAt, urn, provision_type AS provisionType, places, la_code AS laCode FROM ofsted_providers')
      .all() as (OfstedSetting & { asAt: string })[];
    expect(settings.length).toBe(res.rows);
    for (const s of settings) {
      expect(s.asAt).toMatch(ISO_DATE);
      expectValidOfstedSetting(s);
    }
    expect(new Set(settings.map((s) => s.urn.toUpperCase())).size).toBe(settings.length);
  } else if (res.kind === 'ro3') {
    const spend = c.prepare('SELECT year, la_code AS laCode, field, value_thousands AS value, symbol FROM ro3_spend').all() as {
      year: string;
      laCode: string;
      field: string;
      value: number | null;
      symbol: string | null;
    }[];
    for (const s of spend) {
      expect(s.year).toMatch(/^\d{4}-\d{2}$/);
      expect(COUNCIL_CODES.has(s.laCode)).toBe(true);
      expect(s.field).toMatch(/^RO3-[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/);
      if (s.value !== null) expect(Number.isFinite(s.value)).toBe(true);
      if (s.symbol !== null) {
        expect(['x', 'c', 'z']).toContain(s.symbol);
        expect(s.value).toBeNull();
      }
    }
  } else {
    throw new Error(`stored with no kind: ${JSON.stringify(res)}`);
  }
}

/** importAnyFile on a fresh in-memory database, checked against the contract. */
async function importChecked(
  input: string | Uint8Array,
  o: { fileName: string; chunkSize: number; kind?: ImportKind },
): Promise<ImportResult & { kind: ImportKind | null }> {
  const db = freshDb();
  try {
    const res = await importAnyFile(db.$client, { fileName: o.fileName, source: 'cli', chunks: bufferChunks(input, o.chunkSize), kind: o.kind });
    expectImportContract(db, res);
    return res;
  } finally {
    db.$client.close();
  }
}

const chunkSizeArb = fc.oneof(fc.integer({ min: 16, max: 256 }), fc.constantFrom(1000, 4096, 65536));

// ---------------------------------------------------------------------------------------------
// The template row validator
// ---------------------------------------------------------------------------------------------

/** A cell as people type it: the code in any case, with spaces around. */
const typed = (values: readonly string[]) =>
  fc.tuple(fc.constantFrom(...values), fc.constantFrom('', ' ', '  '), fc.constantFrom('', ' '), fc.boolean()).map(
    ([v, before, after, upper]) => `${before}${upper ? v.toUpperCase() : v}${after}`,
  );

const HOSTILE_CELLS = ['', ' ', '=1+1', '+1', '-1', '@SUM(A1)', '<script>x</script>', '1,234', '1e3', '0x10', 'NaN', 'Infinity', '١٢٣', '\u0000', '"', '\uFEFF1'];

const dateArb = fc.oneof(
  fc.date({ min: new Date(Date.UTC(1985, 0, 1)), max: new Date(Date.UTC(2105, 11, 31)), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc
    .tuple(fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 1980, max: 2110 }))
    .map(([d, m, y]) => `${d}/${String(m).padStart(2, '0')}/${y}`),
  fc.integer({ min: 30_000, max: 60_000 }).map(String), // Excel serial numbers
  fc.constantFrom('2024-02-29', '2023-02-29', '2024-13-01', '2024-3-31', '31-03-2024'),
);

/** Whole numbers up to 20 digits: longer ones hit the Infinity bug, tested apart below. */
const valueArb = fc.oneof(
  fc.nat().map(String),
  fc.stringMatching(/^\d{1,20}$/),
  fc.tuple(fc.nat(100_000), fc.nat(999)).map(([a, b]) => `${a}.${b}`),
  typed(SYMBOLS),
  fc.constantFrom(...HOSTILE_CELLS),
);

const cellArb: Record<TemplateColumn, fc.Arbitrary<string>> = {
  period_end: fc.oneof(dateArb, fc.string({ maxLength: 12 })),
  la_code: fc.oneof(typed([...COUNCIL_CODES].slice(0, 40)), fc.constantFrom('E99999999', 'E0600000', 'W06000001', ''), fc.string({ maxLength: 10 })),
  la_name: fc.oneof(fc.constantFrom('', 'Stockton-on-Tees', 'Stockton on Tees', 'Southwark', 'Hartlepool'), fc.string({ maxLength: 12 })),
  setting: fc.oneof(typed(SETTINGS), fc.string({ maxLength: 6 })),
  provision: fc.oneof(typed(PROVISIONS), fc.string({ maxLength: 6 })),
  age_band: fc.oneof(typed(AGE_BANDS), fc.string({ maxLength: 6 })),
  need: fc.oneof(typed(NEEDS), fc.string({ maxLength: 6 })),
  measure: fc.oneof(typed(MEASURES), fc.string({ maxLength: 6 })),
  value: fc.oneof(valueArb, fc.string({ maxLength: 8 })),
};

/** A header: the template columns in any order and case, la_name sometimes left out, unknown columns sometimes added. */
const headerArb = fc
  .tuple(
    fc.shuffledSubarray([...TEMPLATE_COLUMNS], { minLength: TEMPLATE_COLUMNS.length, maxLength: TEMPLATE_COLUMNS.length }),
    fc.boolean(),
    fc.array(fc.constantFrom('note', 'comment', '', 'Notes '), { maxLength: 2 }),
    fc.boolean(),
  )
  .map(([cols, dropName, extra, upper]) => {
    const names: string[] = cols.filter((c) => !(dropName && c === 'la_name'));
    for (const e of extra) names.splice(names.length, 0, e);
    return names.map((n) => (upper ? ` ${n.toUpperCase()}` : n));
  });

/** Records under a header: the template cells in the header's order, sometimes a field too many or too few. */
const recordArb = (header: string[]) =>
  fc
    .tuple(
      fc.tuple(
        ...header.map((h) => {
          const c = h.trim().toLowerCase() as TemplateColumn;
          return (TEMPLATE_COLUMNS as readonly string[]).includes(c) ? cellArb[c] : fc.string({ maxLength: 8 });
        }),
      ),
      fc.constantFrom(0, 0, 0, 0, -1, 1),
    )
    .map(([cells, delta]) => (delta < 0 ? cells.slice(0, -1) : delta > 0 ? [...cells, 'extra'] : cells));

describe('template: mapHeader and validateRow', () => {
  it('mapHeader never throws, and its errors and warnings are on row 1', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 14 }), typed(TEMPLATE_COLUMNS)), { maxLength: 14 }), (fields) => {
        const h = mapHeader(fields);
        for (const i of [...h.errors, ...h.warnings]) {
          expect(i.row).toBe(1);
          expect(i.message.trim()).not.toBe('');
        }
        expect(h.fieldCount).toBe(fields.length);
        for (const i of Object.values(h.index)) expect(i).toBeLessThan(fields.length);
        if (h.errors.length === 0) for (const c of TEMPLATE_COLUMNS.filter((c) => c !== 'la_name')) expect(h.index[c]).toBeDefined();
      }),
      { numRuns: RUNS },
    );
  });

  it('validateRow returns a valid row or located issues, never throws, and a valid row validates again the same', () => {
    fc.assert(
      fc.property(
        headerArb.chain((header) => fc.tuple(fc.constant(header), recordArb(header), fc.integer({ min: 2, max: 1_000_000 }))),
        ([headerFields, fields, row]) => {
          const header: HeaderMap = mapHeader(headerFields);
          expect(header.errors).toEqual([]);
          const r = validateRow(fields, row, header, { councils: COUNCILS });
          if (r.issues) {
            expect(r.row).toBeNull();
            expect(r.issues.length).toBeGreaterThan(0);
            expectLocated(r.issues);
            for (const i of r.issues) {
              expect(i.row).toBe(row);
              expect(i.column === null || (TEMPLATE_COLUMNS as readonly string[]).includes(i.column)).toBe(true);
              expect(i.expected ?? '').not.toBe('');
            }
            return;
          }
          expectValidTemplateRow(r.row);
          const again = validateRow(templateFields(r.row), row, CANONICAL_HEADER, { councils: COUNCILS });
          expect(again.row).toEqual(r.row);
        },
      ),
      { numRuns: RUNS },
    );
  });

  // Was a bug, fixed since (lib/template/row.ts line 276): a whole number of more than 309 digits passes /^\d+$/
  // and Number() makes it Infinity; see "a number of 400 digits" in tests/integration/hostile.test.ts.
  it('validateRow never returns a value that is not finite (fails today: 310+ digits give Infinity)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 310, max: 400 }), (digits) => {
        const fields = ['2024-03-31', 'E06000004', '', 'fostering', 'in_house', 'all', 'all', 'places', '9'.repeat(digits)];
        const r = validateRow(fields, 2, CANONICAL_HEADER, { councils: COUNCILS });
        if (r.row) expect(Number.isFinite(r.row.value)).toBe(true);
      }),
      { numRuns: 20 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Full imports through importAnyFile, on a fresh in-memory database each run
// ---------------------------------------------------------------------------------------------

describe('importAnyFile: any input is stored valid or rejected located, never throws or hangs', () => {
  it('arbitrary bytes', T, async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), chunkSizeArb, async (bytes, chunkSize) => {
        await importChecked(bytes, { fileName: 'random.csv', chunkSize });
      }),
      { numRuns: RUNS, timeout: RUN_TIMEOUT },
    );
  });

  it('arbitrary text under a real header, the kind detected or given', T, async () => {
    const kinds = Object.values(VALID);
    // The lines above the data: the header, and the register's title rows or RO3's field codes.
    const TOP: Record<ImportKind, number> = { sufficiency_template: 1, ees: 1, ofsted: 4, ro3: 2, ssda903: 1, postcode_sectors: 1 };
    const headOf = (v: ValidFile) => {
      const eol = v.kind === 'ofsted' ? '\r\n' : '\n';
      return v.text.split(eol).slice(0, TOP[v.kind]).join(eol) + eol;
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...kinds),
        fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ unit: 'grapheme-ascii', maxLength: 400 })),
        fc.boolean(),
        chunkSizeArb,
        async (v, body, given, chunkSize) => {
          await importChecked(headOf(v) + body, { fileName: v.fileName, chunkSize, kind: given ? v.kind : undefined });
        },
      ),
      { numRuns: RUNS, timeout: RUN_TIMEOUT },
    );
  });

  for (const [name, v] of Object.entries(VALID)) {
    it(`random mutations of a valid ${name} file`, T, async () => {
      // The unmutated file imports: the mutations start from a good file.
      expect((await importChecked(v.text, { fileName: v.fileName, chunkSize: 65536 })).status).toBe('stored');
      await fc.assert(
        fc.asyncProperty(mutationsArb, chunkSizeArb, async (mutations, chunkSize) => {
          await importChecked(mutate(v.text, mutations), { fileName: v.fileName, chunkSize });
        }),
        { numRuns: RUNS, timeout: RUN_TIMEOUT },
      );
    });
  }
});

// ---------------------------------------------------------------------------------------------
// The EES and Ofsted parsers
// ---------------------------------------------------------------------------------------------

describe('parseEesText', () => {
  const check = (text: string) => {
    const r = parseEesText(text, { file: 'x.csv' });
    expectLocated(r.errors.items);
    expect(r.errors.items.length).toBe(Math.min(r.errors.total, 1000));
    for (const row of r.rows) expectValidEesRow(row);
    // (A header with no rows under it is no error for parseEesText, though importEes rejects it.)
    if (r.errors.total === 0) expect(r.plan).not.toBeNull();
  };

  it('valid rows or located errors for arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 500 }), fc.string({ maxLength: 500 }).map((s) => `${pick(EES_LINES, [1])[0]}\n${s}`)), check),
      { numRuns: RUNS },
    );
  });

  it('valid rows or located errors for mutations of a valid file', () => {
    expect(parseEesText(VALID.ees.text, { file: 'x.csv' }).errors.total).toBe(0);
    fc.assert(
      fc.property(mutationsArb, (m) => check(mutate(VALID.ees.text, m))),
      { numRuns: RUNS },
    );
  });
});

describe('parseOfsted', () => {
  const check = (text: string) => {
    const r = parseOfsted(text, { fileName: VALID.ofsted.fileName, councils: COUNCIL_LIST });
    expectLocated(r.errors);
    expect(r.errors.length).toBe(Math.min(r.errorCount, 1000));
    for (const s of r.settings) expectValidOfstedSetting(s);
    expect(new Set(r.settings.map((s) => s.urn.toUpperCase())).size).toBe(r.settings.length);
    if (r.errorCount === 0) {
      expect(r.asAt).toMatch(ISO_DATE);
      expect(r.settings.length).toBe(r.dataRows);
    }
  };

  it('valid settings or located errors for arbitrary text', () => {
    const header = pick(OFSTED_LINES, [4])[0]!;
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 500 }), fc.string({ maxLength: 500 }).map((s) => `${header}\r\n${s}`)), check),
      { numRuns: RUNS },
    );
  });

  it('valid settings or located errors for mutations of a valid register', () => {
    expect(parseOfsted(VALID.ofsted.text, { fileName: VALID.ofsted.fileName, councils: COUNCIL_LIST }).errorCount).toBe(0);
    fc.assert(
      fc.property(mutationsArb, (m) => check(mutate(VALID.ofsted.text, m))),
      { numRuns: RUNS },
    );
  });
});
