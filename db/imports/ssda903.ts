import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { readCsvStream } from '../../lib/csv/read';
import { FileFormatError, IssueList, type ImportIssue } from '../../lib/issues';
import { peek } from '../../lib/importKinds';
import {
  SIXTEEN_PLUS_PLACE,
  TABLE_COLUMNS,
  TABLE_LABELS,
  URN_REQUIRED_PLACE,
  codeListsFor,
  collectionLabel,
  yearEndOf,
  type Ssda903Table,
} from '../../lib/ssda903/codes';
import { compileRowChecker, mapColumns, tableOfHeader, type ColumnMap, type RowChecker } from '../../lib/ssda903/rows';
import { FINDINGS } from '../../lib/ssda903/quality';
import { looksLikeSsda903Xml, readSsda903Xml } from '../../lib/ssda903/xml';
import { recordAudit } from '../audit';
import type { ImportResult, ImportSource, SuppliedSet } from './template';
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
interface EpisodesSeen {
  /** The PLACE codes seen (a handful). */
  places: Set<string>;
  /** Whether any episode would be flagged by a row-wise check that does not depend on the year. */
  flagged: boolean;
  /** Whether any episode is in a 16-plus placement (SIXTEEN_PLUS_PLACE). */
  sixteenPlus: boolean;
}

interface FileInfo {
  index: number;
  name: string;
  kind: Ssda903Table | 'xml' | null;
  /** Why the file cannot be read at all (empty, UTF-16), when it cannot. */
  unreadable?: string;
  /** The year the file's name carries, if any (e.g. 2017 in 2017-episodes.csv). */
  token: number | null;
  group: number;
  rows: number;
  bytes: number;
  sha256: string;
}

const yearToken = (name: string): number | null => {
  const m = /(?:^|[^0-9])((?:19|20)\d{2})(?![0-9])/.exec(name);
  return m ? Number(m[1]) : null;
};

/**
 * Imports one council's SSDA903 returns: one year's files or several years' at once (CSV tables
 * or the XML form). Every file is streamed into connection-private staging tables and checked in
 * full; any blocking problem rejects the whole import with every problem listed and nothing
 * stored. Otherwise, in one transaction: each year's return is stored as a new version, and the
 * figures derived from it (each return's own view, and the combined view) replace the council's
 * derived figures where they changed.
 */
