import type Database from 'better-sqlite3';
import type { IssueList } from '../../lib/issues';
import { SIXTEEN_PLUS_PLACE, URN_REQUIRED_PLACE, codeListsFor, collectionLabel, type Ssda903Table } from '../../lib/ssda903/codes';
import { FINDINGS } from '../../lib/ssda903/quality';

/** One file of an SSDA903 import, as the staging saw it. */
export interface FileInfo {
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

/**
 * What the staging saw of one return's episodes, so that checkGroup can skip a full scan of the
 * staged episodes when it cannot find anything (a national return has a million of them).
 */
export interface EpisodesSeen {
  /** The PLACE codes seen (a handful). */
  places: Set<string>;
  /** Whether any episode would be flagged by a row-wise check that does not depend on the year. */
  flagged: boolean;
  /** Whether any episode is in a 16-plus placement (SIXTEEN_PLUS_PLACE). */
  sixteenPlus: boolean;
}

export type DateBuckets = ReadonlyMap<number, { n: number; last: string }>;

interface Group {
  sqlite: Database.Database;
  g: number;
  gf: FileInfo[];
  issues: (file: string) => IssueList;
  warn: (file: string) => IssueList;
  nameOf: (index: number) => string;
}

type Flagged = { file: number; row: number; place: string; decom: string; dec: string | null; rec: string | null; homePost: string | null; badPlace: number; decBefore: number; urnMissing: number; afterEnd: number; recMismatch: number; noPostcode: number };

const inList = (codes: Iterable<string>) => [...codes].map((c) => `'${c}'`).join(', ');

/**
 * Checks one return's staged rows across rows and files: children in the header once, every
 * episode's child in the header, the collection year (from the dates) agreeing with the file
 * names, the year's code lists; then counts the reported business-rule findings.
 * Returns the year end (null when it cannot be told) and the counts of the findings.
 */
export function checkGroup(
  sqlite: Database.Database,
  g: number,
  gf: FileInfo[],
  issues: (file: string) => IssueList,
  warn: (file: string) => IssueList,
  dateBuckets: DateBuckets,
  sexSeen: ReadonlySet<string>,
  seen: EpisodesSeen | undefined,
): { yearEnd: number | null; findings: Record<string, number> } {
  const group: Group = { sqlite, g, gf, issues, warn, nameOf: (index) => gf.find((f) => f.index === index)?.name ?? '' };
  checkChildren(group);
  const yearEnd = returnYear(group, dateBuckets);
  if (yearEnd === null) return { yearEnd: null, findings: {} };
  const flagged = flaggedEpisodes(group, yearEnd, dateBuckets, seen);
  checkCodes(group, yearEnd, flagged, sexSeen);
  return { yearEnd, findings: reportFindings(group, yearEnd, flagged, seen) };
}

/** Children in the header (and UASC) once; every episode's child in the header. */
function checkChildren({ sqlite, g, gf, issues, nameOf }: Group): void {
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
  if (orphans.length === 0) return;
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

/**
 * The year the return is for: the one its latest date falls in, unless only a stray few dates
 * fall just past a year end (DfE rule 385 keeps dates in the year, but returns in use carry a
 * few days past it): then those are reported and the year is the one before. A file named for
 * another year is an error.
 */
function returnYear({ gf, issues }: Group, dateBuckets: DateBuckets): number | null {
  const years = [...dateBuckets.keys()].sort((a, b) => a - b);
  if (years.length === 0) return null;
  const total = [...dateBuckets.values()].reduce((t, b) => t + b.n, 0);
  let yearEnd = years[years.length - 1]!;
  const latestBucket = dateBuckets.get(yearEnd)!;
  // Only a stray few dates in the first fortnight of a year: they belong to the year before.
  if (years.length > 1 && latestBucket.n <= Math.max(2, total / 100) && latestBucket.last <= `${yearEnd - 1}-04-14`) yearEnd -= 1;
  const span = { last: dateBuckets.get(yearEnd)?.last ?? latestBucket.last };
  const latest = { last: latestBucket.last };
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
  return yearEnd;
}

/** One pass over the episodes for every row-wise check (a national return has a million rows). */
function flaggedEpisodes({ sqlite, g, gf }: Group, yearEnd: number, dateBuckets: DateBuckets, seen: EpisodesSeen | undefined): Flagged[] {
  const lists = codeListsFor(yearEnd);
  const end = `'${yearEnd}-03-31'`;
  // The staging saw every episode: when none can be flagged (no year-independent flag, every
  // PLACE in the year's list, no date past the year end), the scan would find nothing.
  const latestDate = [...dateBuckets.values()].reduce((m, b) => (b.last > m ? b.last : m), '');
  const mayBeFlagged = !seen || seen.flagged || latestDate > `${yearEnd}-03-31` || [...seen.places].some((p) => !lists.place.has(p));
  if (!mayBeFlagged) return [];
  // When the return's episodes are one CSV file, their row numbers are unique, so the order the
  // scan reads them in cannot show in its result (ORDER BY row): read the table straight through
  // (+grp) rather than through the index, a random read a row. (In XML many records share a line,
  // and ties keep the index's order as before.)
  const episodeFiles = gf.filter((f) => f.kind === 'episodes' || f.kind === 'xml');
  const rowsUnique = episodeFiles.length === 1 && episodeFiles[0]!.kind === 'episodes';
  return sqlite
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
    .all(g) as Flagged[];
}

/** PLACE and SEX codes in the year's lists (blocking). */
function checkCodes({ sqlite, g, issues, nameOf }: Group, yearEnd: number, flagged: Flagged[], sexSeen: ReadonlySet<string>): void {
  const lists = codeListsFor(yearEnd);
  for (const r of flagged.filter((x) => x.badPlace)) {
    issues(nameOf(r.file)).add({ row: r.row, column: 'PLACE', value: r.place, message: `PLACE ${r.place} is not a valid code in the ${lists.label} return`, expected: `one of ${[...lists.place].join(', ')}`, rule: '146' });
  }
  for (const table of [...sexSeen].every((x) => lists.sex.has(x)) ? [] : (['header', 'uasc'] as const)) {
    const rows = sqlite.prepare(`SELECT file, row, sex FROM temp.stage_${table} WHERE grp = ? AND sex NOT IN (${inList(lists.sex)}) ORDER BY row`).all(g) as { file: number; row: number; sex: string }[];
    for (const r of rows) {
      issues(nameOf(r.file)).add({ row: r.row, column: 'SEX', value: r.sex, message: `SEX ${r.sex} is not a valid code in the ${lists.label} return`, expected: `one of ${[...lists.sex].join(', ')}`, rule: '101' });
    }
  }
}

/** The business-rule findings: reported, not blocking. Returns their counts by key. */
function reportFindings({ sqlite, g, warn, nameOf }: Group, yearEnd: number, flagged: Flagged[], seen: EpisodesSeen | undefined): Record<string, number> {
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
  return counts;
}
