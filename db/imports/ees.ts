import type Database from 'better-sqlite3';
import { readCsvStream } from '../../lib/csv/read';
import {
  EesColumnSniffer,
  duplicateIssue,
  eesDatasetName,
  isEesHeader,
  metaFileName,
  parseEesMeta,
  parseEesRow,
  planEesColumns,
  withFile,
  type EesColumnPlan,
  type EesMetaColumn,
} from '../../lib/ees';
import { FileFormatError, IssueList } from '../../lib/issues';
import { recordAudit } from '../audit';
import type { ImportProgress, ImportResult, ImportSource } from './template';

export interface EesImportOptions {
  fileName: string;
  source: ImportSource;
  chunks: AsyncIterable<Uint8Array>;
  /** The text of the file's .meta.csv, when there is one: its col_type places the columns. */
  metaText?: string | null;
  /** Its name, for the issues it raises (default: the data file's name with .meta.csv). */
  metaFileName?: string;
  /** The dataset name (default: from the file name, see eesDatasetName). */
  dataset?: string;
  totalBytes?: number | null;
  maxBytes?: number;
  onProgress?: (p: ImportProgress) => void;
  /** How many issues to keep in detail (all are counted). */
  issueCap?: number;
  /** Who is importing (a user's email, or `cli:<os user>`), for the history and the audit trail. */
  actor?: string | null;
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
export async function importEes(sqlite: Database.Database, opts: EesImportOptions): Promise<EesImportResult> {
  const errors = new IssueList(opts.fileName, opts.issueCap ?? 1000);
  const warnings = new IssueList(opts.fileName, 100);
  const totalBytes = opts.totalBytes ?? null;
  const dataset = opts.dataset ?? eesDatasetName(opts.fileName);

  let meta: EesMetaColumn[] | null = null;
  if (opts.metaText != null) {
    const m = parseEesMeta(opts.metaText);
    const metaFile = opts.metaFileName ?? metaFileName(opts.fileName);
    for (const i of m.issues) errors.add(withFile(i, metaFile));
    meta = m.columns;
  }

  sqlite.exec(`DROP TABLE IF EXISTS ${RAW}; DROP TABLE IF EXISTS ${VALUES}; DROP TABLE IF EXISTS ${KEYS};
    CREATE TABLE ${RAW} (row INTEGER PRIMARY KEY, fields TEXT NOT NULL);
    CREATE TABLE ${VALUES} (row INTEGER NOT NULL, time_period INTEGER NOT NULL, geographic_level TEXT NOT NULL,
      area_code TEXT NOT NULL, area_name TEXT NOT NULL, region_code TEXT, filters TEXT NOT NULL,
      indicator TEXT NOT NULL, value REAL, symbol TEXT);
    CREATE TABLE ${KEYS} (row INTEGER PRIMARY KEY, time_period INTEGER NOT NULL, geographic_level TEXT NOT NULL,
      area_code TEXT NOT NULL, filters TEXT NOT NULL)`);
  const drop = () => sqlite.exec(`DROP TABLE IF EXISTS ${RAW}; DROP TABLE IF EXISTS ${VALUES}; DROP TABLE IF EXISTS ${KEYS}`);

  // Pass 1: stage every record as it streams in, watching the values of undetermined columns.
  const rawBatch = batcher(sqlite, RAW, 2);
  let plan: EesColumnPlan | null = null;
  let sniffer: EesColumnSniffer | null = null;
  let dataRows = 0;
  let read = { bytes: 0, records: 0, sha256: '' };
  try {
    sqlite.exec('BEGIN');
    try {
      read = await readCsvStream(opts.chunks, {
        file: opts.fileName,
        maxBytes: opts.maxBytes,
        onProgress: (p) => opts.onProgress?.({ phase: 'reading', bytes: p.bytes, totalBytes, rows: p.rows }),
        onRecord: (fields, row) => {
          if (plan === null) {
            plan = planEesColumns(fields, meta);
            for (const i of plan.issues) errors.add(i);
            for (const w of plan.warnings) warnings.add(w);
            sniffer = new EesColumnSniffer(plan);
            return;
          }
          dataRows += 1;
          if (plan.issues.length > 0) return;
          sniffer!.observe(fields);
          rawBatch.add(row, JSON.stringify(fields));
        },
      });
      rawBatch.flush();
      sqlite.exec('COMMIT');
    } catch (e) {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      throw e;
    }
  } catch (e) {
    if (!(e instanceof FileFormatError)) {
      drop();
      throw e;
    }
    errors.add({ row: e.row, column: null, value: null, message: e.message, expected: e.expected });
  }

  if (read.bytes === 0 && errors.empty) {
    errors.add({ row: null, column: null, value: null, message: 'The file is empty', expected: 'a header row and at least one row of data' });
  } else if (plan === null && errors.empty) {
    errors.add({ row: null, column: null, value: null, message: 'The file has no header row', expected: 'a header row' });
  } else if (dataRows === 0 && errors.empty) {
    errors.add({
      row: null,
      column: null,
      value: null,
      message: 'The file has a header but no rows of data',
      expected: 'at least one row of data under the header',
    });
  }

  const base = { fileName: opts.fileName, sha256: read.sha256, bytes: read.bytes, rows: dataRows, dataset, supplied: [] };
  const recordImport = sqlite.prepare(
    `INSERT INTO imports (kind, file_name, sha256, bytes, rows, status, error_count, errors, warnings, supplied, source, created_at, actor)
     VALUES ('ees', ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, ?)`,
  );
  const record = (status: 'stored' | 'unchanged' | 'rejected') =>
    Number(
      recordImport.run(
        opts.fileName,
        read.sha256,
        read.bytes,
        dataRows,
        status,
        errors.total,
        JSON.stringify(errors.items),
        JSON.stringify(warnings.items),
        opts.source,
        new Date().toISOString(),
        opts.actor ?? null,
      ).lastInsertRowid,
    );
  const audit = (action: 'import_stored' | 'import_unchanged' | 'import_rejected', importId: number, extra: Record<string, unknown>) =>
    recordAudit(sqlite, {
      actor: opts.actor ?? null,
      action,
      target: `import #${importId}`,
      details: { kind: 'ees', dataset, file: opts.fileName, sha256: read.sha256, rows: dataRows, source: opts.source, ...extra },
    });
  const reject = (): EesImportResult => {
    const importId = record('rejected');
    audit('import_rejected', importId, { errors: errors.total });
    drop();
    opts.onProgress?.({ phase: 'done', bytes: read.bytes, totalBytes, rows: dataRows });
    return { ...base, importId, status: 'rejected', errorCount: errors.total, errors: errors.items, warnings: warnings.items, values: 0 };
  };
  if (!errors.empty || plan === null || sniffer === null) return reject();

  // The values stored now came from one import: the same bytes again change nothing.
  const stored = sqlite
    .prepare(
      `SELECT i.id, i.sha256 FROM imports i WHERE i.id = (SELECT import_id FROM ees_values WHERE dataset = ? LIMIT 1)`,
    )
    .get(dataset) as { id: number; sha256: string } | undefined;
  if (stored && stored.sha256 === read.sha256) {
    const values = (sqlite.prepare('SELECT count(*) AS n FROM ees_values WHERE dataset = ?').get(dataset) as { n: number }).n;
    const importId = sqlite.transaction(() => {
      const id = record('unchanged');
      audit('import_unchanged', id, { storedImportId: stored.id });
      return id;
    }).immediate();
    drop();
    opts.onProgress?.({ phase: 'done', bytes: read.bytes, totalBytes, rows: dataRows });
    return { ...base, importId, status: 'unchanged', errorCount: 0, errors: [], warnings: warnings.items, values };
  }

  // Pass 2: read the staged rows through the finished column plan, a page at a time.
  opts.onProgress?.({ phase: 'checking', bytes: read.bytes, totalBytes, rows: dataRows });
  const finalPlan = (sniffer as EesColumnSniffer).resolve();
  const valueBatch = batcher(sqlite, VALUES, 10);
  const keyBatch = batcher(sqlite, KEYS, 5);
  const page = sqlite.prepare(`SELECT row, fields FROM ${RAW} WHERE row > ? ORDER BY row LIMIT ${PAGE}`);
  const unknownCouncils = new Map<string, string>();
  const councils = new Set((sqlite.prepare('SELECT code FROM councils').all() as { code: string }[]).map((c) => c.code));
  let valueCount = 0;
  sqlite.exec('BEGIN');
  try {
    let after = 0;
    for (;;) {
      const rows = page.all(after) as { row: number; fields: string }[];
      if (rows.length === 0) break;
      for (const { row, fields } of rows) {
        const r = parseEesRow(JSON.parse(fields) as string[], row, finalPlan);
        if (r.issues) {
          for (const i of r.issues) errors.add(i);
          continue;
        }
        const x = r.row;
        if (x.level === 'Local authority' && !councils.has(x.areaCode)) unknownCouncils.set(x.areaCode, x.areaName);
        keyBatch.add(row, x.timePeriod, x.level, x.areaCode, x.filters);
        for (const v of x.values) {
          valueBatch.add(row, x.timePeriod, x.level, x.areaCode, x.areaName, x.regionCode, x.filters, v.indicator, v.value, v.symbol);
          valueCount += 1;
        }
      }
      after = rows[rows.length - 1]!.row;
    }
    keyBatch.flush();
    valueBatch.flush();
    sqlite.exec('COMMIT');
  } catch (e) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    drop();
    throw e;
  }
  reportDuplicates(sqlite, errors);
  for (const [code, name] of unknownCouncils) {
    warnings.add({
      row: null,
      column: 'new_la_code',
      value: code,
      message: `${name} (${code}) is not one of the current councils: its rows are stored but not benchmarked`,
      expected: null,
    });
  }
  if (!errors.empty) return reject();

