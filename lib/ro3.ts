import Papa from 'papaparse';
import { IssueList, type ImportIssue } from './issues';
import type { FigureSymbol } from './template/codes';

/**
 * MHCLG's local authority revenue expenditure and financing, revenue outturn RO3 (children's
 * social care), as the CSV of the published spreadsheet: a header row naming the columns, a
 * second row holding the RO3 field code of each figure column (RO3-csclkd-tot-exp, ...), then one
 * row per authority with its figures in GBP thousands ("61,272"), or a symbol ([x] not available).
 * The financial year is not in the file: it comes from the file name (ro3_2024-25_...).
 */

/** The RO3 fields the product reads (children looked after, line C3 total expenditure and C7 net). */
export const RO3_FIELDS = {
  total: 'RO3-csclkd-tot-exp',
  net: 'RO3-csclkd-net-cur-exp',
  residential: 'RO3-csclkdres-tot-exp',
  fostering: 'RO3-csclkdfos-tot-exp',
  asylum: 'RO3-csclkdasy-tot-exp',
} as const;

export const RO3_FIELD_LABELS: Record<string, string> = {
  [RO3_FIELDS.total]: 'Total expenditure on children looked after (C3)',
  [RO3_FIELDS.net]: 'Net current expenditure on children looked after (C7)',
  [RO3_FIELDS.residential]: 'Total expenditure on children looked after in residential care (C3)',
  [RO3_FIELDS.fostering]: 'Total expenditure on fostering services (C3)',
  [RO3_FIELDS.asylum]: 'Total expenditure on asylum-seeking children looked after (C3)',
};

/** The field every RO3 file imported must have: the spend the product is built on. */
export const RO3_REQUIRED_FIELD = RO3_FIELDS.total;

/** The identifying columns, by the name the spreadsheet gives them; `required` ones must be in the header. */
export const RO3_COLUMNS = {
  eCode: { name: 'E-code', required: true },
  onsCode: { name: 'ONS Code', required: true },
  name: { name: 'Local authority', required: true },
  notes: { name: 'Notes', required: false },
  class: { name: 'Class', required: false },
  detailedClass: { name: 'Detailed Class', required: false },
  certification: { name: 'Certification', required: false },
} as const;
type ColumnKey = keyof typeof RO3_COLUMNS;
const COLUMN_KEYS = Object.keys(RO3_COLUMNS) as ColumnKey[];

