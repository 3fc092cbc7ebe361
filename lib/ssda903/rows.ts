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

/** Checks one record of a table; the issues are blocking (the row cannot be used). */
export function checkRow(map: ColumnMap, fields: readonly string[], row: number): { row: CheckedRow; issues: RowIssue[] } {
  const out: CheckedRow = {};
  const issues: RowIssue[] = [];
  const cell = (c: string) => (fields[map.index[c] ?? -1] ?? '').trim();
  // A row of another width has shifted columns: its values would land in the wrong fields.
  if (fields.length < map.fieldCount || fields.slice(map.fieldCount).some((f) => f.trim() !== '')) {
    issues.push({
      row,
      column: null,
      value: null,
      message: `The row has ${fields.length.toLocaleString('en-GB')} fields but the header has ${map.fieldCount}`,
      expected: `${map.fieldCount} comma-separated fields, as in the header`,
      rule: null,
    });
    return { row: out, issues };
  }
  for (const c of TABLE_COLUMNS[map.table]) {
    const raw = cell(c);
    const dateRule = DATE_RULES[map.table][c];
    const codeRule = CODE_RULES[map.table][c];
    if (raw.length > MAX_TEXT) {
      issues.push({ row, column: c, value: raw, message: `${c} is ${raw.length.toLocaleString('en-GB')} characters long`, expected: `at most ${MAX_TEXT} characters`, rule: null });
      out[c] = null;
      continue;
    }
    if (raw === '') {
      const required = dateRule?.required ?? codeRule?.required ?? TEXT_REQUIRED[map.table].includes(c);
      if (required) issues.push({ row, column: c, value: '', message: `${c} is blank`, expected: `${c} filled in (it is required)`, rule: dateRule?.rule ?? codeRule?.rule ?? null });
      out[c] = null;
      continue;
    }
    if (dateRule) {
      const iso = parseDate(raw);
      if (!iso) issues.push({ row, column: c, value: raw, message: `${c} is not a date`, expected: 'a real date as dd/mm/yyyy (or yyyy-mm-dd)', rule: dateRule.rule });
      out[c] = iso;
      continue;
    }
    if (codeRule) {
      // Spreadsheets turn 1 into 1.0; the return's codes are text.
      const code = /^[01]\.0$/.test(raw) ? raw.slice(0, 1) : raw.toUpperCase();
      if (!codeRule.codes.has(code)) issues.push({ row, column: c, value: raw, message: `${c} "${raw}" is not a valid code`, expected: codeRule.label, rule: codeRule.rule });
      out[c] = code;
      continue;
    }
    out[c] = raw;
  }
  return { row: out, issues };
}
