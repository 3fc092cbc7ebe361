import type Database from 'better-sqlite3';
import { readCsvStream, type CsvReadResult } from '../../lib/csv/read';
import { FileFormatError, IssueList, type ImportIssue } from '../../lib/issues';
import { recordAudit } from '../audit';

/**
 * The one import pipeline. Every kind of file (template, SSDA903, EES, Ofsted, RO3, postcode
 * sectors) goes through the same lifecycle here: read and stage (the kind's plug-in, with its
 * parser from lib/), cross-row checks (the plug-in), then either a rejected `imports` row with
 * its errors, or one transaction that writes the `imports` row, the kind's data (the plug-in's
 * store), the outcome (stored or unchanged) and the audit event. A plug-in never writes the
 * `imports` row or an audit event itself.
 */

export type ImportSource = 'web' | 'cli' | 'demo' | 'api';

export interface ImportProgress {
  phase: 'reading' | 'checking' | 'storing' | 'done';
  bytes: number;
  totalBytes: number | null;
  rows: number;
}

export interface SuppliedSet {
  laCode: string;
  periodEnd: string;
  rows: number;
  outcome: 'new' | 'replaced' | 'unchanged';
  version: number;
  replacedVersion: number | null;
}

export type ImportStatus = 'stored' | 'unchanged' | 'rejected';

export interface ImportResult {
  importId: number;
  status: ImportStatus;
  fileName: string;
  sha256: string;
  bytes: number;
  rows: number;
  errorCount: number;
  errors: ImportIssue[];
  warnings: ImportIssue[];
  supplied: SuppliedSet[];
}

/** What every single-file importer takes. */
export interface ImportOptions {
  fileName: string;
  source: ImportSource;
  chunks: AsyncIterable<Uint8Array>;
  totalBytes?: number | null;
  maxBytes?: number;
  onProgress?: (p: ImportProgress) => void;
  /** How many issues to keep in detail (all are counted). */
  issueCap?: number;
  /** Who is importing (a user's email, or `cli:<os user>`), for the history and the audit trail. */
  actor?: string | null;
}

export interface Issues {
  readonly total: number;
  readonly items: ImportIssue[];
}

/** What a plug-in's store (or an early "unchanged") hands back to the pipeline. */
export interface Stored<X> {
  status: 'stored' | 'unchanged';
  supplied: SuppliedSet[];
  /** What the imports row's supplied column holds, when not `supplied` (SSDA903's returns). */
  record?: unknown;
  /** The audit event's details. */
  details: Record<string, unknown>;
  /** What the kind's result adds to ImportResult. */
  extra: X;
}

/** One kind of file, plugged into the pipeline. A plug-in object serves one import. */
export interface ImportPlugin<X> {
  /** The imports row's kind. */
  readonly kind: string;
  readonly errors: Issues;
  readonly warnings: Issues;
  /** Streams the file(s) in, checks each row, stages the good ones; sets run.sha256, bytes and rows. */
  read(run: ImportRun): Promise<void>;
  /**
   * Checks across rows (emitting 'checking' where the kind does). Returns 'reject' when the
   * import cannot be stored though no error was counted, or an outcome when the import is found
   * unchanged before anything is written (EES: the same bytes as the stored dataset).
   */
  check(run: ImportRun): Stored<X> | 'reject' | void;
  /** Writes the staged data inside the import's transaction, under its imports row. */
  store(run: ImportRun, importId: number): Stored<X>;
  /** A rejected import's audit details and result fields. */
  rejected(run: ImportRun): { details: Record<string, unknown>; extra: X };
  /** Drops the staging tables. */
  drop?(): void;
}

/** The common part of a kind read from one file: its options and its issue lists. */
export abstract class FileImport<O extends ImportOptions, X> implements ImportPlugin<X> {
  abstract readonly kind: string;
  readonly errors: IssueList;
  readonly warnings: IssueList;

  constructor(
    protected readonly sqlite: Database.Database,
    protected readonly opts: O,
  ) {
    this.errors = new IssueList(opts.fileName, opts.issueCap ?? 1000);
    this.warnings = new IssueList(opts.fileName, 100);
  }

  abstract read(run: ImportRun): Promise<void>;
  abstract check(run: ImportRun): Stored<X> | 'reject' | void;
  abstract store(run: ImportRun, importId: number): Stored<X>;
  abstract rejected(run: ImportRun): { details: Record<string, unknown>; extra: X };
}

