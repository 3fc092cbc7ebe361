import Papa from 'papaparse';
import { IssueList, type ImportIssue } from './issues';

/**
 * DfE Explore Education Statistics (EES) open data CSVs: tidy "long" files with standard
 * time and geography columns, then filter columns and indicator columns. This module reads
 * them a row at a time (it never needs the whole file), so the importer can stream.
 */

/** An issue before the file name is attached (IssueList adds it). */
export type EesIssue = Omit<ImportIssue, 'file'>;

export const EES_STANDARD_COLUMNS = [
  'time_period',
  'time_identifier',
  'geographic_level',
  'country_code',
  'country_name',
  'region_code',
  'region_name',
  'old_la_code',
  'la_name',
  'new_la_code',
] as const;
export type EesStandardColumn = (typeof EES_STANDARD_COLUMNS)[number];

export const EES_REQUIRED_COLUMNS = ['time_period', 'geographic_level'] as const;

/**
 * Geography columns of levels this product does not read (EES data standards). A file may carry
 * them; they are neither filters nor indicators. A row at one of those levels is still an error.
 */
export const EES_OTHER_GEOGRAPHY_COLUMNS: readonly string[] = [
  'lad_code', 'lad_name', 'pcon_code', 'pcon_name', 'lep_code', 'lep_name', 'mcr_code', 'mcr_name',
  'english_devolved_area_code', 'english_devolved_area_name', 'opportunity_area_code', 'opportunity_area_name',
  'ward_code', 'ward_name', 'trust_id', 'trust_name', 'sponsor_id', 'sponsor_name', 'school_urn', 'school_laestab',
  'school_name', 'school_postcode', 'provider_ukprn', 'provider_name', 'institution_id', 'institution_name',
  'planning_area_code', 'planning_area_name', 'rsc_region_lead_name', 'local_enterprise_partnership_code',
  'local_enterprise_partnership_name', 'local_skills_improvement_plan_area_code', 'local_skills_improvement_plan_area_name',
  'police_force_area_code', 'police_force_area_name', 'health_code', 'health_name',
];

/** Indicator columns recognised by name when there is no .meta.csv. */
export const KNOWN_INDICATORS: readonly string[] = [
  'number',
  'percentage',
  'children_count',
  'children_percent',
  'rate_per_10000',
  'population_estimate',
];

/**
 * The 2025 children looked after release renamed its columns. Files are read under the earlier
 * names, so one dataset keeps one shape across releases: applied when a header has both
 * `breakdown` and `children_count`.
 */
export const EES_2025_RENAMES: Readonly<Record<string, string>> = {
  characteristic: 'cla_group',
  breakdown: 'characteristic',
  children_count: 'number',
  children_percent: 'percentage',
};

/** EES symbols: c suppressed, z not applicable, x not available, k rounds to 0 (not 0), low; legacy ~ and :. */
export const EES_SYMBOLS = ['c', 'z', 'x', 'k', 'low', '~', ':'] as const;
export type EesSymbol = (typeof EES_SYMBOLS)[number];

export const EES_SYMBOL_LABELS: Record<EesSymbol, string> = {
  c: 'confidential (suppressed)',
  z: 'not applicable',
  x: 'not available',
  k: 'rounds to 0 but is not 0',
  low: 'low (rounds to 0)',
  '~': 'rounds to 0 (legacy symbol)',
  ':': 'not available (legacy symbol)',
};

export const EES_LEVELS = ['National', 'Regional', 'Local authority'] as const;
export type EesLevel = (typeof EES_LEVELS)[number];

const VALUE_EXPECTED = `a number (e.g. 383, 1,234 or 12.5), blank, or one of the symbols ${EES_SYMBOLS.join(', ')}`;
const TIME_EXPECTED = 'a year such as 2024, or a year pair such as 202324';
const LEVEL_EXPECTED = EES_LEVELS.join(', ');

// ---------------------------------------------------------------------------------------------
// Small parsers
// ---------------------------------------------------------------------------------------------

