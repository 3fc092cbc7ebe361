import { describe, expect, test } from 'vitest';
import {
  activeHomes,
  homesBySector,
  homesBySize,
  marketCsv,
  marketTables,
  provisionTypeCounts,
  registerRegion,
  sectorGroup,
  sizeBand,
  type MarketInput,
  type MarketSetting,
} from '@/lib/market';

const home = (sector: string | null, places: number | null, o: Partial<MarketSetting> = {}): MarketSetting => ({
  provisionType: "Children's home",
  registrationStatus: 'Active',
  sector,
  places,
  ...o,
});

/** Eight active homes of every sector and size, plus settings the figures must leave out. */
const SETTINGS: MarketSetting[] = [
  home('Local Authority', 1),
  home('Local Authority', 3),
  home('Private', 2),
  home('Private', 5),
  home('private', 6, { provisionType: "Children's Home" }),
  home('Voluntary', 4),
  home('Academy', 8),
  home('Health Authority', null),
  // Not counted as children's homes:
  home('Private', 3, { registrationStatus: 'Suspended' }),
  home('Local Authority', 6, { provisionType: "Secure children's home" }),
  home('Private', null, { provisionType: 'Independent Fostering Agency' }),
  home('Private', 2, { provisionType: "Residential special school (registered as a children's home)" }),
];

describe('grouping', () => {
  test('sectors fall into local authority, private, voluntary and other', () => {
    expect(sectorGroup('Local Authority')).toBe('local_authority');
    expect(sectorGroup(' local  authority ')).toBe('local_authority');
    expect(sectorGroup('Private')).toBe('private');
    expect(sectorGroup('Voluntary')).toBe('voluntary');
    expect(sectorGroup('Academy')).toBe('other');
    expect(sectorGroup('Health Authority')).toBe('other');
    expect(sectorGroup(null)).toBe('other');
  });

  test('size bands are 1, 2-3, 4-5 and 6 or more places', () => {
    expect([1, 2, 3, 4, 5, 6, 20].map(sizeBand)).toEqual(['1', '2-3', '2-3', '4-5', '4-5', '6+', '6+']);
    expect(sizeBand(null)).toBeNull();
    expect(sizeBand(0)).toBeNull();
  });

  test('only active children\'s homes count, in either spelling', () => {
    expect(activeHomes(SETTINGS)).toHaveLength(8);
  });
});

describe('homes and places', () => {
  test('by sector, with the total', () => {
    expect(homesBySector(SETTINGS)).toEqual({
      local_authority: { homes: 2, places: 4 },
      private: { homes: 3, places: 13 },
      voluntary: { homes: 1, places: 4 },
      other: { homes: 2, places: 8 },
      all: { homes: 8, places: 29 },
    });
  });

  test('by size band, homes with no places given apart', () => {
    expect(homesBySize(SETTINGS)).toEqual({
      '1': { homes: 1, places: 1 },
      '2-3': { homes: 2, places: 5 },
      '4-5': { homes: 2, places: 9 },
      '6+': { homes: 2, places: 14 },
      unknown: { homes: 1, places: 0 },
      all: { homes: 8, places: 29 },
    });
  });

  test('every provision type with an active registration, places null where none are given', () => {
    expect(provisionTypeCounts(SETTINGS)).toEqual([
      { provisionType: "Children's home", settings: 8, places: 29 },
      { provisionType: 'Independent Fostering Agency', settings: 1, places: null },
      { provisionType: "Residential special school (registered as a children's home)", settings: 1, places: 2 },
      { provisionType: "Secure children's home", settings: 1, places: 6 },
    ]);
  });

  test('an area with no homes has zeros, not missing figures', () => {
    expect(homesBySector([]).all).toEqual({ homes: 0, places: 0 });
    expect(homesBySize([])['2-3']).toEqual({ homes: 0, places: 0 });
  });
});

describe('regions', () => {
  test("a council's region is matched to the register's, London as one region", () => {
    const regions = ['East Midlands', 'London', 'North East', 'Yorkshire and The Humber'];
    expect(registerRegion('North East', regions)).toBe('North East');
    expect(registerRegion('Yorkshire and the Humber', regions)).toBe('Yorkshire and The Humber');
    expect(registerRegion('Inner London', regions)).toBe('London');
    expect(registerRegion('Outer London', regions)).toBe('London');
    expect(registerRegion('Wales', regions)).toBeNull();
    expect(registerRegion(null, regions)).toBeNull();
  });
});

describe('tables and downloads', () => {
  const input: MarketInput = {
    asAt: '2023-03-31',
    council: { code: 'E06000004', name: 'Stockton-on-Tees' },
    region: 'North East',
    councilSettings: SETTINGS.slice(0, 4),
    regionSettings: SETTINGS,
    national: null,
  };

  test('the page has a table per figure, and none for a missing region or time series', () => {
    const t = marketTables(input);
    expect(t['sector-council']!.rows.find((r) => r.key === 'all')!.cells.homes!.value).toBe(4);
    expect(t['sector-region']!.rows.find((r) => r.key === 'private')!.cells.places!.value).toBe(13);
    expect(t['size-council']!.rows.map((r) => r.key)).toEqual(['1', '2-3', '4-5', '6+', 'all']);
    expect(t['size-region']!.rows.map((r) => r.key)).toEqual(['1', '2-3', '4-5', '6+', 'unknown', 'all']);
    expect(t.national).toBeNull();
    expect(marketTables({ ...input, region: null })['sector-region']).toBeNull();
  });

  test('a table downloads as CSV with the area and date on every row', () => {
    const csv = marketCsv(input, 'sector-council')!;
    expect(csv.split('\n')[0]).toBe('area_code,area_name,as_at,sector,homes,places');
    expect(csv).toContain('E06000004,Stockton-on-Tees,2023-03-31,Local authority,2,4\n');
    expect(csv).toContain('E06000004,Stockton-on-Tees,2023-03-31,All sectors,4,11\n');
    const national = marketCsv({ ...input, national: [{ year: 2023, asAt: '2023-03-31', providers: 3050, places: 11857 }] }, 'national')!;
    expect(national).toBe('area_name,as_at,homes,places\nEngland,2023-03-31,3050,11857\n');
    expect(marketCsv(input, 'national')).toBeNull();
  });
});