  opts.onProgress?.({ phase: 'storing', bytes: read.bytes, totalBytes, rows: dataRows });
  const store = sqlite.transaction(() => {
    const importId = record('stored');
    const replaced = sqlite.prepare('DELETE FROM ees_values WHERE dataset = ?').run(dataset).changes;
    sqlite
      .prepare(
        `INSERT INTO ees_values (import_id, dataset, time_period, geographic_level, area_code, area_name, region_code, filters, indicator, value, symbol)
         SELECT ?, ?, time_period, geographic_level, area_code, area_name, region_code, filters, indicator, value, symbol
         FROM ${VALUES} ORDER BY row, rowid`,
      )
      .run(importId, dataset);
    audit('import_stored', importId, { values: valueCount, replacedValues: replaced, replacedImportId: stored?.id ?? null });
    return importId;
  });
  // IMMEDIATE takes the write lock up front, so a concurrent writer waits (busy_timeout) rather than failing midway.
  const importId = store.immediate();
  drop();
  opts.onProgress?.({ phase: 'done', bytes: read.bytes, totalBytes, rows: dataRows });
  return { ...base, importId, status: 'stored', errorCount: 0, errors: [], warnings: warnings.items, values: valueCount };
}

/** Multi-row INSERTs into a staging table: one statement per BATCH rows. */
function batcher(sqlite: Database.Database, table: string, width: number) {
  const values = (n: number) => Array.from({ length: n }, () => `(${Array(width).fill('?').join(', ')})`).join(', ');
  const full = sqlite.prepare(`INSERT INTO ${table} VALUES ${values(BATCH)}`);
  let pending: (string | number | null)[] = [];
  const flush = () => {
    if (pending.length === BATCH * width) full.run(pending);
    else if (pending.length > 0) sqlite.prepare(`INSERT INTO ${table} VALUES ${values(pending.length / width)}`).run(pending);
    pending = [];
  };
  return {
    add: (...cells: (string | number | null)[]) => {
      pending.push(...cells);
      if (pending.length === BATCH * width) flush();
    },
    flush,
  };
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
