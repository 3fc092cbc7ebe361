import type Database from 'better-sqlite3';
import {
  EesColumnSniffer,
  duplicateIssue,
  eesDatasetName,
  eesMetaColumns,
  isEesHeader,
  metaFileName,
  parseEesRow,
  planEesColumns,
  type EesColumnPlan,
} from '../../lib/ees';
import { IssueList } from '../../lib/issues';
import { checkNotEmpty, runImport, type ImportOptions, FileImport, type ImportResult, type ImportRun, type Stored } from './pipeline';
import { Stager } from './staging';

export interface EesImportOptions extends ImportOptions {
  /** The text of the file's .meta.csv, when there is one: its col_type places the columns. */
  metaText?: string | null;
  /** Its name, for the issues it raises (default: the data file's name with .meta.csv). */
  metaFileName?: string;
  /** The dataset name (default: from the file name, see eesDatasetName). */
  dataset?: string;
}

/** A template import's result, plus the dataset and how many values (row x indicator) it holds. */
export interface EesImportResult extends ImportResult {
  dataset: string;
  values: number;
}

/** True when a header row is an EES open data file (it has time_period and geographic_level). */
export function detectEes(headerFields: string[]): boolean {
  return isEesHeader(headerFields);
}

const RAW = 'temp.ees_stage_raw';
const VALUES = 'temp.ees_stage_values';
const KEYS = 'temp.ees_stage_keys';
/** Rows a statement stages at once, and rows read back per page in the second pass. */
const BATCH = 200;
const PAGE = 5000;

/**
 * Imports one EES open data CSV as a dataset. The file is streamed once into a connection-private
 * staging table (memory stays flat) while the columns without a .meta.csv entry are classified
 * by their values; the staged rows are then read through the column plan, checked, and only if
 * there is no error stored in one transaction that replaces every stored value of the dataset.
 * A file identical (sha256) to the one whose values are stored is recorded as unchanged. A
 * rejected file is recorded with its errors and changes nothing else.
 *
 * `sqlite` should be a connection of its own when pages read the same database meanwhile.
 */
export function importEes(sqlite: Database.Database, opts: EesImportOptions): Promise<EesImportResult> {
  return runImport(sqlite, opts, new EesPlugin(sqlite, opts));
}

type EesExtra = { dataset: string; values: number };

class EesPlugin extends FileImport<EesImportOptions, EesExtra> {
  readonly kind = 'ees';
  private readonly dataset = this.opts.dataset ?? eesDatasetName(this.opts.fileName);
  private plan: EesColumnPlan | null = null;
  private sniffer: EesColumnSniffer | null = null;
  /** The import whose values are stored now. */
  private stored: { id: number; sha256: string } | undefined;
  private valueCount = 0;


  /** Pass 1: stage every record as it streams in, watching the values of undetermined columns. */
  async read(run: ImportRun): Promise<void> {
    const { sqlite, errors, opts } = this;
    const meta = eesMetaColumns(opts.metaText, opts.metaFileName ?? metaFileName(opts.fileName), errors);
    this.drop();
    sqlite.exec(`CREATE TABLE ${RAW} (row INTEGER PRIMARY KEY, fields TEXT NOT NULL);
      CREATE TABLE ${VALUES} (row INTEGER NOT NULL, time_period INTEGER NOT NULL, geographic_level TEXT NOT NULL,
        area_code TEXT NOT NULL, area_name TEXT NOT NULL, region_code TEXT, filters TEXT NOT NULL,
        indicator TEXT NOT NULL, value REAL, symbol TEXT);
      CREATE TABLE ${KEYS} (row INTEGER PRIMARY KEY, time_period INTEGER NOT NULL, geographic_level TEXT NOT NULL,
        area_code TEXT NOT NULL, filters TEXT NOT NULL)`);
    const raw = new Stager(sqlite, RAW, 2, BATCH);
    await run.reading(errors, async () => {
      await run.readCsv(opts.chunks, (fields, row) => {
        if (this.plan === null) {
          this.plan = planEesColumns(fields, meta);
          for (const i of this.plan.issues) errors.add(i);
          for (const w of this.plan.warnings) this.warnings.add(w);
          this.sniffer = new EesColumnSniffer(this.plan);
          return;
        }
        run.rows += 1;
        if (this.plan.issues.length > 0) return;
        this.sniffer!.observe(fields);
        raw.add(row, JSON.stringify(fields));
      });
      raw.flush();
    });
    checkNotEmpty(errors, run, this.plan !== null, 'data');
  }

  check(run: ImportRun): Stored<EesExtra> | 'reject' | void {
    if (!this.errors.empty || this.plan === null || this.sniffer === null) return 'reject';
    // The values stored now came from one import: the same bytes again change nothing.
    this.stored = this.sqlite
      .prepare(`SELECT i.id, i.sha256 FROM imports i WHERE i.id = (SELECT import_id FROM ees_values WHERE dataset = ? LIMIT 1)`)
      .get(this.dataset) as { id: number; sha256: string } | undefined;
    if (this.stored && this.stored.sha256 === run.sha256) {
      const values = (this.sqlite.prepare('SELECT count(*) AS n FROM ees_values WHERE dataset = ?').get(this.dataset) as { n: number }).n;
      return { status: 'unchanged', supplied: [], details: this.details(run, { storedImportId: this.stored.id }), extra: { dataset: this.dataset, values } };
    }
    run.progress('checking');
    this.stageValues(this.sniffer.resolve());
    reportDuplicates(this.sqlite, this.errors);
  }

