import { describe, expect, test } from 'vitest';
import {
  activeHomes,
  homesBySector,
  homesBySize,
  marketCsv,
  marketTables,
  ownChildrenBySector,
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

describe("the council's own children in the homes of its area (SSDA903 URNs against the register)", () => {
  const settings: MarketSetting[] = [
    home('Local Authority', 4, { urn: 'LA1' }),
    home('Private', 5, { urn: 'P1' }),
    home('Private', 3, { urn: 'P2' }),
    home('Voluntary', 2, { urn: 'V1' }),
    home('Private', 6, { urn: 'P3', registrationStatus: 'Suspended' }),
    home('Private', 4, { urn: 'S1', provisionType: 'Secure children’s home' }),
  ];
  const input = (byUrn: Record<string, number> | null): MarketInput => ({
    asAt: '2023-03-31',
    council: { code: 'E06000004', name: 'Stockton-on-Tees' },
    region: null,
    councilSettings: settings,
    regionSettings: [],
    national: null,
    ownChildren: byUrn ? { periodEnd: '2023-03-31', byUrn } : null,
  });

  test('counted by hand: 3 in the council’s home, 4 + 1 in private, 2 in voluntary; inactive and other settings left out', () => {
    // P3 is suspended and S1 not a children's home: their children are not counted against these places.
    const by = ownChildrenBySector(input({ LA1: 3, P1: 4, P2: 1, V1: 2, P3: 5, S1: 1, ELSEWHERE: 7 }))!;
    expect(by.local_authority).toEqual({ homes: 1, places: 4, homesUsed: 1, children: 3 });
    expect(by.private).toEqual({ homes: 2, places: 8, homesUsed: 2, children: 5 });
    expect(by.voluntary).toEqual({ homes: 1, places: 2, homesUsed: 1, children: 2 });
    expect(by.external).toEqual({ homes: 3, places: 10, homesUsed: 3, children: 7 });
    expect(by.all).toEqual({ homes: 4, places: 14, homesUsed: 4, children: 10 });
    const t = marketTables(input({ P1: 4 }))['own-children']!;
    expect(t.rows.find((r) => r.key === 'external')!.cells.share).toEqual({ value: 40, symbol: null });
  });

  test('without SSDA903 returns there is no figure and no table', () => {
    expect(ownChildrenBySector(input(null))).toBeNull();
    expect(marketTables(input(null))['own-children']).toBeNull();
  });
});
