/**
 * Row checks of the SSDA903 tables that do not depend on the collection year (docs/ssda903.md).
 * The year-specific code lists (PLACE, SEX) are checked once the year is known from the dates.
 */
import type { ImportIssue } from '../issues';
import {
  CIN,
  ETHNIC,
  LS,
  PLACE_PROVIDER,
  REASON_PLACE_CHANGE,
  REC,
  RNE,
  TABLE_COLUMNS,
  parseDate,
  type Ssda903Table,
} from './codes';

type RowIssue = Omit<ImportIssue, 'file'>;

/** Which table a header row is, by its columns (case-insensitive); null when none fits. */
export function tableOfHeader(fields: readonly string[]): Ssda903Table | null {
  const names = new Set(fields.map((f) => f.replace(/^\uFEFF/, '').trim().toUpperCase()));
  if (names.has('CHILD') && names.has('DECOM') && names.has('PLACE')) return 'episodes';
  if (names.has('CHILD') && names.has('DUC') && !names.has('ETHNIC')) return 'uasc';
  if (names.has('CHILD') && names.has('DOB') && names.has('ETHNIC')) return 'header';
  return null;
}

export interface ColumnMap {
  table: Ssda903Table;
  index: Record<string, number>;
  missing: string[];
  /** Fields in the header row: every row must have as many (empty ones beyond it are allowed). */
  fieldCount: number;
}

export function mapColumns(table: Ssda903Table, fields: readonly string[]): ColumnMap {
  const index: Record<string, number> = {};
  fields.forEach((f, i) => {
    const name = f.replace(/^\uFEFF/, '').trim().toUpperCase();
    if (index[name] === undefined) index[name] = i;
  });
  return { table, index, missing: TABLE_COLUMNS[table].filter((c) => index[c] === undefined), fieldCount: fields.length };
}

const ALL_PLACE = new Set([
  'A3', 'A4', 'A5', 'A6', 'H5', 'K1', 'K2', 'K3', 'P1', 'P2', 'P3', 'R1', 'R2', 'R3', 'R5', 'S1',
  'T0', 'T1', 'T2', 'T3', 'T4', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'Z1', 'Z11', 'Z12', 'Z13', 'Z14',
]);
const ALL_SEX = new Set(['1', '2', 'M', 'F', 'U']);

interface CodeRule {
  codes: ReadonlySet<string>;
  required: boolean;
  rule: string | null;
  label: string;
}
const list = (codes: readonly string[]) => new Set(codes);
const CODE_RULES: Record<Ssda903Table, Record<string, CodeRule>> = {
  header: {
    SEX: { codes: ALL_SEX, required: true, rule: '101', label: 'a sex code (1 or 2 before 2024-25; M, F or U from 2024-25)' },
    ETHNIC: { codes: list(ETHNIC), required: true, rule: '103', label: `an ethnicity code (${ETHNIC.join(', ')})` },
    MOTHER: { codes: list(['0', '1']), required: false, rule: '165', label: '0, 1 or blank' },
  },
  episodes: {
    RNE: { codes: list(RNE), required: true, rule: '143', label: `one of ${RNE.join(', ')}` },
    LS: { codes: list(LS), required: true, rule: '144', label: `one of ${LS.join(', ')}` },
    CIN: { codes: list(CIN), required: true, rule: '145', label: `one of ${CIN.join(', ')}` },
    PLACE: { codes: ALL_PLACE, required: true, rule: '146', label: 'a placement type code (U1-U6, K1, K2, R1, ...)' },
    PLACE_PROVIDER: { codes: list(PLACE_PROVIDER), required: false, rule: null, label: `blank or one of ${PLACE_PROVIDER.join(', ')}` },
    REC: { codes: list(REC), required: false, rule: '149', label: `blank or one of ${REC.join(', ')}` },
    REASON_PLACE_CHANGE: { codes: list(REASON_PLACE_CHANGE), required: false, rule: null, label: `blank or one of ${REASON_PLACE_CHANGE.join(', ')}` },
  },
  uasc: {
    SEX: { codes: ALL_SEX, required: true, rule: '101', label: 'a sex code (1, 2, M, F or U)' },
  },
};

interface DateRule {
  required: boolean;
  rule: string | null;
}
const DATE_RULES: Record<Ssda903Table, Record<string, DateRule>> = {
  header: { DOB: { required: true, rule: '102' }, MC_DOB: { required: false, rule: null } },
  episodes: { DECOM: { required: true, rule: '141' }, DEC: { required: false, rule: '147' } },
  uasc: { DOB: { required: true, rule: '102' }, DUC: { required: false, rule: '104' } },
};
const TEXT_REQUIRED: Record<Ssda903Table, string[]> = { header: ['CHILD', 'UPN'], episodes: ['CHILD'], uasc: ['CHILD'] };
/** Longest text we take in a field: IDs and partial postcodes are short; anything longer is a broken file. */
const MAX_TEXT = 100;

/** A checked row: every value trimmed, codes upper-case, dates ISO, blanks null. */
export type CheckedRow = Record<string, string | null>;

/**
 * Checks one record of a table; the issues are blocking (the row cannot be used).
 * (The import uses compileRowChecker directly; this keyed form is the same checks.)
 */
export function checkRow(map: ColumnMap, fields: readonly string[], row: number): { row: CheckedRow; issues: RowIssue[] } {
  const values: (string | null)[] = [];
  const issues = compileRowChecker(map)(fields, row, values) ?? [];
  const out: CheckedRow = {};
  // A row of another width is refused before any column is looked at: no values then.
  if (values.length > 0) TABLE_COLUMNS[map.table].forEach((c, i) => (out[c] = values[i] ?? null));
  return { row: out, issues };
}

