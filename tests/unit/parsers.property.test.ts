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
import { importSsda903, type Ssda903ImportResult } from '@/db/imports/ssda903';
import type { ImportResult } from '@/db/imports/template';
import { parseCouncilsCsv } from '@/lib/councils';
import { bufferChunks } from '@/lib/csv/read';
import { EES_LEVELS, EES_SYMBOLS, parseEesText, parseFilters, parseTimePeriod, type EesRow } from '@/lib/ees';
import type { ImportKind } from '@/lib/importKinds';
import { FileFormatError, type ImportIssue } from '@/lib/issues';
import { parseOfsted, type OfstedSetting } from '@/lib/ofsted';
import { CIN, LS, PLACE_PROVIDER, REASON_PLACE_CHANGE, REC, RNE, codeListsFor } from '@/lib/ssda903/codes';
import { readSsda903Xml, XML_EPISODE_FIELDS, XML_HEADER_FIELDS, XML_UASC_FIELDS, type XmlRecord } from '@/lib/ssda903/xml';
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

// ---------------------------------------------------------------------------------------------
// SSDA903: the episodes file of an otherwise valid return, and the XML reader
// ---------------------------------------------------------------------------------------------

const SSDA903_SMALL = 'tests/fixtures/ssda903/small-2023-24';
const SSDA903_LA = 'E06000004';
const SSDA903_HEADER_TEXT = read(`${SSDA903_SMALL}/2023-header.csv`);
const SSDA903_UASC_TEXT = read(`${SSDA903_SMALL}/2023-uasc.csv`);
const SSDA903_EPISODES_TEXT = read(`${SSDA903_SMALL}/2023-episodes.csv`);
const SSDA903_FILES = ['2023-header.csv', '2023-episodes.csv', '2023-uasc.csv'];
const SSDA903_GENERAL = '(this import)';
const SSDA903_TABLES = ['ssda903_returns', 'ssda903_children', 'ssda903_episodes', 'ssda903_uasc', 'figure_sets', 'figures', 'figure_breakdowns'];
/** The children of the valid header file (the valid episodes' children are all in it). */
const SSDA903_CHILDREN = lines(`${SSDA903_SMALL}/2023-header.csv`)
  .slice(1)
  .filter((l) => l !== '')
  .map((l) => l.split(',')[0]!);

