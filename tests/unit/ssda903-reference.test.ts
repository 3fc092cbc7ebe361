/**
 * Checks the SSDA903 reference calculation (tests/helpers/ssda903Reference.ts) against answers
 * counted by hand on the fixtures in tests/fixtures/ssda903 (reasoning per child in its README).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AGE_BANDS,
  BLANK_REASON,
  NO_EPISODE_ENDED,
  PROVISIONS,
  SETTINGS,
  ageAt,
  ageBandOf,
  combinedByChild,
  combinedEpisodes,
  combinedReturn,
  countedEpisodes,
  flows,
  parseDate,
  placements3plus,
  placementsInYear,
  provisionOf,
  readReturn,
  settingOf,
  stockAt,
  sumCells,
  yearEndOf,
  yearFigures,
  yearStartOf,
  type Row,
} from '@/tests/helpers/ssda903Reference';

const DIR = path.resolve(__dirname, '../fixtures/ssda903/small-2023-24');
const R2023 = readReturn(DIR, '2023');
const R2024 = readReturn(DIR, '2024');
const D2024 = '2024-03-31';
const D2025 = '2025-03-31';

const entries = (map: Map<string, number>) => Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b)));

/** Episode row with defaults, for small inline cases. */
function ep(values: Partial<Row> & { CHILD: string; DECOM: string }): Row {
  return {
    RNE: 'S',
    LS: 'C2',
    CIN: 'N1',
    PLACE: 'U4',
    PLACE_PROVIDER: 'PR1',
    DEC: '',
    REC: '',
    REASON_PLACE_CHANGE: '',
    HOME_POST: '',
    PL_POST: '',
    URN: '',
    ...values,
  };
}

