import { describe, it, expect } from 'vitest';
import { cached, cacheStats, Lru } from '@/db/cache';
import { rollbackToVersion } from '@/db/history';
import { getFigures, listCouncilsWithFigures, listFigureSeries } from '@/db/queries/figures';
import { FigureIndex } from '@/lib/figures';
import { freshDb, importText, templateCsv } from '@/tests/helpers/db';

// The figures a page reads are kept between requests (db/cache.ts). These check that what is
// kept is always what is current: a new import, a rollback and a second database each show their
// own figures, and that the cache stays within its budget.

const LA = 'E06000004';
const line = (period: string, value: string, setting = 'fostering') =>
  `${period},${LA},Stockton-on-Tees,${setting},in_house,all,all,children_placed,${value}`;
const placed = (figures: ReturnType<typeof getFigures>, setting = 'fostering') =>
  figures?.find((f) => f.measure === 'children_placed' && f.setting === setting && f.provision === 'in_house' && f.ageBand === 'all' && f.need === 'all')?.value;
const total = (figures: ReturnType<typeof getFigures>) =>
  figures?.find((f) => f.measure === 'children_placed' && f.setting === 'all' && f.provision === 'all' && f.ageBand === 'all' && f.need === 'all')?.value;

describe('figures kept between requests', () => {
  it('a second read is the same frozen list; an import and a rollback are seen at once', async () => {
    const db = freshDb();
    expect((await importText(db, templateCsv([line('2024-03-31', '214'), line('2024-03-31', '20', 'residential')]), 'v1.csv')).status).toBe('stored');
    const first = getFigures(db, LA, '2024-03-31');
    expect(placed(first)).toBe(214);
    expect(total(first)).toBe(234); // derived: 214 + 20
    const hitsBefore = cacheStats(db.$client).hits;
    const again = getFigures(db, LA, '2024-03-31');
    expect(again).toBe(first);
    expect(cacheStats(db.$client).hits).toBe(hitsBefore + 1);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first![0])).toBe(true);
    // A caller sorting in place would change every later page: it throws instead.
    expect(() => (first as unknown as unknown[]).sort()).toThrow(TypeError);
    expect(FigureIndex.of(first!)).toBe(FigureIndex.of(again!));

    expect((await importText(db, templateCsv([line('2024-03-31', '220'), line('2024-03-31', '20', 'residential')]), 'v2.csv')).status).toBe('stored');
    const second = getFigures(db, LA, '2024-03-31');
    expect(placed(second)).toBe(220);
    expect(total(second)).toBe(240);
    expect(listFigureSeries(db, LA).map((p) => placed(p.figures))).toEqual([220]);

    rollbackToVersion(db.$client, { laCode: LA, periodEnd: '2024-03-31', version: 1, actor: 'test' });
    expect(placed(getFigures(db, LA, '2024-03-31'))).toBe(214);
    expect(listFigureSeries(db, LA).map((p) => placed(p.figures))).toEqual([214]);
  });

  it('a new period joins the series, and a filtered series is kept apart from the whole one', async () => {
    const db = freshDb();
    await importText(db, templateCsv([line('2023-03-31', '200')]), 'a.csv');
    const slice = { measures: ['children_placed'], ageBand: 'all', need: 'all' };
    expect(listFigureSeries(db, LA, slice).map((p) => p.periodEnd)).toEqual(['2023-03-31']);
    await importText(db, templateCsv([line('2024-03-31', '214')]), 'b.csv');
    expect(listFigureSeries(db, LA, slice).map((p) => [p.periodEnd, placed(p.figures)])).toEqual([
      ['2023-03-31', 200],
      ['2024-03-31', 214],
    ]);
    expect(listFigureSeries(db, LA, { measures: ['places'] })).toEqual([]);
  });

  it('the council picker list follows imports at once', async () => {
    const db = freshDb();
    await importText(db, templateCsv([line('2023-03-31', '200')]), 'a.csv');
    const first = listCouncilsWithFigures(db);
    expect(first.map((c) => [c.code, [...c.periods]])).toEqual([[LA, ['2023-03-31']]]);
    expect(listCouncilsWithFigures(db)).toBe(first); // kept
    expect(Object.isFrozen(first[0]!.periods)).toBe(true);
    await importText(db, templateCsv([line('2024-03-31', '214')]), 'b.csv');
    await importText(db, templateCsv(['2024-03-31,E09000028,Southwark,fostering,in_house,all,all,children_placed,150']), 'c.csv');
    expect(listCouncilsWithFigures(db).map((c) => [c.code, [...c.periods]])).toEqual([
      ['E09000028', ['2024-03-31']],
      [LA, ['2024-03-31', '2023-03-31']],
    ]);
    expect(listCouncilsWithFigures(db, 'ssda903')).toEqual([]);
  });

  it('two databases never share what is kept', async () => {
    const a = freshDb();
    const b = freshDb();
    await importText(a, templateCsv([line('2024-03-31', '111')]), 'a.csv');
    await importText(b, templateCsv([line('2024-03-31', '222')]), 'b.csv');
    // Both sets have the same id in their own databases.
    expect(placed(getFigures(a, LA, '2024-03-31'))).toBe(111);
    expect(placed(getFigures(b, LA, '2024-03-31'))).toBe(222);
  });

  it('drops the least recently used entries past the budget, and never keeps one larger than it', () => {
    const lru = new Lru(10);
    lru.set('a', 'A', 4);
    lru.set('b', 'B', 4);
    expect(lru.get('a')).toBe('A'); // a is now the most recently used
    lru.set('c', 'C', 4); // 12 > 10: b goes
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe('A');
    expect(lru.get('c')).toBe('C');
    expect(lru.weight).toBe(8);
    lru.set('huge', 'H', 11);
    expect(lru.get('huge')).toBeUndefined();
    expect(lru.weight).toBe(8);
    lru.set('a', 'A2', 2); // replacing an entry takes its old weight off
    expect(lru.weight).toBe(6);
    expect(lru.get('a')).toBe('A2');
  });

  it('computes once per key', () => {
    const db = freshDb();
    let calls = 0;
    const f = () => cached(db.$client, 'test:key', () => ++calls, () => 1);
    expect([f(), f(), f()]).toEqual([1, 1, 1]);
    expect(calls).toBe(1);
  });
});
