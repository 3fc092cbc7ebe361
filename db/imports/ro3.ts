import type Database from 'better-sqlite3';
import { readCsvStream } from '../../lib/csv/read';
import { FileFormatError, IssueList } from '../../lib/issues';
import { Ro3Reader, resolveRo3Year, ro3PeriodEnd, type Ro3Value } from '../../lib/ro3';
import { recordAudit } from '../audit';
import type { ImportProgress, ImportResult, ImportSource, SuppliedSet } from './template';

export interface Ro3ImportOptions {
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
  /** The financial year (e.g. 2024-25), when the file name does not give it. */
  year?: string | null;
}

/**
 * The import's result, as for a template import, with the financial year and the number of
 * figures stored. `supplied` holds one entry: England (E92000001) as `laCode`, the 31 March the
 * year ends as `periodEnd`, the figures stored as `rows`, and the nth stored RO3 file of that year
 * as `version`.
 */
export interface Ro3ImportResult extends ImportResult {
  year: string | null;
  values: number;
}

/** The RO3 file covers England: the code its one supplied entry carries. */
export const ENGLAND = 'E92000001';

/**
 * Imports one MHCLG revenue outturn RO3 file (one financial year). The file is streamed and
 * checked in full; the figures of the councils with children's services (the councils table)
 * are kept, other authorities (shire districts, police, fire, the England total) are counted in a
 * warning. Only a file with no error is stored, in one transaction that replaces every stored
 * figure of its year. A file identical (sha256) to the one whose figures are stored for its year
 * is recorded as unchanged. A rejected file is recorded with its errors and changes nothing else.
 */
export async function importRo3(sqlite: Database.Database, opts: Ro3ImportOptions): Promise<Ro3ImportResult> {
  const errors = new IssueList(opts.fileName, opts.issueCap ?? 1000);
  const warnings = new IssueList(opts.fileName, 100);
  const totalBytes = opts.totalBytes ?? null;
  const councils = new Set((sqlite.prepare('SELECT code FROM councils').all() as { code: string }[]).map((c) => c.code));
  const reader = new Ro3Reader({ errors, warnings, councils });
  // Only the councils' figures are kept (the reader returns no other row): memory stays small.
  const kept = new Map<string, Ro3Value[]>();

  let read = { bytes: 0, records: 0, sha256: '' };
  try {
    read = await readCsvStream(opts.chunks, {
      file: opts.fileName,
      maxBytes: opts.maxBytes,
      onProgress: (p) => opts.onProgress?.({ phase: 'reading', bytes: p.bytes, totalBytes, rows: reader.dataRows }),
      onRecord: (fields, row) => {
        const r = reader.record(fields, row);
        if (r) kept.set(r.onsCode, r.values);
      },
    });
    reader.finish();
  } catch (e) {
    if (!(e instanceof FileFormatError)) throw e;
    errors.add({ row: e.row, column: null, value: null, message: e.message, expected: e.expected });
  }
  const year = resolveRo3Year(opts.fileName, opts.year, errors);
  const rows = reader.dataRows;
  opts.onProgress?.({ phase: 'checking', bytes: read.bytes, totalBytes, rows });
  const base = { fileName: opts.fileName, sha256: read.sha256, bytes: read.bytes, rows, warnings: warnings.items, year };
  const recordImport = sqlite.prepare(
    `INSERT INTO imports (kind, file_name, sha256, bytes, rows, status, error_count, errors, warnings, supplied, source, created_at, actor)
     VALUES ('ro3', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const now = new Date().toISOString();
  const record = (status: 'stored' | 'unchanged' | 'rejected', supplied: SuppliedSet[]) =>
    Number(
      recordImport.run(
        opts.fileName,
        read.sha256,
        read.bytes,
        rows,
        status,
        errors.total,
        JSON.stringify(errors.items),
        JSON.stringify(warnings.items),
        JSON.stringify(supplied),
        opts.source,
        now,
        opts.actor ?? null,
      ).lastInsertRowid,
    );

  if (!errors.empty || year === null) {
    const importId = sqlite.transaction(() => {
      const id = record('rejected', []);
      recordAudit(sqlite, {
        actor: opts.actor ?? null,
        action: 'import_rejected',
        target: `import #${id}`,
        details: { kind: 'ro3', year, file: opts.fileName, sha256: read.sha256, rows, errors: errors.total, source: opts.source },
      });
      return id;
    }).immediate();
    opts.onProgress?.({ phase: 'done', bytes: read.bytes, totalBytes, rows });
    return { ...base, importId, status: 'rejected', errorCount: errors.total, errors: errors.items, supplied: [], values: 0 };
  }

  opts.onProgress?.({ phase: 'storing', bytes: read.bytes, totalBytes, rows });
  const periodEnd = ro3PeriodEnd(year);
  const values = [...kept].flatMap(([code, vs]) => vs.map((v) => ({ code, ...v })));
  const store = sqlite.transaction(() => {
    // The figures stored now for this year came from one import: the same bytes again change nothing.
    const current = sqlite
      .prepare(`SELECT i.id, i.sha256 FROM imports i WHERE i.id = (SELECT import_id FROM ro3_spend WHERE year = ? ORDER BY id DESC LIMIT 1)`)
      .get(year) as { id: number; sha256: string } | undefined;
    const version = (
      sqlite
        .prepare(
          `SELECT count(*) AS n FROM imports
           WHERE kind = 'ro3' AND status = 'stored' AND EXISTS (SELECT 1 FROM json_each(imports.supplied) j
             WHERE json_extract(j.value, '$.periodEnd') = ?)`,
        )
        .get(periodEnd) as { n: number }
    ).n;
    const unchanged = current !== undefined && current.sha256 === read.sha256;
    const storedValues = unchanged
      ? (sqlite.prepare('SELECT count(*) AS n FROM ro3_spend WHERE year = ?').get(year) as { n: number }).n
      : values.length;
    const supplied: SuppliedSet[] = [
      {
        laCode: ENGLAND,
        periodEnd,
        rows: storedValues,
        outcome: unchanged ? 'unchanged' : current ? 'replaced' : 'new',
        version: unchanged ? version : version + 1,
        replacedVersion: !unchanged && current ? version : null,
      },
    ];
    const status = unchanged ? 'unchanged' : 'stored';
    const importId = record(status, supplied);
    let replaced = 0;
    if (!unchanged) {
      replaced = sqlite.prepare('DELETE FROM ro3_spend WHERE year = ?').run(year).changes;
      const insert = sqlite.prepare(
        'INSERT INTO ro3_spend (import_id, year, la_code, field, value_thousands, symbol) VALUES (?, ?, ?, ?, ?, ?)',
      );
      for (const v of values) insert.run(importId, year, v.code, v.field, v.value, v.symbol);
    }
    recordAudit(sqlite, {
      actor: opts.actor ?? null,
      action: unchanged ? 'import_unchanged' : 'import_stored',
      target: `import #${importId}`,
      details: {
        kind: 'ro3',
        year,
        file: opts.fileName,
        sha256: read.sha256,
        rows,
        councils: kept.size,
        values: storedValues,
        replacedValues: replaced,
        replacedImport: unchanged ? null : (current?.id ?? null),
        storedImportId: unchanged ? current.id : null,
        source: opts.source,
      },
    });
    return { importId, status, supplied, values: storedValues } as const;
  });
  // IMMEDIATE takes the write lock up front, so a concurrent writer waits (busy_timeout) rather than failing midway.
  const out = store.immediate();
  opts.onProgress?.({ phase: 'done', bytes: read.bytes, totalBytes, rows });
  return { ...base, ...out, errorCount: 0, errors: [] };
}
