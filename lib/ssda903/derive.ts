/**
 * The figures derived from SSDA903 episodes (docs/ssda903.md): one definition of each, run one
 * child at a time so a national return streams through in flat memory. The importer feeds it
 * the episodes of either view (one return's own, or the combined one).
 */
import type { FigureSymbol, Measure, Provision, Setting } from '../template/codes';
import { AGE_BANDS, NEEDS, PROVISIONS, SETTINGS, COMMISSIONED_PARTS } from '../template/codes';
import {
  MOVE_RNE,
  PLACEMENT_START_RNE,
  SHORT_BREAK_LS,
  ageBandOf,
  ageOn,
  milesBetween,
  postcodeSector,
  provisionOfProvider,
  settingOfPlace,
  yearEndDate,
  yearStartDate,
} from './codes';

export interface Episode {
  decom: string;
  dec: string | null;
  rne: string;
  ls: string;
  place: string;
  provider: string | null;
  rec: string | null;
  reason: string | null;
  homePost: string | null;
  plPost: string | null;
  urn: string | null;
}

export interface ChildFacts {
  dob: string | null;
  /** Null when the child is not UASC; the DUC (or '' when blank) when it is. */
  uascUntil: string | null;
}

export interface SectorInfo {
  lat: number;
  lon: number;
  laCode: string | null;
}

export interface Lookup {
  sectors: ReadonlyMap<string, SectorInfo>;
  /** True when the lookup gives councils, so "placed outside the council" can be counted. */
  hasCouncils: boolean;
}

/** DfE counts every episode except short breaks and those whose dates make no sense. */
export function isCounted(e: Episode): boolean {
  return !SHORT_BREAK_LS.has(e.ls) && !(e.dec !== null && e.dec < e.decom);
}

/** Open at a date: started on or before it and not ended by it (an episode ending on the day is not open). */
export function isOpenAt(e: Episode, date: string): boolean {
  return e.decom <= date && (e.dec === null || e.dec > date);
}

/** The episode a child counts in at a date: the counted open one that started last (episodes are in file order). */
export function episodeAt(episodes: readonly Episode[], date: string): Episode | null {
  let best: Episode | null = null;
  for (const e of episodes) {
    if (!isCounted(e) || !isOpenAt(e, date)) continue;
    if (best === null || e.decom >= best.decom) best = e;
  }
  return best;
}

export function isUascAt(child: ChildFacts, date: string): boolean {
  return child.uascUntil !== null && (child.uascUntil === '' || child.uascUntil > date);
}

/** Miles between home and placement sectors; null when either postcode or sector is not known. */
export function distanceMiles(e: Episode, lookup: Lookup | null): number | null {
  if (!lookup || !e.homePost || !e.plPost) return null;
  const home = postcodeSector(e.homePost);
  const placed = postcodeSector(e.plPost);
  const a = home ? lookup.sectors.get(home) : undefined;
  const b = placed ? lookup.sectors.get(placed) : undefined;
  if (!a || !b) return null;
  return milesBetween({ lat: a.lat, lon: a.lon }, { lat: b.lat, lon: b.lon });
}

/**
 * The number of placements a child had in the year: the episode it counts in on 1 April (as for
 * the stock) and each placement start in the year, an episode that is both counting once.
 */
export function placementsInYear(episodes: readonly Episode[], yearEnd: number): number {
  const start = yearStartDate(yearEnd);
  const end = yearEndDate(yearEnd);
  const placements = new Set<Episode>();
  const open = episodeAt(episodes, start);
  if (open) placements.add(open);
  for (const e of episodes) {
    if (isCounted(e) && e.decom >= start && e.decom <= end && PLACEMENT_START_RNE.has(e.rne)) placements.add(e);
  }
  return placements.size;
}

/** Temporary placements (T0-T4, Z11-Z14) have no provider by design: not a data-quality gap. */
const TEMPORARY_PLACE = /^(T[0-4]|Z1[1-4])$/;

/** The category of a registered home in the placed_by_urn breakdown, and back. */
export const urnKey = (urn: string, provider: string, setting: string) => JSON.stringify([urn, provider, setting]);
export function parseUrnKey(key: string): { urn: string; provider: string; setting: string } {
  const [urn = '', provider = '', setting = ''] = JSON.parse(key) as string[];
  return { urn, provider, setting };
}

/** Breakdown categories for a blank reason, and for a move with no episode ending that day. */
export const BLANK = '(blank)';
export const NO_EPISODE_ENDED = '(none)';

/** Settings in homes Ofsted registers by URN (children's homes, secure homes, supported accommodation). */
const REGISTERED_HOME: ReadonlySet<Setting> = new Set(['residential', 'secure', 'supported_accommodation']);

