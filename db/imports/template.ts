import type Database from 'better-sqlite3';
import { readCsvStream } from '../../lib/csv/read';
import { recordAudit } from '../audit';
import { sameFigures, withTotals, type Figure } from '../../lib/figures';
import { FileFormatError, IssueList, type ImportIssue } from '../../lib/issues';
import { SUB_MEASURES, MEASURE_LABELS } from '../../lib/template/codes';
import { mapHeader, validateRow, type HeaderMap } from '../../lib/template/row';

export type ImportSource = 'web' | 'cli' | 'demo';

export interface ImportProgress {
  phase: 'reading' | 'checking' | 'storing' | 'done';
  bytes: number;
  totalBytes: number | null;
  rows: number;
}

export interface TemplateImportOptions {
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

export interface SuppliedSet {
  laCode: string;
  periodEnd: string;
  rows: number;
  outcome: 'new' | 'replaced' | 'unchanged';
  version: number;
  replacedVersion: number | null;
}

export interface ImportResult {
  importId: number;
  status: 'stored' | 'unchanged' | 'rejected';
  fileName: string;
  sha256: string;
  bytes: number;
  rows: number;
  errorCount: number;
  errors: ImportIssue[];
  warnings: ImportIssue[];
  supplied: SuppliedSet[];
}

const STAGING = 'temp.staging_template';

/**
 * Imports one sufficiency template file. The file is streamed into a connection-private
 * staging table (memory stays flat), checked row by row and across rows, and only if it has
 * no error are its figures written, in one transaction: a new version per (la_code,
 * period_end) that differs from the current one. A rejected file is recorded with its errors
 * and changes nothing else.
 *
 * `sqlite` should be a connection of its own when pages read the same database meanwhile.
 */
export async function importTemplate(
  sqlite: Database.Database,
  opts: TemplateImportOptions,
): Promise<ImportResult> {
  const errors = new IssueList(opts.fileName, opts.issueCap ?? 1000);
  const warnings = new IssueList(opts.fileName, 100);
  const totalBytes = opts.totalBytes ?? null;
  const councils = new Map<string, string>(
    (sqlite.prepare('SELECT code, name FROM councils').all() as { code: string; name: string }[]).map((c) => [
      c.code,
      c.name,
    ]),
  );

  sqlite.exec(`DROP TABLE IF EXISTS ${STAGING};
    CREATE TABLE ${STAGING} (row INTEGER NOT NULL, la_code TEXT NOT NULL, period_end TEXT NOT NULL,
      measure TEXT NOT NULL, setting TEXT NOT NULL, provision TEXT NOT NULL, age_band TEXT NOT NULL,
      need TEXT NOT NULL, value REAL, symbol TEXT)`);
  // Rows are staged in batches: one statement per BATCH rows is several times faster than one per row.
  const BATCH = 100;
  const values = (n: number) => Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
  const stageBatch = sqlite.prepare(`INSERT INTO ${STAGING} VALUES ${values(BATCH)}`);
  let pending: (string | number | null)[] = [];
  const flush = () => {
    if (pending.length === BATCH * 10) stageBatch.run(pending);
    else if (pending.length > 0) sqlite.prepare(`INSERT INTO ${STAGING} VALUES ${values(pending.length / 10)}`).run(pending);
    pending = [];
  };

  let header: HeaderMap | null = null;
  let dataRows = 0;
  let read = { bytes: 0, records: 0, sha256: '' };
  try {
    // The staging writes touch only the temp database, so no lock is held on the main one.
    sqlite.exec('BEGIN');
    try {
      read = await readCsvStream(opts.chunks, {
        file: opts.fileName,
        maxBytes: opts.maxBytes,
        onProgress: (p) => opts.onProgress?.({ phase: 'reading', bytes: p.bytes, totalBytes, rows: p.rows }),
        onRecord: (fields, row) => {
          if (header === null) {
            header = mapHeader(fields);
            for (const w of header.warnings) warnings.add(w);
            for (const e of header.errors) errors.add(e);
            return;
          }
          dataRows += 1;
          if (header.errors.length > 0) return;
          const r = validateRow(fields, row, header, { councils });
          if (r.issues) {
            for (const i of r.issues) errors.add(i);
            return;
          }
          const f = r.row;
          pending.push(row, f.laCode, f.periodEnd, f.measure, f.setting, f.provision, f.ageBand, f.need, f.value, f.symbol);
          if (pending.length === BATCH * 10) flush();
        },
      });
      flush();
      sqlite.exec('COMMIT');
    } catch (e) {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      throw e;
    }
  } catch (e) {
    if (!(e instanceof FileFormatError)) throw e;
    errors.add({ row: e.row, column: null, value: null, message: e.message, expected: e.expected });
  }

  if (read.bytes === 0 && errors.empty) {
    errors.add({
      row: null,
      column: null,
      value: null,
      message: 'The file is empty',
      expected: 'a header row and at least one row of figures',
    });
  } else if (header === null && errors.empty) {
    errors.add({ row: null, column: null, value: null, message: 'The file has no header row', expected: 'a header row' });
  } else if (dataRows === 0 && errors.empty) {
    errors.add({
      row: null,
      column: null,
      value: null,
      message: 'The file has a header but no rows of figures',
      expected: 'at least one row of figures under the header',
    });
  }

  opts.onProgress?.({ phase: 'checking', bytes: read.bytes, totalBytes, rows: dataRows });
  // Run on the rows that passed, even when others failed: the report lists every problem at once.
  checkAcrossRows(sqlite, errors);

  const base = {
    fileName: opts.fileName,
    sha256: read.sha256,
    bytes: read.bytes,
    rows: dataRows,
    warnings: warnings.items,
  };
  const recordImport = sqlite.prepare(
    `INSERT INTO imports (kind, file_name, sha256, bytes, rows, status, error_count, errors, warnings, supplied, source, created_at, actor)
     VALUES ('sufficiency_template', ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, ?)`,
  );

  if (!errors.empty) {
    const id = Number(
      recordImport.run(
        opts.fileName,
        read.sha256,
        read.bytes,
        dataRows,
        'rejected',
        errors.total,
        JSON.stringify(errors.items),
        JSON.stringify(warnings.items),
        opts.source,
        new Date().toISOString(),
        opts.actor ?? null,
      ).lastInsertRowid,
    );
    recordAudit(sqlite, {
      actor: opts.actor ?? null,
      action: 'import_rejected',
      target: `import #${id}`,
      details: { file: opts.fileName, rows: dataRows, errors: errors.total, source: opts.source },
    });
    sqlite.exec(`DROP TABLE IF EXISTS ${STAGING}`);
    opts.onProgress?.({ phase: 'done', bytes: read.bytes, totalBytes, rows: dataRows });
    return { ...base, importId: id, status: 'rejected', errorCount: errors.total, errors: errors.items, supplied: [] };
  }

  opts.onProgress?.({ phase: 'storing', bytes: read.bytes, totalBytes, rows: dataRows });
  const now = new Date().toISOString();
  const store = sqlite.transaction(() => {
    const importId = Number(
      recordImport.run(
        opts.fileName,
        read.sha256,
        read.bytes,
        dataRows,
        'stored',
        0,
        '[]',
        JSON.stringify(warnings.items),
        opts.source,
        now,
        opts.actor ?? null,
      ).lastInsertRowid,
    );
    const groups = sqlite
      .prepare(`SELECT la_code AS laCode, period_end AS periodEnd, count(*) AS n FROM ${STAGING} GROUP BY 1, 2 ORDER BY 1, 2`)
      .all() as { laCode: string; periodEnd: string; n: number }[];
    const current = sqlite.prepare(
      "SELECT id, version FROM figure_sets WHERE la_code = ? AND period_end = ? AND is_current = 1 AND source = 'template'",
    );
    const maxVersion = sqlite.prepare(
      "SELECT coalesce(max(version), 0) AS v FROM figure_sets WHERE la_code = ? AND period_end = ? AND source = 'template'",
    );
    const retire = sqlite.prepare('UPDATE figure_sets SET is_current = 0 WHERE id = ?');
    const addSet = sqlite.prepare(
      `INSERT INTO figure_sets (la_code, period_end, version, import_id, row_count, is_current, replaces_set_id, created_at)
       VALUES (?, ?, ?, ?, ?, 1, ?, ?)`,
    );
    const copy = sqlite.prepare(
      `INSERT INTO figures (set_id, measure, setting, provision, age_band, need, value, symbol)
       SELECT ?, measure, setting, provision, age_band, need, value, symbol FROM ${STAGING}
       WHERE la_code = ? AND period_end = ? ORDER BY measure, setting, provision, age_band, need`,
    );
    const supplied: SuppliedSet[] = [];
    for (const g of groups) {
      const cur = current.get(g.laCode, g.periodEnd) as { id: number; version: number } | undefined;
      if (cur && sameFigures(withTotals(stagedFigures(sqlite, g)), withTotals(setFigures(sqlite, cur.id)))) {
        supplied.push({
          laCode: g.laCode,
          periodEnd: g.periodEnd,
          rows: g.n,
          outcome: 'unchanged',
          version: cur.version,
          replacedVersion: null,
        });
        continue;
      }
      const version = (maxVersion.get(g.laCode, g.periodEnd) as { v: number }).v + 1;
      if (cur) retire.run(cur.id);
      const setId = Number(
        addSet.run(g.laCode, g.periodEnd, version, importId, g.n, cur?.id ?? null, now).lastInsertRowid,
      );
      copy.run(setId, g.laCode, g.periodEnd);
      supplied.push({
        laCode: g.laCode,
        periodEnd: g.periodEnd,
        rows: g.n,
        outcome: cur ? 'replaced' : 'new',
        version,
        replacedVersion: cur?.version ?? null,
      });
    }
    const status = supplied.every((s) => s.outcome === 'unchanged') ? 'unchanged' : 'stored';
    sqlite
      .prepare('UPDATE imports SET status = ?, supplied = ? WHERE id = ?')
      .run(status, JSON.stringify(supplied), importId);
    recordAudit(sqlite, {
      actor: opts.actor ?? null,
      action: status === 'stored' ? 'import_stored' : 'import_unchanged',
      target: `import #${importId}`,
      details: {
        file: opts.fileName,
        sha256: read.sha256,
        rows: dataRows,
        source: opts.source,
        sets: supplied.map((x) => `${x.laCode} ${x.periodEnd} ${x.outcome} v${x.version}`),
      },
    });
    return { importId, status, supplied } as const;
  });
  // IMMEDIATE takes the write lock up front, so a concurrent writer waits (busy_timeout) rather than failing midway.
  const out = store.immediate();
  sqlite.exec(`DROP TABLE IF EXISTS ${STAGING}`);
  opts.onProgress?.({ phase: 'done', bytes: read.bytes, totalBytes, rows: dataRows });
  return { ...base, ...out, errorCount: 0, errors: [] };
}

/** Duplicate keys and sub-measures above their parent, found in SQL so memory stays flat. */
function checkAcrossRows(sqlite: Database.Database, errors: IssueList): void {
  const KEY = '(la_code, period_end, measure, setting, provision, age_band, need)';
  try {
    sqlite.exec(`CREATE UNIQUE INDEX temp.staging_template_key ON staging_template ${KEY}`);
  } catch {
    // Duplicates exist: index without uniqueness, then find and name them.
    sqlite.exec(`CREATE INDEX temp.staging_template_key ON staging_template ${KEY}`);
    reportDuplicates(sqlite, errors);
  }
  checkSubMeasures(sqlite, errors);
}

function reportDuplicates(sqlite: Database.Database, errors: IssueList): void {
  const dups = sqlite
    .prepare(
      `SELECT b.row AS row, a.row AS first, a.la_code, a.period_end, a.measure, a.setting, a.provision, a.age_band, a.need
       FROM ${STAGING} a JOIN ${STAGING} b
         ON b.la_code = a.la_code AND b.period_end = a.period_end AND b.measure = a.measure AND b.setting = a.setting
        AND b.provision = a.provision AND b.age_band = a.age_band AND b.need = a.need AND b.row > a.row
       WHERE NOT EXISTS (SELECT 1 FROM ${STAGING} c
         WHERE c.la_code = a.la_code AND c.period_end = a.period_end AND c.measure = a.measure AND c.setting = a.setting
           AND c.provision = a.provision AND c.age_band = a.age_band AND c.need = a.need AND c.row < a.row)
       ORDER BY b.row`,
    )
    .iterate() as IterableIterator<{
    row: number;
    first: number;
    la_code: string;
    period_end: string;
    measure: string;
    setting: string;
    provision: string;
    age_band: string;
    need: string;
  }>;
  for (const d of dups) {
    errors.add({
      row: d.row,
      column: null,
      value: `${d.period_end}, ${d.la_code}, ${d.setting}, ${d.provision}, ${d.age_band}, ${d.need}, ${d.measure}`,
      message: `Row ${d.row} repeats the key of row ${d.first}`,
      expected: 'each (period_end, la_code, setting, provision, age_band, need, measure) once',
    });
  }
}

function checkSubMeasures(sqlite: Database.Database, errors: IssueList): void {
  for (const { sub, parent } of SUB_MEASURES) {
    const rows = sqlite
      .prepare(
        `SELECT s.row AS row, p.row AS parentRow, s.value AS value, p.value AS parentValue
         FROM ${STAGING} s JOIN ${STAGING} p
           ON p.la_code = s.la_code AND p.period_end = s.period_end AND p.measure = ? AND p.setting = s.setting
          AND p.provision = s.provision AND p.age_band = s.age_band AND p.need = s.need
         WHERE s.measure = ? AND s.value IS NOT NULL AND p.value IS NOT NULL AND s.value > p.value
         ORDER BY s.row`,
      )
      .iterate(parent, sub) as IterableIterator<{ row: number; parentRow: number; value: number; parentValue: number }>;
    let previous = -1;
    for (const r of rows) {
      // A duplicated parent would report the same row twice; once is enough.
      if (r.row === previous) continue;
      previous = r.row;
      errors.add({
        row: r.row,
        column: 'value',
        value: String(r.value),
        message: `${sub} (${r.value}, row ${r.row}) is more than ${parent} (${r.parentValue}, row ${r.parentRow})`,
        expected: `${MEASURE_LABELS[sub].toLowerCase()} no more than ${MEASURE_LABELS[parent].toLowerCase()} for the same key`,
      });
    }
  }
}

type StoredFigure = Omit<Figure, 'derived'>;
const FIGURE_COLUMNS = `setting, provision, age_band AS ageBand, need, measure, value, symbol`;

function stagedFigures(sqlite: Database.Database, g: { laCode: string; periodEnd: string }): StoredFigure[] {
  return sqlite
    .prepare(`SELECT ${FIGURE_COLUMNS} FROM ${STAGING} WHERE la_code = ? AND period_end = ?`)
    .all(g.laCode, g.periodEnd) as StoredFigure[];
}

function setFigures(sqlite: Database.Database, setId: number): StoredFigure[] {
  return sqlite.prepare(`SELECT ${FIGURE_COLUMNS} FROM figures WHERE set_id = ?`).all(setId) as StoredFigure[];
}