/** A progress event: SSDA903's also name the file being read, and have a 'deriving' phase. */
export interface RunProgress {
  phase: ImportProgress['phase'] | 'deriving';
  file?: string | null;
  bytes: number;
  totalBytes: number | null;
  rows: number;
}

export interface RunOptions {
  fileName: string;
  source: ImportSource;
  actor?: string | null;
  totalBytes?: number | null;
  maxBytes?: number;
  /** A method signature, so that both ImportProgress and SSDA903's own progress listeners fit. */
  onProgress?(p: RunProgress): void;
  /** SSDA903's progress events name the file being read (null outside reading). */
  progressNamesFile?: boolean;
}

/** The state of one import as it passes through the pipeline. */
export class ImportRun {
  sha256 = '';
  bytes = 0;
  rows = 0;
  readonly totalBytes: number | null;
  constructor(
    readonly sqlite: Database.Database,
    readonly opts: RunOptions,
  ) {
    this.totalBytes = opts.totalBytes ?? null;
  }

  progress(phase: RunProgress['phase'], file: string | null = null, bytes = this.bytes, rows = this.rows): void {
    if (!this.opts.onProgress) return;
    if (this.opts.progressNamesFile) this.opts.onProgress({ phase, file, bytes, totalBytes: this.totalBytes, rows });
    else this.opts.onProgress({ phase, bytes, totalBytes: this.totalBytes, rows });
  }

  /**
   * Streams a CSV through `onRecord` and keeps its size and checksum. `rowsNow` is what the
   * reading events count (the records read, unless the kind says).
   */
  async readCsv(chunks: AsyncIterable<Uint8Array>, onRecord: (fields: string[], row: number) => void, rowsNow?: () => number): Promise<CsvReadResult> {
    const read = await readCsvStream(chunks, {
      file: this.opts.fileName,
      maxBytes: this.opts.maxBytes,
      onProgress: (p) => this.progress('reading', null, p.bytes, rowsNow ? rowsNow() : p.rows),
      onRecord,
    });
    this.sha256 = read.sha256;
    this.bytes = read.bytes;
    return read;
  }

  /**
   * Runs the reading, in one transaction on the staging tables when `staged` (they are temp: no
   * lock is held on the main database). A file that cannot be read (FileFormatError) becomes an
   * issue in `errors`, with what it staged rolled back, and false; anything else is thrown.
   */
  async reading(errors: Pick<IssueList, 'add'>, fn: () => Promise<void>, staged = true): Promise<boolean> {
    try {
      if (staged) this.sqlite.exec('BEGIN');
      await fn();
      if (staged) this.sqlite.exec('COMMIT');
      return true;
    } catch (e) {
      if (this.sqlite.inTransaction) this.sqlite.exec('ROLLBACK');
      notCsv(e, errors);
      return false;
    }
  }
}

/** A file that cannot be read (FileFormatError) becomes an issue; anything else is a fault. */
export function notCsv(e: unknown, errors: Pick<IssueList, 'add'>): void {
  if (!(e instanceof FileFormatError)) throw e;
  errors.add({ row: e.row, column: null, value: null, message: e.message, expected: e.expected });
}

/**
 * A file with nothing to import: empty, no header, or a header and no rows. `what` names the
 * rows ("figures", "data") in the messages.
 */
export function checkNotEmpty(errors: IssueList, run: ImportRun, sawHeader: boolean, what: string): void {
  if (!errors.empty) return;
  const none = (message: string, expected: string) => errors.add({ row: null, column: null, value: null, message, expected });
  if (run.bytes === 0) none('The file is empty', `a header row and at least one row of ${what}`);
  else if (!sawHeader) none('The file has no header row', 'a header row');
  else if (run.rows === 0) none(`The file has a header but no rows of ${what}`, `at least one row of ${what} under the header`);
}

const INSERT_IMPORT = `INSERT INTO imports (kind, file_name, sha256, bytes, rows, status, error_count, errors, warnings, supplied, source, created_at, actor)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, ?)`;

/** The imports row: written here only. */
function recordImport(run: ImportRun, kind: string, status: ImportStatus, errors: Issues, warnings: Issues): number {
  const o = run.opts;
  return Number(
    run.sqlite
      .prepare(INSERT_IMPORT)
      .run(kind, o.fileName, run.sha256, run.bytes, run.rows, status, errors.total, JSON.stringify(errors.items), JSON.stringify(warnings.items), o.source, new Date().toISOString(), o.actor ?? null)
      .lastInsertRowid,
  );
}

