import Papa from 'papaparse';
import { sameCouncilName } from './councils';
import { IssueList, type ImportIssue } from './issues';

/**
 * Ofsted's register of children's social care providers and places at a date ("Providers and
 * places at 31 March 2023"): one row per registered setting. The spreadsheet's CSV carries title
 * rows above the header, so the header is found, not assumed, and columns are mapped by name.
 */

/** The header is looked for in this many records at the top of the file. */
export const HEADER_SEARCH_ROWS = 20;

/** The two columns that identify the header row (and the file as Ofsted's register). */
const HEADER_MARKS = ['urn', 'provision type'];

/** Columns read, by the name Ofsted gives them. `required` ones must be in the header. */
export const OFSTED_COLUMNS = {
  urn: { name: 'URN', required: true },
  provisionType: { name: 'Provision type', required: true },
  registrationStatus: { name: 'Registration status', required: true },
  localAuthority: { name: 'Local authority', required: true },
  region: { name: 'Government Office Region', required: true },
  sector: { name: 'Sector', required: true },
  places: { name: 'Places', required: true },
  ofstedRegion: { name: 'Ofsted Region', required: false },
  organisation: { name: 'Organisation name', required: false },
} as const;

type ColumnKey = keyof typeof OFSTED_COLUMNS;
const COLUMN_KEYS = Object.keys(OFSTED_COLUMNS) as ColumnKey[];
const REQUIRED_NAMES = COLUMN_KEYS.filter((k) => OFSTED_COLUMNS[k].required).map((k) => OFSTED_COLUMNS[k].name);

export interface OfstedCouncil {
  code: string;
  name: string;
}

/** One registered setting as stored. */
export interface OfstedSetting {
  /** Record number in the file (a spreadsheet's row, title rows counted). */
  row: number;
  urn: string;
  provisionType: string;
  registrationStatus: string | null;
  localAuthority: string | null;
  /** ONS code of the council named in Local authority, or null when no council has that name. */
  laCode: string | null;
  ofstedRegion: string | null;
  /** Government Office Region, e.g. "North East". */
  region: string | null;
  sector: string | null;
  places: number | null;
  organisation: string | null;
}

const cellKey = (s: string) => s.trim().toLowerCase();

/** True when a record is the register's header: it has both a URN and a Provision type column. */
function isHeader(fields: readonly string[]): boolean {
  const cells = new Set(fields.map(cellKey));
  return HEADER_MARKS.every((m) => cells.has(m));
}

/** True when the first records of a file look like Ofsted's providers and places register. */
export function detectOfsted(firstRows: string[][]): boolean {
  return firstRows.slice(0, HEADER_SEARCH_ROWS).some(isHeader);
}

/** "Children's home" and "Children's Home" (and a curly apostrophe) are the same provision type. */
export function normaliseProvisionType(s: string): string {
  return s.trim().toLowerCase().replace(/[\u2018\u2019]/g, "'").replace(/\s+/g, ' ');
}

export function isChildrensHome(provisionType: string): boolean {
  return normaliseProvisionType(provisionType) === "children's home";
}