const FIELD_CODE = /^RO3-[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/;
const ONS_CODE = /^E\d{8}$/;
const THOUSANDS = /^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;

/** Symbols a figure may carry instead of a number (stored as the letter; `..` is the older form of x). */
export const RO3_SYMBOLS: Record<string, FigureSymbol> = {
  '[x]': 'x',
  x: 'x',
  '..': 'x',
  '[c]': 'c',
  c: 'c',
  '[z]': 'z',
  z: 'z',
};

/** A note marker in place of a figure ("[note 4]": the spreadsheet's note explains why there is none). */
const NOTE_MARKER = /^\[note\s*\d+\]$/i;

export const RO3_VALUE_EXPECTED =
  'a number in GBP thousands (e.g. 61,272 or -7), blank, or a symbol: [x] or .. not available, [c] confidential, [z] not applicable, ' +
  'or a note marker such as [note 4] (stored as x)';

const YEAR_EXPECTED =
  'the financial year in the file name, e.g. ro3_2024-25_LA_children_looked_after_expenditure_gbp_thousands.csv (rename the file and import it again)';

export interface Ro3Value {
  field: string;
  /** GBP thousands; null with a symbol, or when the cell is blank. */
  value: number | null;
  symbol: FigureSymbol | null;
}

/** One authority's row, as read. Blank cells are left out of `values`. */
export interface Ro3Row {
  row: number;
  eCode: string;
  onsCode: string;
  name: string;
  /** The authority's class (UA, MD, LB, SC, SD, O, ...), when the file has the column. */
  class: string | null;
  values: Ro3Value[];
}

const cellKey = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * A figure cell: a number (thousands separators allowed), a symbol, or blank (both null); null
 * when it is none of them. A note marker ([note 4]) stands where no figure is published: x.
 */
export function parseRo3Value(raw: string): { value: number | null; symbol: FigureSymbol | null } | null {
  const t = raw.trim();
  if (t === '') return { value: null, symbol: null };
  const symbol = RO3_SYMBOLS[t.toLowerCase()] ?? (NOTE_MARKER.test(t) ? 'x' : undefined);
  if (symbol) return { value: null, symbol };
  const digits = THOUSANDS.test(t) ? t.replace(/,/g, '') : t;
  if (!PLAIN_NUMBER.test(digits)) return null;
  const n = Number(digits);
  return Number.isFinite(n) ? { value: n, symbol: null } : null;
}

/** A financial year as "2024-25" when it is one (the second year the first plus one); null otherwise. */
export function normaliseRo3Year(raw: string): string | null {
  const m = raw.trim().match(/^(\d{4})[-_/ ]?(\d{2}|\d{4})$/);
  if (!m) return null;
  const first = Number(m[1]);
  const second = Number(m[2]);
  const ok = m[2]!.length === 2 ? (first + 1) % 100 === second : first + 1 === second;
  return ok ? `${first}-${String((first + 1) % 100).padStart(2, '0')}` : null;
}

/** The financial year in a file name: `ro3_2024-25_...` (or any 2024-25 / 2024_25 / 2024-2025 in it) gives "2024-25". */
export function ro3YearFromFileName(fileName: string): string | null {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  for (const m of base.matchAll(/(?<!\d)(\d{4})[-_](\d{4}|\d{2})(?!\d)/g)) {
    const y = normaliseRo3Year(`${m[1]}-${m[2]}`);
    if (y) return y;
  }
  return null;
}

/** The year children looked after are counted at the end of a financial year: 2024-25 ends 31 March 2025. */
export function ro3YearEnd(year: string): number {
  return Number(year.slice(0, 4)) + 1;
}

/** "2025-03-31" for "2024-25". */
export function ro3PeriodEnd(year: string): string {
  return `${ro3YearEnd(year)}-03-31`;
}

/** True when a header row is an RO3 file's: it has both an E-code and an ONS Code column. */
export function isRo3Header(fields: readonly string[]): boolean {
  const cells = new Set(fields.map(cellKey));
  return cells.has('e-code') && cells.has('ons code');
}

/**
 * Reads an RO3 file record by record (the header is row 1, as a spreadsheet shows it), checking
 * everything and collecting every problem: the header's columns, the field-code row, each figure,
 * and each council's code (once only). The file covers every kind of authority: only the rows of
 * `councils` (councils with children's services) are returned; the others (shire districts,
 * police, fire, parks, the England total, which the published file lists with a code that is not
 * an ONS code or twice) are checked, counted and named in a warning. Without `councils`, every row
 * with an ONS code is taken as a council's. Rows repeating the header (the published file has one
 * near its end) are skipped with a warning.
 */
export class Ro3Reader {
  private headerCells: string[] | null = null;
  private columns: Partial<Record<ColumnKey, number>> = {};
  private fieldColumns: { index: number; field: string }[] = [];
  /** The header or the field-code row is wrong: rows are counted, not checked. */
  private broken = false;
  private codesRead = false;
  private readonly seen = new Map<string, number>();
  private readonly others: string[] = [];
  /** Rows of authorities (below the field-code row), blank and repeated-header rows not counted. */
  dataRows = 0;
  /** Rows of councils returned. */
  councilRows = 0;
  /** Rows of other authorities (not councils with children's services), not returned. */
  otherRows = 0;

  constructor(private readonly opts: { errors: IssueList; warnings: IssueList; councils?: ReadonlySet<string> }) {}

  /** The field codes of the figure columns, in file order (once the second row is read). */
  get fields(): string[] {
    return this.fieldColumns.map((c) => c.field);
  }

  /** One record with its row number; the authority's row when it is good. */
  record(fields: string[], row: number): Ro3Row | null {
    if (this.headerCells === null) {
      this.readHeader(fields, row);
      return null;
    }
    if (!this.codesRead) {
      this.codesRead = true;
      if (!this.broken) this.readCodes(fields, row);
      return null;
    }
    if (fields.every((f) => f.trim() === '')) return null;
    if (fields.length === this.headerCells.length && fields.every((f, i) => cellKey(f) === cellKey(this.headerCells![i]!))) {
      this.opts.warnings.add({
        row,
        column: null,
        value: fields.slice(0, 3).join(', '),
        message: `Row ${row} repeats the header row: it was skipped`,
        expected: null,
      });
      return null;
    }
    this.dataRows += 1;
    return this.broken ? null : this.checkRow(fields, row);
  }

  /**
   * After the last record: a missing header, field-code row or data, or no council at all, is an
   * error; the other authorities and the councils without a row are named in warnings.
   */
  finish(): void {
    const { errors, warnings, councils } = this.opts;
    if (this.otherRows > 0) {
      const n = this.otherRows;
      warnings.add({
        row: null,
        column: RO3_COLUMNS.onsCode.name,
        value: null,
        message:
          `${n} row${n === 1 ? ' is' : 's are'} not ${n === 1 ? 'a council' : 'councils'} with children’s services and ${n === 1 ? 'is' : 'are'} not stored ` +
          `(such as ${this.others.join('; ')}${n > this.others.length ? '; ...' : ''})`,
        expected: null,
      });
    }
    const complete = this.headerCells !== null && this.codesRead && !this.broken && this.dataRows > 0;
    if (complete && councils && this.councilRows === 0) {
      errors.add({
        row: null,
        column: RO3_COLUMNS.onsCode.name,
        value: null,
        message: 'None of the rows is a council with children’s services',
        expected: 'rows of English councils with children’s services (county, unitary, metropolitan and London borough councils), by ONS code',
      });
    } else if (complete && councils && errors.empty) {
      const missing = [...councils].filter((c) => !this.seen.has(c)).sort();
      if (missing.length > 0) {
        warnings.add({
          row: null,
          column: RO3_COLUMNS.onsCode.name,
          value: missing.slice(0, 10).join(', ') + (missing.length > 10 ? ', ...' : ''),
          message: `${missing.length} council${missing.length === 1 ? ' has' : 's have'} no row in the file: no spend is shown for ${missing.length === 1 ? 'it' : 'them'}`,
          expected: null,
        });
      }
    }
    if (this.headerCells === null) {
      errors.add({
        row: null,
        column: null,
        value: null,
        message: 'The file is empty',
        expected: 'the RO3 header row (E-code, ONS Code, Local authority, ...), the row of RO3 field codes, then one row per authority',
      });
    } else if (!this.codesRead && !this.broken) {
      errors.add({
        row: null,
        column: null,
        value: null,
        message: 'The file has a header but no row of RO3 field codes under it',
        expected: 'the RO3 field codes (such as RO3-csclkd-tot-exp) in the second row, then one row per authority',
      });
    } else if (this.dataRows === 0 && !this.broken) {
      errors.add({
        row: null,
        column: null,
        value: null,
        message: 'The file has a header and field codes but no rows of authorities',
        expected: 'one row per authority under the field codes',
      });
    }
  }

  private readHeader(fields: string[], row: number): void {
    this.headerCells = fields.map((f) => f.trim());
    const found = new Map<string, number>();
    this.headerCells.forEach((c, i) => {
      const k = cellKey(c);
      if (k !== '' && !found.has(k)) found.set(k, i);
    });
    for (const key of COLUMN_KEYS) {
      const i = found.get(cellKey(RO3_COLUMNS[key].name));
      if (i !== undefined) this.columns[key] = i;
    }
    const missing = COLUMN_KEYS.filter((k) => RO3_COLUMNS[k].required && this.columns[k] === undefined).map((k) => RO3_COLUMNS[k].name);
    if (missing.length > 0) {
      this.broken = true;
      this.opts.errors.add({
        row,
        column: missing.join(', '),
        value: fields.slice(0, 8).join(', ').slice(0, 200),
        message: `The header row has no ${missing.join(' or ')} column`,
        expected: 'the RO3 header: E-code, ONS Code, Local authority, Notes, Class, Detailed Class, Certification, then the figure columns',
      });
    }
  }

  private readCodes(fields: string[], row: number): void {
    const { errors } = this.opts;
    const header = this.headerCells!;
    const identifying = new Set(Object.values(this.columns));
    const onsCell = (fields[this.columns.onsCode!] ?? '').trim();
    if (!fields.some((f) => FIELD_CODE.test(f.trim()))) {
      this.broken = true;
      errors.add({
        row,
        column: null,
        value: fields.slice(0, 10).join(', ').slice(0, 200),
        message: ONS_CODE.test(onsCell)
          ? 'The second row is an authority, not the row of RO3 field codes'
          : 'The second row holds no RO3 field codes',
        expected: 'the RO3 field code of each figure column in the second row, e.g. RO3-csclkd-tot-exp (as in the published spreadsheet)',
      });
      return;
    }
    const where = new Map<string, number>();
    const width = Math.max(fields.length, header.length);
    for (let i = 0; i < width; i += 1) {
      const code = (fields[i] ?? '').trim();
      const label = header[i] ?? '';
      if (identifying.has(i)) {
        if (code !== '') {
          errors.add({
            row,
            column: label,
            value: code,
            message: `The field-code row has "${code}" above the ${label} column, which holds no figures`,
            expected: 'a blank cell above the E-code, ONS Code, Local authority, Notes, Class, Detailed Class and Certification columns',
          });
        }
        continue;
      }
      if (code === '') {
        if (label !== '') {
          errors.add({
            row,
            column: label,
            value: '',
            message: `The column "${label}" has no RO3 field code in the second row`,
            expected: 'the RO3 field code of the column, e.g. RO3-csclkd-tot-exp',
          });
        }
        continue;
      }
      if (!FIELD_CODE.test(code)) {
        errors.add({
          row,
          column: label || `column ${i + 1}`,
          value: code,
          message: `"${code}" is not an RO3 field code`,
          expected: 'an RO3 field code: RO3- followed by letters, digits and hyphens, e.g. RO3-csclkd-tot-exp',
        });
        continue;
      }
      const first = where.get(code);
      if (first !== undefined) {
        errors.add({
          row,
          column: label || `column ${i + 1}`,
          value: code,
          message: `The field code ${code} is in column ${first + 1} and again in column ${i + 1}`,
          expected: 'each RO3 field code once',
        });
        continue;
      }
      where.set(code, i);
      this.fieldColumns.push({ index: i, field: code });
    }
    if (!where.has(RO3_REQUIRED_FIELD)) {
      errors.add({
        row,
        column: null,
        value: null,
        message: `The file has no ${RO3_REQUIRED_FIELD} column (${RO3_FIELD_LABELS[RO3_REQUIRED_FIELD]})`,
        expected: `the RO3 children looked after extract, with the field ${RO3_REQUIRED_FIELD} in its second row`,
      });
    }
  }

  private checkRow(fields: string[], row: number): Ro3Row | null {
    const { errors } = this.opts;
    const header = this.headerCells!;
    const before = errors.total;
    const extra = fields.slice(header.length).some((f) => f.trim() !== '');
    if (fields.length < header.length || extra) {
      errors.add({
        row,
        column: null,
        value: null,
        message: `Row ${row} has ${fields.length} columns where the header has ${header.length}`,
        expected: `${header.length} columns, as in the header row`,
      });
      return null;
    }
    const get = (k: ColumnKey) => {
      const i = this.columns[k];
      return i === undefined ? '' : (fields[i] ?? '').trim();
    };
    const onsRaw = get('onsCode');
    const onsCode = onsRaw.toUpperCase();
    const name = get('name');
    const valid = ONS_CODE.test(onsCode);
    const council = valid && (this.opts.councils ? this.opts.councils.has(onsCode) : true);
    if (!valid && (onsRaw !== '' || name === '')) {
      // Not an ONS code: the row cannot be a council's (a typo in one shows as a council without a row).
      this.opts.warnings.add({
        row,
        column: RO3_COLUMNS.onsCode.name,
        value: onsRaw,
        message:
          onsRaw === ''
            ? `Row ${row} has no ONS Code and no authority name: it is not stored`
            : `"${onsRaw}" (${name || 'no name'}) is not an ONS code: the row is not stored`,
        expected: 'an ONS code: E followed by 8 digits, e.g. E06000004',
      });
    } else if (!valid) {
      errors.add({
        row,
        column: RO3_COLUMNS.onsCode.name,
        value: onsRaw,
        message: `The ONS Code of ${name} is blank`,
        expected: 'the authority’s ONS code: E followed by 8 digits, e.g. E06000004',
      });
    } else if (council) {
      const first = this.seen.get(onsCode);
      if (first !== undefined) {
        errors.add({
          row,
          column: RO3_COLUMNS.onsCode.name,
          value: onsRaw,
          message: `Row ${row} repeats the ONS Code ${onsCode} (${name}) of row ${first}`,
          expected: 'each council once',
        });
      } else this.seen.set(onsCode, row);
    }
    const values: Ro3Value[] = [];
    const notes = new Set<string>();
    let noted = 0;
    for (const c of this.fieldColumns) {
      const raw = fields[c.index] ?? '';
      if (NOTE_MARKER.test(raw.trim())) {
        notes.add(raw.trim());
        noted += 1;
      }
      const v = parseRo3Value(raw);
      if (v === null) {
        errors.add({
          row,
          column: c.field,
          value: raw,
          message: `"${raw.trim()}" in ${c.field} (${header[c.index] || 'no heading'}) is not a number or a symbol`,
          expected: RO3_VALUE_EXPECTED,
        });
      } else if (v.value !== null || v.symbol !== null) values.push({ field: c.field, ...v });
    }
    if (errors.total > before) return null;
    if (!council) {
      this.otherRows += 1;
      if (this.others.length < 5) this.others.push(`${name || 'no name'} (${onsRaw || 'no code'})`);
      return null;
    }
    if (noted > 0) {
      this.opts.warnings.add({
        row,
        column: null,
        value: [...notes].join(', '),
        message: `${name || onsCode} (${onsCode}) has ${noted} figure${noted === 1 ? '' : 's'} given as ${[...notes].join(' or ')} instead of a number: stored as x (not available); the note is in the published spreadsheet`,
        expected: null,
      });
    }
    this.councilRows += 1;
    return { row, eCode: get('eCode'), onsCode, name, class: get('class') || null, values };
  }
}

/** The year of a file: the one given (checked), else from its name, else null with an error asking for it. */
export function resolveRo3Year(fileName: string, given: string | null | undefined, errors: IssueList): string | null {
  if (given != null && given.trim() !== '') {
    const y = normaliseRo3Year(given);
    if (!y) {
      errors.add({
        row: null,
        column: null,
        value: given,
        message: `"${given}" is not a financial year`,
        expected: 'a financial year such as 2024-25',
      });
    }
    return y;
  }
  const y = ro3YearFromFileName(fileName);
  if (!y) {
    errors.add({
      row: null,
      column: null,
      value: fileName,
      message: 'The financial year the figures are for is not in the file name (the RO3 file does not say it)',
      expected: YEAR_EXPECTED,
    });
  }
  return y;
}

export interface Ro3Parse {
  year: string | null;
  fields: string[];
  rows: Ro3Row[];
  dataRows: number;
  errors: ImportIssue[];
  errorCount: number;
  warnings: ImportIssue[];
}

/**
 * A whole RO3 file held in memory (tests, small uploads), read exactly as an import streams it:
 * the same row numbers (blank lines keep theirs), checks and problems.
 */
export function parseRo3(
  text: string,
  fileName: string,
  opts: { year?: string | null; councils?: ReadonlySet<string> } = {},
): Ro3Parse {
  const errors = new IssueList(fileName);
  const warnings = new IssueList(fileName, 100);
  const reader = new Ro3Reader({ errors, warnings, councils: opts.councils });
  const records = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { delimiter: ',', skipEmptyLines: false }).data;
  const rows: Ro3Row[] = [];
  records.forEach((fields, i) => {
    if (fields.length === 1 && (fields[0] ?? '').trim() === '') return;
    const r = reader.record(fields, i + 1);
    if (r) rows.push(r);
  });
  reader.finish();
  const y = resolveRo3Year(fileName, opts.year, errors);
  return { year: y, fields: reader.fields, rows, dataRows: reader.dataRows, errors: errors.items, errorCount: errors.total, warnings: warnings.items };
}