/** A real date as the return writes it (dd/mm/yyyy; the importer also reads d/m/yyyy and yyyy-mm-dd), as ISO; null otherwise. */
function ssda903Date(raw: string): string | null {
  const s = raw.trim();
  const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  const ymd = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const parts = dmy ? [dmy[3], dmy[2], dmy[1]] : ymd ? [ymd[1], ymd[2], ymd[3]] : null;
  if (!parts) return null;
  const [y, m, d] = parts.map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  // 1900-2100: the importer takes a date outside them for a typing error (none is generated here).
  if (y < 1900 || y > 2100 || t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * The contract of an SSDA903 import on a fresh database: rejected with every issue named by one of
 * its files (or the import as a whole), a row that is a row number, null only for an issue that is
 * not about one cell, and nothing stored; or stored with every stored row valid again.
 */
function expectSsda903Contract(db: Db, res: Ssda903ImportResult): void {
  expect(['stored', 'rejected']).toContain(res.status);
  const c = db.$client;
  const imports = c.prepare('SELECT kind, status, error_count AS errorCount FROM imports').all();
  expect(imports).toEqual([{ kind: 'ssda903', status: res.status, errorCount: res.errorCount }]);
  if (res.status === 'rejected') {
    expect(res.errorCount).toBeGreaterThan(0);
    expect(res.errors.length).toBeGreaterThan(0);
    expectLocated(res.errors);
    for (const e of res.errors) {
      expect([...SSDA903_FILES, SSDA903_GENERAL]).toContain(e.file);
      if (e.row === null) expect(e.column === null || e.value === null).toBe(true);
    }
    for (const t of SSDA903_TABLES) expect(countOf(db, t)).toBe(0);
    return;
  }
  expect(res.errors).toEqual([]);
  expect(res.errorCount).toBe(0);
  expect(res.returns).toHaveLength(1);
  const ret = c.prepare('SELECT id, la_code AS laCode, year_end AS yearEnd FROM ssda903_returns').all() as { id: number; laCode: string; yearEnd: number }[];
  expect(ret).toHaveLength(1);
  // The files are named 2023: the return is the 2023-24 one (or 2022-23, if its dates say so).
  expect(ret[0]).toMatchObject({ laCode: SSDA903_LA });
  expect([2023, 2024]).toContain(ret[0]!.yearEnd);
  const lists = codeListsFor(ret[0]!.yearEnd);
  const children = new Set((c.prepare('SELECT child FROM ssda903_children').all() as { child: string }[]).map((r) => r.child));
  expect([...children].sort()).toEqual([...SSDA903_CHILDREN].sort());
  const episodes = c
    .prepare(
      `SELECT child, decom, rne, ls, cin, place, place_provider AS provider, dec, rec, reason_place_change AS reason, home_post AS homePost, pl_post AS plPost, urn
       FROM ssda903_episodes`,
    )
    .all() as {
    child: string;
    decom: string;
    rne: string;
    ls: string;
    cin: string;
    place: string;
    provider: string | null;
    dec: string | null;
    rec: string | null;
    reason: string | null;
    homePost: string | null;
    plPost: string | null;
    urn: string | null;
  }[];
  expect(episodes.length).toBe(res.returns[0]!.episodes);
  expect(episodes.length).toBeGreaterThan(0);
  const iso = (v: string | null) => v !== null && ssda903Date(v) === v;
  const oneOf = (v: string | null, codes: readonly string[] | ReadonlySet<string>) => v !== null && [...codes].includes(v);
  for (const e of episodes) {
    expect(children.has(e.child)).toBe(true);
    expect(iso(e.decom)).toBe(true);
    expect(e.dec === null || iso(e.dec)).toBe(true);
    expect(oneOf(e.rne, RNE) && oneOf(e.ls, LS) && oneOf(e.cin, CIN) && oneOf(e.place, lists.place)).toBe(true);
    expect(e.provider === null || oneOf(e.provider, PLACE_PROVIDER)).toBe(true);
    expect(e.rec === null || oneOf(e.rec, REC)).toBe(true);
    expect(e.reason === null || oneOf(e.reason, REASON_PLACE_CHANGE)).toBe(true);
    for (const t of [e.homePost, e.plPost, e.urn]) expect(t === null || (t === t.trim() && t !== '' && t.length <= 100)).toBe(true);
  }
  expect(countOf(db, 'figure_sets')).toBeGreaterThan(0);
}

/** importSsda903 of the valid 2023 header and UASC files and `episodes`, on a fresh database, checked against the contract. */
async function importReturnChecked(episodes: string | Uint8Array, chunkSize: number): Promise<{ res: Ssda903ImportResult; stored: Record<string, unknown>[] }> {
  const db = freshDb();
  try {
    const res = await importSsda903(db.$client, {
      laCode: SSDA903_LA,
      files: [
        { fileName: '2023-header.csv', chunks: bufferChunks(SSDA903_HEADER_TEXT, chunkSize) },
        { fileName: '2023-episodes.csv', chunks: bufferChunks(episodes, chunkSize) },
        { fileName: '2023-uasc.csv', chunks: bufferChunks(SSDA903_UASC_TEXT, chunkSize) },
      ],
      source: 'cli',
    });
    expectSsda903Contract(db, res);
    const stored = db.$client
      .prepare(
        `SELECT row, child, decom, rne, ls, cin, place, place_provider, dec, rec, reason_place_change, home_post, pl_post, urn
         FROM ssda903_episodes ORDER BY row`,
      )
      .all() as Record<string, unknown>[];
    return { res, stored };
  } finally {
    db.$client.close();
  }
}

describe('importSsda903: any episodes file is stored valid or rejected located, never throws or hangs', () => {
  const EPISODES_HEADER = SSDA903_EPISODES_TEXT.split('\n')[0]!;

  it('the valid episodes file is stored (the property starts from a good return)', T, async () => {
    expect((await importReturnChecked(SSDA903_EPISODES_TEXT, 65536)).res.status).toBe('stored');
  });

  it('arbitrary bytes and text as the episodes file', T, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 600 }),
          fc.string({ unit: 'binary', maxLength: 400 }),
          fc.string({ unit: 'grapheme-ascii', maxLength: 400 }).map((s) => `${EPISODES_HEADER}\n${s}`),
          fc.string({ unit: 'binary', maxLength: 400 }).map((s) => `${EPISODES_HEADER}\r\n${s}`),
        ),
        chunkSizeArb,
        async (input, chunkSize) => {
          await importReturnChecked(input, chunkSize);
        },
      ),
      { numRuns: RUNS, timeout: RUN_TIMEOUT },
    );
  });

  it('random mutations of the valid episodes file', T, async () => {
    await fc.assert(
      fc.asyncProperty(mutationsArb, chunkSizeArb, async (mutations, chunkSize) => {
        await importReturnChecked(mutate(SSDA903_EPISODES_TEXT, mutations), chunkSize);
      }),
      { numRuns: RUNS, timeout: RUN_TIMEOUT },
    );
  });
});