/**
 * The checks of one record, compiled once per file: writes the checked values (in the order of
 * TABLE_COLUMNS[map.table]: trimmed, codes upper-case, dates ISO, blanks null) into `out` and
 * returns null when the row is good, or its issues (blocking) when it is not.
 */
export type RowChecker = (fields: readonly string[], row: number, out: (string | null)[]) => RowIssue[] | null;

interface ColumnCheck {
  name: string;
  /** Position of the column in the record; -1 when the file has no such column. */
  at: number;
  date: DateRule | undefined;
  code: CodeRule | undefined;
  required: boolean;
  rule: string | null;
}

/** Checkers by column map: a map is made once per file, so this holds a handful at most. */
const compiled = new WeakMap<ColumnMap, RowChecker>();

/**
 * Why compiled: a national return has a million rows, and looking each column's rules up by name
 * (and building a keyed object and closures) for every row was a large share of the import's
 * JavaScript time. Here the rules are resolved to an array once; the per-row loop only reads and
 * compares. The checks, their order and their messages are the same as ever.
 */
export function compileRowChecker(map: ColumnMap): RowChecker {
  const cached = compiled.get(map);
  if (cached) return cached;
  const checks: ColumnCheck[] = TABLE_COLUMNS[map.table].map((name) => {
    const date = DATE_RULES[map.table][name];
    const code = CODE_RULES[map.table][name];
    return {
      name,
      at: map.index[name] ?? -1,
      date,
      code,
      required: date?.required ?? code?.required ?? TEXT_REQUIRED[map.table].includes(name),
      rule: date?.rule ?? code?.rule ?? null,
    };
  });
  const fieldCount = map.fieldCount;
  const checker: RowChecker = (fields, row, out) => {
    // A row of another width has shifted columns: its values would land in the wrong fields.
    let wrongWidth = fields.length < fieldCount;
    for (let i = fieldCount; !wrongWidth && i < fields.length; i++) if (fields[i]!.trim() !== '') wrongWidth = true;
    if (wrongWidth) {
      out.length = 0;
      return [
        {
          row,
          column: null,
          value: null,
          message: `The row has ${fields.length.toLocaleString('en-GB')} fields but the header has ${fieldCount}`,
          expected: `${fieldCount} comma-separated fields, as in the header`,
          rule: null,
        },
      ];
    }
    let issues: RowIssue[] | null = null;
    for (let k = 0; k < checks.length; k++) {
      const c = checks[k]!;
      const field = c.at === -1 ? undefined : fields[c.at];
      const raw = field === undefined ? '' : field.trim();
      if (raw.length > MAX_TEXT) {
        (issues ??= []).push({ row, column: c.name, value: raw, message: `${c.name} is ${raw.length.toLocaleString('en-GB')} characters long`, expected: `at most ${MAX_TEXT} characters`, rule: null });
        out[k] = null;
        continue;
      }
      if (raw === '') {
        if (c.required) (issues ??= []).push({ row, column: c.name, value: '', message: `${c.name} is blank`, expected: `${c.name} filled in (it is required)`, rule: c.rule });
        out[k] = null;
        continue;
      }
      if (c.date) {
        const iso = parseDateFast(raw);
        if (!iso) (issues ??= []).push({ row, column: c.name, value: raw, message: `${c.name} is not a date`, expected: 'a real date as dd/mm/yyyy (or yyyy-mm-dd)', rule: c.date.rule });
        out[k] = iso;
        continue;
      }
      if (c.code) {
        // Spreadsheets turn 1 into 1.0; the return's codes are text.
        const code = isSpreadsheetZeroOrOne(raw) ? raw.slice(0, 1) : raw.toUpperCase();
        if (!c.code.codes.has(code)) (issues ??= []).push({ row, column: c.name, value: raw, message: `${c.name} "${raw}" is not a valid code`, expected: c.code.label, rule: c.code.rule });
        out[k] = code;
        continue;
      }
      out[k] = raw;
    }
    return issues;
  };
  compiled.set(map, checker);
  return checker;
}

/** /^[01]\.0$/ without a regular expression (it ran for every code of every row). */
const isSpreadsheetZeroOrOne = (s: string): boolean => s.length === 3 && (s[0] === '0' || s[0] === '1') && s[1] === '.' && s[2] === '0';

const DIGIT_0 = 48;
const digit = (s: string, i: number): number => {
  const d = s.charCodeAt(i) - DIGIT_0;
  return d >= 0 && d <= 9 ? d : -1;
};
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * parseDate (codes.ts), with the return's usual form dd/mm/yyyy read without a regular expression
 * or allocation: a million-row return has two or three dates a row. Anything else (d/m/yyyy,
 * ISO, or not a date) goes to parseDate itself, so the accepted dates and results are the same.
 * (`raw` is already trimmed.)
 */
function parseDateFast(raw: string): string | null {
  if (raw.length !== 10 || raw.charCodeAt(2) !== 47 || raw.charCodeAt(5) !== 47) return parseDate(raw);
  const d1 = digit(raw, 0), d2 = digit(raw, 1), m1 = digit(raw, 3), m2 = digit(raw, 4);
  const y1 = digit(raw, 6), y2 = digit(raw, 7), y3 = digit(raw, 8), y4 = digit(raw, 9);
  if ((d1 | d2 | m1 | m2 | y1 | y2 | y3 | y4) < 0) return parseDate(raw);
  const d = d1 * 10 + d2, m = m1 * 10 + m2, y = y1 * 1000 + y2 * 100 + y3 * 10 + y4;
  // The same checks as parseDate: 1900-2100, a real month and day (29 February in leap years).
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return null;
  const days = m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : DAYS_IN_MONTH[m - 1]!;
  if (d > days) return null;
  return `${y}-${pad2(m)}-${pad2(d)}`;
}