/** A header name as compared: no byte-order mark, no surrounding space, lower case. */
export function normaliseColumnName(name: string): string {
  return name.replace(/^\uFEFF/, '').trim().toLowerCase();
}

/** True when a header row is an EES open data file: it has time_period and geographic_level. */
export function isEesHeader(fields: readonly string[]): boolean {
  const names = new Set(fields.map(normaliseColumnName));
  return EES_REQUIRED_COLUMNS.every((c) => names.has(c));
}

export type EesValue = { value: number | null; symbol: EesSymbol | null };

const PLAIN_NUMBER = /^-?(\d+(\.\d+)?|\.\d+)$/;
const THOUSANDS = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/;

/**
 * An indicator cell: a number (thousands commas allowed), a symbol (kept, value null: never 0),
 * or blank (missing: both null). Anything else is null: the caller reports it.
 */
export function parseEesValue(raw: string): EesValue | null {
  const t = raw.trim();
  if (t === '') return { value: null, symbol: null };
  const lower = t.toLowerCase();
  if ((EES_SYMBOLS as readonly string[]).includes(lower)) return { value: null, symbol: lower as EesSymbol };
  const digits = THOUSANDS.test(t) ? t.replace(/,/g, '') : t;
  if (!PLAIN_NUMBER.test(digits)) return null;
  const n = Number(digits);
  return Number.isFinite(n) ? { value: n, symbol: null } : null;
}

/** `2024` or a year pair `202324` (the second year the first plus one) as its integer; null otherwise. */
export function parseTimePeriod(raw: string): number | null {
  const t = raw.trim();
  if (/^\d{4}$/.test(t)) return Number(t);
  if (/^\d{6}$/.test(t)) {
    const first = Number(t.slice(0, 4));
    const second = Number(t.slice(4));
    return (first + 1) % 100 === second ? Number(t) : null;
  }
  return null;
}

/** "2024", or "2023-24" for a year pair. */
export function formatTimePeriod(timePeriod: number): string {
  const s = String(timePeriod);
  return s.length === 6 ? `${s.slice(0, 4)}-${s.slice(4)}` : s;
}

/** A level as written in the file, matched without regard to case; null when not one this product reads. */
export function parseLevel(raw: string): EesLevel | null {
  const t = raw.trim().toLowerCase();
  return EES_LEVELS.find((l) => l.toLowerCase() === t) ?? null;
}

const escapeFilter = (s: string) => s.replace(/%/g, '%25').replace(/;/g, '%3B').replace(/=/g, '%3D');
const unescapeFilter = (s: string) => s.replace(/%3D/g, '=').replace(/%3B/g, ';').replace(/%25/g, '%');

/**
 * The canonical filter string: `name=value` pairs joined by `;`, in header order
 * (`cla_group=Placement;characteristic=Foster placements`). `%`, `;` and `=` inside a name or
 * value are percent-encoded, so the string always splits back into the same pairs.
 */
export function canonicalFilters(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.map(([k, v]) => `${escapeFilter(k)}=${escapeFilter(v)}`).join(';');
}

export function parseFilters(filters: string): [string, string][] {
  if (filters === '') return [];
  return filters.split(';').map((p) => {
    const i = p.indexOf('=');
    return [unescapeFilter(p.slice(0, i)), unescapeFilter(p.slice(i + 1))];
  });
}

/**
 * The dataset a file holds: its name without folders, `.csv`, a copy number such as " (1)",
 * and a trailing release suffix (`_2021_2025_reconstructed`, `_2024`, `_2023_release`, `_revised`).
 */
export function eesDatasetName(fileName: string): string {
  let s = fileName.split(/[\\/]/).pop() ?? fileName;
  s = s.replace(/\.csv$/i, '').replace(/\s*\(\d+\)$/, '').trim();
  const stripped = s.replace(/(_\d{4}(_\d{2,4})?)?(_(reconstructed|release|revised|provisional|final|v\d+))?$/i, '');
  return stripped || s;
}

// ---------------------------------------------------------------------------------------------
// The .meta.csv
// ---------------------------------------------------------------------------------------------

