import type Database from 'better-sqlite3';
import { readCsvStream } from '../../lib/csv/read';
import { FileFormatError, IssueList } from '../../lib/issues';
import { OfstedRegisterReader, type OfstedSetting } from '../../lib/ofsted';
import { recordAudit } from '../audit';
import type { ImportProgress, ImportResult, ImportSource, SuppliedSet } from './template';

export interface OfstedImportOptions {
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
  /** The date the register describes (YYYY-MM-DD), when neither the file name nor a title row gives it. */
  asAt?: string | null;
}

/**
 * The import's result, as for a template import. `supplied` holds one entry: the register's
 * date as `periodEnd`, England (E92000001) as `laCode`, and the nth stored register for that
 * date as `version`.
 */
export interface OfstedImportResult extends ImportResult {
  asAt: string | null;
}

/** The register covers England: the code its one supplied entry carries. */
export const ENGLAND = 'E92000001';

const STAGING = 'temp.staging_ofsted';
const COLUMNS = [
  'urn',
  'provision_type',
  'registration_status',
  'local_authority',
  'la_code',
  'ofsted_region',
  'region',
  'sector',
  'places',
  'organisation',
] as const;

/**
 * Imports Ofsted's providers and places register (one file, one date). The file is streamed into
 * a connection-private staging table and checked row by row; only if it has no error are its
 * settings written, in one transaction that replaces every stored setting of the same date.
 * A file identical (sha256) to the last one stored for its date is recorded as unchanged.
 * A rejected file is recorded with its errors and changes nothing else.
 */