// Valid-shaped episodes rows, some with one cell replaced, against a check of each row written here.

/** PLACE codes valid in the 2023-24 return, as docs/ssda903.md lists them ("until 2023-24"). */
const PLACE_2023_24 = [
  'A3', 'A4', 'A5', 'A6', 'H5', 'K1', 'K2', 'P1', 'P2', 'P3', 'R1', 'R2', 'R3', 'R5', 'S1',
  'T0', 'T1', 'T2', 'T3', 'T4', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'Z1',
];
const EPISODE_COLUMNS_903 = [
  'CHILD', 'DECOM', 'RNE', 'LS', 'CIN', 'PLACE', 'PLACE_PROVIDER', 'DEC', 'REC', 'REASON_PLACE_CHANGE', 'HOME_POST', 'PL_POST', 'URN',
] as const;
type EpisodeColumn = (typeof EPISODE_COLUMNS_903)[number];

/** What each column takes: codes (read case-insensitively), a date, a child of the header, or text; and whether it is required. */
const EPISODE_RULES: Record<EpisodeColumn, { kind: 'code' | 'date' | 'child' | 'text'; codes?: readonly string[]; required: boolean }> = {
  CHILD: { kind: 'child', required: true },
  DECOM: { kind: 'date', required: true },
  RNE: { kind: 'code', codes: RNE, required: true },
  LS: { kind: 'code', codes: LS, required: true },
  CIN: { kind: 'code', codes: CIN, required: true },
  PLACE: { kind: 'code', codes: PLACE_2023_24, required: true },
  PLACE_PROVIDER: { kind: 'code', codes: PLACE_PROVIDER, required: false },
  DEC: { kind: 'date', required: false },
  REC: { kind: 'code', codes: REC, required: false },
  REASON_PLACE_CHANGE: { kind: 'code', codes: REASON_PLACE_CHANGE, required: false },
  HOME_POST: { kind: 'text', required: false },
  PL_POST: { kind: 'text', required: false },
  URN: { kind: 'text', required: false },
};

/**
 * The independent check of one cell: its stored value (trimmed; codes upper-case, dates ISO,
 * blank null), or 'invalid'. Longer than 100 characters is invalid in any column.
 */