export async function importSsda903(sqlite: Database.Database, opts: Ssda903ImportOptions): Promise<Ssda903ImportResult> {
  const cap = opts.issueCap ?? 1000;
  const lists = new Map<string, IssueList>();
  const issues = (file: string) => {
    let l = lists.get(file);
    if (!l) lists.set(file, (l = new IssueList(file, cap)));
    return l;
  };
  const general = '(this import)';
  const warnLists = new Map<string, IssueList>();
  const warn = (file: string) => {
    let l = warnLists.get(file);
    if (!l) warnLists.set(file, (l = new IssueList(file, 100)));
    return l;
  };
  const laCode = opts.laCode?.trim().toUpperCase() || null;
  const council = laCode
    ? (sqlite.prepare('SELECT code, name FROM councils WHERE code = ? OR upper(old_code) = ?').get(laCode, laCode) as { code: string; name: string } | undefined)
    : undefined;
  if (!laCode) {
    issues(general).add({ row: null, column: null, value: null, message: 'The return does not say which council it belongs to, and no council was given', expected: 'the council: --la CODE on the command line, or the council field on the import page' });
  } else if (!council) {
    issues(general).add({ row: null, column: null, value: laCode, message: `${laCode} is not a council Sufficiency knows`, expected: "the council's ONS code, e.g. E06000004" });
  }

  // The staging tables are scanned several times by the checks: a bounded page cache of 64 MB for
  // the temp database keeps them from being re-read from disk, while memory stays flat in file size.
  sqlite.exec(`PRAGMA temp.cache_size = -65536; DROP TABLE IF EXISTS temp.stage_header; DROP TABLE IF EXISTS temp.stage_episodes; DROP TABLE IF EXISTS temp.stage_uasc;
    CREATE TABLE temp.stage_header (grp INTEGER, file INTEGER, row INTEGER, ${STAGE_COLUMNS.header.map((c) => `${c} TEXT`).join(', ')});
    CREATE TABLE temp.stage_episodes (grp INTEGER, file INTEGER, row INTEGER, ${STAGE_COLUMNS.episodes.map((c) => `${c} TEXT`).join(', ')}, seq INTEGER PRIMARY KEY);
    CREATE TABLE temp.stage_uasc (grp INTEGER, file INTEGER, row INTEGER, ${STAGE_COLUMNS.uasc.map((c) => `${c} TEXT`).join(', ')});`);
  // Rows are staged in batches: one statement per BATCH rows is several times faster than one per row.
  // (The episodes' seq is their rowid, named so that the index can carry it: see below.)
  const BATCH = 200;
  const width = (t: Ssda903Table) => 3 + STAGE_COLUMNS[t].length;
  const insertSql = (t: Ssda903Table, n: number) =>
    `INSERT INTO temp.stage_${t} (grp, file, row, ${STAGE_COLUMNS[t].join(', ')}) VALUES ${Array.from({ length: n }, () => `(${Array(width(t)).fill('?').join(', ')})`).join(', ')}`;
  const batchInsert: Record<Ssda903Table, Database.Statement> = {
    header: sqlite.prepare(insertSql('header', BATCH)),
    episodes: sqlite.prepare(insertSql('episodes', BATCH)),
    uasc: sqlite.prepare(insertSql('uasc', BATCH)),
  };
  // One reused buffer per table (no array per row or per batch): `n` values are filled.
  const pending: Record<Ssda903Table, { values: (string | number | null)[]; n: number }> = {
    header: { values: new Array<string | number | null>(BATCH * width('header')), n: 0 },
    episodes: { values: new Array<string | number | null>(BATCH * width('episodes')), n: 0 },
    uasc: { values: new Array<string | number | null>(BATCH * width('uasc')), n: 0 },
  };
  const flush = (t: Ssda903Table) => {
    const p = pending[t];
    if (p.n === 0) return;
    const rows = p.n / width(t);
    // Spread as arguments: better-sqlite3 reads arguments directly but an array's elements one
    // property lookup at a time, a third slower over millions of values.
    if (rows === BATCH) batchInsert[t].run(...p.values);
    else sqlite.prepare(insertSql(t, rows)).run(...p.values.slice(0, p.n));
    p.n = 0;
  };

  // Group the files into returns. One episodes file (or XML): one return. Several: by the year in their names.
  const files: FileInfo[] = opts.files.map((f, index) => ({ index, name: f.fileName, kind: null, token: yearToken(f.fileName), group: 0, rows: 0, bytes: 0, sha256: '' }));
  const streams: AsyncIterable<Uint8Array>[] = [];
  for (const [i, f] of opts.files.entries()) {
    const { head, headBytes, chunks } = await peek(f.chunks, 16 * 1024);
    streams.push(chunks);
    const info = files[i]!;
    if (headBytes.length === 0) info.unreadable = 'The file is empty';
    else if ((headBytes[0] === 0xff && headBytes[1] === 0xfe) || (headBytes[0] === 0xfe && headBytes[1] === 0xff)) info.unreadable = 'The file is UTF-16 text, not UTF-8';
    if (info.unreadable) info.kind = null;
    else if (looksLikeSsda903Xml(head)) info.kind = 'xml';
    else {
      const firstLine = head.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
      info.kind = tableOfHeader(firstLine.split(',').map((c) => c.replace(/^"|"$/g, '')));
    }
  }
  const returnsFiles = files.filter((f) => f.kind === 'episodes' || f.kind === 'xml');
  const several = returnsFiles.length > 1;
  const tokens = [...new Set(files.map((f) => f.token))];
  if (several) {
    const byToken = new Map<number | null, number>();
    for (const f of files) {
      if (f.token === null) {
        issues(f.name).add({ row: null, column: null, value: f.name, message: 'Several years are being imported and this file name carries no year, so it cannot be matched to its return', expected: 'each file named with its year, e.g. 2023-header.csv, 2023-episodes.csv, 2023-uasc.csv' });
        continue;
      }
      if (!byToken.has(f.token)) byToken.set(f.token, byToken.size);
      f.group = byToken.get(f.token)!;
    }
  } else if (tokens.filter((t) => t !== null).length > 1) {
    issues(general).add({
      row: null,
      column: null,
      value: files.map((f) => f.name).join(', '),
      message: `The files of this return are from different years (${files.map((f) => `${f.name}: ${f.token ?? 'no year'}`).join('; ')}): they look mixed up`,
      expected: "one year's header, episodes and UASC files together (or several years, each with its own episodes file)",
    });
  }

  // Stream every file into staging, checking each row.
  let totalRows = 0;
  const totalBytes = opts.files.reduce<number | null>((n, f) => (n === null || f.totalBytes == null ? null : n + f.totalBytes), 0);
  let bytesBefore = 0;
  const progress = (phase: Ssda903Progress['phase'], file: string | null, bytes: number, rows: number) =>
    opts.onProgress?.({ phase, file, bytes: bytesBefore + bytes, totalBytes, rows: totalRows + rows });
  // Episodes by the collection year their latest date falls in, counted while staging: telling
  // the return's year then needs no pass over a million staged rows.
  const dateBuckets = new Map<number, Map<number, { n: number; last: string }>>();
  const countDates = (g: number, decom: string, dec: string | null) => {
    const d = dec !== null && dec > decom ? dec : decom;
    let byYear = dateBuckets.get(g);
    if (!byYear) dateBuckets.set(g, (byYear = new Map<number, { n: number; last: string }>()));
    const y = ROW_LOOP.yearEndOf(d);
    const b = byYear.get(y);
    if (!b) byYear.set(y, { n: 1, last: d });
    else {
      b.n += 1;
      if (d > b.last) b.last = d;
    }
  };
  // The SEX codes seen: the check against the year's list scans the tables only if one may fail it.
  const sexSeen = new Set<string>();
  const episodesSeen = new Map<number, EpisodesSeen>();
  // The content hash of each return: its rows' lines are gathered and hashed 512 at a time (one
  // hash call per row was a noticeable share of the import); the digest is the same.
  const contentHash = new Map<number, { hash: ReturnType<typeof createHash>; lines: string[] }>();
  const hashState = (g: number) => {
    let h = contentHash.get(g);
    if (!h) contentHash.set(g, (h = { hash: createHash('sha256'), lines: [] }));
    return h;
  };
  const hashLine = (g: number, line: string) => {
    const h = hashState(g);
    if (h.lines.push(line) === 512) {
      h.hash.update(h.lines.join(''));
      h.lines.length = 0;
    }
  };
  const digestOf = (g: number) => {
    const h = hashState(g);
    h.hash.update(h.lines.join(''));
    h.lines.length = 0;
    return h.hash.digest('hex');
  };
  sqlite.exec('BEGIN');
  try {
    for (const info of files) {
      const list = issues(info.name);
      const chunks = streams[info.index]!;
      if (info.kind === null) {
        for await (const _ of chunks) void _;
        if (info.unreadable) {
          list.add({ row: null, column: null, value: null, message: info.unreadable, expected: 'an SSDA903 table as CSV saved as "CSV UTF-8 (comma delimited)", or the XML form in UTF-8' });
          continue;
        }
        list.add({ row: 1, column: null, value: null, message: 'This is not an SSDA903 file: its first row is not the header of the header, episodes or UASC table, nor the XML form', expected: `the columns of one table: header (${TABLE_COLUMNS.header.join(', ')}), episodes (${TABLE_COLUMNS.episodes.join(', ')}) or UASC (${TABLE_COLUMNS.uasc.join(', ')})` });
        continue;
      }
      const g = info.group;
      let seen = episodesSeen.get(g);
      if (!seen) episodesSeen.set(g, (seen = { places: new Set(), flagged: false, sixteenPlus: false }));
      const episodes = seen;
      // The checked values of the row at hand (reused: one array for the whole file).
      const values: (string | null)[] = [];
      const stage = (table: Ssda903Table, check: RowChecker, fields: readonly string[], row: number) => {
        const rowIssues = check(fields, row, values);
        if (rowIssues !== null) {
          for (const i of rowIssues) list.add(i);
          return;
        }
        const p = pending[table];
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
        hashLine(g, `${text}\n`);
        if (p.n === buf.length) flush(table);
        if (table === 'episodes') {
          const decom = values[AT.decom]!;
          const dec = values[AT.dec] ?? null;
          countDates(g, decom, dec);
          // The year-independent row checks of checkGroup's scan, in the same terms as its SQL.
          const place = values[AT.place]!;
          const ls = values[AT.ls]!;
          episodes.places.add(place);
          if (ROW_LOOP.sixteenPlusPlace.has(place)) episodes.sixteenPlus = true;
          if (
            (dec !== null && dec < decom) ||
            ((values[AT.urn] ?? null) === null && ROW_LOOP.urnRequiredPlace.has(place) && (values[AT.placeProvider] ?? '') !== 'PR0') ||
            (dec === null) !== ((values[AT.rec] ?? null) === null) ||
            (((values[AT.homePost] ?? null) === null || (values[AT.plPost] ?? null) === null) && ls !== 'V3' && ls !== 'V4')
          ) {
            episodes.flagged = true;
          }
        } else sexSeen.add(values[table === 'header' ? AT.headerSex : AT.uascSex] ?? '');
        info.rows += 1;
      };
      try {
        if (info.kind === 'xml') {
          const checkers = {
            header: compileRowChecker(mapColumns('header', TABLE_COLUMNS.header)),
            episodes: compileRowChecker(mapColumns('episodes', TABLE_COLUMNS.episodes)),
            uasc: compileRowChecker(mapColumns('uasc', TABLE_COLUMNS.uasc)),
          };
          const r = await readSsda903Xml(chunks, {
            file: info.name,
            maxBytes: opts.maxBytes,
            onProgress: (p) => progress('reading', info.name, p.bytes, p.rows),
            onRecord: (rec) => stage(rec.table, checkers[rec.table], TABLE_COLUMNS[rec.table].map((c) => rec.fields[c] ?? ''), rec.line),
          });
          info.bytes = r.bytes;
          info.sha256 = r.sha256;
        } else {
          const table = info.kind;
          let map: ColumnMap | null = null;
          let check: RowChecker | null = null;
          const r = await readCsvStream(chunks, {
            file: info.name,
            maxBytes: opts.maxBytes,
            onProgress: (p) => progress('reading', info.name, p.bytes, p.rows),
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
          info.bytes = r.bytes;
          info.sha256 = r.sha256;
          if (info.rows === 0 && list.empty) {
            list.add({ row: null, column: null, value: null, message: `The ${TABLE_LABELS[table]} file has a header but no rows`, expected: `at least one row under the header` });
          }
        }
      } catch (e) {
        if (!(e instanceof FileFormatError)) throw e;
        list.add({ row: e.row, column: null, value: null, message: e.message, expected: e.expected });
      }
      bytesBefore += info.bytes;
      totalRows += info.rows;
    }
    for (const t of ['header', 'episodes', 'uasc'] as const) flush(t);
    sqlite.exec('COMMIT');
  } catch (e) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    throw e;
  }

  progress('checking', null, 0, 0);
  // The checks across rows and files join on the child: index the staged rows once, after loading.
  // The episodes' index carries every column the checks read (dec, file, place), so they read it
  // alone, in order, instead of looking each of a million rows up in the table at random (which,
  // once the staged rows outgrow the temp page cache, is a read from disk a row). seq (the rowid)
  // comes right after the key so that rows with the same key are in the same order as before.
  sqlite.exec(`CREATE INDEX temp.stage_header_child ON stage_header (grp, child);
    CREATE INDEX temp.stage_uasc_child ON stage_uasc (grp, child);
    CREATE INDEX temp.stage_episodes_child ON stage_episodes (grp, child, decom, row, seq, dec, file, place);`);
  const groups = [...new Set(files.filter((f) => f.kind !== null).map((f) => f.group))].sort((a, b) => a - b);
  const groupInfo = new Map<number, { yearEnd: number | null; files: FileInfo[] }>();
  const findingCounts = new Map<number, Record<string, number>>();
  for (const g of groups) {
    const gf = files.filter((f) => f.group === g && f.kind !== null);
    const has = (k: Ssda903Table) => gf.some((f) => f.kind === k || f.kind === 'xml');
    const name = gf.map((f) => f.name).join(', ');
    if (!has('episodes')) issues(general).add({ row: null, column: null, value: name, message: `No episodes file for ${gf[0]?.token ?? 'the return'} (${name})`, expected: 'an episodes file (CHILD, DECOM, RNE, ...) with its header file' });
    if (!has('header')) issues(general).add({ row: null, column: null, value: name, message: `No header file for ${gf[0]?.token ?? 'the return'} (${name})`, expected: 'a header file (CHILD, SEX, DOB, ETHNIC, UPN, MOTHER, MC_DOB) with its episodes file' });
    for (const k of ['header', 'episodes', 'uasc'] as const) {
      const same = gf.filter((f) => f.kind === k);
      if (same.length > 1) issues(general).add({ row: null, column: null, value: same.map((f) => f.name).join(', '), message: `Two ${TABLE_LABELS[k]} files for one return`, expected: `one ${TABLE_LABELS[k]} file a year` });
    }
    const checked = checkGroup(sqlite, g, gf, issues, warn, dateBuckets.get(g) ?? new Map(), sexSeen, episodesSeen.get(g));
    findingCounts.set(g, checked.findings);
    groupInfo.set(g, { yearEnd: checked.yearEnd, files: gf });
  }
  const years = [...groupInfo.values()].map((x) => x.yearEnd).filter((y): y is number => y !== null);
  const dupYears = years.filter((y, i) => years.indexOf(y) !== i);
  for (const y of new Set(dupYears)) {
    issues(general).add({ row: null, column: null, value: String(y), message: `Two sets of files are both the ${collectionLabel(y)} return`, expected: "each year's return once" });
  }

  const allErrors = [...lists.values()];
  const errorTotal = allErrors.reduce((n, l) => n + l.total, 0);
  const errorItems = allErrors.flatMap((l) => l.items);
  const warnings = { items: [...warnLists.values()].flatMap((l) => l.items) };
  const base = {
    fileName: files.map((f) => f.name).join(', '),
    sha256: createHash('sha256').update(files.map((f) => f.sha256).join(',')).digest('hex'),
    bytes: files.reduce((n, f) => n + f.bytes, 0),
    rows: totalRows,
    warnings: warnings.items,
    laCode: council?.code ?? laCode,
  };
  const recordImport = sqlite.prepare(
    `INSERT INTO imports (kind, file_name, sha256, bytes, rows, status, error_count, errors, warnings, supplied, source, created_at, actor)
     VALUES ('ssda903', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const dropStaging = () => sqlite.exec('DROP TABLE IF EXISTS temp.stage_header; DROP TABLE IF EXISTS temp.stage_episodes; DROP TABLE IF EXISTS temp.stage_uasc;');

  if (errorTotal > 0 || !council) {
    const id = Number(
      recordImport.run(base.fileName, base.sha256, base.bytes, base.rows, 'rejected', errorTotal, JSON.stringify(errorItems), JSON.stringify(warnings.items), '[]', opts.source, new Date().toISOString(), opts.actor ?? null).lastInsertRowid,
    );
    recordAudit(sqlite, { actor: opts.actor ?? null, action: 'import_rejected', target: `import #${id}`, details: { kind: 'ssda903', files: files.map((f) => f.name), la: laCode, errors: errorTotal, source: opts.source } });
    dropStaging();
    progress('done', null, 0, 0);
    return { ...base, importId: id, status: 'rejected', errorCount: errorTotal, errors: errorItems, supplied: [], returns: [], changes: [] };
  }

  progress('storing', null, 0, 0);
  const now = new Date().toISOString();
  const store = sqlite.transaction(() => {
    const importId = Number(
      recordImport.run(base.fileName, base.sha256, base.bytes, base.rows, 'stored', 0, '[]', JSON.stringify(warnings.items), '[]', opts.source, now, opts.actor ?? null).lastInsertRowid,
    );
    const returns: ReturnOutcome[] = [];
    for (const [g, info] of groupInfo) {
      const yearEnd = info.yearEnd!;
      const digest = digestOf(g);
      const findings = findingCounts.get(g) ?? {};
      const counts = sqlite
        .prepare(
          `SELECT (SELECT count(*) FROM temp.stage_header WHERE grp = ?) AS children, (SELECT count(*) FROM temp.stage_episodes WHERE grp = ?) AS episodes,
             (SELECT count(*) FROM temp.stage_uasc WHERE grp = ?) AS uasc`,
        )
        .get(g, g, g) as { children: number; episodes: number; uasc: number };
      const current = sqlite
        .prepare('SELECT id, version, files FROM ssda903_returns WHERE la_code = ? AND year_end = ? AND is_current = 1')
        .get(council.code, yearEnd) as { id: number; version: number; files: string } | undefined;
      const outcomeBase = { yearEnd, label: collectionLabel(yearEnd), files: info.files.map((f) => f.name), children: counts.children, episodes: counts.episodes, uascRows: counts.uasc, findings };
      if (current && (JSON.parse(current.files) as { content?: string }).content === digest) {
        returns.push({ ...outcomeBase, outcome: 'unchanged', version: current.version });
        continue;
      }
      const version = ((sqlite.prepare('SELECT coalesce(max(version), 0) AS v FROM ssda903_returns WHERE la_code = ? AND year_end = ?').get(council.code, yearEnd) as { v: number }).v) + 1;
      if (current) sqlite.prepare('UPDATE ssda903_returns SET is_current = 0 WHERE id = ?').run(current.id);
      const returnId = Number(
        sqlite
          .prepare(
            `INSERT INTO ssda903_returns (la_code, year_end, version, import_id, is_current, children, episodes, uasc_rows, files, findings, created_at)
             VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)`,
          )
          .run(council.code, yearEnd, version, importId, counts.children, counts.episodes, counts.uasc, JSON.stringify({ files: outcomeBase.files, content: digest }), JSON.stringify(findings), now).lastInsertRowid,
      );
      sqlite.prepare(`INSERT INTO ssda903_children (return_id, row, child, sex, dob, ethnic, mother, mc_dob) SELECT ?, row, child, sex, dob, ethnic, mother, mc_dob FROM temp.stage_header WHERE grp = ? ORDER BY child`).run(returnId, g);
      sqlite
        .prepare(
          `INSERT INTO ssda903_episodes (return_id, row, child, decom, rne, ls, cin, place, place_provider, dec, rec, reason_place_change, home_post, pl_post, urn)
           SELECT ?, row, child, decom, rne, ls, cin, place, place_provider, dec, rec, reason_place_change, home_post, pl_post, urn FROM temp.stage_episodes WHERE grp = ? ORDER BY child, decom, row`,
        )
        .run(returnId, g);
      sqlite.prepare(`INSERT INTO ssda903_uasc (return_id, row, child, sex, dob, duc) SELECT ?, row, child, sex, dob, duc FROM temp.stage_uasc WHERE grp = ? ORDER BY child`).run(returnId, g);
      returns.push({ ...outcomeBase, outcome: current ? 'replaced' : 'new', version });
    }
    opts.onProgress?.({ phase: 'deriving', file: null, bytes: base.bytes, totalBytes, rows: totalRows });
    const changed = returns.filter((r) => r.outcome !== 'unchanged').map((r) => r.yearEnd);
    const derived = changed.length > 0 ? deriveCouncil(sqlite, council.code, importId, changed) : { supplied: [] as SuppliedSet[], changes: [] as DerivedChange[] };
    const status = changed.length === 0 ? ('unchanged' as const) : ('stored' as const);
    sqlite.prepare('UPDATE imports SET status = ?, supplied = ? WHERE id = ?').run(status, JSON.stringify({ laCode: council.code, returns, sets: derived.supplied, changes: derived.changes }), importId);
    recordAudit(sqlite, {
      actor: opts.actor ?? null,
      action: status === 'stored' ? 'import_stored' : 'import_unchanged',
      target: `import #${importId}`,
      details: { kind: 'ssda903', la: council.code, files: files.map((f) => f.name), source: opts.source, returns: returns.map((r) => `${r.label} ${r.outcome} v${r.version}`) },
    });
    return { importId, status, returns, supplied: derived.supplied, changes: derived.changes };
  });

  const out = store.immediate();
  dropStaging();
  progress('done', null, 0, 0);
  return { ...base, ...out, errorCount: 0, errors: [] };
}

/**
 * Checks one return's staged rows across rows and files: children in the header once, every
 * episode's child in the header, the collection year (from the dates) agreeing with the file
 * names, the year's code lists; then counts the reported business-rule findings.
 * Returns the year end (null when it cannot be told) and the counts of the findings.
 */
function checkGroup(
  sqlite: Database.Database,
  g: number,
  gf: FileInfo[],
  issues: (file: string) => IssueList,
  warn: (file: string) => IssueList,
  dateBuckets: ReadonlyMap<number, { n: number; last: string }>,
  sexSeen: ReadonlySet<string>,
  seen: EpisodesSeen | undefined,
): { yearEnd: number | null; findings: Record<string, number> } {
  const nameOf = (index: number) => gf.find((f) => f.index === index)?.name ?? '';
  for (const table of ['header', 'uasc'] as const) {
    // Whether any child is there twice, read from the index alone; the join that lists them
    // (and probes the index once a row) runs only when one is.
    const anyTwice = sqlite.prepare(`SELECT EXISTS (SELECT 1 FROM temp.stage_${table} WHERE grp = ? GROUP BY child HAVING count(*) > 1) AS yes`).get(g) as { yes: number };
    if (!anyTwice.yes) continue;
    const dups = sqlite
      .prepare(`SELECT b.file, b.row, b.child, a.row AS first FROM temp.stage_${table} a JOIN temp.stage_${table} b ON b.grp = a.grp AND b.child = a.child AND b.rowid > a.rowid WHERE a.grp = ? ORDER BY b.row`)
      .all(g) as { file: number; row: number; child: string; first: number }[];
    for (const d of dups) issues(nameOf(d.file)).add({ row: d.row, column: 'CHILD', value: d.child, message: `Child ${d.child} is listed again (first at row ${d.first})`, expected: 'each child once in the file' });
  }
  const orphans = sqlite
    .prepare(`SELECT e.file, e.row, e.child FROM temp.stage_episodes e WHERE e.grp = ? AND NOT EXISTS (SELECT 1 FROM temp.stage_header h WHERE h.grp = e.grp AND h.child = e.child) ORDER BY e.row`)
    .all(g) as { file: number; row: number; child: string }[];
  const headerFile = gf.find((f) => f.kind === 'header' || f.kind === 'xml')?.name ?? 'the header file';
  if (orphans.length > 0) {
    const kids = new Set(orphans.map((o) => o.child)).size;
    const all = (sqlite.prepare('SELECT count(DISTINCT child) AS n FROM temp.stage_episodes WHERE grp = ?').get(g) as { n: number }).n;
    if (kids > all / 4 && gf.some((f) => f.kind === 'header')) {
      issues(gf.find((f) => f.kind === 'episodes')?.name ?? headerFile).add({
        row: null,
        column: 'CHILD',
        value: null,
        message: `${kids.toLocaleString('en-GB')} of the ${all.toLocaleString('en-GB')} children in the episodes are missing from ${headerFile}: the header and episodes files look like they come from different years`,
        expected: 'the header and episodes files of the same return',
      });
    }
    for (const o of orphans) issues(nameOf(o.file)).add({ row: o.row, column: 'CHILD', value: o.child, message: `Child ${o.child} has an episode but is not in ${headerFile}`, expected: 'every child with an episode listed in the header file of the same return' });
  }
  // The year the return is for: the one its latest date falls in, unless only a stray few dates
  // fall just past a year end (DfE rule 385 keeps dates in the year, but returns in use carry a
  // few days past it): then those are reported and the year is the one before.
  const years = [...dateBuckets.keys()].sort((a, b) => a - b);
  if (years.length === 0) return { yearEnd: null, findings: {} };
  const total = [...dateBuckets.values()].reduce((t, b) => t + b.n, 0);
  let yearEnd = years[years.length - 1]!;
  const latestBucket = dateBuckets.get(yearEnd)!;
  // Only a stray few dates in the first fortnight of a year: they belong to the year before.
  if (years.length > 1 && latestBucket.n <= Math.max(2, total / 100) && latestBucket.last <= `${yearEnd - 1}-04-14`) yearEnd -= 1;
  const span = { last: dateBuckets.get(yearEnd)?.last ?? latestBucket.last };
  const latest = { last: latestBucket.last };
  const lists = codeListsFor(yearEnd);
  for (const f of gf) {
    if (f.token !== null && f.token !== yearEnd - 1 && f.token !== yearEnd) {
      issues(f.name).add({
        row: null,
        column: null,
        value: f.name,
        message: `The episodes of this return run to ${(span.last ?? latest.last).split('-').reverse().join('/')}, so it is the ${collectionLabel(yearEnd)} return, but ${f.name} is named for ${f.token}: the files look mixed up`,
        expected: `files of the ${collectionLabel(yearEnd)} return (named ${yearEnd - 1} or ${yearEnd})`,
      });
    }
  }
  const inList = (codes: Iterable<string>) => [...codes].map((c) => `'${c}'`).join(', ');
  const end = `'${yearEnd}-03-31'`;
  // One pass over the episodes for every row-wise check (a national return has a million rows).
  type Flagged = { file: number; row: number; place: string; decom: string; dec: string | null; rec: string | null; homePost: string | null; badPlace: number; decBefore: number; urnMissing: number; afterEnd: number; recMismatch: number; noPostcode: number };
  // The staging saw every episode: when none can be flagged (no year-independent flag, every
  // PLACE in the year's list, no date past the year end), the scan would find nothing.
  const latestDate = [...dateBuckets.values()].reduce((m, b) => (b.last > m ? b.last : m), '');
  const mayBeFlagged = !seen || seen.flagged || latestDate > `${yearEnd}-03-31` || [...seen.places].some((p) => !lists.place.has(p));
  // When the return's episodes are one CSV file, their row numbers are unique, so the order the
  // scan reads them in cannot show in its result (ORDER BY row): read the table straight through
  // (+grp) rather than through the index, a random read a row. (In XML many records share a line,
  // and ties keep the index's order as before.)
  const episodeFiles = gf.filter((f) => f.kind === 'episodes' || f.kind === 'xml');
  const rowsUnique = episodeFiles.length === 1 && episodeFiles[0]!.kind === 'episodes';
  const flagged: Flagged[] = !mayBeFlagged
    ? []
    : (sqlite
        .prepare(
          `SELECT * FROM (SELECT file, row, place, decom, dec, rec, home_post AS homePost,
         place NOT IN (${inList(lists.place)}) AS badPlace,
         (dec IS NOT NULL AND dec < decom) AS decBefore,
         (urn IS NULL AND place IN (${inList(URN_REQUIRED_PLACE)}) AND coalesce(place_provider, '') <> 'PR0') AS urnMissing,
         (decom > ${end} OR dec > ${end}) AS afterEnd,
         ((dec IS NULL) <> (rec IS NULL)) AS recMismatch,
         ((home_post IS NULL OR pl_post IS NULL) AND ls NOT IN ('V3', 'V4')) AS noPostcode
       FROM temp.stage_episodes WHERE ${rowsUnique ? '+grp' : 'grp'} = ?)
       WHERE badPlace OR decBefore OR urnMissing OR coalesce(afterEnd, 0) OR recMismatch OR noPostcode ORDER BY row`,
        )
        .all(g) as Flagged[]);
  for (const r of flagged.filter((x) => x.badPlace)) {
    issues(nameOf(r.file)).add({ row: r.row, column: 'PLACE', value: r.place, message: `PLACE ${r.place} is not a valid code in the ${lists.label} return`, expected: `one of ${[...lists.place].join(', ')}`, rule: '146' });
  }
  for (const table of [...sexSeen].every((x) => lists.sex.has(x)) ? [] : (['header', 'uasc'] as const)) {
    const rows = sqlite.prepare(`SELECT file, row, sex FROM temp.stage_${table} WHERE grp = ? AND sex NOT IN (${inList(lists.sex)}) ORDER BY row`).all(g) as { file: number; row: number; sex: string }[];
    for (const r of rows) {
      issues(nameOf(r.file)).add({ row: r.row, column: 'SEX', value: r.sex, message: `SEX ${r.sex} is not a valid code in the ${lists.label} return`, expected: `one of ${[...lists.sex].join(', ')}`, rule: '101' });
    }
  }

  // Reported, not blocking.
  const counts: Record<string, number> = {};
  type R = { file: number; row: number; column: string; value: string | null };
  const report = (key: keyof typeof FINDINGS, rows: R[]) => {
    if (rows.length === 0) return;
    counts[key] = rows.length;
    const f = FINDINGS[key]!;
    for (const r of rows) {
      warn(nameOf(r.file)).add({ row: r.row, column: r.column, value: r.value, message: f.message, expected: `reported, not blocking: ${f.effect}`, rule: f.rule });
    }
  };
  const q = <T>(sql: string) => sqlite.prepare(sql).all(g) as T[];
  const yearEndIso = `${yearEnd}-03-31`;
  report('dec_before_decom', flagged.filter((r) => r.decBefore).map((r) => ({ file: r.file, row: r.row, column: 'DEC', value: r.dec })));
  report(
    'overlap',
    q<R>(`SELECT file, row, 'DECOM' AS column, decom AS value FROM (
        SELECT file, row, decom, lag(dec) OVER w AS prev_dec, lag(row) OVER w AS prev_row
        FROM temp.stage_episodes WHERE grp = ? WINDOW w AS (PARTITION BY child ORDER BY decom, row))
      WHERE prev_row IS NOT NULL AND (prev_dec IS NULL OR prev_dec > decom) ORDER BY row`),
  );
  // Under 16 on the day the episode began: born less than 16 years before it (ISO dates compare as text).
  report(
    'under_16_supported',
    // No episode in a 16-plus placement: nothing to look up. CROSS JOIN keeps the episodes the
    // outer loop, read from their (covering) index in its order as before, so that the child is
    // looked up in the header only for an episode in such a placement.
    seen && !seen.sixteenPlus ? [] : q<R>(
      `SELECT e.file, e.row, 'PLACE' AS column, e.place AS value FROM temp.stage_episodes e CROSS JOIN temp.stage_header h ON h.grp = e.grp AND h.child = e.child
       WHERE e.grp = ? AND e.place IN (${inList(SIXTEEN_PLUS_PLACE)}) AND h.dob > date(e.decom, '-16 years') ORDER BY e.row`,
    ),
  );
  report('urn_missing', flagged.filter((r) => r.urnMissing).map((r) => ({ file: r.file, row: r.row, column: 'URN', value: r.place })));
  report('after_year_end', flagged.filter((r) => r.afterEnd).map((r) => (r.decom > yearEndIso ? { file: r.file, row: r.row, column: 'DECOM', value: r.decom } : { file: r.file, row: r.row, column: 'DEC', value: r.dec })));
  report('rec_dec_mismatch', flagged.filter((r) => r.recMismatch).map((r) => ({ file: r.file, row: r.row, column: 'REC', value: r.rec ?? '' })));
  report('missing_postcode', flagged.filter((r) => r.noPostcode).map((r) => ({ file: r.file, row: r.row, column: r.homePost === null ? 'HOME_POST' : 'PL_POST', value: null })));
  return { yearEnd, findings: counts };
}

export type { ImportIssue };
