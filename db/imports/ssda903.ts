import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { readCsvStream } from '../../lib/csv/read';
import { IssueList, type ImportIssue } from '../../lib/issues';
import { peek } from '../../lib/importKinds';
import {
  SIXTEEN_PLUS_PLACE,
  TABLE_COLUMNS,
  TABLE_LABELS,
  URN_REQUIRED_PLACE,
  collectionLabel,
  yearEndOf,
  type Ssda903Table,
} from '../../lib/ssda903/codes';
import { compileRowChecker, mapColumns, tableOfHeader, type ColumnMap, type RowChecker } from '../../lib/ssda903/rows';
import { looksLikeSsda903Xml, readSsda903Xml } from '../../lib/ssda903/xml';
import { notCsv, runImport, type ImportPlugin, type ImportResult, type ImportRun, type ImportSource, type Issues, type Stored, type SuppliedSet } from './pipeline';
import { checkGroup, type EpisodesSeen, type FileInfo } from './ssda903Checks';
import { Stager } from './staging';
import { deriveCouncil, type DerivedChange } from './ssda903Derive';

export interface Ssda903File {
  fileName: string;
  chunks: AsyncIterable<Uint8Array>;
  totalBytes?: number | null;
}

export interface Ssda903Progress {
  phase: 'reading' | 'checking' | 'storing' | 'deriving' | 'done';
  file: string | null;
  bytes: number;
  totalBytes: number | null;
  rows: number;
}

export interface Ssda903ImportOptions {
  /** The council the return belongs to (the return does not say). */
  laCode: string | null;
  files: Ssda903File[];
  source: ImportSource;
  actor?: string | null;
  maxBytes?: number;
  onProgress?: (p: Ssda903Progress) => void;
  issueCap?: number;
}

export interface ReturnOutcome {
  yearEnd: number;
  label: string;
  files: string[];
  children: number;
  episodes: number;
  uascRows: number;
  outcome: 'new' | 'replaced' | 'unchanged';
  version: number;
  /** Counts of the reported findings, by key (see FINDINGS). */
  findings: Record<string, number>;
}

export interface Ssda903ImportResult extends ImportResult {
  laCode: string | null;
  returns: ReturnOutcome[];
  /** How each 31 March count of the combined view moved because of this import. */
  changes: DerivedChange[];
}

// The staged columns are the table's own, in lower case and in the same order: the row checker
// writes a row's values in that order, so they go into the INSERT as they are.
const STAGE_COLUMNS: Record<Ssda903Table, string[]> = {
  header: TABLE_COLUMNS.header.map((c) => c.toLowerCase()),
  episodes: TABLE_COLUMNS.episodes.map((c) => c.toLowerCase()),
  uasc: TABLE_COLUMNS.uasc.map((c) => c.toLowerCase()),
};
/** Where the staging needs a checked value (positions in TABLE_COLUMNS order). */
const AT = {
  decom: TABLE_COLUMNS.episodes.indexOf('DECOM'),
  dec: TABLE_COLUMNS.episodes.indexOf('DEC'),
  rec: TABLE_COLUMNS.episodes.indexOf('REC'),
  ls: TABLE_COLUMNS.episodes.indexOf('LS'),
  place: TABLE_COLUMNS.episodes.indexOf('PLACE'),
  placeProvider: TABLE_COLUMNS.episodes.indexOf('PLACE_PROVIDER'),
  homePost: TABLE_COLUMNS.episodes.indexOf('HOME_POST'),
  plPost: TABLE_COLUMNS.episodes.indexOf('PL_POST'),
  urn: TABLE_COLUMNS.episodes.indexOf('URN'),
  headerSex: TABLE_COLUMNS.header.indexOf('SEX'),
  uascSex: TABLE_COLUMNS.uasc.indexOf('SEX'),
};

// The row loop uses these for every row: read once here, as an imported binding is a getter call
// under the CommonJS interop of tsx and of the bundler.
const ROW_LOOP = { sixteenPlusPlace: SIXTEEN_PLUS_PLACE, urnRequiredPlace: URN_REQUIRED_PLACE, yearEndOf };