// Counts live in one flat array indexed by the positions of the codes: a national return adds
// millions of increments, and string keys in a Map made that the slowest step.
const MEASURE_INDEX: Measure[] = ['children_placed', 'placements_3plus', 'placed_over_20_miles', 'placed_outside_la', 'starts', 'ends', 'care_starts', 'care_ends', 'moves'];
const M = new Map(MEASURE_INDEX.map((m, i) => [m, i]));
const S = new Map(SETTINGS.map((v, i) => [v as string, i]));
const P = new Map(PROVISIONS.map((v, i) => [v as string, i]));
const A = new Map(AGE_BANDS.map((v, i) => [v as string, i]));
const NEED_INDEX = ['all', 'uasc'] as const;
const slot = (m: number, s: number, p: number, a: number, n: number) => (((m * SETTINGS.length + s) * PROVISIONS.length + p) * AGE_BANDS.length + a) * NEED_INDEX.length + n;
const SLOTS = MEASURE_INDEX.length * SETTINGS.length * PROVISIONS.length * AGE_BANDS.length * NEED_INDEX.length;

export interface DerivedFigure {
  measure: Measure;
  setting: Setting;
  provision: Provision;
  ageBand: (typeof AGE_BANDS)[number];
  need: (typeof NEEDS)[number];
  value: number | null;
  symbol: FigureSymbol | null;
}

export interface DerivedYear {
  yearEnd: number;
  figures: DerivedFigure[];
  /**
   * measure -> category -> count: moves by reason for change, care_ends by reason ceased,
   * placed_by_urn (`URN|provider|setting` at 31 March) and data_quality flags at 31 March.
   */
  breakdowns: Record<string, Record<string, number>>;
  /** Children looked after at 31 March with a known distance / a known placement council. */
  distanceKnown: number;
  councilKnown: number;
}

const COMMISSIONED = new Set<Provision>(COMMISSIONED_PARTS);
const ALL_S = S.get('all')!;
const ALL_P = P.get('all')!;
const ALL_A = A.get('all')!;
const COMMISSIONED_P = P.get('commissioned')!;

/** The provision positions a child counts under: its own, `commissioned` for PR2-PR5, and `all`. */
function provisionsOf(p: Exclude<Provision, 'all' | 'commissioned'> | null): number[] {
  if (p === null) return [ALL_P];
  return COMMISSIONED.has(p) ? [P.get(p)!, COMMISSIONED_P, ALL_P] : [P.get(p)!, ALL_P];
}

/**
 * Accumulates one year's figures over children. Every total is counted directly (not added up
 * from parts), so a child with a blank provider or aged 18 is in the totals though in no part.
 */
export class YearAccumulator {
  private readonly counts = new Int32Array(SLOTS);
  private readonly breakdowns: Record<string, Record<string, number>> = { moves: {}, care_ends: {}, placed_by_urn: {}, data_quality: {} };
  private distanceKnown = 0;
  private councilKnown = 0;
  private readonly start: string;
  private readonly end: string;

  constructor(
    readonly yearEnd: number,
    private readonly laCode: string,
    private readonly lookup: Lookup | null,
  ) {
    this.start = yearStartDate(yearEnd);
    this.end = yearEndDate(yearEnd);
  }

  private bump(measure: Measure, e: Episode, ageBand: string | null, uasc: boolean): void {
    const m = M.get(measure)!;
    const settings = [S.get(settingOfPlace(e.place))!, ALL_S];
    const provisions = provisionsOf(provisionOfProvider(e.provider ?? ''));
    const ages = ageBand ? [A.get(ageBand)!, ALL_A] : [ALL_A];
    const needs = uasc ? 2 : 1;
    for (const s of settings)
      for (const p of provisions)
        for (const a of ages)
          for (let n = 0; n < needs; n++) this.counts[slot(m, s, p, a, n)]! += 1;
  }

  private tally(measure: string, category: string): void {
    const m = (this.breakdowns[measure] ??= {});
    m[category] = (m[category] ?? 0) + 1;
  }

