import fs from 'node:fs';
import path from 'node:path';
import { registerRegion, type MarketInput, type MarketSetting } from '../../lib/market';
import { parseTimeSeries, type NationalHomesYear } from '../../lib/ofsted';
import { cached } from '../cache';
import type { Db } from '../client';
import { parseUrnKey } from '../../lib/ssda903/derive';

/** Ofsted's national time series of providers and places, shipped with the app. */
export const NATIONAL_TIME_SERIES_FILE = path.join(
  process.cwd(),
  'data',
  'reference',
  'ofsted',
  'ofsted_csc_providers_places_time_series_raw.csv',
);

/** The date of the latest Ofsted register stored, or null when none is. */
export function getLatestOfstedDate(db: Db): string | null {
  const r = db.$client.prepare('SELECT max(as_at) AS asAt FROM ofsted_providers').get() as { asAt: string | null };
  return r.asAt;
}

/** The Government Office Regions named in the register of a date. */
export function listOfstedRegions(db: Db, asAt: string): string[] {
  return (
    db.$client
      .prepare('SELECT DISTINCT region FROM ofsted_providers WHERE as_at = ? AND region IS NOT NULL ORDER BY region')
      .all(asAt) as { region: string }[]
  ).map((r) => r.region);
}

const SETTING_COLUMNS = `urn, provision_type AS provisionType, registration_status AS registrationStatus, sector, places`;

/** The registered settings of a date in a council (by ONS code) or a region (by the register's name for it). */
export function listMarketSettings(db: Db, asAt: string, where: { laCode: string } | { region: string }): MarketSetting[] {
  if ('laCode' in where) {
    return db.$client
      .prepare(`SELECT ${SETTING_COLUMNS} FROM ofsted_providers WHERE as_at = ? AND la_code = ? ORDER BY id`)
      .all(asAt, where.laCode) as MarketSetting[];
  }
  return db.$client
    .prepare(`SELECT ${SETTING_COLUMNS} FROM ofsted_providers WHERE as_at = ? AND region = ? ORDER BY id`)
    .all(asAt, where.region) as MarketSetting[];
}

/** Every council, by name, for the market page's choice (any council has a market, figures or not). */
export function listMarketCouncils(db: Db): { code: string; name: string; regionName: string | null }[] {
  return db.$client.prepare('SELECT code, name, region_name AS regionName FROM councils ORDER BY name').all() as {
    code: string;
    name: string;
    regionName: string | null;
  }[];
}

/** Ofsted's national time series read from its file; null when the file is absent. */
export function readNationalTimeSeries(file = NATIONAL_TIME_SERIES_FILE): NationalHomesYear[] | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const series = parseTimeSeries(text);
  return series.length > 0 ? series : null;
}

/**
 * What the market page of a council shows, from the latest register stored; null when no
 * register is stored. `national` is read from the shipped time series file when asked.
 */
export function getMarket(
  db: Db,
  council: { code: string; name: string; regionName: string | null },
  opts: { national?: NationalHomesYear[] | null } = {},
): MarketInput | null {
  const stamp = registerStamp(db);
  if (!stamp) return null;
  const { asAt } = stamp;
  // Kept while the register and the council's SSDA903 figures stay as they are (30 ms a view at
  // national scale: the region's homes and 10,000 URN counts read afresh each time otherwise).
  const ownSets = (db.$client.prepare("SELECT id FROM figure_sets WHERE la_code = ? AND source = 'ssda903' AND is_current = 1 ORDER BY id").all(council.code) as { id: number }[]).map((r) => r.id);
  const base = cached(
    db.$client,
    `market:${council.code}:${council.regionName ?? ''}:${stamp.key}:${ownSets.join(',')}`,
    () => {
      const region = registerRegion(council.regionName, listOfstedRegions(db, asAt));
      return Object.freeze({
        asAt,
        council: Object.freeze({ code: council.code, name: council.name }),
        region,
        councilSettings: Object.freeze(listMarketSettings(db, asAt, { laCode: council.code })),
        regionSettings: Object.freeze(region ? listMarketSettings(db, asAt, { region }) : []),
        ownChildren: ownChildrenByUrn(db, council.code, asAt),
      });
    },
    (m) => m.councilSettings.length + m.regionSettings.length + Object.keys(m.ownChildren?.byUrn ?? {}).length,
  );
  return { ...base, national: opts.national ?? null };
}

/**
 * The latest register's date and a key that changes whenever a register is loaded or removed:
 * ids only grow (AUTOINCREMENT), so any load changes the newest id and any removal the count.
 */
export function registerStamp(db: Db): { asAt: string; key: string } | null {
  const r = db.$client.prepare('SELECT max(as_at) AS asAt, count(*) AS n, max(id) AS last FROM ofsted_providers').get() as { asAt: string | null; n: number; last: number | null };
  return r.asAt ? { asAt: r.asAt, key: `${r.asAt}:${r.n}:${r.last ?? 0}` } : null;
}

/**
 * The council's children in registered homes by URN on the 31 March of the register's year (or
 * the latest 31 March its SSDA903 returns cover, if they do not reach it), combined view.
 */
export function ownChildrenByUrn(db: Db, laCode: string, asAt: string): { periodEnd: string; byUrn: Record<string, number> } | null {
  const sets = db.$client
    .prepare("SELECT id, period_end AS periodEnd FROM figure_sets WHERE la_code = ? AND source = 'ssda903' AND is_current = 1 ORDER BY period_end DESC")
    .all(laCode) as { id: number; periodEnd: string }[];
  const set = sets.find((s) => s.periodEnd === asAt) ?? sets[0];
  if (!set) return null;
  const byUrn: Record<string, number> = {};
  for (const r of db.$client.prepare("SELECT category, value FROM figure_breakdowns WHERE set_id = ? AND measure = 'placed_by_urn'").all(set.id) as { category: string; value: number }[]) {
    const { urn } = parseUrnKey(r.category);
    byUrn[urn] = (byUrn[urn] ?? 0) + r.value;
  }
  return { periodEnd: set.periodEnd, byUrn };
}