/**
 * What the staging saw of one return's episodes, so that checkGroup can skip a full scan of the
 * staged episodes when it cannot find anything (a national return has a million of them).
 */
const yearToken = (name: string): number | null => {
  const m = /(?:^|[^0-9])((?:19|20)\d{2})(?![0-9])/.exec(name);
  return m ? Number(m[1]) : null;
};

/** Issue lists by file, in the order the files first had one. */
class IssueLists implements Issues {
  private readonly lists = new Map<string, IssueList>();
  constructor(private readonly cap: number) {}

  for(file: string): IssueList {
    let l = this.lists.get(file);
    if (!l) this.lists.set(file, (l = new IssueList(file, this.cap)));
    return l;
  }

  get total(): number {
    let n = 0;
    for (const l of this.lists.values()) n += l.total;
    return n;
  }

  get items(): ImportIssue[] {
    return [...this.lists.values()].flatMap((l) => l.items);
  }
}

/**
 * The content hash of each return: its rows' lines are gathered and hashed 512 at a time (one
 * hash call per row was a noticeable share of the import); the digest is the same.
 */
class ContentHashes {
  private readonly byGroup = new Map<number, { hash: ReturnType<typeof createHash>; lines: string[] }>();
  private state(g: number) {
    let h = this.byGroup.get(g);
    if (!h) this.byGroup.set(g, (h = { hash: createHash('sha256'), lines: [] }));
    return h;
  }

  line(g: number, line: string): void {
    const h = this.state(g);
    if (h.lines.push(line) === 512) {
      h.hash.update(h.lines.join(''));
      h.lines.length = 0;
    }
  }

  digest(g: number): string {
    const h = this.state(g);
    h.hash.update(h.lines.join(''));
    h.lines.length = 0;
    return h.hash.digest('hex');
  }
}

/**
 * Episodes by the collection year their latest date falls in, counted while staging: telling
 * the return's year then needs no pass over a million staged rows.
 */
function countDate(buckets: Map<number, Map<number, { n: number; last: string }>>, g: number, decom: string, dec: string | null): void {
  const d = dec !== null && dec > decom ? dec : decom;
  let byYear = buckets.get(g);
  if (!byYear) buckets.set(g, (byYear = new Map<number, { n: number; last: string }>()));
  const y = ROW_LOOP.yearEndOf(d);
  const b = byYear.get(y);
  if (!b) byYear.set(y, { n: 1, last: d });
  else {
    b.n += 1;
    if (d > b.last) b.last = d;
  }
}

/**
 * Imports one council's SSDA903 returns: one year's files or several years' at once (CSV tables
 * or the XML form). Every file is streamed into connection-private staging tables and checked in
 * full; any blocking problem rejects the whole import with every problem listed and nothing
 * stored. Otherwise, in one transaction: each year's return is stored as a new version, and the
 * figures derived from it (each return's own view, and the combined view) replace the council's
 * derived figures where they changed.
 */
export function importSsda903(sqlite: Database.Database, opts: Ssda903ImportOptions): Promise<Ssda903ImportResult> {
  const totalBytes = opts.files.reduce<number | null>((n, f) => (n === null || f.totalBytes == null ? null : n + f.totalBytes), 0);
  return runImport(
    sqlite,
    {
      fileName: opts.files.map((f) => f.fileName).join(', '),
      source: opts.source,
      actor: opts.actor,
      totalBytes,
      maxBytes: opts.maxBytes,
      onProgress: opts.onProgress,
      progressNamesFile: true,
    },
    new Ssda903Plugin(sqlite, opts),
  );
}

type Ssda903Extra = { laCode: string | null; returns: ReturnOutcome[]; changes: DerivedChange[] };
const GENERAL = '(this import)';