export interface EesMetaColumn {
  name: string;
  type: 'Filter' | 'Indicator';
  label: string;
  /** For a filter: the column holding its group, kept as a filter too. */
  groupingColumn: string | null;
  /** The meta file's row (header = 1). */
  row: number;
}

/** Reads a .meta.csv (col_name, col_type, label, ..., filter_grouping_column). */
export function parseEesMeta(text: string): { columns: EesMetaColumn[]; issues: EesIssue[] } {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: false });
  const records = parsed.data;
  const issues: EesIssue[] = [];
  const header = (records[0] ?? []).map(normaliseColumnName);
  const at = (name: string) => header.indexOf(name);
  const iName = at('col_name');
  const iType = at('col_type');
  const iLabel = at('label');
  const iGroup = at('filter_grouping_column');
  for (const [name, i] of [
    ['col_name', iName],
    ['col_type', iType],
  ] as const) {
    if (i === -1) {
      issues.push({
        row: 1,
        column: name,
        value: null,
        message: `The .meta.csv has no ${name} column`,
        expected: 'the EES metadata columns col_name, col_type, label, indicator_grouping, indicator_unit, indicator_dp, filter_hint, filter_grouping_column',
      });
    }
  }
  if (issues.length > 0) return { columns: [], issues };
  const columns: EesMetaColumn[] = [];
  records.slice(1).forEach((fields, i) => {
    const row = i + 2;
    if (fields.length === 1 && (fields[0] ?? '').trim() === '') return;
    const name = normaliseColumnName(fields[iName] ?? '');
    const type = (fields[iType] ?? '').trim().toLowerCase();
    if (name === '') {
      issues.push({ row, column: 'col_name', value: '', message: 'A .meta.csv row names no column', expected: 'a column name of the data file' });
      return;
    }
    if (type !== 'filter' && type !== 'indicator') {
      issues.push({ row, column: 'col_type', value: fields[iType] ?? '', message: `The .meta.csv gives ${name} an unknown col_type`, expected: 'Filter or Indicator' });
      return;
    }
    const group = iGroup === -1 ? '' : normaliseColumnName(fields[iGroup] ?? '');
    columns.push({
      name,
      type: type === 'filter' ? 'Filter' : 'Indicator',
      label: iLabel === -1 ? name : (fields[iLabel] ?? '').trim() || name,
      groupingColumn: type === 'filter' && group !== '' ? group : null,
      row,
    });
  });
  return { columns, issues };
}

// ---------------------------------------------------------------------------------------------
// Columns
// ---------------------------------------------------------------------------------------------

export interface EesColumn {
  /** Position in the row. */
  index: number;
  /** As the file names it (normalised). */
  source: string;
  /** The canonical name (after the 2025 renames). */
  name: string;
}

export interface EesColumnPlan {
  header: string[];
  standard: Partial<Record<EesStandardColumn, number>>;
  filters: EesColumn[];
  indicators: EesColumn[];
  /** With no .meta.csv and not a known name: classified by their values (see EesColumnSniffer). */
  undetermined: EesColumn[];
  renamed: boolean;
  /** Problems with the header or the .meta.csv: the file cannot be read while there are any. */
  issues: EesIssue[];
  warnings: EesIssue[];
}

/**
 * Places every column of a header: standard, another geography (ignored), filter or indicator.
 * With a .meta.csv its col_type decides (a filter's filter_grouping_column is a filter too);
 * without, known indicator names are indicators and the rest wait for their values.
 */
