/**
 * Independent reference calculation of the SSDA903 figures, written from the definitions in
 * docs/ssda903.md only. Tests use it to check the production derivation (lib/ssda903), so it
 * shares no code with lib/: plain loops over the parsed rows, no SQL, nothing clever.
 *
 * Input rows are objects keyed by the CSV column names with the raw strings of the files.
 * Dates are handled as ISO strings 'YYYY-MM-DD', which compare correctly as strings.
 *
 * Choices the written definitions leave open (each is stated in tests/fixtures/ssda903/README.md):
 * - "the next episode of the child" (ends) and "the episode that ended the day the move began"
 *   (moves by reason) use the child's counted episodes ordered by DECOM, ties in file order: the
 *   next one is the one right after, the previous one the one right before (and it must have DEC
 *   equal to the move's DECOM).
 * - a placement for placements_3plus is an episode that is either the child's episode open on
 *   1 April (one per child, as for the stock) or a placement start in the year; an episode that is
 *   both counts once.
 * - combined view: for each CHILD + DECOM, the rows of the latest return holding that key are kept
 *   (all of them, in file order, if that return has several rows with the key); header and UASC
 *   rows: the latest return holding the CHILD wins.
 */
import fs from 'node:fs';
import Papa from 'papaparse';

export type Row = Record<string, string>;

export interface ReturnTables {
  header: Row[];
  episodes: Row[];
  uasc: Row[];
}

export const SETTINGS = [
  'fostering',
  'kinship_fostering',
  'residential',
  'secure',
  'supported_accommodation',
  'other',
] as const;
export type Setting = (typeof SETTINGS)[number];

export const PROVISIONS = [
  'in_house',
  'other_la',
  'other_public',
  'private',
  'voluntary',
  'parents',
  'unknown',
] as const;
export type Provision = (typeof PROVISIONS)[number];

