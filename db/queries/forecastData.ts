/**
 * The forecast's input (lib/forecast/model.ts) from a council's SSDA903 returns: the combined
 * view, by the same rule as deriveCombined (db/imports/ssda903Derive.ts): an episode is keyed by
 * child and DECOM and the latest current return's rows with that key win; a child's date of
 * birth comes from the latest return that lists it. Streams one child at a time.
 */
import type Database from 'better-sqlite3';
import type { ChildInput, ModelInput } from '../../lib/forecast/model';

export interface ForecastData {
  laCode: string;
  /** Year ends (31 March) of the council's current returns, oldest first. */
  yearEnds: number[];
  /** The unbroken run of years the forecast reads as complete history (the latest one). */
  usedYearEnds: number[];
  input: ModelInput;
}

interface Row {
  child: string;
  decom: string;
  dec: string | null;
  ls: string;
  place: string;
  dob: string | null;
}

/**
 * Null when the council has no current returns. observedFrom is 1 April of the first year of
 * the latest unbroken run of returns: a missing year would lose the children who came and
 * went within it, so history before a gap is not read as complete.
 */
export function loadForecastData(sqlite: Database.Database, laCode: string): ForecastData | null {
  const yearEnds = (sqlite.prepare('SELECT year_end AS y FROM ssda903_returns WHERE la_code = ? AND is_current = 1 ORDER BY year_end').all(laCode) as { y: number }[]).map((r) => r.y);
  if (yearEnds.length === 0) return null;
  let first = yearEnds.length - 1;
  while (first > 0 && yearEnds[first - 1] === yearEnds[first]! - 1) first--;
  const usedYearEnds = yearEnds.slice(first);
  const statement = sqlite.prepare(
    `WITH cur AS (SELECT id, year_end FROM ssda903_returns WHERE la_code = ? AND is_current = 1),
     ep AS (SELECT e.child, e.decom, e.dec, e.ls, e.place, e.row, cur.year_end AS ye,
              dense_rank() OVER (PARTITION BY e.child, e.decom ORDER BY cur.year_end DESC) AS rn
            FROM ssda903_episodes e JOIN cur ON cur.id = e.return_id),
     kid AS (SELECT c.child, c.dob, row_number() OVER (PARTITION BY c.child ORDER BY cur.year_end DESC) AS rn
             FROM ssda903_children c JOIN cur ON cur.id = c.return_id)
     SELECT e.child, e.decom, e.dec, e.ls, e.place, kid.dob
     FROM ep e LEFT JOIN kid ON kid.child = e.child AND kid.rn = 1
     WHERE e.rn = 1 ORDER BY e.child, e.decom, e.ye, e.row`,
  );
  function* children(): Generator<ChildInput> {
    let current: string | null = null;
    let child: ChildInput = { dob: null, episodes: [] };
    for (const r of statement.iterate(laCode) as IterableIterator<Row>) {
      if (r.child !== current) {
        if (current !== null) yield child;
        current = r.child;
        child = { dob: r.dob, episodes: [] };
      }
      child.episodes.push({ decom: r.decom, dec: r.dec, ls: r.ls, place: r.place });
    }
    if (current !== null) yield child;
  }
  return {
    laCode,
    yearEnds,
    usedYearEnds,
    input: { observedFrom: `${usedYearEnds[0]! - 1}-04-01`, observedTo: `${usedYearEnds[usedYearEnds.length - 1]!}-03-31`, children: { [Symbol.iterator]: children } },
  };
}
