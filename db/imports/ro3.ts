import type Database from 'better-sqlite3';
import { Ro3Reader, resolveRo3Year, ro3PeriodEnd, type Ro3Value } from '../../lib/ro3';
import { replacedWhole, runImport, storedImport, type ImportOptions, FileImport, type ImportResult, type ImportRun, type Stored } from './pipeline';

export interface Ro3ImportOptions extends ImportOptions {
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
export function importRo3(sqlite: Database.Database, opts: Ro3ImportOptions): Promise<Ro3ImportResult> {
  return runImport(sqlite, opts, new Ro3Plugin(sqlite, opts));
}

type Ro3Extra = { year: string | null; values: number };

class Ro3Plugin extends FileImport<Ro3ImportOptions, Ro3Extra> {
  readonly kind = 'ro3';
  private year: string | null = null;
  /** Only the councils' figures are kept (the reader returns no other row): memory stays small. */
  private readonly kept = new Map<string, Ro3Value[]>();


  async read(run: ImportRun): Promise<void> {
    const { errors, opts } = this;
    const councils = new Set((this.sqlite.prepare('SELECT code FROM councils').all() as { code: string }[]).map((c) => c.code));
    const reader = new Ro3Reader({ errors, warnings: this.warnings, councils });
    const onRecord = (fields: string[], row: number) => {
      const r = reader.record(fields, row);
      if (r) this.kept.set(r.onsCode, r.values);
    };
    await run.reading(errors, async () => {
      await run.readCsv(opts.chunks, onRecord, () => reader.dataRows);
      reader.finish();
    }, false);
    this.year = resolveRo3Year(opts.fileName, opts.year, errors);
    run.rows = reader.dataRows;
  }

  check(run: ImportRun): 'reject' | void {
    run.progress('checking');
    if (this.year === null) return 'reject';
  }

  store(run: ImportRun, importId: number): Stored<Ro3Extra> {
    const { sqlite } = this;
    const year = this.year!;
    // The figures stored now for this year came from one import: the same bytes again change nothing.
    const current = storedImport(sqlite, 'ro3_spend', 'year', year);
    const values = [...this.kept].flatMap(([code, vs]) => vs.map((v) => ({ code, ...v })));
    const storedValues = current?.sha256 === run.sha256 ? (sqlite.prepare('SELECT count(*) AS n FROM ro3_spend WHERE year = ?').get(year) as { n: number }).n : values.length;
    const { unchanged, supplied } = replacedWhole(run, 'ro3', current, { laCode: ENGLAND, periodEnd: ro3PeriodEnd(year), rows: storedValues });
    let replaced = 0;
    if (!unchanged) {
      replaced = sqlite.prepare('DELETE FROM ro3_spend WHERE year = ?').run(year).changes;
      const insert = sqlite.prepare('INSERT INTO ro3_spend (import_id, year, la_code, field, value_thousands, symbol) VALUES (?, ?, ?, ?, ?, ?)');
      for (const v of values) insert.run(importId, year, v.code, v.field, v.value, v.symbol);
    }
    const details = {
      ...this.details(run),
      councils: this.kept.size,
      values: storedValues,
      replacedValues: replaced,
      replacedImport: unchanged ? null : (current?.id ?? null),
      storedImportId: unchanged ? current!.id : null,
      source: this.opts.source,
    };
    return { status: unchanged ? 'unchanged' : 'stored', supplied, details, extra: { year, values: storedValues } };
  }

  rejected(run: ImportRun) {
    return { details: { ...this.details(run), errors: this.errors.total, source: this.opts.source }, extra: { year: this.year, values: 0 } };
  }

  private details(run: ImportRun) {
    return { kind: 'ro3', year: this.year, file: this.opts.fileName, sha256: run.sha256, rows: run.rows };
  }
}