function expectedCell(column: EpisodeColumn, raw: string): string | null | 'invalid' {
  const rule = EPISODE_RULES[column];
  const s = raw.trim();
  if (s.length > 100) return 'invalid';
  if (s === '') return rule.required ? 'invalid' : null;
  if (rule.kind === 'date') return ssda903Date(s) ?? 'invalid';
  if (rule.kind === 'code') return rule.codes!.includes(s.toUpperCase()) ? s.toUpperCase() : 'invalid';
  // A child must be in the header (the row is still read; the error is at its CHILD cell).
  if (rule.kind === 'child') return SSDA903_CHILDREN.includes(s) ? s : 'invalid';
  return s;
}

/** PLACE codes of any year (docs/ssda903.md): 2023-24's, K3 from 2024-25, Z11-Z14 from 2025-26. */
const PLACE_ANY_YEAR = [...PLACE_2023_24, 'K3', 'Z11', 'Z12', 'Z13', 'Z14'];
/** Whether a cell is good on its own: a CHILD filled in, a PLACE of some year, any other cell valid. */
function readableCell(column: EpisodeColumn, raw: string): boolean {
  const s = raw.trim();
  if (column === 'CHILD') return s !== '' && s.length <= 100;
  if (column === 'PLACE') return PLACE_ANY_YEAR.includes(s.toUpperCase());
  return expectedCell(column, raw) !== 'invalid';
}

/** A date of the 2023-24 year (1 April 2023 to 31 March 2024), as dd/mm/yyyy or yyyy-mm-dd. */
const inYearDateArb = fc.tuple(fc.integer({ min: 0, max: 365 }), fc.boolean()).map(([days, isoForm]) => {
  const d = new Date(Date.UTC(2023, 3, 1 + days));
  const [y, m, dd] = [d.getUTCFullYear(), String(d.getUTCMonth() + 1).padStart(2, '0'), String(d.getUTCDate()).padStart(2, '0')];
  return isoForm ? `${y}-${m}-${dd}` : `${dd}/${m}/${y}`;
});
const orBlank = (arb: fc.Arbitrary<string>) => fc.oneof(fc.constant(''), arb);

const validEpisodeArb: fc.Arbitrary<string[]> = fc.tuple(
  fc.constantFrom(...SSDA903_CHILDREN),
  inYearDateArb,
  fc.constantFrom(...RNE),
  fc.constantFrom(...LS),
  fc.constantFrom(...CIN),
  fc.constantFrom(...PLACE_2023_24),
  orBlank(fc.constantFrom(...PLACE_PROVIDER)),
  orBlank(inYearDateArb),
  orBlank(fc.constantFrom(...REC)),
  orBlank(fc.constantFrom(...REASON_PLACE_CHANGE)),
  orBlank(fc.constantFrom('TS18 1', 'TS19 7', 'DL1 4', 'SW1A 1')),
  orBlank(fc.constantFrom('TS17 5', 'NE1 2', 'LS1 5')),
  orBlank(fc.constantFrom('SC100003', '1234567')),
);

/**
 * What a cell is replaced by: any short text, and cells known to trouble importers: codes of other
 * columns or other years, dates that are not (or not in this form), formulas, blanks, quotes and
 * line breaks. No valid date outside 2023-24 (it would move the return to another year) and no
 * NUL (the whole file is then refused, tested above).
 */
const HOSTILE_903 = [
  '', ' ', '\t', '=1+1', '+1', '@SUM(A1)', '<script>x</script>', '45383', '01/04/2023 00:00', '2023-04-01T09:30', '31/02/2024',
  '2024-02-30', '29/02/2023', '29/02/2024', '1/4/2023', '2023-4-1', '01-04-2023', '01/04/23', 'K3', 'Z11', 'H5', 'u4', ' s ', 'pr4',
  'e4a', '1.0', 'C99', ' C01 ', 'c01', 'PR6', 'N9', 'X1 ', '\uFEFFS', 'N1,N2', '"', '""', '\n', 'S\r\n', 'x'.repeat(101), ` ${'y'.repeat(100)} `,
];
const ALL_CODES = [...RNE, ...LS, ...CIN, ...PLACE_2023_24, 'K3', 'Z12', ...PLACE_PROVIDER, ...REC, ...REASON_PLACE_CHANGE];
const replacementArb = fc
  .oneof(
    fc.string({ maxLength: 10 }),
    fc.string({ unit: 'grapheme', maxLength: 6 }),
    fc.constantFrom(...HOSTILE_903),
    fc.constantFrom(...ALL_CODES),
    fc.constantFrom(...SSDA903_CHILDREN),
  )
  .filter((s) => !s.includes('\u0000'));

