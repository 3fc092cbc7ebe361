/**
 * The figures behind each overview chart (the CSV download): every figure of the period whose key
 * the table names, counted here by a plain scan of the period's figures.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { loadDemoIfEmpty } from '@/db/imports/demo';
import { getFigures, listFigureSeries } from '@/db/queries/figures';
import { figureKey } from '@/lib/figures';
import { OVERVIEW_VIEWS, TREND_SLICE, overviewTables, tableRecords } from '@/lib/overview';
import { freshDb } from '@/tests/helpers/db';

let db: Db;
beforeAll(async () => {
  db = freshDb();
  await loadDemoIfEmpty(db);
}, 120_000);

describe('tableRecords', () => {
  it.each(OVERVIEW_VIEWS)('%s: the records are the figures the table names, nothing else', (view) => {
    const council = { code: 'E06000004', name: 'Stockton-on-Tees' };
    const figures = getFigures(db, council.code, '2024-03-31')!;
    const series = listFigureSeries(db, council.code, TREND_SLICE);
    const table = overviewTables(figures, series)[view];
    const periods = view === 'placement-trend' ? series : [{ periodEnd: '2024-03-31', figures }];
    const records = tableRecords(council, table, periods);
    const wanted = new Set(table.keys.map(figureKey));
    const expected = periods.flatMap((p) =>
      p.figures
        .filter((f) => wanted.has(figureKey(f)))
        .map((f) => `${p.periodEnd}|${f.measure}|${f.setting}|${f.provision}|${f.ageBand}|${f.need}=${f.symbol ?? f.value ?? 'x'}`),
    );
    const got = records.map((r) => `${r.period_end}|${r.measure}|${r.setting}|${r.provision}|${r.age_band}|${r.need}=${r.value}`);
    expect(got.length).toBeGreaterThan(3);
    expect([...got].sort()).toEqual([...expected].sort());
  });
});