export const AGE_BANDS = ['under_1', '1_4', '5_9', '10_15', '16_17', '18_plus'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** One parsed episode. `index` is its position in the list it came from (file order). */
export interface Episode {
  index: number;
  child: string;
  decom: string;
  dec: string | null;
  rne: string;
  ls: string;
  place: string;
  provider: string;
  rec: string;
  reason: string;
}

// ---------------------------------------------------------------------------------------------
// Reading

/** Reads one CSV file (UTF-8, a byte-order mark allowed) into rows of raw strings. */
export function readCsv(path: string): Row[] {
  let text = fs.readFileSync(path, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const parsed = Papa.parse<Row>(text, { header: true, skipEmptyLines: true });
  if (parsed.errors.length > 0) {
    throw new Error(`${path}: ${parsed.errors[0]?.message ?? 'CSV error'}`);
  }
  return parsed.data;
}

/** Reads `${prefix}-header.csv`, `${prefix}-episodes.csv` and `${prefix}-uasc.csv` from dir. */
export function readReturn(dir: string, prefix: string): ReturnTables {
  return {
    header: readCsv(`${dir}/${prefix}-header.csv`),
    episodes: readCsv(`${dir}/${prefix}-episodes.csv`),
    uasc: readCsv(`${dir}/${prefix}-uasc.csv`),
  };
}

function field(row: Row, name: string): string {
  const value = row[name];
  return value === undefined ? '' : value.trim();
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** 'dd/mm/yyyy' or 'yyyy-mm-dd' -> 'yyyy-mm-dd'; blank -> null; anything else throws. */
export function parseDate(raw: string): string | null {
  const text = raw.trim();
  if (text === '') return null;
  let day: number;
  let month: number;
  let year: number;
  let match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
  if (match) {
    day = Number(match[1]);
    month = Number(match[2]);
    year = Number(match[3]);
  } else {
    match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!match) throw new Error(`not a date: "${raw}"`);
    year = Number(match[1]);
    month = Number(match[2]);
    day = Number(match[3]);
  }
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new Error(`not a date: "${raw}"`);
  }
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

function requiredDate(raw: string, what: string): string {
  const date = parseDate(raw);
  if (date === null) throw new Error(`${what} is blank`);
  return date;
}

/** Every episode row parsed, in file order (nothing left out). */
export function parseEpisodes(rows: Row[]): Episode[] {
  const out: Episode[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    out.push({
      index: i,
      child: field(row, 'CHILD'),
      decom: requiredDate(field(row, 'DECOM'), `DECOM of row ${i + 2}`),
      dec: parseDate(field(row, 'DEC')),
      rne: field(row, 'RNE').toUpperCase(),
      ls: field(row, 'LS').toUpperCase(),
      place: field(row, 'PLACE').toUpperCase(),
      provider: field(row, 'PLACE_PROVIDER').toUpperCase(),
      rec: field(row, 'REC').toUpperCase(),
      reason: field(row, 'REASON_PLACE_CHANGE').toUpperCase(),
    });
  }
  return out;
}

/**
 * The counted episodes: every episode except legal status V3 or V4 (short breaks) and episodes
 * whose DEC is before their DECOM.
 */
export function countedEpisodes(rows: Row[]): Episode[] {
  const out: Episode[] = [];
  for (const episode of parseEpisodes(rows)) {
    if (episode.ls === 'V3' || episode.ls === 'V4') continue;
    if (episode.dec !== null && episode.dec < episode.decom) continue;
    out.push(episode);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Classifications

export function settingOf(place: string): Setting {
  const code = place.trim().toUpperCase();
  if (code === 'U1' || code === 'U2' || code === 'U3') return 'kinship_fostering';
  if (code === 'U4' || code === 'U5' || code === 'U6') return 'fostering';
  if (code === 'K1') return 'secure';
  if (code === 'K2' || code === 'R1') return 'residential';
  if (code === 'K3' || code === 'H5' || code === 'P2') return 'supported_accommodation';
  return 'other';
}

export function provisionOf(provider: string): Provision {
  const code = provider.trim().toUpperCase();
  if (code === 'PR0') return 'parents';
  if (code === 'PR1') return 'in_house';
  if (code === 'PR2') return 'other_la';
  if (code === 'PR3') return 'other_public';
  if (code === 'PR4') return 'private';
  if (code === 'PR5') return 'voluntary';
  if (code === '') return 'unknown';
  throw new Error(`unknown PLACE_PROVIDER "${provider}"`);
}

/** Age in completed years on date d (both ISO). */
export function ageAt(dob: string, d: string): number {
  const dobYear = Number(dob.slice(0, 4));
  const dYear = Number(d.slice(0, 4));
  let age = dYear - dobYear;
  if (d.slice(5) < dob.slice(5)) age = age - 1; // birthday not reached yet that year
  return age;
}

export function ageBandOf(age: number): AgeBand {
  if (age < 1) return 'under_1';
  if (age <= 4) return '1_4';
  if (age <= 9) return '5_9';
  if (age <= 15) return '10_15';
  if (age <= 17) return '16_17';
  return '18_plus';
}

// ---------------------------------------------------------------------------------------------
// Dates of the collection year

/** The first 31 March on or after the latest DECOM or DEC of the episodes file. */
export function yearEndOf(rows: Row[]): string {
  let latest = '';
  for (const episode of parseEpisodes(rows)) {
    if (episode.decom > latest) latest = episode.decom;
    if (episode.dec !== null && episode.dec > latest) latest = episode.dec;
  }
  if (latest === '') throw new Error('no episodes');
  const year = Number(latest.slice(0, 4));
  return latest.slice(5) <= '03-31' ? `${year}-03-31` : `${year + 1}-03-31`;
}

/** 1 April of the year before the year end 'YYYY-03-31'. */
export function yearStartOf(yearEnd: string): string {
  return `${Number(yearEnd.slice(0, 4)) - 1}-04-01`;
}

// ---------------------------------------------------------------------------------------------
// Looked after at a date

function isOpenAt(episode: Episode, d: string): boolean {
  return episode.decom <= d && (episode.dec === null || episode.dec > d);
}

/**
 * For each child looked after at d, the counted episode that counts: of the episodes open at d,
 * the one with the latest DECOM; on a tie, the one later in the list.
 */
export function episodesOpenAt(rows: Row[], d: string): Map<string, Episode> {
  const chosen = new Map<string, Episode>();
  for (const episode of countedEpisodes(rows)) {
    if (!isOpenAt(episode, d)) continue;
    const current = chosen.get(episode.child);
    // Episodes come in list order, so on a DECOM tie the later one replaces the earlier one.
    if (current === undefined || episode.decom >= current.decom) chosen.set(episode.child, episode);
  }
  return chosen;
}

function dobByChild(header: Row[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const row of header) {
    const child = field(row, 'CHILD');
    out.set(child, requiredDate(field(row, 'DOB'), `DOB of child ${child}`));
  }
  return out;
}

/** UASC at d: the child has a UASC row whose DUC is blank or after d. */
function uascAt(uasc: Row[], d: string): Set<string> {
  const out = new Set<string>();
  for (const row of uasc) {
    const duc = parseDate(field(row, 'DUC'));
    if (duc === null || duc > d) out.add(field(row, 'CHILD'));
  }
  return out;
}

export interface Counts {
  /** children counted */
  total: number;
  /** of which UASC at the date */
  uasc: number;
  /** `${setting}|${provision}|${ageBand}|${need}` -> children; need 'all' for every child, 'uasc' too for UASC */
  cells: Map<string, number>;
  /** child -> `${setting}|${provision}|${ageBand}` (what each child was counted in) */
  byChild: Map<string, string>;
}

function add(map: Map<string, number>, key: string, n = 1): void {
  map.set(key, (map.get(key) ?? 0) + n);
}

function countChildren(
  children: Map<string, Episode>,
  header: Row[],
  uasc: Row[],
  d: string,
  keep: (child: string) => boolean,
): Counts {
  const dobs = dobByChild(header);
  const uascChildren = uascAt(uasc, d);
  const result: Counts = { total: 0, uasc: 0, cells: new Map(), byChild: new Map() };
  for (const [child, episode] of children) {
    if (!keep(child)) continue;
    const dob = dobs.get(child);
    if (dob === undefined) throw new Error(`child ${child} is not in the header`);
    const cell = `${settingOf(episode.place)}|${provisionOf(episode.provider)}|${ageBandOf(ageAt(dob, d))}`;
    result.total += 1;
    result.byChild.set(child, cell);
    add(result.cells, `${cell}|all`);
    if (uascChildren.has(child)) {
      result.uasc += 1;
      add(result.cells, `${cell}|uasc`);
    }
  }
  return result;
}

/** children_placed: children looked after at d by setting x provision x age band x need. */
export function stockAt(episodes: Row[], header: Row[], uasc: Row[], d: string): Counts {
  return countChildren(episodesOpenAt(episodes, d), header, uasc, d, () => true);
}

/** Sums cells over the parts whose key matches `pattern` (`*` for any part), need 'all' unless given. */
export function sumCells(cells: Map<string, number>, pattern: string): number {
  const want = pattern.split('|');
  if (want.length === 3) want.push('all');
  let sum = 0;
  for (const [key, n] of cells) {
    const parts = key.split('|');
    let ok = true;
    for (let i = 0; i < 4; i++) {
      if (want[i] !== '*' && want[i] !== parts[i]) ok = false;
    }
    if (ok) sum += n;
  }
  return sum;
}

// ---------------------------------------------------------------------------------------------
// Flows of the year

const PLACEMENT_START_RNE = ['S', 'P', 'B', 'T', 'U'];
const MOVE_RNE = ['P', 'B', 'T', 'U'];

export const NO_EPISODE_ENDED = '(none)';
export const BLANK_REASON = '(blank)';

export interface Flows {
  starts: number;
  ends: number;
  care_starts: number;
  care_ends: number;
  moves: number;
  /** REASON_PLACE_CHANGE of the episode that ended the day the move began -> moves */
  movesByReason: Map<string, number>;
  /** REC -> care ends */
  careEndsByRec: Map<string, number>;
}

/** Each child's counted episodes ordered by DECOM, ties in list order. */
function episodesByChild(episodes: Episode[]): Map<string, Episode[]> {
  const out = new Map<string, Episode[]>();
  for (const episode of episodes) {
    const list = out.get(episode.child) ?? [];
    list.push(episode);
    out.set(episode.child, list);
  }
  for (const list of out.values()) {
    list.sort((a, b) => (a.decom < b.decom ? -1 : a.decom > b.decom ? 1 : a.index - b.index));
  }
  return out;
}

function inYear(date: string | null, yearStart: string, yearEnd: string): boolean {
  return date !== null && date >= yearStart && date <= yearEnd;
}

export function flows(episodeRows: Row[], yearStart: string, yearEnd: string): Flows {
  const result: Flows = {
    starts: 0,
    ends: 0,
    care_starts: 0,
    care_ends: 0,
    moves: 0,
    movesByReason: new Map(),
    careEndsByRec: new Map(),
  };
  for (const list of episodesByChild(countedEpisodes(episodeRows)).values()) {
    for (let i = 0; i < list.length; i++) {
      const episode = list[i]!;
      const previous = i > 0 ? list[i - 1] : undefined;
      const next = list[i + 1];

      if (inYear(episode.decom, yearStart, yearEnd)) {
        if (PLACEMENT_START_RNE.includes(episode.rne)) result.starts += 1;
        if (episode.rne === 'S') result.care_starts += 1;
        if (MOVE_RNE.includes(episode.rne)) {
          result.moves += 1;
          let reason = NO_EPISODE_ENDED;
          if (previous !== undefined && previous.dec === episode.decom) {
            reason = previous.reason === '' ? BLANK_REASON : previous.reason;
          }
          add(result.movesByReason, reason);
        }
      }

      if (inYear(episode.dec, yearStart, yearEnd)) {
        const legalStatusChangeOnly = next !== undefined && next.decom === episode.dec && next.rne === 'L';
        if (!legalStatusChangeOnly) result.ends += 1;
        if (episode.rec !== 'X1') {
          result.care_ends += 1;
          add(result.careEndsByRec, episode.rec === '' ? BLANK_REASON : episode.rec);
        }
      }
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Stability

/**
 * Placements of each child in the year ending d: the episode open on 1 April (the one that
 * counts, as for the stock) together with the placement starts of the year, each episode once.
 */
export function placementsInYear(episodeRows: Row[], d: string): Map<string, number> {
  const yearStart = yearStartOf(d);
  const sets = new Map<string, Set<number>>();
  const mark = (child: string, index: number) => {
    const set = sets.get(child) ?? new Set<number>();
    set.add(index);
    sets.set(child, set);
  };
  for (const [child, episode] of episodesOpenAt(episodeRows, yearStart)) mark(child, episode.index);
  for (const episode of countedEpisodes(episodeRows)) {
    if (inYear(episode.decom, yearStart, d) && PLACEMENT_START_RNE.includes(episode.rne)) {
      mark(episode.child, episode.index);
    }
  }
  const out = new Map<string, number>();
  for (const [child, set] of sets) out.set(child, set.size);
  return out;
}

/**
 * placements_3plus: children looked after at d (31 March) with three or more placements in the
 * year, in the cell of the episode open at d.
 */
export function placements3plus(episodes: Row[], header: Row[], d: string, uasc: Row[] = []): Counts {
  const placements = placementsInYear(episodes, d);
  return countChildren(episodesOpenAt(episodes, d), header, uasc, d, (child) => (placements.get(child) ?? 0) >= 3);
}

// ---------------------------------------------------------------------------------------------
// Several returns

function episodeKey(row: Row): string {
  return `${field(row, 'CHILD')}|${requiredDate(field(row, 'DECOM'), 'DECOM')}`;
}

/**
 * The combined view: the episodes of all the returns (oldest first) keyed by CHILD + DECOM; where
 * a later return holds a key, its rows replace the earlier returns' rows with that key. Order:
 * by return, then file order.
 */
export function combinedEpisodes(returns: Row[][]): Row[] {
  const latest = new Map<string, number>();
  for (let r = 0; r < returns.length; r++) {
    for (const row of returns[r]!) latest.set(episodeKey(row), r);
  }
  const out: Row[] = [];
  for (let r = 0; r < returns.length; r++) {
    for (const row of returns[r]!) {
      if (latest.get(episodeKey(row)) === r) out.push(row);
    }
  }
  return out;
}

/** Header or UASC rows of all the returns (oldest first): for each CHILD the latest return's row. */
export function combinedByChild(tables: Row[][]): Row[] {
  const latest = new Map<string, Row>();
  for (const rows of tables) {
    for (const row of rows) latest.set(field(row, 'CHILD'), row);
  }
  return [...latest.values()];
}

/** The combined view of several returns (oldest first): episodes, header and UASC. */
export function combinedReturn(returns: ReturnTables[]): ReturnTables {
  return {
    episodes: combinedEpisodes(returns.map((r) => r.episodes)),
    header: combinedByChild(returns.map((r) => r.header)),
    uasc: combinedByChild(returns.map((r) => r.uasc)),
  };
}

// ---------------------------------------------------------------------------------------------
// Everything for one year end

export interface YearFigures {
  yearEnd: string;
  stock: Counts;
  flows: Flows;
  placements3plus: Counts;
}

export function yearFigures(tables: ReturnTables, yearEnd: string): YearFigures {
  return {
    yearEnd,
    stock: stockAt(tables.episodes, tables.header, tables.uasc, yearEnd),
    flows: flows(tables.episodes, yearStartOf(yearEnd), yearEnd),
    placements3plus: placements3plus(tables.episodes, tables.header, yearEnd, tables.uasc),
  };
}