describe('SSDA903 reference: building blocks', () => {
  it('parses both date forms and refuses anything else', () => {
    expect(parseDate('31/03/2024')).toBe('2024-03-31');
    expect(parseDate('2024-03-31')).toBe('2024-03-31');
    expect(parseDate('  ')).toBeNull();
    expect(() => parseDate('31/02/2024')).toThrow();
    expect(() => parseDate('2024/03/31')).toThrow();
    expect(() => parseDate('1/3/2024')).toThrow();
  });

  it('maps PLACE to setting and PLACE_PROVIDER to provision', () => {
    expect(['U1', 'U2', 'U3'].map(settingOf)).toEqual(Array(3).fill('kinship_fostering'));
    expect(['U4', 'U5', 'U6'].map(settingOf)).toEqual(Array(3).fill('fostering'));
    expect(settingOf('K1')).toBe('secure');
    expect(['K2', 'R1'].map(settingOf)).toEqual(['residential', 'residential']);
    expect(['K3', 'H5', 'P2'].map(settingOf)).toEqual(Array(3).fill('supported_accommodation'));
    expect(['P1', 'A3', 'R2', 'S1', 'T0', 'Z1', 'Z11'].map(settingOf)).toEqual(Array(7).fill('other'));
    expect(['PR0', 'PR1', 'PR2', 'PR3', 'PR4', 'PR5', ''].map(provisionOf)).toEqual([
      'parents',
      'in_house',
      'other_la',
      'other_public',
      'private',
      'voluntary',
      'unknown',
    ]);
    expect(SETTINGS).toHaveLength(6);
    expect(PROVISIONS).toHaveLength(7);
    expect(AGE_BANDS).toHaveLength(6);
  });

  it('counts age in completed years, the birthday itself included', () => {
    expect(ageAt('2006-03-31', D2024)).toBe(18);
    expect(ageAt('2006-04-01', D2024)).toBe(17);
    expect(ageAt('2008-02-29', '2024-02-28')).toBe(15);
    expect(ageAt('2008-02-29', '2024-02-29')).toBe(16);
    expect([0, 1, 4, 5, 9, 10, 15, 16, 17, 18, 19].map(ageBandOf)).toEqual([
      'under_1',
      '1_4',
      '1_4',
      '5_9',
      '5_9',
      '10_15',
      '10_15',
      '16_17',
      '16_17',
      '18_plus',
      '18_plus',
    ]);
  });

  it('reads the year end from the latest DECOM or DEC', () => {
    expect(yearEndOf(R2023.episodes)).toBe(D2024);
    expect(yearEndOf(R2024.episodes)).toBe(D2025);
    expect(yearEndOf([ep({ CHILD: 'a', DECOM: '31/03/2024' })])).toBe(D2024);
    expect(yearEndOf([ep({ CHILD: 'a', DECOM: '01/05/2023', DEC: '01/04/2024', REC: 'E13' })])).toBe(D2025);
    expect(yearStartOf(D2024)).toBe('2023-04-01');
  });

  it('leaves out V3, V4 and DEC before DECOM', () => {
    const rows = [
      ep({ CHILD: 'a', DECOM: '01/05/2023', LS: 'V3' }),
      ep({ CHILD: 'b', DECOM: '01/05/2023', LS: 'V4' }),
      ep({ CHILD: 'c', DECOM: '01/05/2023', DEC: '30/04/2023', REC: 'E13' }),
      ep({ CHILD: 'd', DECOM: '01/05/2023', DEC: '01/05/2023', REC: 'X1' }),
      ep({ CHILD: 'e', DECOM: '01/05/2023', LS: 'V2' }),
    ];
    expect(countedEpisodes(rows).map((e) => e.child)).toEqual(['d', 'e']);
  });

  it('an ended episode whose next one starts that day with RNE L is not a placement end', () => {
    const rows = [
      ep({ CHILD: 'a', DECOM: '01/05/2023', DEC: '01/06/2023', REC: 'X1' }),
      ep({ CHILD: 'a', DECOM: '01/06/2023', RNE: 'L', LS: 'C1', DEC: '01/07/2023', REC: 'X1', REASON_PLACE_CHANGE: 'OTHER' }),
      ep({ CHILD: 'a', DECOM: '01/07/2023', RNE: 'P', LS: 'C1', PLACE: 'U5' }),
      ep({ CHILD: 'b', DECOM: '01/05/2023', RNE: 'P' }),
    ];
    const f = flows(rows, '2023-04-01', D2024);
    expect(f).toMatchObject({ starts: 3, ends: 1, care_starts: 1, care_ends: 0, moves: 2 });
    expect(entries(f.movesByReason)).toEqual({ OTHER: 1, [NO_EPISODE_ENDED]: 1 });
    const blank = flows(
      [
        ep({ CHILD: 'a', DECOM: '01/05/2023', DEC: '01/06/2023', REC: 'X1' }),
        ep({ CHILD: 'a', DECOM: '01/06/2023', RNE: 'T' }),
      ],
      '2023-04-01',
      D2024,
    );
    expect(entries(blank.movesByReason)).toEqual({ [BLANK_REASON]: 1 });
  });

  it('combined view: a later return replaces all of an earlier return’s rows with its CHILD + DECOM', () => {
    const early = [
      ep({ CHILD: 'a', DECOM: '01/05/2023', PLACE: 'U4' }),
      ep({ CHILD: 'b', DECOM: '01/05/2023', DEC: '01/05/2023', REC: 'X1' }),
      ep({ CHILD: 'b', DECOM: '01/05/2023', RNE: 'P', PLACE: 'K2' }),
      ep({ CHILD: 'c', DECOM: '01/05/2023' }),
    ];
    const late = [
      ep({ CHILD: 'a', DECOM: '2023-05-01', PLACE: 'U1' }),
      ep({ CHILD: 'b', DECOM: '01/05/2023', RNE: 'P', PLACE: 'U5' }),
      ep({ CHILD: 'd', DECOM: '01/06/2024' }),
    ];
    const combined = combinedEpisodes([early, late]);
    expect(combined.map((r) => `${r.CHILD}:${r.PLACE}`)).toEqual(['c:U4', 'a:U1', 'b:U5', 'd:U4']);
    const header = combinedByChild([
      [{ CHILD: 'a', DOB: '01/01/2010' }, { CHILD: 'c', DOB: '01/01/2011' }],
      [{ CHILD: 'a', DOB: '02/01/2010' }],
    ]);
    expect(header.map((r) => `${r.CHILD}:${r.DOB}`)).toEqual(['a:02/01/2010', 'c:01/01/2011']);
  });

  it('an overlap counts once, in the latest DECOM, then the later row', () => {
    const header = [{ CHILD: 'a', DOB: '01/01/2010' }];
    const rows = [
      ep({ CHILD: 'a', DECOM: '01/05/2023', PLACE: 'K2' }),
      ep({ CHILD: 'a', DECOM: '01/06/2023', PLACE: 'U1' }),
      ep({ CHILD: 'a', DECOM: '01/04/2023', PLACE: 'P1', PLACE_PROVIDER: 'PR0' }),
    ];
    const stock = stockAt(rows, header, [], D2024);
    expect(stock.total).toBe(1);
    expect(stock.byChild.get('a')).toBe('kinship_fostering|in_house|10_15');
  });
});