export function planEesColumns(rawHeader: readonly string[], meta?: readonly EesMetaColumn[] | null): EesColumnPlan {
  const header = rawHeader.map(normaliseColumnName);
  const issues: EesIssue[] = [];
  const warnings: EesIssue[] = [];
  const standard: Partial<Record<EesStandardColumn, number>> = {};
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    if (name === '') {
      issues.push({ row: 1, column: `column ${i + 1}`, value: '', message: `Column ${i + 1} of the header has no name`, expected: 'a name for every column' });
      return;
    }
    const before = seen.get(name);
    if (before !== undefined) {
      issues.push({ row: 1, column: name, value: name, message: `The header names ${name} twice (columns ${before + 1} and ${i + 1})`, expected: 'each column name once' });
      return;
    }
    seen.set(name, i);
    if ((EES_STANDARD_COLUMNS as readonly string[]).includes(name)) standard[name as EesStandardColumn] = i;
  });

  const renamed = seen.has('breakdown') && seen.has('children_count');
  const canonical = (source: string) => (renamed ? (EES_2025_RENAMES[source] ?? source) : source);
  const others: EesColumn[] = [];
  for (const [source, index] of seen) {
    if ((EES_STANDARD_COLUMNS as readonly string[]).includes(source)) continue;
    if (EES_OTHER_GEOGRAPHY_COLUMNS.includes(source)) continue;
    others.push({ index, source, name: canonical(source) });
  }

  const missing = EES_REQUIRED_COLUMNS.filter((c) => !seen.has(c));
  for (const c of missing) {
    issues.push({
      row: 1,
      column: c,
      value: null,
      message:
        `The file has no ${c} column, so it cannot be read as Explore Education Statistics data` +
        (others.length > 0 ? `; columns it could not place: ${others.map((o) => o.source).join(', ')}` : ''),
      expected: `the EES standard columns ${EES_STANDARD_COLUMNS.join(', ')} (time_period and geographic_level at least), then filter and indicator columns`,
    });
  }

  const filters: EesColumn[] = [];
  const indicators: EesColumn[] = [];
  const undetermined: EesColumn[] = [];
  if (meta) {
    const byName = new Map(meta.map((m) => [m.name, m]));
    const groupColumns = new Set(meta.flatMap((m) => (m.groupingColumn ? [m.groupingColumn] : [])));
    for (const m of meta) {
      if (!seen.has(m.name)) {
        issues.push({
          row: null,
          column: m.name,
          value: null,
          message: `The .meta.csv (row ${m.row}) describes a column ${m.name} that the file does not have`,
          expected: `columns of the file: ${header.join(', ')}`,
        });
      }
      if (m.groupingColumn && !seen.has(m.groupingColumn)) {
        issues.push({
          row: null,
          column: m.groupingColumn,
          value: null,
          message: `The .meta.csv (row ${m.row}) names ${m.groupingColumn} as the group of ${m.name}, but the file has no such column`,
          expected: `columns of the file: ${header.join(', ')}`,
        });
      }
    }
    for (const c of others) {
      const m = byName.get(c.source);
      if (m?.type === 'Indicator') indicators.push(c);
      else if (m?.type === 'Filter' || groupColumns.has(c.source)) filters.push(c);
      else {
        warnings.push({
          row: 1,
          column: c.source,
          value: null,
          message: `The .meta.csv does not describe the column ${c.source}: it is classified by its values`,
          expected: 'every filter and indicator column described in the .meta.csv',
        });
        if (KNOWN_INDICATORS.includes(c.source)) indicators.push(c);
        else undetermined.push(c);
      }
    }
  } else {
    for (const c of others) (KNOWN_INDICATORS.includes(c.source) ? indicators : undetermined).push(c);
  }
  if (renamed) {
    warnings.push({
      row: 1,
      column: null,
      value: null,
      message: 'The file uses the 2025 column names; they are read as cla_group, characteristic, number and percentage',
      expected: null,
    });
  }
  return { header, standard, filters, indicators, undetermined, renamed, issues, warnings };
}

/**
 * Watches the values of the undetermined columns: a column whose every non-blank value is a
 * number or a symbol (and that has at least one) is an indicator, any other a filter.
 */
export class EesColumnSniffer {
  private readonly numeric: boolean[];
  private readonly filled: boolean[];
  constructor(private readonly plan: EesColumnPlan) {
    this.numeric = plan.undetermined.map(() => true);
    this.filled = plan.undetermined.map(() => false);
  }