class Ssda903Plugin implements ImportPlugin<Ssda903Extra> {
  readonly kind = 'ssda903';
  readonly errors: IssueLists;
  readonly warnings = new IssueLists(100);
  private readonly laCode: string | null;
  private readonly council: { code: string; name: string } | undefined;
  private readonly files: FileInfo[];
  private readonly streams: AsyncIterable<Uint8Array>[] = [];
  private staging!: Record<Ssda903Table, Stager>;
  private readonly dateBuckets = new Map<number, Map<number, { n: number; last: string }>>();
  /** The SEX codes seen: the check against the year's list scans the tables only if one may fail it. */
  private readonly sexSeen = new Set<string>();
  private readonly episodesSeen = new Map<number, EpisodesSeen>();
  private readonly hashes = new ContentHashes();
  private readonly groupInfo = new Map<number, { yearEnd: number | null; files: FileInfo[]; findings: Record<string, number> }>();
  private bytesBefore = 0;
  /** The issues of the import as a whole, listed after those of the files read before the first one. */
  private readonly general: Pick<IssueList, 'add'> = { add: (i) => this.errors.for(GENERAL).add(i) };
  private totalRows = 0;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly opts: Ssda903ImportOptions,
  ) {
    this.errors = new IssueLists(opts.issueCap ?? 1000);
    const laCode = (this.laCode = opts.laCode?.trim().toUpperCase() || null);
    this.council = laCode
      ? (sqlite.prepare('SELECT code, name FROM councils WHERE code = ? OR upper(old_code) = ?').get(laCode, laCode) as { code: string; name: string } | undefined)
      : undefined;
    if (!laCode) {
      this.general.add({ row: null, column: null, value: null, message: 'The return does not say which council it belongs to, and no council was given', expected: 'the council: --la CODE on the command line, or the council field on the import page' });
    } else if (!this.council) {
      this.general.add({ row: null, column: null, value: laCode, message: `${laCode} is not a council Sufficiency knows`, expected: "the council's ONS code, e.g. E06000004" });
    }
    this.files = opts.files.map((f, index) => ({ index, name: f.fileName, kind: null, token: yearToken(f.fileName), group: 0, rows: 0, bytes: 0, sha256: '' }));
  }

  async read(run: ImportRun): Promise<void> {
    this.createStaging();
    await this.classify();
    this.groupFiles();
    // Stream every file into staging, checking each row.
    await run.reading(this.general, async () => {
      for (const info of this.files) {
        await this.readFile(run, info, this.streams[info.index]!);
        this.bytesBefore += info.bytes;
        this.totalRows += info.rows;
      }
      for (const s of Object.values(this.staging)) s.flush();
    });
    run.sha256 = createHash('sha256').update(this.files.map((f) => f.sha256).join(',')).digest('hex');
    run.bytes = this.bytesBefore;
    run.rows = this.totalRows;
  }

  private createStaging(): void {
    // The staging tables are scanned several times by the checks: a bounded page cache of 64 MB for
    // the temp database keeps them from being re-read from disk, while memory stays flat in file size.
    this.sqlite.exec(`PRAGMA temp.cache_size = -65536; DROP TABLE IF EXISTS temp.stage_header; DROP TABLE IF EXISTS temp.stage_episodes; DROP TABLE IF EXISTS temp.stage_uasc;
      CREATE TABLE temp.stage_header (grp INTEGER, file INTEGER, row INTEGER, ${STAGE_COLUMNS.header.map((c) => `${c} TEXT`).join(', ')});
      CREATE TABLE temp.stage_episodes (grp INTEGER, file INTEGER, row INTEGER, ${STAGE_COLUMNS.episodes.map((c) => `${c} TEXT`).join(', ')}, seq INTEGER PRIMARY KEY);
      CREATE TABLE temp.stage_uasc (grp INTEGER, file INTEGER, row INTEGER, ${STAGE_COLUMNS.uasc.map((c) => `${c} TEXT`).join(', ')});`);
    // (The episodes' seq is their rowid, named so that the index can carry it: see check.)
    const stager = (t: Ssda903Table) => new Stager(this.sqlite, `temp.stage_${t} (grp, file, row, ${STAGE_COLUMNS[t].join(', ')})`, 3 + STAGE_COLUMNS[t].length, 200);
    this.staging = { header: stager('header'), episodes: stager('episodes'), uasc: stager('uasc') };
  }

  /** Which table (or the XML form) each file is, from its first bytes. */
  private async classify(): Promise<void> {
    for (const [i, f] of this.opts.files.entries()) {
      const { head, headBytes, chunks } = await peek(f.chunks, 16 * 1024);
      this.streams.push(chunks);
      const info = this.files[i]!;
      if (headBytes.length === 0) info.unreadable = 'The file is empty';
      else if ((headBytes[0] === 0xff && headBytes[1] === 0xfe) || (headBytes[0] === 0xfe && headBytes[1] === 0xff)) info.unreadable = 'The file is UTF-16 text, not UTF-8';
      if (info.unreadable) info.kind = null;
      else if (looksLikeSsda903Xml(head)) info.kind = 'xml';
      else {
        const firstLine = head.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
        info.kind = tableOfHeader(firstLine.split(',').map((c) => c.replace(/^"|"$/g, '')));
      }
    }
  }

  /** Groups the files into returns. One episodes file (or XML): one return. Several: by the year in their names. */
  private groupFiles(): void {
    const { files } = this;
    const several = files.filter((f) => f.kind === 'episodes' || f.kind === 'xml').length > 1;
    const tokens = [...new Set(files.map((f) => f.token))];
    if (several) {
      const byToken = new Map<number | null, number>();
      for (const f of files) {
        if (f.token === null) {
          this.errors.for(f.name).add({ row: null, column: null, value: f.name, message: 'Several years are being imported and this file name carries no year, so it cannot be matched to its return', expected: 'each file named with its year, e.g. 2023-header.csv, 2023-episodes.csv, 2023-uasc.csv' });
          continue;
        }
        if (!byToken.has(f.token)) byToken.set(f.token, byToken.size);
        f.group = byToken.get(f.token)!;
      }
    } else if (tokens.filter((t) => t !== null).length > 1) {
      this.general.add({
        row: null,
        column: null,
        value: files.map((f) => f.name).join(', '),
        message: `The files of this return are from different years (${files.map((f) => `${f.name}: ${f.token ?? 'no year'}`).join('; ')}): they look mixed up`,
        expected: "one year's header, episodes and UASC files together (or several years, each with its own episodes file)",
      });
    }
  }

  /** Streams one file (a CSV table or the XML form) into staging. */
  private async readFile(run: ImportRun, info: FileInfo, chunks: AsyncIterable<Uint8Array>): Promise<void> {
    const list = this.errors.for(info.name);
    if (info.kind === null) {
      for await (const _ of chunks) void _;
      if (info.unreadable) {
        list.add({ row: null, column: null, value: null, message: info.unreadable, expected: 'an SSDA903 table as CSV saved as "CSV UTF-8 (comma delimited)", or the XML form in UTF-8' });
        return;
      }
      list.add({ row: 1, column: null, value: null, message: 'This is not an SSDA903 file: its first row is not the header of the header, episodes or UASC table, nor the XML form', expected: `the columns of one table: header (${TABLE_COLUMNS.header.join(', ')}), episodes (${TABLE_COLUMNS.episodes.join(', ')}) or UASC (${TABLE_COLUMNS.uasc.join(', ')})` });
      return;
    }
    const stage = this.stagerFor(info, list);
    const reading = { file: info.name, maxBytes: this.opts.maxBytes, onProgress: (p: { bytes: number; rows: number }) => run.progress('reading', info.name, this.bytesBefore + p.bytes, this.totalRows + p.rows) };
    try {
      const r = info.kind === 'xml' ? await readXml(chunks, reading, stage) : await readTable(info.kind, chunks, reading, stage, list);
      info.bytes = r.bytes;
      info.sha256 = r.sha256;
      if (info.kind !== 'xml' && info.rows === 0 && list.empty) {
        list.add({ row: null, column: null, value: null, message: `The ${TABLE_LABELS[info.kind]} file has a header but no rows`, expected: `at least one row under the header` });
      }
    } catch (e) {
      notCsv(e, list);
    }
  }

  /** Checks a row and stages it; notes what the cross-row checks may skip. On the hot path: a million rows. */
  private stagerFor(info: FileInfo, list: IssueList): StageRow {
    const g = info.group;
    const { staging, hashes, dateBuckets, sexSeen } = this;
    let episodes = this.episodesSeen.get(g);
    if (!episodes) this.episodesSeen.set(g, (episodes = { places: new Set(), flagged: false, sixteenPlus: false }));
    const seen = episodes;
    // The checked values of the row at hand (reused: one array for the whole file).
    const values: (string | null)[] = [];
    return (table, check, fields, row) => {
      const rowIssues = check(fields, row, values);
      if (rowIssues !== null) {
        for (const i of rowIssues) list.add(i);
        return;
      }
      const p = staging[table];
      const buf = p.values;
      buf[p.n++] = g;
      buf[p.n++] = info.index;
      buf[p.n++] = row;
      // The row's text for the content hash: as `${table}|${values.join('|')}\n` (blanks empty).
      let text = table;
      const columns = STAGE_COLUMNS[table].length;
      for (let k = 0; k < columns; k++) {
        const v = values[k] ?? null;
        buf[p.n++] = v;
        text += v === null ? '|' : `|${v}`;
      }
      hashes.line(g, `${text}\n`);
      p.rowDone();
      if (table === 'episodes') noteEpisode(values, seen, dateBuckets, g);
      else sexSeen.add(values[table === 'header' ? AT.headerSex : AT.uascSex] ?? '');
      info.rows += 1;
    };
  }

  check(run: ImportRun): 'reject' | void {
    run.progress('checking');
    // The checks across rows and files join on the child: index the staged rows once, after loading.
    // The episodes' index carries every column the checks read (dec, file, place), so they read it
    // alone, in order, instead of looking each of a million rows up in the table at random (which,
    // once the staged rows outgrow the temp page cache, is a read from disk a row). seq (the rowid)
    // comes right after the key so that rows with the same key are in the same order as before.
    this.sqlite.exec(`CREATE INDEX temp.stage_header_child ON stage_header (grp, child);
      CREATE INDEX temp.stage_uasc_child ON stage_uasc (grp, child);
      CREATE INDEX temp.stage_episodes_child ON stage_episodes (grp, child, decom, row, seq, dec, file, place);`);
    const general = this.general;
    const groups = [...new Set(this.files.filter((f) => f.kind !== null).map((f) => f.group))].sort((a, b) => a - b);
    for (const g of groups) {
      const gf = this.files.filter((f) => f.group === g && f.kind !== null);
      checkFilesOfReturn(gf, general);
      const checked = checkGroup(this.sqlite, g, gf, (f) => this.errors.for(f), (f) => this.warnings.for(f), this.dateBuckets.get(g) ?? new Map(), this.sexSeen, this.episodesSeen.get(g));
      this.groupInfo.set(g, { yearEnd: checked.yearEnd, files: gf, findings: checked.findings });
    }
    const years = [...this.groupInfo.values()].map((x) => x.yearEnd).filter((y): y is number => y !== null);
    const dupYears = years.filter((y, i) => years.indexOf(y) !== i);
    for (const y of new Set(dupYears)) {
      general.add({ row: null, column: null, value: String(y), message: `Two sets of files are both the ${collectionLabel(y)} return`, expected: "each year's return once" });
    }
    if (!this.council) return 'reject';
  }

  store(run: ImportRun, importId: number): Stored<Ssda903Extra> {
    const council = this.council!;
    const now = new Date().toISOString();
    const returns = [...this.groupInfo].map(([g, info]) => this.storeReturn(g, info, importId, now));
    run.progress('deriving');
    const changed = returns.filter((r) => r.outcome !== 'unchanged').map((r) => r.yearEnd);
    const derived = changed.length > 0 ? deriveCouncil(this.sqlite, council.code, importId, changed) : { supplied: [] as SuppliedSet[], changes: [] as DerivedChange[] };
    const o = this.opts;
    return {
      status: changed.length === 0 ? 'unchanged' : 'stored',
      supplied: derived.supplied,
      record: { laCode: council.code, returns, sets: derived.supplied, changes: derived.changes },
      details: { kind: 'ssda903', la: council.code, files: this.files.map((f) => f.name), source: o.source, returns: returns.map((r) => `${r.label} ${r.outcome} v${r.version}`) },
      extra: { laCode: council.code, returns, changes: derived.changes },
    };
  }

  /** One year's return: a new version unless its content is the current one's. */
  private storeReturn(g: number, info: { yearEnd: number | null; files: FileInfo[]; findings: Record<string, number> }, importId: number, now: string): ReturnOutcome {
    const { sqlite } = this;
    const la = this.council!.code;
    const yearEnd = info.yearEnd!;
    const digest = this.hashes.digest(g);
    const counts = sqlite
      .prepare(
        `SELECT (SELECT count(*) FROM temp.stage_header WHERE grp = ?) AS children, (SELECT count(*) FROM temp.stage_episodes WHERE grp = ?) AS episodes,
           (SELECT count(*) FROM temp.stage_uasc WHERE grp = ?) AS uasc`,
      )
      .get(g, g, g) as { children: number; episodes: number; uasc: number };
    const current = sqlite
      .prepare('SELECT id, version, files FROM ssda903_returns WHERE la_code = ? AND year_end = ? AND is_current = 1')
      .get(la, yearEnd) as { id: number; version: number; files: string } | undefined;
    const outcomeBase = { yearEnd, label: collectionLabel(yearEnd), files: info.files.map((f) => f.name), children: counts.children, episodes: counts.episodes, uascRows: counts.uasc, findings: info.findings };
    if (current && (JSON.parse(current.files) as { content?: string }).content === digest) return { ...outcomeBase, outcome: 'unchanged', version: current.version };
    const version = (sqlite.prepare('SELECT coalesce(max(version), 0) AS v FROM ssda903_returns WHERE la_code = ? AND year_end = ?').get(la, yearEnd) as { v: number }).v + 1;
    if (current) sqlite.prepare('UPDATE ssda903_returns SET is_current = 0 WHERE id = ?').run(current.id);
    const returnId = Number(
      sqlite
        .prepare(
          `INSERT INTO ssda903_returns (la_code, year_end, version, import_id, is_current, children, episodes, uasc_rows, files, findings, created_at)
           VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)`,
        )
        .run(la, yearEnd, version, importId, counts.children, counts.episodes, counts.uasc, JSON.stringify({ files: outcomeBase.files, content: digest }), JSON.stringify(info.findings), now).lastInsertRowid,
    );
    sqlite.prepare(`INSERT INTO ssda903_children (return_id, row, child, sex, dob, ethnic, mother, mc_dob) SELECT ?, row, child, sex, dob, ethnic, mother, mc_dob FROM temp.stage_header WHERE grp = ? ORDER BY child`).run(returnId, g);
    sqlite
      .prepare(
        `INSERT INTO ssda903_episodes (return_id, row, child, decom, rne, ls, cin, place, place_provider, dec, rec, reason_place_change, home_post, pl_post, urn)
         SELECT ?, row, child, decom, rne, ls, cin, place, place_provider, dec, rec, reason_place_change, home_post, pl_post, urn FROM temp.stage_episodes WHERE grp = ? ORDER BY child, decom, row`,
      )
      .run(returnId, g);
    sqlite.prepare(`INSERT INTO ssda903_uasc (return_id, row, child, sex, dob, duc) SELECT ?, row, child, sex, dob, duc FROM temp.stage_uasc WHERE grp = ? ORDER BY child`).run(returnId, g);
    return { ...outcomeBase, outcome: current ? 'replaced' : 'new', version };
  }

  rejected() {
    const o = this.opts;
    return {
      details: { kind: 'ssda903', files: this.files.map((f) => f.name), la: this.laCode, errors: this.errors.total, source: o.source },
      extra: { laCode: this.council?.code ?? this.laCode, returns: [], changes: [] },
    };
  }

  drop(): void {
    this.sqlite.exec('DROP TABLE IF EXISTS temp.stage_header; DROP TABLE IF EXISTS temp.stage_episodes; DROP TABLE IF EXISTS temp.stage_uasc;');
  }
}