/**
 * Runs one import through the lifecycle. The staging is connection-private, so `sqlite` should
 * be a connection of its own when pages read the same database meanwhile.
 */
export async function runImport<X>(sqlite: Database.Database, opts: RunOptions, plugin: ImportPlugin<X>): Promise<ImportResult & X> {
  const run = new ImportRun(sqlite, opts);
  try {
    await plugin.read(run);
    const early = plugin.check(run);
    if (plugin.errors.total > 0 || early === 'reject') return reject(run, plugin);
    if (!early) run.progress('storing');
    // IMMEDIATE takes the write lock up front, so a concurrent writer waits (busy_timeout) rather than failing midway.
    const out = sqlite
      .transaction(() => {
        const importId = recordImport(run, plugin.kind, 'stored', plugin.errors, plugin.warnings);
        const stored = early ?? plugin.store(run, importId);
        sqlite.prepare('UPDATE imports SET status = ?, supplied = ? WHERE id = ?').run(stored.status, JSON.stringify(stored.record ?? stored.supplied), importId);
        audit(run, stored.status === 'stored' ? 'import_stored' : 'import_unchanged', importId, stored.details);
        return { importId, ...stored };
      })
      .immediate();
    return finish(run, plugin, { importId: out.importId, status: out.status, supplied: out.supplied }, out.extra);
  } finally {
    plugin.drop?.();
  }
}

function reject<X>(run: ImportRun, plugin: ImportPlugin<X>): ImportResult & X {
  const { details, extra } = plugin.rejected(run);
  const importId = run.sqlite
    .transaction(() => {
      const id = recordImport(run, plugin.kind, 'rejected', plugin.errors, plugin.warnings);
      audit(run, 'import_rejected', id, details);
      return id;
    })
    .immediate();
  return finish(run, plugin, { importId, status: 'rejected', supplied: [] }, extra);
}

function audit(run: ImportRun, action: 'import_stored' | 'import_unchanged' | 'import_rejected', importId: number, details: Record<string, unknown>): void {
  recordAudit(run.sqlite, { actor: run.opts.actor ?? null, action, target: `import #${importId}`, details });
}

function finish<X>(
  run: ImportRun,
  plugin: ImportPlugin<X>,
  out: { importId: number; status: ImportStatus; supplied: SuppliedSet[] },
  extra: X,
): ImportResult & X {
  plugin.drop?.();
  run.progress('done');
  return {
    importId: out.importId,
    status: out.status,
    fileName: run.opts.fileName,
    sha256: run.sha256,
    bytes: run.bytes,
    rows: run.rows,
    errorCount: plugin.errors.total,
    errors: plugin.errors.items,
    warnings: plugin.warnings.items,
    supplied: out.supplied,
    ...extra,
  };
}

/**
 * For kinds stored whole per key and replaced whole (Ofsted's register per date, RO3's figures
 * per year): the import whose data is stored now, and whether these bytes are the same.
 */
export function storedImport(sqlite: Database.Database, table: string, column: string, key: string): { id: number; sha256: string } | undefined {
  return sqlite
    .prepare(`SELECT i.id, i.sha256 FROM imports i WHERE i.id = (SELECT import_id FROM ${table} WHERE ${column} = ? ORDER BY id DESC LIMIT 1)`)
    .get(key) as { id: number; sha256: string } | undefined;
}

/**
 * The one supplied entry of a kind replaced whole per date: the nth stored import of that date
 * is its version; identical bytes to the stored import are unchanged.
 */
export function replacedWhole(
  run: ImportRun,
  kind: string,
  current: { id: number; sha256: string } | undefined,
  entry: { laCode: string; periodEnd: string; rows: number },
): { unchanged: boolean; supplied: SuppliedSet[] } {
  const version = (
    run.sqlite
      .prepare(
        `SELECT count(*) AS n FROM imports
         WHERE kind = ? AND status = 'stored' AND EXISTS (SELECT 1 FROM json_each(imports.supplied) j
           WHERE json_extract(j.value, '$.periodEnd') = ?)`,
      )
      .get(kind, entry.periodEnd) as { n: number }
  ).n;
  const unchanged = current !== undefined && current.sha256 === run.sha256;
  const outcome = unchanged ? 'unchanged' : current ? 'replaced' : 'new';
  return { unchanged, supplied: [{ ...entry, outcome, version: unchanged ? version : version + 1, replacedVersion: !unchanged && current ? version : null }] };
}