  observe(fields: readonly string[]): void {
    this.plan.undetermined.forEach((c, i) => {
      if (!this.numeric[i]) return;
      const raw = fields[c.index] ?? '';
      if (raw.trim() === '') return;
      this.filled[i] = true;
      if (parseEesValue(raw) === null) this.numeric[i] = false;
    });
  }

  /** The plan with every column placed, filters and indicators in header order. */
  resolve(): EesColumnPlan {
    const filters = [...this.plan.filters];
    const indicators = [...this.plan.indicators];
    this.plan.undetermined.forEach((c, i) => (this.numeric[i] && this.filled[i] ? indicators : filters).push(c));
    const byIndex = (a: EesColumn, b: EesColumn) => a.index - b.index;
    return { ...this.plan, filters: filters.sort(byIndex), indicators: indicators.sort(byIndex), undetermined: [] };
  }
}

// ---------------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------------

export interface EesRow {
  row: number;
  timePeriod: number;
  level: EesLevel;
  areaCode: string;
  areaName: string;
  regionCode: string | null;
  filters: string;
  values: { indicator: string; value: number | null; symbol: EesSymbol | null }[];
}

const AREA_COLUMNS: Record<EesLevel, { code: EesStandardColumn; name: EesStandardColumn }> = {
  National: { code: 'country_code', name: 'country_name' },
  Regional: { code: 'region_code', name: 'region_name' },
  'Local authority': { code: 'new_la_code', name: 'la_name' },
};

/** One data row read through a resolved plan: the row, or every problem it has. */
export function parseEesRow(
  fields: readonly string[],
  row: number,
  plan: EesColumnPlan,
): { row: EesRow; issues: null } | { row: null; issues: EesIssue[] } {
  const issues: EesIssue[] = [];
  if (fields.length !== plan.header.length) {
    return {
      row: null,
      issues: [
        {
          row,
          column: null,
          value: null,
          message: `Row ${row} has ${fields.length} fields but the header has ${plan.header.length}`,
          expected: `${plan.header.length} fields, as in the header`,
        },
      ],
    };
  }
  const get = (c: EesStandardColumn) => {
    const i = plan.standard[c];
    return i === undefined ? '' : (fields[i] ?? '').trim();
  };

  const timeRaw = get('time_period');
  const timePeriod = parseTimePeriod(timeRaw);
  if (timePeriod === null) {
    issues.push({ row, column: 'time_period', value: timeRaw, message: `time_period "${timeRaw}" is not a year or a year pair`, expected: TIME_EXPECTED });
  }

  const levelRaw = get('geographic_level');
  const level = parseLevel(levelRaw);
  let areaCode = '';
  let areaName = '';
  if (level === null) {
    issues.push({
      row,
      column: 'geographic_level',
      value: levelRaw,
      message: `Row ${row} is at the geographic level "${levelRaw}", which is not read here`,
      expected: LEVEL_EXPECTED,
    });
  } else {
    const cols = AREA_COLUMNS[level];
    areaCode = get(cols.code);
    areaName = get(cols.name) || areaCode;
    if (areaCode === '') {
      issues.push({
        row,
        column: cols.code,
        value: '',
        message: plan.standard[cols.code] === undefined ? `A ${level} row needs a ${cols.code} column` : `This ${level} row has no ${cols.code}`,
        expected: `the ONS code of the ${level === 'National' ? 'country' : level === 'Regional' ? 'region' : 'local authority'}, e.g. ${level === 'National' ? 'E92000001' : level === 'Regional' ? 'E12000001' : 'E06000004'}`,
      });
    }
  }

  const filters = canonicalFilters(plan.filters.map((c) => [c.name, (fields[c.index] ?? '').trim()] as const));
  const values: EesRow['values'] = [];
  for (const c of plan.indicators) {
    const raw = fields[c.index] ?? '';
    const v = parseEesValue(raw);
    if (v === null) {
      issues.push({ row, column: c.source, value: raw, message: `"${raw}" in the indicator ${c.source} is not a number or a symbol`, expected: VALUE_EXPECTED });
    } else {
      values.push({ indicator: c.name, ...v });
    }
  }
  if (issues.length > 0 || timePeriod === null || level === null) return { row: null, issues };
  return {
    row: {
      row,
      timePeriod,
      level,
      areaCode,
      areaName,
      regionCode: level === 'National' ? null : get('region_code') || null,
      filters,
      values,
    },
    issues: null,
  };
}