/** Rows, each maybe with one cell replaced: [the cells, the replaced column or null]. */
const mutatedRowsArb = fc.array(
  fc.tuple(validEpisodeArb, fc.option(fc.tuple(fc.integer({ min: 0, max: EPISODE_COLUMNS_903.length - 1 }), replacementArb), { freq: 2 })),
  { minLength: 1, maxLength: 8 },
);

describe('importSsda903: valid-shaped episodes with random cells replaced agree with a check of each row', () => {
  it('every replaced cell that is not valid is reported at its row and column, and nothing else; otherwise every row is stored as read', T, async () => {
    await fc.assert(
      fc.asyncProperty(mutatedRowsArb, fc.boolean(), chunkSizeArb, async (rows, crlf, chunkSize) => {
        const cells = rows.map(([valid, m]) => {
          const out = [...valid];
          if (m) out[m[0]] = m[1];
          return out;
        });
        const eol = crlf ? '\r\n' : '\n';
        const csvField = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
        const text = [EPISODE_COLUMNS_903.join(','), ...cells.map((r) => r.map(csvField).join(','))].join(eol) + eol;

        // The independent check: each row's cells, and where each bad one is. A row is read
        // (checked against the other rows and the year) when every cell is good on its own: its
        // CHILD is there (the header is looked up later) and its PLACE is a code of some year (the
        // year's list is applied later). Of the rows read, a child missing from the header is
        // reported at its CHILD cell, a PLACE not valid in 2023-24 at its PLACE cell, and when more
        // than a quarter of their children are missing, once more for the whole file.
        const expectedRows = cells.map((r, i) => ({
          row: i + 2,
          values: Object.fromEntries(EPISODE_COLUMNS_903.map((c, j) => [c, expectedCell(c, r[j]!)])) as Record<EpisodeColumn, string | null>,
          readable: EPISODE_COLUMNS_903.every((c, j) => readableCell(c, r[j]!)),
          child: r[0]!.trim(),
        }));
        const bad = expectedRows.flatMap(({ row, values, readable }) =>
          EPISODE_COLUMNS_903.flatMap((c, j) => {
            const raw = cells[row - 2]![j]!.trim();
            if (!readableCell(c, raw)) return [`${row}|${c}|${raw}`];
            // Found later: the code as read (upper-case), the child as written.
            if (values[c] === 'invalid' && readable) return [`${row}|${c}|${c === 'PLACE' ? raw.toUpperCase() : raw}`];
            return [];
          }),
        );
        const readRows = expectedRows.filter((r) => r.readable);
        const readChildren = new Set(readRows.map((r) => r.child));
        const missing = [...readChildren].filter((c) => !SSDA903_CHILDREN.includes(c));
        const wholeFile = missing.length > readChildren.size / 4;

        const { res, stored } = await importReturnChecked(text, chunkSize);
        if (bad.length === 0) {
          expect(res.errors).toEqual([]);
          expect(res.status).toBe('stored');
          const toColumn = (c: EpisodeColumn) => c.toLowerCase();
          expect(stored).toEqual(expectedRows.map(({ row, values }) => ({ row, ...Object.fromEntries(EPISODE_COLUMNS_903.map((c) => [toColumn(c), values[c]])) })));
          return;
        }
        expect(res.status).toBe('rejected');
        // One issue per bad cell, at its row and column, with its value as written (trimmed).
        const located = res.errors.filter((e) => e.row !== null).map((e) => `${e.file}|${e.row}|${e.column}|${e.value}`);
        expect(located.sort()).toEqual(bad.map((b) => `2023-episodes.csv|${b}`).sort());
        const fileLevel = res.errors.filter((e) => e.row === null);
        expect(fileLevel.map((e) => [e.file, e.column])).toEqual(wholeFile ? [['2023-episodes.csv', 'CHILD']] : []);
      }),
      { numRuns: RUNS, timeout: RUN_TIMEOUT },
    );
  });
});

