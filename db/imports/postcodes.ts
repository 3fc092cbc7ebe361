import type Database from 'better-sqlite3';
import { IssueList } from '../../lib/issues';
import { postcodeSector } from '../../lib/ssda903/codes';
import { runImport, type ImportOptions, type ImportPlugin, type ImportResult, type ImportRun, type Stored } from './pipeline';
import { deriveAll } from './ssda903Derive';

export type PostcodeImportOptions = ImportOptions;

const COLUMNS = ['sector', 'latitude', 'longitude', 'la_code'] as const;

/**
 * Imports a postcode-sector lookup (ONS Postcode Directory style: sector, latitude, longitude and,
 * optionally, la_code). It replaces the lookup as a whole and re-derives every council's SSDA903
 * figures, so distances from home and placements outside the council become known, in one
 * transaction.
 */
export function importPostcodeSectors(sqlite: Database.Database, opts: ImportOptions): Promise<ImportResult> {
  return runImport(sqlite, opts, new PostcodePlugin(sqlite, opts));
}

type Sector = { sector: string; lat: number; lon: number; la: string | null; row: number };

class PostcodePlugin implements ImportPlugin<object> {
  readonly kind = 'postcode_sectors';
  readonly errors: IssueList;
  readonly warnings = new IssueList('', 0);
  private readonly rows: Sector[] = [];
  private readonly seen = new Map<string, number>();
  private index: Partial<Record<(typeof COLUMNS)[number], number>> | null = null;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly opts: ImportOptions,
  ) {
    this.errors = new IssueList(opts.fileName, 1000);
  }

  async read(run: ImportRun): Promise<void> {
    await run.reading(this.errors, async () => void (await run.readCsv(this.opts.chunks, (fields, row) => this.record(fields, row))), false);
    if (this.errors.empty && this.rows.length === 0) this.errors.add({ row: null, column: null, value: null, message: 'The lookup has no sectors', expected: 'a header and one row per postcode sector' });
    run.rows = this.rows.length;
  }

  private record(fields: string[], row: number): void {
    const { errors, rows } = this;
    if (this.index === null) {
      const names = fields.map((f) => f.replace(/^\uFEFF/, '').trim().toLowerCase());
      const index = (this.index = Object.fromEntries(COLUMNS.map((c) => [c, names.indexOf(c)]).filter(([, i]) => (i as number) >= 0)));
      const missing = COLUMNS.slice(0, 3).filter((c) => index[c] === undefined);
      if (missing.length) errors.add({ row: 1, column: missing.join(', '), value: null, message: `The lookup has no column ${missing.join(', ')}`, expected: 'the columns sector, latitude, longitude (and optionally la_code)' });
      return;
    }
    const index = this.index;
    if (errors.total > 0 && rows.length === 0 && row === 2 && index.sector === undefined) return;
    const cell = (c: (typeof COLUMNS)[number]) => (index[c] === undefined ? '' : (fields[index[c]] ?? '').trim());
    const sector = postcodeSector(cell('sector'));
    const lat = Number(cell('latitude'));
    const lon = Number(cell('longitude'));
    const la = cell('la_code').toUpperCase() || null;
    let ok = true;
    const bad = (column: string, value: string, expected: string) => {
      errors.add({ row, column, value, message: `${column} "${value}" is not valid`, expected });
      ok = false;
    };
    if (!sector) bad('sector', cell('sector'), 'a postcode sector such as TS18 1');
    if (cell('latitude') === '' || !Number.isFinite(lat) || lat < 49 || lat > 61) bad('latitude', cell('latitude'), 'a latitude in the UK (49 to 61)');
    if (cell('longitude') === '' || !Number.isFinite(lon) || lon < -9 || lon > 3) bad('longitude', cell('longitude'), 'a longitude in the UK (-9 to 3)');
    if (la !== null && !/^[EWSN]\d{8}$/.test(la)) bad('la_code', la, 'a council ONS code such as E06000004, or blank');
    if (!ok || !sector) return;
    const first = this.seen.get(sector);
    if (first !== undefined) {
      errors.add({ row, column: 'sector', value: sector, message: `Sector ${sector} is listed again (first at row ${first})`, expected: 'each sector once' });
      return;
    }
    this.seen.set(sector, row);
    rows.push({ sector, lat, lon, la, row });
  }

  check(): void {}

  store(_run: ImportRun, importId: number): Stored<object> {
    this.sqlite.prepare('DELETE FROM postcode_sectors').run();
    const insert = this.sqlite.prepare('INSERT INTO postcode_sectors (sector, latitude, longitude, la_code, import_id) VALUES (?, ?, ?, ?, ?)');
    for (const r of this.rows) insert.run(r.sector, r.lat, r.lon, r.la, importId);
    deriveAll(this.sqlite, importId);
    return { status: 'stored', supplied: [], details: { kind: 'postcode_sectors', file: this.opts.fileName, sectors: this.rows.length }, extra: {} };
  }

  rejected() {
    return { details: { kind: 'postcode_sectors', file: this.opts.fileName, errors: this.errors.total }, extra: {} };
  }
}