/** The problem of a row that repeats the time, area and filters of an earlier one. */
export function duplicateIssue(
  row: number,
  firstRow: number,
  key: { timePeriod: number; level: string; areaCode: string; filters: string },
): EesIssue {
  return {
    row,
    column: null,
    value: `${key.timePeriod}, ${key.level} ${key.areaCode}, ${key.filters || '(no filters)'}`,
    message: `Row ${row} repeats row ${firstRow}: the same time_period, area and filter values`,
    expected: 'each combination of time_period, area and filter values once',
  };
}

// ---------------------------------------------------------------------------------------------
// A whole file in memory (small files and tests; the importer streams instead)
// ---------------------------------------------------------------------------------------------

export interface EesParseResult {
  plan: EesColumnPlan | null;
  rows: EesRow[];
  errors: IssueList;
  warnings: IssueList;
}

/** Reads a whole EES file held in memory: the same checks as an import, duplicates included. */
/** The columns a .meta.csv describes (null without one); its issues go to `errors` under its own file name. */
export function eesMetaColumns(metaText: string | null | undefined, metaFile: string, errors: IssueList): EesMetaColumn[] | null {
  if (metaText == null) return null;
  const m = parseEesMeta(metaText);
  for (const i of m.issues) errors.add(withFile(i, metaFile));
  return m.columns;
}

export function parseEesText(
  text: string,
  opts: { file: string; metaText?: string | null; metaFile?: string; issueCap?: number },
): EesParseResult {
  const errors = new IssueList(opts.file, opts.issueCap ?? 1000);
  const warnings = new IssueList(opts.file, 100);
  const meta = eesMetaColumns(opts.metaText, opts.metaFile ?? metaFileName(opts.file), errors);
  const records = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { delimiter: ',', skipEmptyLines: false }).data;
  const data: { fields: string[]; row: number }[] = [];
  let header: string[] | null = null;
  records.forEach((fields, i) => {
    if (fields.length === 1 && (fields[0] ?? '').trim() === '') return;
    if (header === null) header = fields;
    else data.push({ fields, row: i + 1 });
  });
  if (header === null) {
    errors.add({ row: null, column: null, value: null, message: 'The file has no header row', expected: 'a header row' });
    return { plan: null, rows: [], errors, warnings };
  }
  const planned = planEesColumns(header, meta);
  for (const i of planned.issues) errors.add(i);
  for (const w of planned.warnings) warnings.add(w);
  if (planned.issues.length > 0) return { plan: planned, rows: [], errors, warnings };
  const sniffer = new EesColumnSniffer(planned);
  for (const d of data) sniffer.observe(d.fields);
  const plan = sniffer.resolve();
  const rows: EesRow[] = [];
  const firstOf = new Map<string, number>();
  for (const d of data) {
    const r = parseEesRow(d.fields, d.row, plan);
    if (r.issues) {
      for (const i of r.issues) errors.add(i);
      continue;
    }
    const key = `${r.row.timePeriod}\u0000${r.row.level}\u0000${r.row.areaCode}\u0000${r.row.filters}`;
    const first = firstOf.get(key);
    if (first !== undefined) {
      errors.add(duplicateIssue(d.row, first, r.row));
      continue;
    }
    firstOf.set(key, d.row);
    rows.push(r.row);
  }
  return { plan, rows, errors, warnings };
}

/** `x.csv` -> `x.meta.csv`, the name EES gives a file's metadata. */
export function metaFileName(file: string): string {
  return /\.csv$/i.test(file) ? file.replace(/\.csv$/i, '.meta.csv') : `${file}.meta.csv`;
}

/** An issue that belongs to another file than the list's (the .meta.csv beside the data). */
export function withFile(issue: EesIssue, file: string): ImportIssue {
  return { ...issue, file };
}
