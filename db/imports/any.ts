import type Database from 'better-sqlite3';
import { KIND_LABELS, detectKind, peek, type ImportKind } from '../../lib/importKinds';
import { IssueList } from '../../lib/issues';
import { importEes } from './ees';
import { importOfsted } from './ofsted';
import { importRo3 } from './ro3';
import { importPostcodeSectors } from './postcodes';
import { importSsda903 } from './ssda903';
import { runImport, type ImportPlugin, type ImportProgress, type ImportResult, type ImportRun, type ImportSource } from './pipeline';
import { importTemplate } from './template';

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
  const r = await runImport(sqlite, { ...common, totalBytes: null, onProgress: undefined }, new UnknownPlugin(opts.fileName, head, chunks));
  return { ...r, kind: null };
}

/** A file of no kind Sufficiency imports: drained (so an upload finishes cleanly) and refused. */
class UnknownPlugin implements ImportPlugin<object> {
  readonly kind = 'unknown';
  readonly errors: IssueList;
  readonly warnings = new IssueList('', 0);

  constructor(
    fileName: string,
    private readonly head: string,
    private readonly chunks: AsyncIterable<Uint8Array>,
  ) {
    this.errors = new IssueList(fileName, 1);
  }

  async read(): Promise<void> {
    for await (const _ of this.chunks) void _;
    const value = this.head.split(/\r?\n/)[0]?.slice(0, 120) ?? '';
    const message = this.head.trim() === '' ? 'The file is empty' : 'This is not a kind of file Sufficiency can import';
    this.errors.add({ row: 1, column: null, value, message, expected: EXPECTED });
  }

  check(): void {}

  store(): never {
    throw new Error('An unknown kind of file is never stored');
  }

  rejected(run: ImportRun) {
    return { details: { file: run.opts.fileName, kind: 'unknown' }, extra: {} };
  }
}

export { KIND_LABELS };
