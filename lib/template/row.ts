import { z } from 'zod';
import { sameCouncilName } from '../councils';
import type { ImportIssue } from '../issues';
import {
  AGE_BANDS,
  FOSTERING_SETTINGS,
  MEASURES,
  NEEDS,
  PROVISIONS,
  RECRUITMENT_MEASURES,
  REQUIRED_COLUMNS,
  SETTINGS,
  SYMBOLS,
  TEMPLATE_COLUMNS,
  type AgeBand,
  type FigureSymbol,
  type Measure,
  type Need,
  type Provision,
  type Setting,
  type TemplateColumn,
  type TemplateMeasure,
} from './codes';

/** A valid row of the template, normalised: ISO date, lower-case codes, number or symbol. */
export interface TemplateRow {
  periodEnd: string;
  laCode: string;
  setting: Setting;
  provision: Provision;
  ageBand: AgeBand;
  need: Need;
  measure: Measure;
  value: number | null;
  symbol: FigureSymbol | null;
}

type RowIssue = Omit<ImportIssue, 'file'>;

export interface HeaderMap {
  /** Index of each template column in the file's records. */
  index: Partial<Record<TemplateColumn, number>>;
  fieldCount: number;
  warnings: RowIssue[];
  errors: RowIssue[];
}

/** Maps a header case-insensitively after trimming; extra columns warn, missing ones fail. */
export function mapHeader(fields: string[]): HeaderMap {
  const index: Partial<Record<TemplateColumn, number>> = {};
  const warnings: RowIssue[] = [];
  const errors: RowIssue[] = [];
  const known = new Set<string>(TEMPLATE_COLUMNS);
  const expectedList = TEMPLATE_COLUMNS.join(', ');

  if (fields.length === 1 && (fields[0] ?? '').includes(';')) {
    errors.push({
      row: 1,
      column: null,
      value: truncate(fields[0] ?? ''),
      message: 'The file is separated by semicolons (;), not commas',
      expected: 'a comma-separated file: save it as "CSV UTF-8 (comma delimited)"',
    });
    return { index, fieldCount: fields.length, warnings, errors };
  }
  if (fields.length === 1 && (fields[0] ?? '').includes('\t')) {
    errors.push({
      row: 1,
      column: null,
      value: truncate(fields[0] ?? ''),
      message: 'The file is separated by tabs, not commas',
      expected: 'a comma-separated file: save it as "CSV UTF-8 (comma delimited)"',
    });
    return { index, fieldCount: fields.length, warnings, errors };
  }

  fields.forEach((raw, i) => {
    const name = raw.replace(/^\uFEFF/, '').trim().toLowerCase();
    if (known.has(name)) {
      const col = name as TemplateColumn;
      if (index[col] !== undefined) {
        errors.push({
          row: 1,
          column: col,
          value: raw,
          message: `The column "${col}" appears twice (columns ${index[col]! + 1} and ${i + 1})`,
          expected: 'each column once',
        });
      } else {
        index[col] = i;
      }
    } else {
      warnings.push({
        row: 1,
        column: raw.trim() || `(column ${i + 1})`,
        value: null,
        message: `Column ${i + 1} "${raw.trim() || '(blank)'}" is not part of the template and was ignored`,
        expected: `the template columns: ${expectedList}`,
      });
    }
  });

  const missing = REQUIRED_COLUMNS.filter((c) => index[c] === undefined);
  if (missing.length > 0) {
    errors.push({
      row: 1,
      column: missing.join(', '),
      value: null,
      message: `Required column${missing.length > 1 ? 's' : ''} missing: ${missing.join(', ')}`,
      expected: `a header with the columns ${expectedList} (la_name optional, any order)`,
    });
  }
  return { index, fieldCount: fields.length, warnings, errors };
}