  /** Adds one child: its facts and all its episodes in the view, in file order. */
  addChild(child: ChildFacts, episodes: readonly Episode[]): void {
    const ageAt = (date: string) => (child.dob ? ageBandOf(ageOn(child.dob, date)) : null);
    // The stock at 31 March.
    const now = episodeAt(episodes, this.end);
    if (now) {
      const uasc = isUascAt(child, this.end);
      const band = ageAt(this.end);
      this.bump('children_placed', now, band, uasc);
      const miles = distanceMiles(now, this.lookup);
      if (miles !== null) {
        this.distanceKnown += 1;
        if (miles > 20) this.bump('placed_over_20_miles', now, band, uasc);
      }
      if (this.lookup?.hasCouncils) {
        const sector = now.plPost ? postcodeSector(now.plPost) : null;
        const council = sector ? this.lookup.sectors.get(sector)?.laCode ?? null : null;
        if (council) {
          this.councilKnown += 1;
          if (council !== this.laCode) this.bump('placed_outside_la', now, band, uasc);
        }
      }
      if (placementsInYear(episodes, this.yearEnd) >= 3) this.bump('placements_3plus', now, band, uasc);
      // Who lives in which registered home on 31 March: occupancy of in-house homes, use of local ones.
      // JSON keeps the parts apart whatever a URN holds (it is checked for length only).
      if (now.urn && REGISTERED_HOME.has(settingOfPlace(now.place))) this.tally('placed_by_urn', urnKey(now.urn, now.provider ?? '', settingOfPlace(now.place)));
      if (!now.homePost || !now.plPost) this.tally('data_quality', 'missing_postcode');
      // Temporary placements have no provider by design: counted apart, so that the notes add up to
      // every child outside the provision columns.
      if (!now.provider) this.tally('data_quality', TEMPORARY_PLACE.test(now.place) ? 'temporary_placement' : 'unknown_provider');
      if (band === null) this.tally('data_quality', child.dob ? 'aged_18_plus' : 'no_date_of_birth');
    }
    // Flows in the year, over the child's counted episodes in order (by DECOM, ties in file order).
    const counted = episodes.filter(isCounted);
    for (let i = 0; i < counted.length; i++) {
      const e = counted[i]!;
      const previous = counted[i - 1];
      const next = counted[i + 1];
      if (e.decom >= this.start && e.decom <= this.end) {
        const uasc = isUascAt(child, e.decom);
        if (PLACEMENT_START_RNE.has(e.rne)) this.bump('starts', e, ageAt(e.decom), uasc);
        if (e.rne === 'S') this.bump('care_starts', e, ageAt(e.decom), uasc);
        if (MOVE_RNE.has(e.rne)) {
          this.bump('moves', e, ageAt(e.decom), uasc);
          // The reason for the change is recorded on the episode that ended the day this one began.
          this.tally('moves', previous && previous.dec === e.decom ? (previous.reason ?? BLANK) : NO_EPISODE_ENDED);
        }
      }
      if (e.dec !== null && e.dec >= this.start && e.dec <= this.end) {
        const uasc = isUascAt(child, e.dec);
        // An episode followed the same day by a change of legal status only is the same placement going on.
        if (!(next && next.decom === e.dec && next.rne === 'L')) this.bump('ends', e, ageAt(e.dec), uasc);
        if (e.rec !== 'X1') {
          this.bump('care_ends', e, ageAt(e.dec), uasc);
          this.tally('care_ends', e.rec ?? BLANK);
        }
      }
    }
  }

  /**
   * The year's figures: counts over the whole grid (zeros included, so a chart shows 0 rather than
   * a gap), distance and out-of-council counts as `x` (not known) without a lookup.
   */
  result(): DerivedYear {
    const figures: DerivedFigure[] = [];
    const measures: Measure[] = ['children_placed', 'placements_3plus'];
    const flowMeasures: Measure[] = ['starts', 'ends', 'care_starts', 'care_ends', 'moves'];
    const settings = SETTINGS;
    const provisions = PROVISIONS;
    const emit = (measure: Measure, ages: readonly string[], needs: readonly string[], known: boolean) => {
      for (const setting of settings)
        for (const provision of provisions)
          for (const ageBand of ages)
            for (const need of needs) {
              const value = this.counts[slot(M.get(measure)!, S.get(setting)!, P.get(provision)!, A.get(ageBand)!, need === 'uasc' ? 1 : 0)]!;
              figures.push({
                measure,
                setting,
                provision,
                ageBand: ageBand as DerivedFigure['ageBand'],
                need: need as DerivedFigure['need'],
                value: known ? value : null,
                symbol: known ? null : 'x',
              });
            }
    };
    const needs = ['all', 'uasc'];
    for (const m of measures) emit(m, AGE_BANDS, needs, true);
    emit('placed_over_20_miles', AGE_BANDS, needs, this.lookup !== null);
    emit('placed_outside_la', AGE_BANDS, needs, this.lookup?.hasCouncils ?? false);
    for (const m of flowMeasures) emit(m, ['all'], needs, true);
    return {
      yearEnd: this.yearEnd,
      figures,
      breakdowns: this.breakdowns,
      distanceKnown: this.distanceKnown,
      councilKnown: this.councilKnown,
    };
  }
}