// ---------------------------------------------------------------------------------------------
// The date the register describes
// ---------------------------------------------------------------------------------------------

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function isoDate(day: string, month: string, year: string): string | null {
  const m = MONTHS.indexOf(month.slice(0, 3).toLowerCase());
  if (m === -1) return null;
  const d = Number(day);
  const y = Number(year);
  const date = new Date(Date.UTC(y, m, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

const MONTH_WORD = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';

/** `..._at_31_Mar_2023.csv` -> 2023-03-31. */
export function asAtFromFileName(fileName: string): string | null {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const m = new RegExp(`(?:^|[^a-z])at[_\\s-]+(\\d{1,2})[_\\s-]+${MONTH_WORD}[_\\s-]+(\\d{4})(?!\\d)`, 'i').exec(base);
  return m ? isoDate(m[1]!, m[2]!, m[3]!) : null;
}

/** "Providers and places at 31 March 2023" -> 2023-03-31. */
export function asAtFromTitle(text: string): string | null {
  const m = new RegExp(`\\bat\\s+(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH_WORD}\\s+(\\d{4})(?!\\d)`, 'i').exec(text);
  return m ? isoDate(m[1]!, m[2]!, m[3]!) : null;
}

/** A date given by hand: YYYY-MM-DD and real. */
export function parseAsAt(s: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim());
  if (!m) return null;
  return isoDate(m[3]!, MONTHS[Number(m[2]) - 1] ?? '', m[1]!);
}

// ---------------------------------------------------------------------------------------------
// The register, record by record (the import streams; parseOfsted reads a string)
// ---------------------------------------------------------------------------------------------

/** The council of a Local authority name: sameCouncilName, then DfE's long forms ("Bristol, City of", "County Durham"). */
function councilMatcher(councils: readonly OfstedCouncil[]): (name: string) => string | null {
  const shortForm = (s: string) =>
    s
      .replace(/,\s*(city|county) of$/i, '')
      .replace(/^(county|city of)\s+/i, '')
      .trim();
  const cache = new Map<string, string | null>();
  return (name) => {
    const hit = cache.get(name);
    if (hit !== undefined) return hit;
    const found =
      councils.find((c) => sameCouncilName(c.name, name)) ??
      councils.find((c) => sameCouncilName(shortForm(c.name), shortForm(name)));
    const code = found?.code ?? null;
    cache.set(name, code);
    return code;
  };
}

/**
 * Reads the register one CSV record at a time: finds the header below any title rows, maps
 * the columns by name and checks every row, adding each problem to `errors` (all are counted).
 */
export class OfstedRegisterReader {
  private header: Map<ColumnKey, number> | null = null;
  /** No header in the first rows: nothing more is read. */
  private noHeaderFound = false;
  /** The header lacks a required column: rows are counted but not checked. */
  private columnsMissing = false;
  private recordsBefore = 0;
  private readonly titles: string[] = [];
  private readonly urns = new Map<string, number>();
  private readonly unmatched = new Set<string>();
  private readonly councilOf: (name: string) => string | null;
  /** Rows under the header, blank ones not counted. */
  dataRows = 0;

  constructor(
    private readonly opts: {
      councils: readonly OfstedCouncil[];
      errors: IssueList;
      warnings: IssueList;
    },
  ) {
    this.councilOf = councilMatcher(opts.councils);
  }

  get headerFound(): boolean {
    return this.header !== null;
  }

  /** One record (with its row number, header = its own row); the setting when the row is good. */
  record(fields: string[], row: number): OfstedSetting | null {
    if (this.noHeaderFound) return null;
    if (this.header === null) {
      if (isHeader(fields)) {
        this.mapHeader(fields, row);
        return null;
      }
      this.recordsBefore += 1;
      this.titles.push(fields.join(' '));
      if (this.recordsBefore >= HEADER_SEARCH_ROWS) this.noHeader();
      return null;
    }
    if (fields.every((f) => f.trim() === '')) return null;
    this.dataRows += 1;
    return this.columnsMissing ? null : this.checkRow(fields, row);
  }

  /**
   * After the last record: reports a missing header, and returns the date the register
   * describes (given, else from the file name, else from a title row), or null with an error.
   */
  finish(fileName: string, given?: string | null): string | null {
    const { errors } = this.opts;
    if (this.header === null && !this.noHeaderFound) this.noHeader();
    if (this.headerFound && !this.columnsMissing && this.dataRows === 0) {
      errors.add({
        row: null,
        column: null,
        value: null,
        message: 'The file has a header but no settings under it',
        expected: 'one row per registered setting under the header',
      });
    }
    if (given) {
      const d = parseAsAt(given);
      if (d) return d;
      errors.add({
        row: null,
        column: null,
        value: given,
        message: 'The date given for the register is not a date',
        expected: 'a date as YYYY-MM-DD, e.g. 2023-03-31',
      });
      return null;
    }
    const asAt = asAtFromFileName(fileName) ?? asAtFromTitle(this.titles.join(' '));
    if (asAt) return asAt;
    if (this.headerFound) {
      errors.add({
        row: null,
        column: null,
        value: fileName,
        message: 'The date the register describes is not in the file name or its title rows; please give it',
        expected:
          'a file name ending "_at_31_Mar_2023.csv" (as Ofsted publishes it), or a title row saying "at 31 March 2023"',
      });
    }
    return null;
  }

  private noHeader(): void {
    this.noHeaderFound = true;
    this.opts.errors.add({
      row: null,
      column: null,
      value: null,
      message: `No header row found: none of the first ${HEADER_SEARCH_ROWS} rows has both a "URN" and a "Provision type" column`,
      expected: `Ofsted's providers and places register, with a header row naming the columns ${REQUIRED_NAMES.join(', ')}`,
    });
  }

  private mapHeader(fields: string[], row: number): void {
    const at = new Map<string, number>();
    fields.forEach((f, i) => {
      if (!at.has(cellKey(f))) at.set(cellKey(f), i);
    });
    const header = new Map<ColumnKey, number>();
    for (const k of COLUMN_KEYS) {
      const i = at.get(cellKey(OFSTED_COLUMNS[k].name));
      if (i !== undefined) header.set(k, i);
      else if (OFSTED_COLUMNS[k].required) {
        this.columnsMissing = true;
        this.opts.errors.add({
          row,
          column: OFSTED_COLUMNS[k].name,
          value: null,
          message: `The header has no "${OFSTED_COLUMNS[k].name}" column`,
          expected: `the columns ${REQUIRED_NAMES.join(', ')} (in any order, any case)`,
        });
      }
    }
    this.header = header;
  }

  private checkRow(fields: string[], row: number): OfstedSetting | null {
    const { errors, warnings } = this.opts;
    const header = this.header!;
    const get = (k: ColumnKey): string => {
      const i = header.get(k);
      return i === undefined ? '' : (fields[i] ?? '').trim();
    };
    const orNull = (k: ColumnKey) => get(k) || null;
    let ok = true;
    const fail = (k: ColumnKey, value: string, message: string, expected: string) => {
      ok = false;
      errors.add({ row, column: OFSTED_COLUMNS[k].name, value, message, expected });
    };

    const urn = get('urn');
    if (urn === '') {
      fail('urn', '', 'The URN is missing', "the setting's Ofsted unique reference number, e.g. SC442886 or 2611190");
    } else if (!/^[A-Za-z0-9]+$/.test(urn)) {
      fail('urn', urn, 'The URN is not a reference number', 'letters and digits only, e.g. SC442886 or 2611190');
    } else {
      const first = this.urns.get(urn.toUpperCase());
      if (first !== undefined) {
        fail('urn', urn, `Row ${row} repeats the URN of row ${first}`, 'each setting once');
      } else this.urns.set(urn.toUpperCase(), row);
    }

    const provisionType = get('provisionType');
    if (provisionType === '') {
      fail('provisionType', '', 'The provision type is missing', "the type of setting, e.g. Children's home");
    }

    const placesText = get('places');
    let places: number | null = null;
    if (placesText !== '') {
      if (/^\d{1,9}$/.test(placesText)) places = Number(placesText);
      else if (/^\d+$/.test(placesText)) fail('places', placesText.slice(0, 40), 'Places is too large', 'a whole number of places below 1,000,000,000');
      else fail('places', placesText, 'Places is not a whole number', 'a whole number of places (0 or more), or blank');
    }

    const localAuthority = orNull('localAuthority');
    const laCode = localAuthority ? this.councilOf(localAuthority) : null;
    if (localAuthority && laCode === null && !this.unmatched.has(localAuthority)) {
      this.unmatched.add(localAuthority);
      warnings.add({
        row,
        column: OFSTED_COLUMNS.localAuthority.name,
        value: localAuthority,
        message: `No council in the list of councils is called "${localAuthority}": its settings are kept without a council code`,
        expected: 'the name of a council with children’s services (data/reference/councils.csv)',
      });
    }

    if (!ok) return null;
    return {
      row,
      urn,
      provisionType,
      registrationStatus: orNull('registrationStatus'),
      localAuthority,
      laCode,
      ofstedRegion: orNull('ofstedRegion'),
      region: orNull('region'),
      sector: orNull('sector'),
      places,
      organisation: orNull('organisation'),
    };
  }
}

export interface OfstedParse {
  asAt: string | null;
  settings: OfstedSetting[];
  /** Rows under the header. */
  dataRows: number;
  errors: ImportIssue[];
  errorCount: number;
  warnings: ImportIssue[];
}

/** Parses a whole register held in memory (tests, small files); the import streams with OfstedRegisterReader. */
export function parseOfsted(
  text: string,
  opts: { fileName: string; councils: readonly OfstedCouncil[]; asAt?: string | null; issueCap?: number },
): OfstedParse {
  const errors = new IssueList(opts.fileName, opts.issueCap ?? 1000);
  const warnings = new IssueList(opts.fileName, 100);
  const reader = new OfstedRegisterReader({ councils: opts.councils, errors, warnings });
  const settings: OfstedSetting[] = [];
  const records = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { delimiter: ',', skipEmptyLines: false }).data;
  records.forEach((fields, i) => {
    // Row numbers as readCsvStream gives them: every line counts, blank ones are not records.
    if (fields.length === 1 && (fields[0] ?? '').trim() === '') return;
    const s = reader.record(fields, i + 1);
    if (s) settings.push(s);
  });
  const asAt = reader.finish(opts.fileName, opts.asAt);
  return {
    asAt,
    settings,
    dataRows: reader.dataRows,
    errors: errors.items,
    errorCount: errors.total,
    warnings: warnings.items,
  };
}

// ---------------------------------------------------------------------------------------------
// The national time series
// ---------------------------------------------------------------------------------------------

export interface NationalHomesYear {
  year: number;
  /** 31 March of the year. */
  asAt: string;
  providers: number | null;
  places: number | null;
}

const number = (s: string | undefined): number | null => {
  const t = (s ?? '').replace(/,/g, '').trim();
  return /^\d+$/.test(t) ? Number(t) : null;
};

/**
 * Ofsted's national time series of providers and places by provision type: the number of
 * children's homes and their places each year at 31 March. The published file has title rows
 * and two tables (providers, then places), one row per date with a column per provision type;
 * the "Children's Homes" column (any case) is read from each. "All Children's Homes" (which adds
 * secure homes and residential special schools registered as homes) is not.
 */
export function parseTimeSeries(text: string): NationalHomesYear[] {
  const records = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { delimiter: ',', skipEmptyLines: true }).data;
  const years = new Map<number, NationalHomesYear>();
  let table: { date: number; type: number; homes: number } | null = null;
  for (const fields of records) {
    const cells = fields.map((f) => normaliseProvisionType(f));
    const date = cells.indexOf('date');
    const homes = cells.findIndex((c) => c === "children's homes" || c === "children's home");
    if (date !== -1 && homes !== -1) {
      table = { date, type: cells.indexOf('data type'), homes };
      continue;
    }
    if (!table) continue;
    const m = /^(\d{1,2})-([a-z]{3})-(\d{2}|\d{4})\b/i.exec((fields[table.date] ?? '').trim());
    if (!m) {
      table = null;
      continue;
    }
    const y = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    const asAt = isoDate(m[1]!, m[2]!, String(y));
    if (!asAt) continue;
    const kind = table.type === -1 ? '' : cellKey(fields[table.type] ?? '');
    const entry = years.get(y) ?? { year: y, asAt, providers: null, places: null };
    const value = number(fields[table.homes]);
    if (kind === 'providers') entry.providers = value;
    else if (kind === 'places') entry.places = value;
    else continue;
    years.set(y, entry);
  }
  return [...years.values()].sort((a, b) => a.year - b.year);
}