function truncate(s: string, n = 80): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const UK = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** `2024-03-31` or `31/03/2024` to ISO, or null if neither form or not a real date. */
export function parseTemplateDate(s: string): string | null {
  let y: number, m: number, d: number;
  const iso = ISO.exec(s);
  const uk = iso ? null : UK.exec(s);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (uk) [y, m, d] = [Number(uk[3]), Number(uk[2]), Number(uk[1])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  if (y < 1990 || y > 2100) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const codeEnum = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.enum(values, { error: () => `Unknown ${what}` });

const LA_CODE = /^E\d{8}$/;

/** The per-row schema: codes compared case-insensitively, values as number or symbol. */
const RowSchema = z.object({
  period_end: z.string().transform((s, ctx) => {
    if (s === '') {
      ctx.addIssue({ code: 'custom', message: 'The date is blank' });
      return z.NEVER;
    }
    const iso = cachedDate(s);
    if (!iso) {
      ctx.addIssue({ code: 'custom', message: 'Not a date in an accepted form' });
      return z.NEVER;
    }
    return iso;
  }),
  la_code: z.string().regex(LA_CODE, { error: 'Not an ONS council code' }),
  la_name: z.string().optional(),
  setting: codeEnum(SETTINGS, 'setting'),
  provision: codeEnum(PROVISIONS, 'provision'),
  age_band: codeEnum(AGE_BANDS, 'age band'),
  need: codeEnum(NEEDS, 'need'),
  measure: codeEnum(MEASURES, 'measure'),
  value: z.string(),
});

const EXPECTED: Record<TemplateColumn, string> = {
  period_end: 'a date as YYYY-MM-DD (e.g. 2024-03-31) or DD/MM/YYYY (e.g. 31/03/2024)',
  la_code: 'a 9-character ONS code of an English council, e.g. E06000004',
  la_name: 'the name of the council the la_code belongs to',
  setting: `one of ${SETTINGS.join(', ')}`,
  provision: `one of ${PROVISIONS.join(', ')}`,
  age_band: `one of ${AGE_BANDS.join(', ')}`,
  need: `one of ${NEEDS.join(', ')}`,
  measure: `one of ${MEASURES.join(', ')}`,
  value: 'a number 0 or more (whole, except weekly_cost_gbp which may have pence), or a symbol c, x or z',
};

const SYMBOL_SET = new Set<string>(SYMBOLS);
const WHOLE = /^\d+$/;
const DECIMAL = /^\d+(\.\d+)?$/;
const NEGATIVE = /^-\s*\d/;
const SEPARATED = /^[\d,]+$/;
const RECRUITMENT = new Set<string>(RECRUITMENT_MEASURES);
const FOSTERING = new Set<string>(FOSTERING_SETTINGS);

function field(fields: string[], header: HeaderMap, c: TemplateColumn): string | undefined {
  const i = header.index[c];
  return i === undefined ? undefined : (fields[i] ?? '').trim();
}

/** Files repeat the same few dates and names on every row: remember the answers. */
const dateCache = new Map<string, string | null>();
const nameCache = new Map<string, boolean>();

function cachedDate(s: string): string | null {
  let hit = dateCache.get(s);
  if (hit === undefined) {
    if (dateCache.size > 10_000) dateCache.clear();
    hit = parseTemplateDate(s);
    dateCache.set(s, hit);
  }
  return hit;
}

/** The last answer: rows of one council come together, so most rows ask the same as the one before. */
let lastName = { given: '', known: '', hit: false };

function nameMatches(given: string, known: string): boolean {
  if (given === lastName.given && known === lastName.known) return lastName.hit;
  const key = `${given}\u0000${known}`;
  let hit = nameCache.get(key);
  if (hit === undefined) {
    if (nameCache.size > 10_000) nameCache.clear();
    hit = sameCouncilName(given, known);
    nameCache.set(key, hit);
  }
  lastName = { given, known, hit };
  return hit;
}

type RawRow = { [K in TemplateColumn]: string | undefined };
type ParsedRow = z.output<typeof RowSchema>;

const CODE_SETS = {
  setting: new Set<string>(SETTINGS),
  provision: new Set<string>(PROVISIONS),
  age_band: new Set<string>(AGE_BANDS),
  need: new Set<string>(NEEDS),
  measure: new Set<string>(MEASURES),
};

/**
 * RowSchema's result for a row it is sure to accept, found without running it: zod's parse was
 * a large share of the import, and nearly every row of a real file is valid. Each test is the
 * schema's own (a string, the same date reading, the same code lists, the same regular
 * expression), so the result is exactly what the schema gives. Any other row returns null and
 * goes through the schema, which remains the one judge of what is wrong with it and says so in
 * its own words. A rule added to RowSchema must be added here too, or this must return null.
 */
function acceptedAsIs(raw: RawRow): { success: true; data: ParsedRow } | null {
  const { period_end, la_code, la_name, setting, provision, age_band, need, measure, value } = raw;
  if (period_end === undefined || period_end === '' || la_code === undefined || value === undefined) return null;
  if (setting === undefined || provision === undefined || age_band === undefined || need === undefined || measure === undefined) return null;
  if (!CODE_SETS.setting.has(setting) || !CODE_SETS.provision.has(provision) || !CODE_SETS.age_band.has(age_band)) return null;
  if (!CODE_SETS.need.has(need) || !CODE_SETS.measure.has(measure) || !LA_CODE.test(la_code)) return null;
  const iso = cachedDate(period_end);
  if (!iso) return null;
  return {
    success: true,
    data: {
      period_end: iso,
      la_code,
      la_name,
      setting: setting as Setting,
      provision: provision as Provision,
      age_band: age_band as AgeBand,
      need: need as Need,
      measure: measure as TemplateMeasure,
      value,
    },
  };
}

export interface RowContext {
  /** Known council codes and their names. */
  councils: ReadonlyMap<string, string>;
}

/**
 * Validates one record against the template. Returns the row, or its issues
 * (every problem in the row, not only the first).
 */
export function validateRow(
  fields: string[],
  row: number,
  header: HeaderMap,
  ctx: RowContext,
): { row: TemplateRow; issues: null } | { row: null; issues: RowIssue[] } {
  const issues: RowIssue[] = [];
  if (fields.length !== header.fieldCount) {
    issues.push({
      row,
      column: null,
      value: null,
      message: `The row has ${fields.length} field${fields.length === 1 ? '' : 's'} but the header has ${header.fieldCount}`,
      expected: 'one field per header column (a comma inside a value must be quoted)',
    });
    return { row: null, issues };
  }
  // `field` is called directly rather than through a closure made per row (allocation, and a
  // naming helper per closure under tsx, were a measurable share of the import).
  const raw = {
    period_end: field(fields, header, 'period_end'),
    la_code: field(fields, header, 'la_code')?.toUpperCase(),
    la_name: field(fields, header, 'la_name'),
    setting: field(fields, header, 'setting')?.toLowerCase(),
    provision: field(fields, header, 'provision')?.toLowerCase(),
    age_band: field(fields, header, 'age_band')?.toLowerCase(),
    need: field(fields, header, 'need')?.toLowerCase(),
    measure: field(fields, header, 'measure')?.toLowerCase(),
    value: field(fields, header, 'value'),
  };
  const parsed = acceptedAsIs(raw) ?? RowSchema.safeParse(raw);
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      const col = String(i.path[0]) as TemplateColumn;
      const v = field(fields, header, col) ?? '';
      issues.push({
        row,
        column: col,
        value: v,
        message: v === '' && col !== 'period_end' ? `The ${col} is blank` : i.message,
        expected: EXPECTED[col],
      });
    }
  }

  // The value needs the measure to judge whole numbers, so it is checked here.
  const valueText = raw.value ?? '';
  let value: number | null = null;
  let symbol: FigureSymbol | null = null;
  const measure = parsed.success ? parsed.data.measure : (raw.measure as Measure | undefined);
  // Whether the text is a number of the measure's kind: tested once, where it was tested twice.
  let isNumber = false;
  if (valueText === '') {
    issues.push({ row, column: 'value', value: '', message: 'The value is blank', expected: EXPECTED.value });
  } else if (SYMBOL_SET.has(valueText.toLowerCase())) {
    symbol = valueText.toLowerCase() as FigureSymbol;
  } else if (NEGATIVE.test(valueText)) {
    issues.push({ row, column: 'value', value: valueText, message: 'The value is negative', expected: EXPECTED.value });
  } else if ((isNumber = measure === 'weekly_cost_gbp' ? DECIMAL.test(valueText) : WHOLE.test(valueText)) && !Number.isSafeInteger(Math.trunc(Number(valueText)))) {
    issues.push({ row, column: 'value', value: valueText.slice(0, 40), message: 'The value is too large', expected: 'a number below 9,007,199,254,740,992' });
  } else if (isNumber) {
    value = Number(valueText);
  } else if (DECIMAL.test(valueText)) {
    issues.push({
      row,
      column: 'value',
      value: valueText,
      message: `The value is not a whole number (only weekly_cost_gbp may have decimals)`,
      expected: EXPECTED.value,
    });
  } else {
    issues.push({
      row,
      column: 'value',
      value: valueText,
      message: SEPARATED.test(valueText) ? 'The value has a thousands separator' : 'The value is not a number',
      expected: EXPECTED.value,
    });
  }

  if (parsed.success) {
    const d = parsed.data;
    const name = ctx.councils.get(d.la_code);
    if (name === undefined) {
      issues.push({
        row,
        column: 'la_code',
        value: d.la_code,
        message: 'Not the code of an English council with children’s services',
        expected: EXPECTED.la_code,
      });
    } else if (d.la_name !== undefined && d.la_name !== '' && !nameMatches(d.la_name, name)) {
      issues.push({
        row,
        column: 'la_name',
        value: d.la_name,
        message: `The name does not match la_code ${d.la_code}, which is ${name}`,
        expected: `"${name}" or a blank la_name`,
      });
    }
    if (RECRUITMENT.has(d.measure) && !FOSTERING.has(d.setting)) {
      issues.push({
        row,
        column: 'setting',
        value: d.setting,
        message: `The measure ${d.measure} is only valid for fostering`,
        expected: 'setting fostering or kinship_fostering',
      });
    }
    if (issues.length === 0) {
      return {
        row: {
          periodEnd: d.period_end,
          laCode: d.la_code,
          setting: d.setting,
          provision: d.provision,
          ageBand: d.age_band,
          need: d.need,
          measure: d.measure,
          value,
          symbol,
        },
        issues: null,
      };
    }
  }
  return { row: null, issues };
}