export async function importOfsted(sqlite: Database.Database, opts: OfstedImportOptions): Promise<OfstedImportResult> {
  const errors = new IssueList(opts.fileName, opts.issueCap ?? 1000);
  const warnings = new IssueList(opts.fileName, 100);
  const totalBytes = opts.totalBytes ?? null;
  const councils = sqlite.prepare('SELECT code, name FROM councils').all() as { code: string; name: string }[];
  const reader = new OfstedRegisterReader({ councils, errors, warnings });

  sqlite.exec(`DROP TABLE IF EXISTS ${STAGING};
    CREATE TABLE ${STAGING} (row INTEGER NOT NULL, urn TEXT NOT NULL, provision_type TEXT NOT NULL,
      registration_status TEXT, local_authority TEXT, la_code TEXT, ofsted_region TEXT, region TEXT,
      sector TEXT, places INTEGER, organisation TEXT)`);
  const WIDTH = COLUMNS.length + 1;
  const BATCH = 100;
  const values = (n: number) => Array.from({ length: n }, () => `(${Array(WIDTH).fill('?').join(', ')})`).join(', ');
  const stageBatch = sqlite.prepare(`INSERT INTO ${STAGING} VALUES ${values(BATCH)}`);
  let pending: (string | number | null)[] = [];
  const flush = () => {
    if (pending.length === BATCH * WIDTH) stageBatch.run(pending);
    else if (pending.length > 0) sqlite.prepare(`INSERT INTO ${STAGING} VALUES ${values(pending.length / WIDTH)}`).run(pending);
    pending = [];
  };
  const stage = (s: OfstedSetting) => {
    pending.push(
      s.row,
      s.urn,
      s.provisionType,
      s.registrationStatus,
      s.localAuthority,
      s.laCode,
      s.ofstedRegion,
      s.region,
      s.sector,
      s.places,
      s.organisation,
    );
    if (pending.length === BATCH * WIDTH) flush();
  };

  let read = { bytes: 0, records: 0, sha256: '' };
  let asAt: string | null = null;
  try {
    // The staging writes touch only the temp database, so no lock is held on the main one.
    sqlite.exec('BEGIN');
    try {
      read = await readCsvStream(opts.chunks, {
        file: opts.fileName,
        maxBytes: opts.maxBytes,
        onProgress: (p) => opts.onProgress?.({ phase: 'reading', bytes: p.bytes, totalBytes, rows: reader.dataRows }),
        onRecord: (fields, row) => {
          const s = reader.record(fields, row);
          if (s) stage(s);
        },
      });
      flush();
      sqlite.exec('COMMIT');
    } catch (e) {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      throw e;
    }
    if (read.bytes === 0) {
      errors.add({
        row: null,
        column: null,
        value: null,
        message: 'The file is empty',
        expected: "Ofsted's providers and places register: title rows, a header row and one row per setting",
      });
    } else asAt = reader.finish(opts.fileName, opts.asAt);
  } catch (e) {
    if (!(e instanceof FileFormatError)) throw e;
    errors.add({ row: e.row, column: null, value: null, message: e.message, expected: e.expected });
  }
  const rows = reader.dataRows;
  opts.onProgress?.({ phase: 'checking', bytes: read.bytes, totalBytes, rows });
  const base = { fileName: opts.fileName, sha256: read.sha256, bytes: read.bytes, rows, warnings: warnings.items, asAt };
  const recordImport = sqlite.prepare(
    `INSERT INTO imports (kind, file_name, sha256, bytes, rows, status, error_count, errors, warnings, supplied, source, created_at, actor)
     VALUES ('ofsted', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const now = new Date().toISOString();

  if (!errors.empty || asAt === null) {
    const reject = sqlite.transaction(() => {
      const id = Number(
        recordImport.run(
          opts.fileName,
          read.sha256,
          read.bytes,
          rows,
          'rejected',
          errors.total,
          JSON.stringify(errors.items),
          JSON.stringify(warnings.items),
          '[]',
          opts.source,
          now,
          opts.actor ?? null,
        ).lastInsertRowid,
      );
      recordAudit(sqlite, {
        actor: opts.actor ?? null,
        action: 'import_rejected',
        target: `import #${id}`,
        details: { kind: 'ofsted', asAt, file: opts.fileName, rows, errors: errors.total, source: opts.source },
      });
      return id;
    });
    const id = reject.immediate();
    sqlite.exec(`DROP TABLE IF EXISTS ${STAGING}`);
    opts.onProgress?.({ phase: 'done', bytes: read.bytes, totalBytes, rows });
    return { ...base, importId: id, status: 'rejected', errorCount: errors.total, errors: errors.items, supplied: [] };
  }

  opts.onProgress?.({ phase: 'storing', bytes: read.bytes, totalBytes, rows });
  const date = asAt;
  const store = sqlite.transaction(() => {
    // The register stored for this date and the import that stored it (the last stored one).
    const current = sqlite
      .prepare(
        `SELECT i.id, i.sha256 FROM imports i
         WHERE i.id = (SELECT import_id FROM ofsted_providers WHERE as_at = ? ORDER BY id DESC LIMIT 1)`,
      )
      .get(date) as { id: number; sha256: string } | undefined;
    const version = (
      sqlite
        .prepare(
          `SELECT count(*) AS n FROM imports
           WHERE kind = 'ofsted' AND status = 'stored' AND EXISTS (SELECT 1 FROM json_each(imports.supplied) j
             WHERE json_extract(j.value, '$.periodEnd') = ?)`,
        )
        .get(date) as { n: number }
    ).n;
    const unchanged = current !== undefined && current.sha256 === read.sha256;
    const supplied: SuppliedSet[] = [
      {
        laCode: ENGLAND,
        periodEnd: date,
        rows,
        outcome: unchanged ? 'unchanged' : current ? 'replaced' : 'new',
        version: unchanged ? version : version + 1,
        replacedVersion: !unchanged && current ? version : null,
      },
    ];
    const status = unchanged ? 'unchanged' : 'stored';
    const importId = Number(
      recordImport.run(
        opts.fileName,
        read.sha256,
        read.bytes,
        rows,
        status,
        0,
        '[]',
        JSON.stringify(warnings.items),
        JSON.stringify(supplied),
        opts.source,
        now,
        opts.actor ?? null,
      ).lastInsertRowid,
    );
    let replaced = 0;
    if (!unchanged) {
      replaced = sqlite.prepare('DELETE FROM ofsted_providers WHERE as_at = ?').run(date).changes;
      sqlite
        .prepare(
          `INSERT INTO ofsted_providers (import_id, as_at, ${COLUMNS.join(', ')})
           SELECT ?, ?, ${COLUMNS.join(', ')} FROM ${STAGING} ORDER BY row`,
        )
        .run(importId, date);
    }
    recordAudit(sqlite, {
      actor: opts.actor ?? null,
      action: unchanged ? 'import_unchanged' : 'import_stored',
      target: `import #${importId}`,
      details: {
        kind: 'ofsted',
        asAt: date,
        file: opts.fileName,
        sha256: read.sha256,
        rows,
        replacedRows: replaced,
        replacedImport: unchanged ? null : (current?.id ?? null),
        source: opts.source,
      },
    });
    return { importId, status, supplied } as const;
  });
  // IMMEDIATE takes the write lock up front, so a concurrent writer waits (busy_timeout) rather than failing midway.
  const out = store.immediate();
  sqlite.exec(`DROP TABLE IF EXISTS ${STAGING}`);
  opts.onProgress?.({ phase: 'done', bytes: read.bytes, totalBytes, rows });
  return { ...base, ...out, errorCount: 0, errors: [] };
}
