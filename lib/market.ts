import { toCsv } from './csv/write';
import { formatDate, type Cell } from './format';
import { isChildrensHome, normaliseProvisionType, type NationalHomesYear } from './ofsted';
import type { DataTable } from './tables';

/**
 * The local market of children's homes, from Ofsted's register of providers and places: homes
 * and places by sector and by size, in a council and in its region. Defined once here and used
 * by the market page and its downloads alike.
 */

/** A registered setting as the market figures need it. */
export interface MarketSetting {
  /** Ofsted's unique reference number of the setting. */
  urn?: string;
  provisionType: string;
  registrationStatus: string | null;
  sector: string | null;
  places: number | null;
}

export const SECTOR_GROUPS = ['local_authority', 'private', 'voluntary', 'other'] as const;
export type SectorGroup = (typeof SECTOR_GROUPS)[number];

export const SECTOR_LABELS: Record<SectorGroup, string> = {
  local_authority: 'Local authority',
  private: 'Private',
  voluntary: 'Voluntary',
  other: 'Other (academy, health authority or not given)',
};

/** Ofsted's sectors (Private, Local Authority, Voluntary, Academy, Health Authority) in four groups. */
export function sectorGroup(sector: string | null): SectorGroup {
  switch ((sector ?? '').trim().toLowerCase().replace(/\s+/g, ' ')) {
    case 'local authority':
      return 'local_authority';
    case 'private':
      return 'private';
    case 'voluntary':
      return 'voluntary';
    default:
      return 'other';
  }
}

export const SIZE_BANDS = ['1', '2-3', '4-5', '6+'] as const;
export type SizeBand = (typeof SIZE_BANDS)[number];

export const SIZE_LABELS: Record<SizeBand | 'unknown', string> = {
  '1': '1 place',
  '2-3': '2 to 3 places',
  '4-5': '4 to 5 places',
  '6+': '6 or more places',
  unknown: 'Places not given',
};

/** The size band of a home by its registered places; null when places are not given (or 0). */
export function sizeBand(places: number | null): SizeBand | null {
  if (places === null || !Number.isFinite(places) || places < 1) return null;
  if (places === 1) return '1';
  if (places <= 3) return '2-3';
  if (places <= 5) return '4-5';
  return '6+';
}

export function isActive(status: string | null): boolean {
  return (status ?? '').trim().toLowerCase() === 'active';
}

/** Children's homes (the provision type, any case) with an active registration. */
export function activeHomes<T extends MarketSetting>(settings: readonly T[]): T[] {
  return settings.filter((s) => isChildrensHome(s.provisionType) && isActive(s.registrationStatus));
}

export interface HomesAndPlaces {
  homes: number;
  /** Places of the homes that give them. */
  places: number;
}

const empty = (): HomesAndPlaces => ({ homes: 0, places: 0 });

/** Active children's homes and their places by sector group, with the total as `all`. */
export function homesBySector(settings: readonly MarketSetting[]): Record<SectorGroup | 'all', HomesAndPlaces> {
  const out = Object.fromEntries([...SECTOR_GROUPS, 'all'].map((k) => [k, empty()])) as Record<
    SectorGroup | 'all',
    HomesAndPlaces
  >;
  for (const s of activeHomes(settings)) {
    for (const k of [sectorGroup(s.sector), 'all'] as const) {
      out[k].homes += 1;
      out[k].places += s.places ?? 0;
    }
  }
  return out;
}

/** Active children's homes and their places by size band (`unknown` when places are not given), with `all`. */
export function homesBySize(settings: readonly MarketSetting[]): Record<SizeBand | 'unknown' | 'all', HomesAndPlaces> {
  const out = Object.fromEntries([...SIZE_BANDS, 'unknown', 'all'].map((k) => [k, empty()])) as Record<
    SizeBand | 'unknown' | 'all',
    HomesAndPlaces
  >;
  for (const s of activeHomes(settings)) {
    for (const k of [sizeBand(s.places) ?? 'unknown', 'all'] as const) {
      out[k].homes += 1;
      out[k].places += s.places ?? 0;
    }
  }
  return out;
}

