import type Database from 'better-sqlite3';
import { OfstedRegisterReader } from '../../lib/ofsted';
import { replacedWhole, runImport, storedImport, type ImportOptions, FileImport, type ImportResult, type ImportRun, type Stored } from './pipeline';
import { Stager } from './staging';

export interface OfstedImportOptions extends ImportOptions {
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
export function importOfsted(sqlite: Database.Database, opts: OfstedImportOptions): Promise<OfstedImportResult> {
  return runImport(sqlite, opts, new OfstedPlugin(sqlite, opts));
}

class OfstedPlugin extends FileImport<OfstedImportOptions, { asAt: string | null }> {
  readonly kind = 'ofsted';
  private asAt: string | null = null;


  async read(run: ImportRun): Promise<void> {
    const { sqlite, errors, opts } = this;
    const councils = sqlite.prepare('SELECT code, name FROM councils').all() as { code: string; name: string }[];
    const reader = new OfstedRegisterReader({ councils, errors, warnings: this.warnings });
    this.drop();
    sqlite.exec(`CREATE TABLE ${STAGING} (row INTEGER NOT NULL, urn TEXT NOT NULL, provision_type TEXT NOT NULL,
        registration_status TEXT, local_authority TEXT, la_code TEXT, ofsted_region TEXT, region TEXT,
        sector TEXT, places INTEGER, organisation TEXT)`);
    const stage = new Stager(sqlite, STAGING, COLUMNS.length + 1, 100);
    const whole = await run.reading(errors, async () => {
      await run.readCsv(
        opts.chunks,
        (fields, row) => {
          const s = reader.record(fields, row);
          if (s) stage.add(s.row, s.urn, s.provisionType, s.registrationStatus, s.localAuthority, s.laCode, s.ofstedRegion, s.region, s.sector, s.places, s.organisation);
        },
        () => reader.dataRows,
      );
      stage.flush();
    });
    run.rows = reader.dataRows;
    if (!whole) return;
    if (run.bytes === 0) {
      errors.add({
        row: null,
        column: null,
        value: null,
        message: 'The file is empty',
        expected: "Ofsted's providers and places register: title rows, a header row and one row per setting",
      });
    } else this.asAt = reader.finish(opts.fileName, opts.asAt);
  }

  check(run: ImportRun): 'reject' | void {
    run.progress('checking');
    if (this.asAt === null) return 'reject';
  }

  store(run: ImportRun, importId: number): Stored<{ asAt: string | null }> {
    const date = this.asAt!;
    // The register stored for this date and the import that stored it (the last stored one).
    const current = storedImport(this.sqlite, 'ofsted_providers', 'as_at', date);
    const { unchanged, supplied } = replacedWhole(run, 'ofsted', current, { laCode: ENGLAND, periodEnd: date, rows: run.rows });
    let replaced = 0;
    if (!unchanged) {
      replaced = this.sqlite.prepare('DELETE FROM ofsted_providers WHERE as_at = ?').run(date).changes;
      this.sqlite
        .prepare(`INSERT INTO ofsted_providers (import_id, as_at, ${COLUMNS.join(', ')}) SELECT ?, ?, ${COLUMNS.join(', ')} FROM ${STAGING} ORDER BY row`)
        .run(importId, date);
    }
    const o = this.opts;
    const details = { kind: 'ofsted', asAt: date, file: o.fileName, sha256: run.sha256, rows: run.rows, replacedRows: replaced, replacedImport: unchanged ? null : (current?.id ?? null), source: o.source };
    return { status: unchanged ? 'unchanged' : 'stored', supplied, details, extra: { asAt: date } };
  }

  rejected(run: ImportRun) {
    const o = this.opts;
    return { details: { kind: 'ofsted', asAt: this.asAt, file: o.fileName, rows: run.rows, errors: this.errors.total, source: o.source }, extra: { asAt: this.asAt } };
  }

  drop(): void {
    this.sqlite.exec(`DROP TABLE IF EXISTS ${STAGING}`);
  }
}