// The XML reader on its own.

/** Lines of a text as an XML parser counts them (CRLF, CR and LF each end one). */
const xmlLines = (s: string) => s.split(/\r\n|\r|\n/).length;

type XmlOutcome = { records: XmlRecord[] } | { error: FileFormatError };

async function readXmlChecked(text: string, chunkSize: number): Promise<XmlOutcome> {
  const records: XmlRecord[] = [];
  try {
    await readSsda903Xml(bufferChunks(text, chunkSize), { file: 'return.xml', onRecord: (r) => records.push(r) });
  } catch (e) {
    // Never another exception: a FileFormatError, naming the file and where the problem is.
    expect(e).toBeInstanceOf(FileFormatError);
    const err = e as FileFormatError;
    expect(err.file).toBe('return.xml');
    expect(err.message.trim()).not.toBe('');
    if (text === '') {
      expect(err.row).toBeNull();
      expect(err.message).toMatch(/empty/);
    } else {
      expect(Number.isInteger(err.row) && err.row! >= 1 && err.row! <= xmlLines(text)).toBe(true);
    }
    return { error: err };
  }
  const columns = { header: XML_HEADER_FIELDS, episodes: XML_EPISODE_FIELDS, uasc: XML_UASC_FIELDS };
  for (const r of records) {
    expect(Object.keys(columns)).toContain(r.table);
    expect(Object.keys(r.fields).sort()).toEqual([...columns[r.table]].sort());
    for (const v of Object.values(r.fields)) expect(typeof v).toBe('string');
    expect(Number.isInteger(r.line) && r.line >= 1 && r.line <= xmlLines(text)).toBe(true);
  }
  return { records };
}

const VALID_XML = [
  '<?xml version="1.0" encoding="utf-8"?>',
  '<EXPSSDA903>',
  '  <CHILD>',
  '    <HEADER><CHILDID>C01</CHILDID><SEX>1</SEX><DOB>15/06/2012</DOB><ETHNIC>WBRI</ETHNIC><UPN>A100000000001</UPN><UASC>1</UASC><DUC>31/07/2025</DUC></HEADER>',
  '    <EPISODE><DECOM>10/05/2022</DECOM><RNE>S</RNE><LS>C2</LS><CIN>N1</CIN><PL>U4</PL><PLACE_PROVIDER>PR1</PLACE_PROVIDER><HOME_POST>TS18 1</HOME_POST></EPISODE>',
  '  </CHILD>',
  '  <CHILD>',
  '    <EPISODE><DECOM>01/06/2023</DECOM><RNE>S</RNE><PL>K2</PL><URN><![CDATA[SC100003]]></URN><PL_POST>A &amp; B</PL_POST></EPISODE>',
  '    <HEADER><CHILDID>C02</CHILDID><SEX>2</SEX><DOB>20/01/2019</DOB><AREVIEW><CHILDID>9</CHILDID></AREVIEW></HEADER>',
  '  </CHILD>',
  '</EXPSSDA903>',
].join('\n');

/** Pieces of (and around) the return's XML, put together at random. */
const XML_TOKENS = [
  '<?xml version="1.0"?>', '<EXPSSDA903>', '</EXPSSDA903>', '<CHILD>', '</CHILD>', '<HEADER>', '</HEADER>', '<EPISODE>', '</EPISODE>',
  '<CHILDID>', '</CHILDID>', '<DECOM>', '</DECOM>', '<PL>', '</PL>', '<UASC>1</UASC>', '<DUC/>', '<AREVIEW>', '</AREVIEW>', 'C01', '01/04/2023',
  ' ', '\n', '\r\n', '\r', '&amp;', '&lol;', '&#0;', '&#x41;', '<![CDATA[', ']]>', '<!--', '-->', '<!DOCTYPE x [<!ENTITY lol "lol">]>', '<?pi x?>',
  '<a b="1" b="2">', '</a>', '<', '>', '"', "'", '\uFEFF', 'é', '\u0000', '\uFFFE',
];
const xmlSoupArb = fc.array(fc.oneof(fc.constantFrom(...XML_TOKENS), fc.string({ maxLength: 4 })), { maxLength: 40 }).map((t) => t.join(''));