describe('SSDA903 reference: fixture small-2023-24, the 2023-24 return alone (year ending 31 March 2024)', () => {
  const stock = stockAt(R2023.episodes, R2023.header, R2023.uasc, D2024);

  it('children looked after at 31 March 2024, each in the cell counted by hand', () => {
    expect(stock.total).toBe(20);
    expect(stock.uasc).toBe(2);
    expect(Object.fromEntries([...stock.byChild].sort())).toEqual({
      C01: 'fostering|in_house|10_15',
      C02: 'fostering|private|5_9',
      C03: 'residential|private|10_15',
      C04: 'kinship_fostering|in_house|under_1',
      C05: 'supported_accommodation|private|16_17',
      C08: 'fostering|voluntary|5_9',
      C09: 'fostering|in_house|10_15',
      C10: 'residential|in_house|10_15',
      C11: 'kinship_fostering|in_house|1_4',
      C13: 'supported_accommodation|private|18_plus',
      C14: 'supported_accommodation|private|16_17',
      C15: 'residential|voluntary|16_17',
      C16: 'fostering|private|10_15',
      C17: 'fostering|unknown|10_15',
      C18: 'other|parents|5_9',
      C19: 'secure|other_la|10_15',
      C20: 'other|other_public|10_15',
      C21: 'residential|private|10_15',
      C22: 'fostering|in_house|5_9',
      C24: 'fostering|voluntary|10_15',
    });
  });

  it('the cells of children_placed', () => {
    expect(entries(stock.cells)).toEqual({
      'fostering|in_house|10_15|all': 2,
      'fostering|in_house|5_9|all': 1,
      'fostering|private|5_9|all': 1,
      'fostering|private|10_15|all': 1,
      'fostering|private|10_15|uasc': 1,
      'fostering|voluntary|5_9|all': 1,
      'fostering|voluntary|10_15|all': 1,
      'fostering|unknown|10_15|all': 1,
      'kinship_fostering|in_house|under_1|all': 1,
      'kinship_fostering|in_house|1_4|all': 1,
      'residential|in_house|10_15|all': 1,
      'residential|private|10_15|all': 2,
      'residential|voluntary|16_17|all': 1,
      'secure|other_la|10_15|all': 1,
      'supported_accommodation|private|16_17|all': 2,
      'supported_accommodation|private|16_17|uasc': 1,
      'supported_accommodation|private|18_plus|all': 1,
      'other|parents|5_9|all': 1,
      'other|other_public|10_15|all': 1,
    });
  });

  it('totals by setting, provision and age band', () => {
    const bySetting = Object.fromEntries(SETTINGS.map((s) => [s, sumCells(stock.cells, `${s}|*|*`)]));
    expect(bySetting).toEqual({
      fostering: 8,
      kinship_fostering: 2,
      residential: 4,
      secure: 1,
      supported_accommodation: 3,
      other: 2,
    });
    const byProvision = Object.fromEntries(PROVISIONS.map((p) => [p, sumCells(stock.cells, `*|${p}|*`)]));
    expect(byProvision).toEqual({
      in_house: 6,
      other_la: 1,
      other_public: 1,
      private: 7,
      voluntary: 3,
      parents: 1,
      unknown: 1,
    });
    const byAge = Object.fromEntries(AGE_BANDS.map((a) => [a, sumCells(stock.cells, `*|*|${a}`)]));
    expect(byAge).toEqual({ under_1: 1, '1_4': 1, '5_9': 4, '10_15': 10, '16_17': 3, '18_plus': 1 });
    expect(sumCells(stock.cells, '*|*|*|uasc')).toBe(2);
    expect(sumCells(stock.cells, '*|*|*|all')).toBe(stock.total);
  });

  it('the edge cases are in or out as counted by hand', () => {
    // V3 (C06), V4 (C25), ended on 31 March (C07), DEC before DECOM only (C12), left in January (C23)
    for (const child of ['C06', 'C07', 'C12', 'C23', 'C25']) expect(stock.byChild.has(child)).toBe(false);
    // started on 31 March (C08); the later of the same-day episodes (C09: U5 PR1, not the K2 that
    // started and ended on 31 March); overlaps (C10 in the later DECOM, C11 in the later row)
    expect(stock.byChild.get('C08')).toBe('fostering|voluntary|5_9');
    expect(stock.byChild.get('C09')).toBe('fostering|in_house|10_15');
    expect(stock.byChild.get('C10')).toBe('residential|in_house|10_15');
    expect(stock.byChild.get('C11')).toBe('kinship_fostering|in_house|1_4');
  });

  it('flows of 1 April 2023 to 31 March 2024', () => {
    const f = flows(R2023.episodes, '2023-04-01', D2024);
    expect({ starts: f.starts, ends: f.ends, care_starts: f.care_starts, care_ends: f.care_ends, moves: f.moves }).toEqual({
      starts: 23,
      ends: 12,
      care_starts: 13,
      care_ends: 2,
      moves: 10,
    });
    expect(entries(f.movesByReason)).toEqual({
      CARPL: 2,
      STAND: 2,
      CREQB: 1,
      ALLEG: 1,
      CHILD: 1,
      APPRR: 1,
      CLOSE: 1,
      [NO_EPISODE_ENDED]: 1,
    });
    expect(entries(f.careEndsByRec)).toEqual({ E13: 1, E4A: 1 });
  });

  it('stability: placements in the year and placements_3plus', () => {
    const placements = placementsInYear(R2023.episodes, D2024);
    expect(placements.get('C21')).toBe(3);
    expect(placements.get('C22')).toBe(2);
    expect(placements.get('C23')).toBe(3);
    expect(placements.get('C24')).toBe(2);
    expect(placements.get('C09')).toBe(3);
    expect(placements.get('C03')).toBe(1);
    expect(placements.get('C11')).toBe(1);
    const p3 = placements3plus(R2023.episodes, R2023.header, D2024, R2023.uasc);
    expect(p3.total).toBe(2);
    expect(Object.fromEntries([...p3.byChild].sort())).toEqual({
      C09: 'fostering|in_house|10_15',
      C21: 'residential|private|10_15',
    });
  });
});