  /** Pass 2: read the staged rows through the finished column plan, a page at a time. */
  private stageValues(plan: EesColumnPlan): void {
    const { sqlite, errors } = this;
    const valueBatch = new Stager(sqlite, VALUES, 10, BATCH);
    const keyBatch = new Stager(sqlite, KEYS, 5, BATCH);
    const page = sqlite.prepare(`SELECT row, fields FROM ${RAW} WHERE row > ? ORDER BY row LIMIT ${PAGE}`);
    const unknownCouncils = new Map<string, string>();
    const councils = new Set((sqlite.prepare('SELECT code FROM councils').all() as { code: string }[]).map((c) => c.code));
    sqlite.transaction(() => {
      for (let after = 0, rows = page.all(after) as { row: number; fields: string }[]; rows.length > 0; rows = page.all(after) as typeof rows) {
        for (const { row, fields } of rows) {
          const r = parseEesRow(JSON.parse(fields) as string[], row, plan);
          if (r.issues) {
            for (const i of r.issues) errors.add(i);
            continue;
          }
          const x = r.row;
          if (x.level === 'Local authority' && !councils.has(x.areaCode)) unknownCouncils.set(x.areaCode, x.areaName);
          keyBatch.add(row, x.timePeriod, x.level, x.areaCode, x.filters);
          for (const v of x.values) valueBatch.add(row, x.timePeriod, x.level, x.areaCode, x.areaName, x.regionCode, x.filters, v.indicator, v.value, v.symbol);
          this.valueCount += x.values.length;
        }
        after = rows[rows.length - 1]!.row;
      }
      keyBatch.flush();
      valueBatch.flush();
    })();
    for (const [code, name] of unknownCouncils) {
      this.warnings.add({
        row: null,
        column: 'new_la_code',
        value: code,
        message: `${name} (${code}) is not one of the current councils: its rows are stored but not benchmarked`,
        expected: null,
      });
    }
  }

  store(run: ImportRun, importId: number): Stored<EesExtra> {
    const replaced = this.sqlite.prepare('DELETE FROM ees_values WHERE dataset = ?').run(this.dataset).changes;
    this.sqlite
      .prepare(
        `INSERT INTO ees_values (import_id, dataset, time_period, geographic_level, area_code, area_name, region_code, filters, indicator, value, symbol)
         SELECT ?, ?, time_period, geographic_level, area_code, area_name, region_code, filters, indicator, value, symbol
         FROM ${VALUES} ORDER BY row, rowid`,
      )
      .run(importId, this.dataset);
    const details = this.details(run, { values: this.valueCount, replacedValues: replaced, replacedImportId: this.stored?.id ?? null });
    return { status: 'stored', supplied: [], details, extra: { dataset: this.dataset, values: this.valueCount } };
  }

  rejected(run: ImportRun) {
    return { details: this.details(run, { errors: this.errors.total }), extra: { dataset: this.dataset, values: 0 } };
  }

  private details(run: ImportRun, extra: Record<string, unknown>): Record<string, unknown> {
    const o = this.opts;
    return { kind: 'ees', dataset: this.dataset, file: o.fileName, sha256: run.sha256, rows: run.rows, source: o.source, ...extra };
  }

  drop(): void {
    this.sqlite.exec(`DROP TABLE IF EXISTS ${RAW}; DROP TABLE IF EXISTS ${VALUES}; DROP TABLE IF EXISTS ${KEYS}`);
  }
}

/** Rows repeating the time, area and filters of an earlier row, found in SQL so memory stays flat. */
function reportDuplicates(sqlite: Database.Database, errors: IssueList): void {
  const KEY = '(time_period, geographic_level, area_code, filters)';
  try {
    sqlite.exec(`CREATE UNIQUE INDEX temp.ees_stage_keys_unique ON ees_stage_keys ${KEY}`);
    return;
  } catch {
    sqlite.exec(`CREATE INDEX temp.ees_stage_keys_key ON ees_stage_keys ${KEY}`);
  }
  const dups = sqlite
    .prepare(
      `SELECT b.row AS row, min(a.row) AS first, b.time_period AS timePeriod, b.geographic_level AS level,
              b.area_code AS areaCode, b.filters AS filters
       FROM ${KEYS} b JOIN ${KEYS} a
         ON a.time_period = b.time_period AND a.geographic_level = b.geographic_level
        AND a.area_code = b.area_code AND a.filters = b.filters AND a.row < b.row
       GROUP BY b.row ORDER BY b.row`,
    )
    .iterate() as IterableIterator<{ row: number; first: number; timePeriod: number; level: string; areaCode: string; filters: string }>;
  for (const d of dups) errors.add(duplicateIssue(d.row, d.first, d));
}
