/**
 * Reads of the forecast's storage: saved scenarios, planned capacity changes, today's capacity
 * and costs, and the cache of computed forecasts (written by db/forecast.ts and its job).
 */
import { asc, eq } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { Db } from '../client';
import { forecastPlans, forecastScenarios } from '../schema';
import { getFigures } from './figures';
import { FORECAST_SETTINGS, type BackTest, type CostYear, type ForecastSetting, type HistoryRecord, type ProjectionRecord, type Scenario, type ScenarioComparison } from '../../lib/forecast/model';
import { FigureIndex } from '../../lib/figures';

export interface ForecastRequest {
  laCode: string;
  months: number;
  windowStart: string | null;
  windowEnd: string | null;
  scenarioId: number | null;
}

export interface SavedScenario {
  id: number;
  laCode: string;
  name: string;
  scenario: Scenario;
  inflation: number;
  createdAt: string;
  createdBy: string | null;
}

export interface PlannedChange {
  id: number;
  laCode: string;
  setting: ForecastSetting;
  effectiveDate: string;
  change: number;
  description: string;
  createdAt: string;
  createdBy: string | null;
}

/** What the cache keeps of a forecast: flat records only (no per-run samples). */
export interface CachedForecast {
  key: string;
  laCode: string;
  computedAt: string;
  months: number;
  runs: number;
  seed: number;
  observed: { from: string; to: string; months: number } | null;
  window: { start: string; end: string; months: number } | null;
  insufficient: string | null;
  history: HistoryRecord[];
  projection: ProjectionRecord[];
  backTest: BackTest | null;
  backTestNote: string | null;
  /** The weekly costs used (from the council's latest template figures), per setting. */
  weeklyCost: Partial<Record<ForecastSetting, number>>;
  costs: CostYear[];
  scenario: { id: number; name: string; inflation: number; projection: ProjectionRecord[]; comparison: ScenarioComparison } | null;
}

// ---------------------------------------------------------------------------------------------
// Scenarios and planned changes

const SCENARIO_COLUMNS = {
  id: forecastScenarios.id,
  laCode: forecastScenarios.laCode,
  name: forecastScenarios.name,
  scenario: forecastScenarios.scenario,
  inflation: forecastScenarios.inflation,
  createdAt: forecastScenarios.createdAt,
  createdBy: forecastScenarios.createdBy,
};
const parsed = (r: Omit<SavedScenario, 'scenario'> & { scenario: string }): SavedScenario => ({ ...r, scenario: JSON.parse(r.scenario) as Scenario });

export function listScenarios(db: Db, laCode: string): SavedScenario[] {
  return db.select(SCENARIO_COLUMNS).from(forecastScenarios).where(eq(forecastScenarios.laCode, laCode)).orderBy(asc(forecastScenarios.id)).all().map(parsed);
}

export function getScenario(sqlite: Database.Database, id: number): SavedScenario | null {
  const r = sqlite.prepare('SELECT id, la_code AS laCode, name, scenario, inflation, created_at AS createdAt, created_by AS createdBy FROM forecast_scenarios WHERE id = ?').get(id) as
    | (Omit<SavedScenario, 'scenario'> & { scenario: string })
    | undefined;
  return r ? parsed(r) : null;
}

export function listPlans(db: Db, laCode: string): PlannedChange[] {
  return db
    .select({
      id: forecastPlans.id,
      laCode: forecastPlans.laCode,
      setting: forecastPlans.setting,
      effectiveDate: forecastPlans.effectiveDate,
      change: forecastPlans.change,
      description: forecastPlans.description,
      createdAt: forecastPlans.createdAt,
      createdBy: forecastPlans.createdBy,
    })
    .from(forecastPlans)
    .where(eq(forecastPlans.laCode, laCode))
    .orderBy(asc(forecastPlans.effectiveDate), asc(forecastPlans.id))
    .all() as PlannedChange[];
}

// ---------------------------------------------------------------------------------------------
// Today's capacity and costs, from the council's latest template figures

/** Places (all provision) and average weekly cost per setting in the council's latest template period. */
export function capacityAndCosts(db: Db, laCode: string): { periodEnd: string | null; places: Partial<Record<ForecastSetting, number>>; weeklyCost: Partial<Record<ForecastSetting, number>> } {
  const latest = db.$client
    .prepare("SELECT max(period_end) AS periodEnd FROM figure_sets WHERE la_code = ? AND source = 'template' AND is_current = 1")
    .get(laCode) as { periodEnd: string | null };
  const periodEnd = latest.periodEnd;
  const figures = periodEnd ? getFigures(db, laCode, periodEnd, 'template') : null;
  const places: Partial<Record<ForecastSetting, number>> = {};
  const weeklyCost: Partial<Record<ForecastSetting, number>> = {};
  if (figures) {
    const ix = FigureIndex.of(figures);
    for (const s of FORECAST_SETTINGS) {
      const p = ix.get({ measure: 'places', setting: s });
      if (p && p.value !== null) places[s] = p.value;
      const c = ix.get({ measure: 'weekly_cost_gbp', setting: s });
      if (c && c.value !== null) weeklyCost[s] = c.value;
    }
  }
  return { periodEnd, places, weeklyCost };
}

// ---------------------------------------------------------------------------------------------
// The cache

/** The data version: the newest current return of the council (a re-import makes a new one). */
export function dataVersion(sqlite: Database.Database, laCode: string): number {
  return (sqlite.prepare('SELECT coalesce(max(id), 0) AS v FROM ssda903_returns WHERE la_code = ? AND is_current = 1').get(laCode) as { v: number }).v;
}

export function cacheKey(sqlite: Database.Database, r: ForecastRequest): string {
  const scenario = r.scenarioId ? getScenario(sqlite, r.scenarioId) : null;
  const sc = scenario ? `${scenario.id}:${JSON.stringify(scenario.scenario)}:${scenario.inflation}` : 'none';
  return [r.laCode, `data${dataVersion(sqlite, r.laCode)}`, `m${r.months}`, `w${r.windowStart ?? ''}..${r.windowEnd ?? ''}`, `s${sc}`].join('|');
}

export function getCached(sqlite: Database.Database, key: string): CachedForecast | null {
  const r = sqlite.prepare('SELECT result FROM forecast_cache WHERE key = ?').get(key) as { result: string } | undefined;
  return r ? (JSON.parse(r.result) as CachedForecast) : null;
}