describe('SSDA903 reference: fixture small-2023-24, two returns', () => {
  const combined = combinedReturn([R2023, R2024]);

  it('31 March 2024: the 2023-24 return alone counts 20, the combined view 21', () => {
    const own = stockAt(R2023.episodes, R2023.header, R2023.uasc, D2024);
    const comb = stockAt(combined.episodes, combined.header, combined.uasc, D2024);
    expect(own.total).toBe(20);
    expect(comb.total).toBe(21);
    // C01 corrected from U4 to U1; C27 recorded late (only in the 2024-25 return); C20 dropped
    // from the 2024-25 return but still counted from the 2023-24 one.
    expect(comb.byChild.get('C01')).toBe('kinship_fostering|in_house|10_15');
    expect(comb.byChild.get('C27')).toBe('fostering|private|5_9');
    expect(comb.byChild.get('C20')).toBe('other|other_public|10_15');
    const diff = (pattern: string) => sumCells(comb.cells, pattern) - sumCells(own.cells, pattern);
    expect(SETTINGS.map((s) => diff(`${s}|*|*`))).toEqual([0, 1, 0, 0, 0, 0]);
    expect(PROVISIONS.map((p) => diff(`*|${p}|*`))).toEqual([0, 0, 0, 1, 0, 0, 0]);
  });

  it('flows of 2023-24 in the combined view add the late start of C27', () => {
    const f = flows(combined.episodes, '2023-04-01', D2024);
    expect({ starts: f.starts, ends: f.ends, care_starts: f.care_starts, care_ends: f.care_ends, moves: f.moves }).toEqual({
      starts: 24,
      ends: 12,
      care_starts: 14,
      care_ends: 2,
      moves: 10,
    });
    expect(placements3plus(combined.episodes, combined.header, D2024).total).toBe(2);
  });

  it('31 March 2025: the 2024-25 return alone counts 18, the combined view 19 (C20 carried on)', () => {
    const own = yearFigures(R2024, D2025);
    const comb = yearFigures(combined, D2025);
    expect(own.stock.total).toBe(18);
    expect(own.stock.uasc).toBe(2);
    expect(comb.stock.total).toBe(19);
    expect([...comb.stock.byChild.keys()].filter((c) => !own.stock.byChild.has(c))).toEqual(['C20']);
    expect(entries(own.stock.cells)).toEqual({
      'fostering|in_house|5_9|all': 2,
      'fostering|in_house|10_15|all': 1,
      'fostering|private|5_9|all': 1,
      'fostering|private|10_15|all': 1,
      'fostering|private|10_15|uasc': 1,
      'fostering|voluntary|10_15|all': 2,
      'fostering|unknown|10_15|all': 1,
      'kinship_fostering|in_house|1_4|all': 2,
      'kinship_fostering|in_house|10_15|all': 1,
      'residential|in_house|10_15|all': 1,
      'residential|private|10_15|all': 1,
      'residential|private|16_17|all': 1,
      'secure|other_la|10_15|all': 1,
      'supported_accommodation|private|16_17|all': 2,
      'supported_accommodation|private|16_17|uasc': 1,
      'other|parents|5_9|all': 1,
    });
    for (const figures of [own, comb]) {
      const f = figures.flows;
      expect({ starts: f.starts, ends: f.ends, care_starts: f.care_starts, care_ends: f.care_ends, moves: f.moves }).toEqual({
        starts: 2,
        ends: 4,
        care_starts: 1,
        care_ends: 3,
        moves: 1,
      });
      expect(entries(f.movesByReason)).toEqual({ CREQO: 1 });
      expect(entries(f.careEndsByRec)).toEqual({ E5: 2, E6: 1 });
      expect(figures.placements3plus.total).toBe(0);
    }
  });
});