type StageRow = (table: Ssda903Table, check: RowChecker, fields: readonly string[], row: number) => void;
type Reading = { file: string; maxBytes?: number; onProgress: (p: { bytes: number; rows: number }) => void };

/** A return's files: one episodes and one header file (a UASC file optional), none twice. */
function checkFilesOfReturn(gf: FileInfo[], general: Pick<IssueList, 'add'>): void {
  const has = (k: Ssda903Table) => gf.some((f) => f.kind === k || f.kind === 'xml');
  const name = gf.map((f) => f.name).join(', ');
  if (!has('episodes')) general.add({ row: null, column: null, value: name, message: `No episodes file for ${gf[0]?.token ?? 'the return'} (${name})`, expected: 'an episodes file (CHILD, DECOM, RNE, ...) with its header file' });
  if (!has('header')) general.add({ row: null, column: null, value: name, message: `No header file for ${gf[0]?.token ?? 'the return'} (${name})`, expected: 'a header file (CHILD, SEX, DOB, ETHNIC, UPN, MOTHER, MC_DOB) with its episodes file' });
  for (const k of ['header', 'episodes', 'uasc'] as const) {
    const same = gf.filter((f) => f.kind === k);
    if (same.length > 1) general.add({ row: null, column: null, value: same.map((f) => f.name).join(', '), message: `Two ${TABLE_LABELS[k]} files for one return`, expected: `one ${TABLE_LABELS[k]} file a year` });
  }
}

