import type Database from 'better-sqlite3';
import { KIND_LABELS, detectKind, peek, type ImportKind } from '../../lib/importKinds';
import { recordAudit } from '../audit';
import { importEes } from './ees';
import { importOfsted } from './ofsted';
import { importRo3 } from './ro3';
import { importPostcodeSectors } from './postcodes';
import { importSsda903 } from './ssda903';
import { importTemplate, type ImportProgress, type ImportResult, type ImportSource } from './template';

export interface AnyImportOptions {
  fileName: string;
  source: ImportSource;
  chunks: AsyncIterable<Uint8Array>;
  actor?: string | null;
  totalBytes?: number | null;
  maxBytes?: number;
  onProgress?: (p: ImportProgress) => void;
  /** For an EES file: the text of its .meta.csv, when there is one. */
  metaText?: string | null;
  /** Skip detection: the user said which kind it is. */
  kind?: ImportKind;
  /** For an SSDA903 return: the council it belongs to. */
  laCode?: string | null;
}

const EXPECTED =
  'a sufficiency template (header period_end, la_code, setting, provision, age_band, need, measure, value), ' +
  'a DfE Explore Education Statistics open-data CSV (time_period, geographic_level, ...) or ' +
  "Ofsted's providers and places register (URN, Provision type, ...) or " +
  "MHCLG's revenue outturn RO3 (E-code, ONS Code, ...), " +
  'an SSDA903 return table (CHILD, DECOM, ... / CHILD, SEX, DOB, ETHNIC, ...) or its XML form, or ' +
  'a postcode sector lookup (sector, latitude, longitude)';

/** Imports any file `npm run import` and the import page take, by what its header says it is. */
export async function importAnyFile(sqlite: Database.Database, opts: AnyImportOptions): Promise<ImportResult & { kind: ImportKind | null }> {
  const { head, headBytes, chunks } = await peek(opts.chunks);
  const utf16 = headBytes.length >= 2 && ((headBytes[0] === 0xff && headBytes[1] === 0xfe) || (headBytes[0] === 0xfe && headBytes[1] === 0xff));
  // A UTF-16 file (Excel's "Unicode text") goes to the template reader, which names the encoding.
  const kind = opts.kind ?? (utf16 ? 'sufficiency_template' : detectKind(head));
  const common = {
    fileName: opts.fileName,
    source: opts.source,
    chunks,
    actor: opts.actor ?? null,
    totalBytes: opts.totalBytes ?? null,
    maxBytes: opts.maxBytes,
    onProgress: opts.onProgress,
  };
  if (kind === 'sufficiency_template') return { ...(await importTemplate(sqlite, common)), kind };
  if (kind === 'ees') return { ...(await importEes(sqlite, { ...common, metaText: opts.metaText ?? null })), kind };
  if (kind === 'ofsted') return { ...(await importOfsted(sqlite, common)), kind };
  if (kind === 'ro3') return { ...(await importRo3(sqlite, common)), kind };
  if (kind === 'postcode_sectors') return { ...(await importPostcodeSectors(sqlite, common)), kind };
  if (kind === 'ssda903') {
    const r = await importSsda903(sqlite, {
      laCode: opts.laCode ?? null,
      files: [{ fileName: opts.fileName, chunks, totalBytes: opts.totalBytes ?? null }],
      source: opts.source,
      actor: opts.actor ?? null,
      maxBytes: opts.maxBytes,
      onProgress: (p) => opts.onProgress?.({ phase: p.phase === 'deriving' ? 'storing' : p.phase, bytes: p.bytes, totalBytes: p.totalBytes, rows: p.rows }),
    });
    return { ...r, kind };
  }
  // Unknown: refuse with a clear message, and keep a record of the attempt like any other import.
  for await (const _ of chunks) void _; // drain, so an upload finishes cleanly
  const error = {
    file: opts.fileName,
    row: 1,
    column: null,
    value: head.split(/\r?\n/)[0]?.slice(0, 120) ?? '',
    message: head.trim() === '' ? 'The file is empty' : 'This is not a kind of file Sufficiency can import',
    expected: EXPECTED,
  };
  const id = Number(
    sqlite
      .prepare(
        `INSERT INTO imports (kind, file_name, sha256, bytes, rows, status, error_count, errors, warnings, supplied, source, created_at, actor)
         VALUES ('unknown', ?, '', 0, 0, 'rejected', 1, ?, '[]', '[]', ?, ?, ?)`,
      )
      .run(opts.fileName, JSON.stringify([error]), opts.source, new Date().toISOString(), opts.actor ?? null).lastInsertRowid,
  );
  recordAudit(sqlite, { actor: opts.actor ?? null, action: 'import_rejected', target: `import #${id}`, details: { file: opts.fileName, kind: 'unknown' } });
  return {
    importId: id,
    status: 'rejected',
    fileName: opts.fileName,
    sha256: '',
    bytes: 0,
    rows: 0,
    errorCount: 1,
    errors: [error],
    warnings: [],
    supplied: [],
    kind: null,
  };
}

export { KIND_LABELS };