describe('readSsda903Xml: records or a FileFormatError with a row, never another exception or a hang', () => {
  it('the valid XML reads (the properties start from a good file)', async () => {
    const out = await readXmlChecked(VALID_XML, 65536);
    expect('records' in out && out.records.map((r) => [r.table, r.line])).toEqual([
      ['header', 4],
      ['uasc', 4],
      ['episodes', 5],
      ['header', 9],
      ['episodes', 8],
    ]);
  });

  const sameWhateverTheChunks = async (text: string, a: number, b: number) => {
    const x = await readXmlChecked(text, a);
    const y = await readXmlChecked(text, b);
    // The outcome does not depend on where the chunks break: the same records, or an error at the
    // same line. FINDINGS (not failures; lib/ssda903/xml.ts): where a file has two problems, which
    // one is named can depend on the chunking: "!\uFFFE" is "text data outside of root node" or
    // "disallowed character" (same line), and text before a DOCTYPE ("'\r\n<!DOCTYPE x>") is
    // reported at line 1 one byte at a time but the DOCTYPE, found by the scan ahead of the
    // parser (refuseDoctype), at line 2 in one chunk. The column named for text outside
    // the root can differ by one ("! ": column 1 in one chunk, 2 one byte at a time). So the
    // message is not compared, nor the line where a DOCTYPE is in the text.
    if ('error' in x) {
      expect('error' in y).toBe(true);
      if ('error' in y && !text.includes('<!DOCTYPE')) expect(y.error.row).toBe(x.error.row);
    } else {
      expect(y).toEqual(x);
    }
  };

  it('arbitrary strings', T, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ maxLength: 300 }).map((s) => `<EXPSSDA903>${s}`)),
        chunkSizeArb,
        async (text, chunkSize) => {
          await sameWhateverTheChunks(text, chunkSize, 65536);
        },
      ),
      { numRuns: RUNS, timeout: RUN_TIMEOUT },
    );
  });

  it('random pieces of the return XML put together', T, async () => {
    await fc.assert(
      fc.asyncProperty(xmlSoupArb, fc.integer({ min: 1, max: 64 }), async (text, chunkSize) => {
        await sameWhateverTheChunks(text, chunkSize, 65536);
      }),
      { numRuns: RUNS, timeout: RUN_TIMEOUT },
    );
  });

  // Was a bug (lib/ssda903/xml.ts, feed()): text outside the root is fed to saxes one line at a time
  // so its error names the text's own line, but lines were split on LF only, so a lone CR (an old
  // Mac line ending, which XML counts as a line break) gave "at line 2" in one chunk and "at line 1"
  // one byte at a time. Lines are now split on CR too.
  it('text outside the root on a line ended by a lone CR is reported at its own line, whatever the chunking', async () => {
    const text = '!\r<?xml version="1.0"?>';
    for (const chunkSize of [1, 65536]) {
      const out = await readXmlChecked(text, chunkSize);
      expect('error' in out && out.error.row).toBe(1);
    }
  });

  it('random mutations of a valid return XML', T, async () => {
    await fc.assert(
      fc.asyncProperty(mutationsArb, fc.integer({ min: 1, max: 64 }), async (mutations, chunkSize) => {
        await sameWhateverTheChunks(mutate(VALID_XML, mutations), chunkSize, 65536);
      }),
      { numRuns: RUNS, timeout: RUN_TIMEOUT },
    );
  });
});