export interface ProvisionTypeCount {
  /** The spelling seen first in the register. */
  provisionType: string;
  settings: number;
  /** Sum of the places given; null when no setting of the type gives places (e.g. fostering agencies). */
  places: number | null;
}

/** Every provision type with an active registration, most settings first. */
export function provisionTypeCounts(settings: readonly MarketSetting[]): ProvisionTypeCount[] {
  const by = new Map<string, ProvisionTypeCount>();
  for (const s of settings) {
    if (!isActive(s.registrationStatus)) continue;
    const key = normaliseProvisionType(s.provisionType);
    const c = by.get(key) ?? { provisionType: s.provisionType.trim(), settings: 0, places: null };
    c.settings += 1;
    if (s.places !== null) c.places = (c.places ?? 0) + s.places;
    by.set(key, c);
  }
  return [...by.values()].sort((a, b) => b.settings - a.settings || a.provisionType.localeCompare(b.provisionType));
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

/**
 * The register's Government Office Region for a council's region: DfE's list splits London into
 * Inner and Outer London, the register does not.
 */
export function registerRegion(regionName: string | null, registerRegions: readonly string[]): string | null {
  if (!regionName) return null;
  const want = /london/i.test(regionName) ? 'London' : regionName;
  return registerRegions.find((r) => norm(r) === norm(want)) ?? null;
}

// ---------------------------------------------------------------------------------------------
// Tables: what the page draws, shows and offers as CSV
// ---------------------------------------------------------------------------------------------

export const MARKET_TABLES = ['sector-council', 'sector-region', 'size-council', 'size-region', 'provision-council', 'own-children', 'national'] as const;
export type MarketTableId = (typeof MARKET_TABLES)[number];

export function isMarketTable(s: string | null | undefined): s is MarketTableId {
  return (MARKET_TABLES as readonly string[]).includes(s ?? '');
}

export interface MarketInput {
  /** The date of the register. */
  asAt: string;
  council: { code: string; name: string };
  /** The council's region as the register names it; null when it cannot be matched. */
  region: string | null;
  councilSettings: readonly MarketSetting[];
  regionSettings: readonly MarketSetting[];
  /** Ofsted's national time series, when its file is present. */
  national: NationalHomesYear[] | null;
  /**
   * The council's own children living in registered homes on a 31 March, by URN, from its SSDA903
   * returns (combined view); null when no return is loaded.
   */
  ownChildren?: { periodEnd: string; byUrn: Record<string, number> } | null;
}

export interface OwnChildrenInHomes {
  homes: number;
  places: number;
  homesUsed: number;
  children: number;
}

/**
 * How many of the council's own children live in the children's homes inside its area, by the
 * sector running them (URN of the episode open on 31 March matched against the register).
 */
export function ownChildrenBySector(m: MarketInput): Record<SectorGroup | 'external' | 'all', OwnChildrenInHomes> | null {
  if (!m.ownChildren) return null;
  const by = m.ownChildren.byUrn;
  const out = Object.fromEntries([...SECTOR_GROUPS, 'external', 'all'].map((k) => [k, { homes: 0, places: 0, homesUsed: 0, children: 0 }])) as Record<
    SectorGroup | 'external' | 'all',
    OwnChildrenInHomes
  >;
  for (const h of activeHomes(m.councilSettings)) {
    const children = h.urn ? (by[h.urn] ?? 0) : 0;
    const group = sectorGroup(h.sector);
    const keys: (SectorGroup | 'external' | 'all')[] = [group, 'all', ...(group === 'local_authority' ? [] : (['external'] as const))];
    for (const k of keys) {
      out[k].homes += 1;
      out[k].places += h.places ?? 0;
      out[k].homesUsed += children > 0 ? 1 : 0;
      out[k].children += children;
    }
  }
  return out;
}

function ownChildrenTable(m: MarketInput): DataTable | null {
  const by = ownChildrenBySector(m);
  if (!by || !m.ownChildren) return null;
  const rows: (SectorGroup | 'external' | 'all')[] = [...SECTOR_GROUPS, 'external', 'all'];
  const label = (k: SectorGroup | 'external' | 'all') => (k === 'external' ? 'External (not the council’s own)' : k === 'all' ? 'All children’s homes' : SECTOR_LABELS[k]);
  return {
    id: 'market-own-children',
    title: `${m.council.name}'s own children in the children's homes in its area`,
    description: `Table of the children's homes in ${m.council.name} by sector: homes, places, homes where the council's own children live, and how many of its children live there on ${formatDate(m.ownChildren.periodEnd)}.`,
    rowHeader: 'Sector',
    columns: [
      { key: 'homes', label: "Children's homes", unit: 'count' },
      { key: 'places', label: 'Places', unit: 'count' },
      { key: 'homesUsed', label: "Homes with the council's children", unit: 'count' },
      { key: 'children', label: "The council's children living there", unit: 'count' },
      { key: 'share', label: 'Share of the places', unit: 'percent' },
    ],
    rows: rows.map((k) => ({
      key: k,
      label: label(k),
      total: k === 'all' || k === 'external',
      cells: {
        homes: cell(by[k].homes),
        places: cell(by[k].places),
        homesUsed: cell(by[k].homesUsed),
        children: cell(by[k].children),
        share: cell(by[k].places > 0 ? (by[k].children / by[k].places) * 100 : null),
      },
    })),
    notes: [
      `Children: those of ${m.council.name} whose placement on ${formatDate(m.ownChildren.periodEnd)} has the URN of the home, from its SSDA903 returns (combined view). Homes: Ofsted's register at ${formatDate(m.asAt)}.`,
      'A placement without a URN (rule 218) cannot be matched and is not counted here.',
    ],
    keys: [],
  };
}

const cell = (value: number | null): Cell => ({ value, symbol: null });

const HOMES_COLUMNS: DataTable['columns'] = [
  { key: 'homes', label: "Children's homes", unit: 'count' },
  { key: 'places', label: 'Places', unit: 'count' },
];

function sectorTable(id: MarketTableId, area: string, settings: readonly MarketSetting[], asAt: string): DataTable {
  const by = homesBySector(settings);
  return {
    id: `market-${id}`,
    title: `Children's homes in ${area} by sector, ${formatDate(asAt)}`,
    description: `Bar chart of the children's homes with an active registration in ${area} and their places, by the sector that runs them: ${SECTOR_GROUPS.map((k) => `${SECTOR_LABELS[k]} ${by[k].homes} homes, ${by[k].places} places`).join('; ')}.`,
    rowHeader: 'Sector',
    columns: HOMES_COLUMNS,
    rows: [
      ...SECTOR_GROUPS.map((k) => ({
        key: k,
        label: SECTOR_LABELS[k],
        chartLabel: k === 'other' ? 'Other' : undefined,
        cells: { homes: cell(by[k].homes), places: cell(by[k].places) },
      })),
      { key: 'all', label: 'All sectors', cells: { homes: cell(by.all.homes), places: cell(by.all.places) }, total: true },
    ],
    notes: [
      "Children's homes with an active registration (suspended ones are left out). Secure children's homes and residential special schools registered as children's homes are other provision types.",
      'Other: academies, health authorities and settings with no sector given.',
    ],
    keys: [],
  };
}

function sizeTable(id: MarketTableId, area: string, settings: readonly MarketSetting[], asAt: string): DataTable {
  const by = homesBySize(settings);
  const bands: (SizeBand | 'unknown')[] = [...SIZE_BANDS, ...(by.unknown.homes > 0 ? (['unknown'] as const) : [])];
  return {
    id: `market-${id}`,
    title: `Children's homes in ${area} by size, ${formatDate(asAt)}`,
    description: `Bar chart of the children's homes with an active registration in ${area} by their registered places: ${bands.map((k) => `${SIZE_LABELS[k]} ${by[k].homes} homes`).join('; ')}.`,
    rowHeader: 'Registered places',
    columns: HOMES_COLUMNS,
    rows: [
      ...bands.map((k) => ({ key: k, label: SIZE_LABELS[k], cells: { homes: cell(by[k].homes), places: cell(by[k].places) } })),
      { key: 'all', label: 'All sizes', cells: { homes: cell(by.all.homes), places: cell(by.all.places) }, total: true },
    ],
    notes: [
      'Homes of 2 to 3 places are the size a Market Position Statement typically asks for: small homes for children who cannot live in a larger group.',
    ],
    keys: [],
  };
}

function provisionTable(area: string, settings: readonly MarketSetting[], asAt: string): DataTable {
  const counts = provisionTypeCounts(settings);
  return {
    id: 'market-provision-council',
    title: `Registered settings in ${area} by provision type, ${formatDate(asAt)}`,
    description: `Table of every provision type registered with Ofsted in ${area}: ${counts.map((c) => `${c.provisionType} ${c.settings}`).join('; ') || 'none'}.`,
    rowHeader: 'Provision type',
    columns: [
      { key: 'settings', label: 'Settings', unit: 'count' },
      { key: 'places', label: 'Places', unit: 'count' },
    ],
    rows: counts.map((c) => ({
      key: normaliseProvisionType(c.provisionType),
      label: c.provisionType,
      cells: { settings: cell(c.settings), places: cell(c.places) },
    })),
    notes: [
      'Settings with an active registration. A dash (–) means Ofsted gives no places for that provision type (agencies have no beds).',
    ],
    keys: [],
  };
}

function nationalTable(national: readonly NationalHomesYear[]): DataTable {
  const first = national[0];
  const last = national[national.length - 1];
  return {
    id: 'market-national',
    title: "Children's homes and places in England, by year at 31 March",
    description:
      first && last
        ? `Line chart of the number of children's homes in England and their places each year from ${first.year} to ${last.year}: from ${first.providers ?? 'not given'} homes and ${first.places ?? 'not given'} places to ${last.providers ?? 'not given'} homes and ${last.places ?? 'not given'} places.`
        : "Line chart of the number of children's homes in England and their places by year: no years in the file.",
    rowHeader: 'Year (at 31 March)',
    columns: HOMES_COLUMNS,
    rows: national.map((y) => ({
      key: y.asAt,
      label: String(y.year),
      cells: { homes: cell(y.providers), places: cell(y.places) },
    })),
    notes: [
      "National, from Ofsted's time series: every registered children's home (suspended ones included); secure children's homes and residential special schools registered as children's homes are not counted.",
    ],
    keys: [],
  };
}

/** Every table of the market page; region tables are null when the region is unknown, national when the series is absent. */
export function marketTables(m: MarketInput): Record<MarketTableId, DataTable | null> {
  return {
    'sector-council': sectorTable('sector-council', m.council.name, m.councilSettings, m.asAt),
    'sector-region': m.region ? sectorTable('sector-region', m.region, m.regionSettings, m.asAt) : null,
    'size-council': sizeTable('size-council', m.council.name, m.councilSettings, m.asAt),
    'size-region': m.region ? sizeTable('size-region', m.region, m.regionSettings, m.asAt) : null,
    'provision-council': provisionTable(m.council.name, m.councilSettings, m.asAt),
    'own-children': ownChildrenTable(m),
    national: m.national ? nationalTable(m.national) : null,
  };
}

const csvHeader = (s: string) =>
  s
    .toLowerCase()
    .replace(/\([^)]*\)/g, '')
    .trim()
    .replace(/\W+/g, '_');

/** One table of the market page as CSV (null when the page has no such table). */
export function marketCsv(m: MarketInput, id: MarketTableId): string | null {
  const table = marketTables(m)[id];
  if (!table) return null;
  const value = (c: Cell | undefined) => (c ? (c.symbol ?? c.value) : null);
  if (id === 'national') {
    return toCsv(
      ['area_name', 'as_at', ...table.columns.map((c) => c.key)],
      table.rows.map((r) => ['England', r.key, ...table.columns.map((c) => value(r.cells[c.key]))]),
    );
  }
  const area = id.endsWith('-region') ? { code: null, name: m.region } : { code: m.council.code, name: m.council.name };
  return toCsv(
    ['area_code', 'area_name', 'as_at', csvHeader(table.rowHeader), ...table.columns.map((c) => c.key)],
    table.rows.map((r) => [area.code, area.name, m.asAt, r.label, ...table.columns.map((c) => value(r.cells[c.key]))]),
  );
}
