import type Database from 'better-sqlite3';
import { readCsvStream } from '../../lib/csv/read';
import { FileFormatError, IssueList } from '../../lib/issues';
import { postcodeSector } from '../../lib/ssda903/codes';
import { recordAudit } from '../audit';
import { deriveAll } from './ssda903Derive';
import type { ImportResult, ImportSource, ImportProgress } from './template';

export interface PostcodeImportOptions {
  fileName: string;
  source: ImportSource;
  chunks: AsyncIterable<Uint8Array>;
  actor?: string | null;
  totalBytes?: number | null;
  maxBytes?: number;
  onProgress?: (p: ImportProgress) => void;
}

const COLUMNS = ['sector', 'latitude', 'longitude', 'la_code'] as const;

/**
 * Imports a postcode-sector lookup (ONS Postcode Directory style: sector, latitude, longitude and,
 * optionally, la_code). It replaces the lookup as a whole and re-derives every council's SSDA903
 * figures, so distances from home and placements outside the council become known, in one
 * transaction.
 */
export async function importPostcodeSectors(sqlite: Database.Database, opts: PostcodeImportOptions): Promise<ImportResult> {
  const errors = new IssueList(opts.fileName, 1000);
  const rows: { sector: string; lat: number; lon: number; la: string | null; row: number }[] = [];
  const seen = new Map<string, number>();
  let index: Partial<Record<(typeof COLUMNS)[number], number>> | null = null;
  let read = { bytes: 0, records: 0, sha256: '' };
  try {
    read = await readCsvStream(opts.chunks, {
      file: opts.fileName,
      maxBytes: opts.maxBytes,
      onProgress: (p) => opts.onProgress?.({ phase: 'reading', bytes: p.bytes, totalBytes: opts.totalBytes ?? null, rows: p.rows }),
      onRecord: (fields, row) => {
        if (index === null) {
          const names = fields.map((f) => f.replace(/^\uFEFF/, '').trim().toLowerCase());
          index = Object.fromEntries(COLUMNS.map((c) => [c, names.indexOf(c)]).filter(([, i]) => (i as number) >= 0));
          const missing = COLUMNS.slice(0, 3).filter((c) => index![c] === undefined);
          if (missing.length) errors.add({ row: 1, column: missing.join(', '), value: null, message: `The lookup has no column ${missing.join(', ')}`, expected: 'the columns sector, latitude, longitude (and optionally la_code)' });
          return;
        }
        if (errors.total > 0 && rows.length === 0 && row === 2 && index.sector === undefined) return;
        const cell = (c: (typeof COLUMNS)[number]) => (index![c] === undefined ? '' : (fields[index![c]!] ?? '').trim());
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
        const first = seen.get(sector);
        if (first !== undefined) {
          errors.add({ row, column: 'sector', value: sector, message: `Sector ${sector} is listed again (first at row ${first})`, expected: 'each sector once' });
          return;
        }
        seen.set(sector, row);
        rows.push({ sector, lat, lon, la, row });
      },
    });
  } catch (e) {
    if (!(e instanceof FileFormatError)) throw e;
    errors.add({ row: e.row, column: null, value: null, message: e.message, expected: e.expected });
  }
  if (errors.empty && rows.length === 0) errors.add({ row: null, column: null, value: null, message: 'The lookup has no sectors', expected: 'a header and one row per postcode sector' });

  const record = (status: 'stored' | 'rejected') =>
    Number(
      sqlite
        .prepare(
          `INSERT INTO imports (kind, file_name, sha256, bytes, rows, status, error_count, errors, warnings, supplied, source, created_at, actor)
           VALUES ('postcode_sectors', ?, ?, ?, ?, ?, ?, ?, '[]', '[]', ?, ?, ?)`,
        )
        .run(opts.fileName, read.sha256, read.bytes, rows.length, status, errors.total, JSON.stringify(errors.items), opts.source, new Date().toISOString(), opts.actor ?? null).lastInsertRowid,
    );
  const base = { fileName: opts.fileName, sha256: read.sha256, bytes: read.bytes, rows: rows.length, warnings: [], supplied: [] };
  if (!errors.empty) {
    const id = record('rejected');
    recordAudit(sqlite, { actor: opts.actor ?? null, action: 'import_rejected', target: `import #${id}`, details: { kind: 'postcode_sectors', file: opts.fileName, errors: errors.total } });
    return { ...base, importId: id, status: 'rejected', errorCount: errors.total, errors: errors.items };
  }
  opts.onProgress?.({ phase: 'storing', bytes: read.bytes, totalBytes: opts.totalBytes ?? null, rows: rows.length });
  const importId = sqlite
    .transaction(() => {
      const id = record('stored');
      sqlite.prepare('DELETE FROM postcode_sectors').run();
      const insert = sqlite.prepare('INSERT INTO postcode_sectors (sector, latitude, longitude, la_code, import_id) VALUES (?, ?, ?, ?, ?)');
      for (const r of rows) insert.run(r.sector, r.lat, r.lon, r.la, id);
      deriveAll(sqlite, id);
      recordAudit(sqlite, { actor: opts.actor ?? null, action: 'import_stored', target: `import #${id}`, details: { kind: 'postcode_sectors', file: opts.fileName, sectors: rows.length } });
      return id;
    })
    .immediate();
  opts.onProgress?.({ phase: 'done', bytes: read.bytes, totalBytes: opts.totalBytes ?? null, rows: rows.length });
  return { ...base, importId, status: 'stored', errorCount: 0, errors: [] };
}