/** The year-independent row checks of checkGroup's scan, in the same terms as its SQL, noted while staging. */
function noteEpisode(values: (string | null)[], seen: EpisodesSeen, dateBuckets: Map<number, Map<number, { n: number; last: string }>>, g: number): void {
  const decom = values[AT.decom]!;
  const dec = values[AT.dec] ?? null;
  countDate(dateBuckets, g, decom, dec);
  const place = values[AT.place]!;
  const ls = values[AT.ls]!;
  seen.places.add(place);
  if (ROW_LOOP.sixteenPlusPlace.has(place)) seen.sixteenPlus = true;
  if (
    (dec !== null && dec < decom) ||
    ((values[AT.urn] ?? null) === null && ROW_LOOP.urnRequiredPlace.has(place) && (values[AT.placeProvider] ?? '') !== 'PR0') ||
    (dec === null) !== ((values[AT.rec] ?? null) === null) ||
    (((values[AT.homePost] ?? null) === null || (values[AT.plPost] ?? null) === null) && ls !== 'V3' && ls !== 'V4')
  ) {
    seen.flagged = true;
  }
}

function readXml(chunks: AsyncIterable<Uint8Array>, reading: Reading, stage: StageRow) {
  const checkers = {
    header: compileRowChecker(mapColumns('header', TABLE_COLUMNS.header)),
    episodes: compileRowChecker(mapColumns('episodes', TABLE_COLUMNS.episodes)),
    uasc: compileRowChecker(mapColumns('uasc', TABLE_COLUMNS.uasc)),
  };
  return readSsda903Xml(chunks, { ...reading, onRecord: (rec) => stage(rec.table, checkers[rec.table], TABLE_COLUMNS[rec.table].map((c) => rec.fields[c] ?? ''), rec.line) });
}

function readTable(table: Ssda903Table, chunks: AsyncIterable<Uint8Array>, reading: Reading, stage: StageRow, list: IssueList) {
  let map: ColumnMap | null = null;
  let check: RowChecker | null = null;
  return readCsvStream(chunks, {
    ...reading,
    onRecord: (fields, row) => {
      if (map === null) {
        map = mapColumns(table, fields);
        if (map.missing.length > 0) {
          list.add({ row: 1, column: map.missing.join(', '), value: null, message: `The ${TABLE_LABELS[table]} file has no column ${map.missing.join(', ')}`, expected: `the columns ${TABLE_COLUMNS[table].join(', ')}` });
        }
        return;
      }
      if (map.missing.length > 0) return;
      check ??= compileRowChecker(map);
      stage(table, check, fields, row);
    },
  });
}

export type { ImportIssue };
