/**
 * SSDA903 import end to end on a real SQLite database: the derived figures of both views checked
 * against the independent reference calculation (tests/helpers/ssda903Reference.ts) and the
 * hand-counted fixtures; bad input blocks with located messages and stores nothing; business-rule
 * findings are reported and counted; re-imports version; the XML form gives the same figures.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { importSsda903, type Ssda903File } from '@/db/imports/ssda903';
import { importPostcodeSectors } from '@/db/imports/postcodes';
import { getFigures } from '@/db/queries/figures';
import { getBreakdowns } from '@/db/queries/ssda903';
import type { Db } from '@/db/client';
import type { FigureSource } from '@/db/schema';
import { bufferChunks } from '@/lib/csv/read';
import type { Figure } from '@/lib/figures';
import { COMMISSIONED_PARTS } from '@/lib/template/codes';
import { combinedReturn, readReturn, yearFigures, type Counts, type ReturnTables, type Row } from '@/tests/helpers/ssda903Reference';
import { count, freshDb } from '@/tests/helpers/db';

const SMALL = path.resolve(__dirname, '../fixtures/ssda903/small-2023-24');
const SAMPLES = path.resolve(__dirname, '../fixtures/ssda903/samples');
const LA = 'E06000004';

function filesOf(dir: string, prefixes: string[]): Ssda903File[] {
  return prefixes.flatMap((p) =>
    ['header', 'episodes', 'uasc'].map((t) => {
      const name = `${p}-${t}.csv`;
      return { fileName: name, chunks: bufferChunks(fs.readFileSync(path.join(dir, name)), 997) };
    }),
  );
}
const textFile = (fileName: string, text: string): Ssda903File => ({ fileName, chunks: bufferChunks(text, 500) });

const run = (db: Db, files: Ssda903File[], laCode: string | null = LA) => importSsda903(db.$client, { laCode, files, source: 'cli', actor: 'test' });

const DATA_TABLES = ['ssda903_returns', 'ssda903_children', 'ssda903_episodes', 'ssda903_uasc', 'figure_sets', 'figures', 'figure_breakdowns'];
const snapshot = (db: Db) => Object.fromEntries(DATA_TABLES.map((t) => [t, db.$client.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()]));

/** The production figure of a key must equal the reference children counted under it (every part and total). */
function expectStockMatches(figures: readonly Figure[], measure: 'children_placed' | 'placements_3plus', ref: Counts): void {
  const commissioned = new Set<string>(COMMISSIONED_PARTS);
  const shown = figures.filter((f) => f.measure === measure && !f.derived);
  expect(shown.length).toBeGreaterThan(600);
  for (const f of shown) {
    let expected = 0;
    for (const [cellKey, n] of ref.cells) {
      const [setting, provision, ageBand, need] = cellKey.split('|') as [string, string, string, string];
      if (need !== f.need) continue;
      if (f.setting !== 'all' && f.setting !== setting) continue;
      if (f.provision === 'commissioned' ? !commissioned.has(provision) : f.provision !== 'all' && f.provision !== provision) continue;
      if (f.ageBand !== 'all' && f.ageBand !== ageBand) continue;
      expected += n;
    }
    expect({ key: `${f.measure}|${f.setting}|${f.provision}|${f.ageBand}|${f.need}`, value: f.value }).toEqual({
      key: `${f.measure}|${f.setting}|${f.provision}|${f.ageBand}|${f.need}`,
      value: expected,
    });
  }
}

function expectYearMatches(db: Db, source: FigureSource, tables: ReturnTables, yearEnd: string): void {
  const figures = getFigures(db, LA, yearEnd, source);
  expect(figures, `${source} ${yearEnd}`).not.toBeNull();
  const ref = yearFigures(tables, yearEnd);
  expectStockMatches(figures!, 'children_placed', ref.stock);
  expectStockMatches(figures!, 'placements_3plus', ref.placements3plus);
  const total = (m: string) => figures!.find((f) => f.measure === m && f.setting === 'all' && f.provision === 'all' && f.ageBand === 'all' && f.need === 'all')?.value;
  expect({ starts: total('starts'), ends: total('ends'), care_starts: total('care_starts'), care_ends: total('care_ends'), moves: total('moves') }).toEqual({
    starts: ref.flows.starts,
    ends: ref.flows.ends,
    care_starts: ref.flows.care_starts,
    care_ends: ref.flows.care_ends,
    moves: ref.flows.moves,
  });
  const b = getBreakdowns(db, LA, yearEnd, source)!;
  expect(b.moves ?? {}).toEqual(Object.fromEntries(ref.flows.movesByReason));
  expect(b.care_ends ?? {}).toEqual(Object.fromEntries(ref.flows.careEndsByRec));
}

const headline = (db: Db, period: string, source: FigureSource, measure = 'children_placed', extra: Partial<Figure> = {}) =>
  getFigures(db, LA, period, source)?.find((f) => f.measure === measure && f.setting === (extra.setting ?? 'all') && f.provision === (extra.provision ?? 'all') && f.ageBand === (extra.ageBand ?? 'all') && f.need === (extra.need ?? 'all'))?.value;

let db: Db;
beforeEach(() => {
  db = freshDb();
});

describe('derived figures against the hand-counted fixtures and the reference calculation', () => {
  it('one return: the 31 March 2024 stock, V3/V4 left out, an episode ending on 31 March, several episodes on one day, stability', async () => {
    const r = await run(db, filesOf(SMALL, ['2023']));
    expect(r.errors).toEqual([]);
    expect(r.status).toBe('stored');
    expect(r.returns.map((x) => [x.label, x.outcome, x.version])).toEqual([['2023-24', 'new', 1]]);
    // Counted by hand (tests/fixtures/ssda903/README.md).
    expect(headline(db, '2024-03-31', 'ssda903_return')).toBe(20);
    expect(headline(db, '2024-03-31', 'ssda903_return', 'children_placed', { need: 'uasc' })).toBe(2);
    expect(headline(db, '2024-03-31', 'ssda903_return', 'children_placed', { setting: 'fostering' })).toBe(8);
    expect(headline(db, '2024-03-31', 'ssda903_return', 'children_placed', { setting: 'kinship_fostering' })).toBe(2);
    expect(headline(db, '2024-03-31', 'ssda903_return', 'children_placed', { provision: 'private' })).toBe(7);
    expect(headline(db, '2024-03-31', 'ssda903_return', 'placements_3plus')).toBe(2);
    expect(headline(db, '2024-03-31', 'ssda903_return', 'starts')).toBe(23);
    expect(headline(db, '2024-03-31', 'ssda903_return', 'ends')).toBe(12);
    expect(headline(db, '2024-03-31', 'ssda903_return', 'care_ends')).toBe(2);
    expectYearMatches(db, 'ssda903_return', readReturn(SMALL, '2023'), '2024-03-31');
    expectYearMatches(db, 'ssda903', readReturn(SMALL, '2023'), '2024-03-31');
  });

  it('two returns: the combined view takes the later correction and keeps a dropped child; each return keeps its own', async () => {
    const r = await run(db, filesOf(SMALL, ['2023', '2024']));
    expect(r.errors).toEqual([]);
    expect(r.returns.map((x) => x.label)).toEqual(['2023-24', '2024-25']);
    const both = combinedReturn([readReturn(SMALL, '2023'), readReturn(SMALL, '2024')]);
    expect(headline(db, '2024-03-31', 'ssda903_return')).toBe(20);
    expect(headline(db, '2024-03-31', 'ssda903')).toBe(21);
    expect(headline(db, '2025-03-31', 'ssda903_return')).toBe(18);
    expect(headline(db, '2025-03-31', 'ssda903')).toBe(19);
    for (const y of ['2024-03-31', '2025-03-31']) expectYearMatches(db, 'ssda903', both, y);
    expectYearMatches(db, 'ssda903_return', readReturn(SMALL, '2024'), '2025-03-31');
    // The report says where the combined count differs from the return's own.
    expect(r.changes).toEqual([
      { periodEnd: '2024-03-31', ownReturn: 20, before: null, after: 21 },
      { periodEnd: '2025-03-31', ownReturn: 18, before: null, after: 19 },
    ]);
  });

  it('a later return loaded afterwards changes an earlier 31 March count, and the report says by how much', async () => {
    await run(db, filesOf(SMALL, ['2023']));
    const r = await run(db, filesOf(SMALL, ['2024']));
    expect(r.changes).toContainEqual({ periodEnd: '2024-03-31', ownReturn: 20, before: 20, after: 21 });
  });

  it('the five shared sample returns, both views, every year, against the reference', async () => {
    const prefixes = ['2017', '2018', '2019', '2020', '2021'];
    const r = await run(db, filesOf(SAMPLES, prefixes));
    expect(r.errors).toEqual([]);
    expect(r.returns.map((x) => x.yearEnd)).toEqual([2018, 2019, 2020, 2021, 2022]);
    const returns = prefixes.map((p) => readReturn(SAMPLES, p));
    for (const [i, p] of prefixes.entries()) {
      const yearEnd = `${Number(p) + 1}-03-31`;
      expectYearMatches(db, 'ssda903_return', returns[i]!, yearEnd);
      expectYearMatches(db, 'ssda903', combinedReturn(returns.slice(0, i + 1).concat(returns.slice(i + 1))), yearEnd);
    }
    // docs/ssda903-sample-figures.md publishes these.
    expect(['2018', '2019', '2020', '2021', '2022'].map((y) => [headline(db, `${y}-03-31`, 'ssda903_return'), headline(db, `${y}-03-31`, 'ssda903')])).toEqual([
      [367, 466],
      [195, 288],
      [135, 181],
      [89, 122],
      [55, 75],
    ]);
  });
});

describe('blocking problems: a located message and nothing stored', () => {
  const HEADER = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB';
  const EPISODES = 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN';
  const okHeader = `${HEADER}\nA1,1,01/02/2010,WBRI,A123456789012,,\nA2,2,03/04/2012,WBRI,A123456789013,,\n`;
  const okEpisodes = `${EPISODES}\nA1,01/05/2023,S,C2,N1,U4,PR1,,,,TS18 1,TS19 2,\nA2,01/06/2023,S,C2,N1,K2,PR4,,,,TS18 1,DL1 1,1234567\n`;

  async function rejected(files: Ssda903File[], la: string | null = LA) {
    await run(db, filesOf(SMALL, ['2023']));
    const before = snapshot(db);
    const r = await run(db, files, la);
    expect(r.status).toBe('rejected');
    expect(snapshot(db)).toEqual(before);
    return r;
  }

  it('a correct small return imports (the baseline of the cases below)', async () => {
    const r = await run(db, [textFile('h.csv', okHeader), textFile('e.csv', okEpisodes)]);
    expect(r.errors).toEqual([]);
    expect(r.status).toBe('stored');
  });

  it('no council given', async () => {
    const r = await rejected([textFile('h.csv', okHeader), textFile('e.csv', okEpisodes)], null);
    expect(r.errors[0]!.message).toMatch(/does not say which council/);
  });

  it('a header-only episodes file', async () => {
    const r = await rejected([textFile('h.csv', okHeader), textFile('e.csv', `${EPISODES}\n`)]);
    expect(r.errors).toContainEqual(expect.objectContaining({ file: 'e.csv', message: expect.stringMatching(/header but no rows/) }));
  });

  it('an episode whose child is not in the header', async () => {
    const r = await rejected([textFile('h.csv', okHeader), textFile('e.csv', `${okEpisodes}ZZ9,01/07/2023,S,C2,N1,U4,PR1,,,,,,\n`)]);
    expect(r.errors).toContainEqual(expect.objectContaining({ file: 'e.csv', row: 4, column: 'CHILD', value: 'ZZ9' }));
  });

  it('31/02/2020 is not a date', async () => {
    const r = await rejected([textFile('h.csv', okHeader), textFile('e.csv', okEpisodes.replace('01/05/2023', '31/02/2020'))]);
    expect(r.errors).toContainEqual(expect.objectContaining({ file: 'e.csv', row: 2, column: 'DECOM', value: '31/02/2020', rule: '141' }));
  });

  it('a PLACE code not valid for the year: K3 in the 2023-24 return', async () => {
    const r = await rejected([textFile('h.csv', okHeader), textFile('e.csv', okEpisodes.replace(',U4,', ',K3,'))]);
    expect(r.errors).toContainEqual(expect.objectContaining({ file: 'e.csv', row: 2, column: 'PLACE', value: 'K3', rule: '146', message: expect.stringContaining('2023-24') }));
  });

  it('an unknown code and a missing required field, all reported at once', async () => {
    const bad = okEpisodes.replace(',C2,N1,U4,', ',C9,N1,U4,').replace('A2,01/06/2023,S,C2,N1,K2', 'A2,01/06/2023,,C2,N1,K2');
    const r = await rejected([textFile('h.csv', okHeader), textFile('e.csv', bad)]);
    expect(r.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 2, column: 'LS', value: 'C9', rule: '144' }),
        expect.objectContaining({ row: 3, column: 'RNE', value: '' }),
      ]),
    );
  });

  it('a file of another kind among the return (a sufficiency template)', async () => {
    const r = await rejected([textFile('h.csv', okHeader), textFile('e.csv', okEpisodes), textFile('template.csv', 'period_end,la_code,setting\n2024-03-31,E06000004,all\n')]);
    expect(r.errors).toContainEqual(expect.objectContaining({ file: 'template.csv', row: 1, message: expect.stringMatching(/not an SSDA903 file/) }));
  });

  it('a header file given where the episodes should be: no episodes file', async () => {
    const r = await rejected([textFile('h.csv', okHeader), textFile('e.csv', okHeader)]);
    expect(r.errors.map((e) => e.message).join('\n')).toMatch(/No episodes file[\s\S]*Two header \(children\) files/);
  });

  it('XML that is not well formed', async () => {
    const r = await rejected([textFile('return.xml', '<?xml version="1.0"?>\n<EXPSSDA903>\n<CHILD><HEADER><CHILDID>1</CHILDID>\n</CHILD>\n</EXPSSDA903>\n')]);
    expect(r.errors).toContainEqual(expect.objectContaining({ file: 'return.xml', row: 4, message: expect.stringMatching(/not well formed at line 4/) }));
  });

  it("the three files of different years mixed up, said clearly", async () => {
    const files = [
      { fileName: '2023-header.csv', chunks: bufferChunks(fs.readFileSync(path.join(SAMPLES, '2020-header.csv'))) },
      { fileName: '2023-episodes.csv', chunks: bufferChunks(fs.readFileSync(path.join(SMALL, '2023-episodes.csv'))) },
    ];
    const r1 = await rejected([...filesOf(SMALL, ['2023']).filter((f) => !f.fileName.includes('header')), { fileName: '2019-header.csv', chunks: bufferChunks(fs.readFileSync(path.join(SAMPLES, '2019-header.csv'))) }]);
    expect(r1.errors[0]!.message).toMatch(/different years .*mixed up/);
    const r2 = await rejected(files);
    expect(r2.errors.map((e) => e.message).join('\n')).toMatch(/missing from 2023-header.csv: the header and episodes files look like they come from different years/);
  });
});

describe('reported, not blocking', () => {
  const HEADER = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA1,1,01/02/2010,WBRI,A123456789012,,\nA2,2,03/04/2012,WBRI,A123456789013,,\nA3,2,03/04/2012,WBRI,A123456789014,,\n';
  const EPISODES = [
    'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN',
    // DEC before DECOM: left out, so A1 is not counted on 31 March 2024.
    'A1,01/05/2023,S,C2,N1,U4,PR1,01/04/2023,E11,,TS18 1,TS19 2,',
    // Overlapping episodes: A2 counts once, in the one that started last (K2).
    'A2,01/06/2023,S,C2,N1,U4,PR1,,,,TS18 1,TS19 2,',
    'A2,01/09/2023,P,C2,N1,K2,PR4,,,,TS18 1,DL1 1,1234567',
    'A3,01/06/2023,S,C2,N1,U6,PR4,,,,TS18 1,TS19 2,',
  ].join('\n');

  it('DEC before DECOM and overlapping episodes: stored, counted as documented, and the counts reported with the rule', async () => {
    const r = await run(db, [textFile('h.csv', HEADER), textFile('e.csv', EPISODES)]);
    expect(r.status).toBe('stored');
    expect(r.returns[0]!.findings).toMatchObject({ dec_before_decom: 1, overlap: 1 });
    expect(r.warnings).toContainEqual(expect.objectContaining({ file: 'e.csv', row: 2, column: 'DEC', rule: '356', expected: expect.stringMatching(/left out of the counts/) }));
    expect(r.warnings).toContainEqual(expect.objectContaining({ file: 'e.csv', row: 4, column: 'DECOM', rule: '142' }));
    expect(headline(db, '2024-03-31', 'ssda903_return')).toBe(2);
    expect(headline(db, '2024-03-31', 'ssda903_return', 'children_placed', { setting: 'residential' })).toBe(1);
    const stored = db.$client.prepare('SELECT findings FROM ssda903_returns').get() as { findings: string };
    expect(JSON.parse(stored.findings)).toMatchObject({ dec_before_decom: 1, overlap: 1 });
  });
});

describe('versions, the XML form and the postcode lookup', () => {
  it('the same files again change nothing; a changed year is a new version of that year only', async () => {
    await run(db, filesOf(SMALL, ['2023', '2024']));
    const sets = count(db, 'figure_sets');
    const again = await run(db, filesOf(SMALL, ['2023', '2024']));
    expect(again.status).toBe('unchanged');
    expect(count(db, 'figure_sets')).toBe(sets);
    const changed = fs.readFileSync(path.join(SMALL, '2024-episodes.csv'), 'utf8').trimEnd().replace(/\n[^\n]*$/, '\n');
    const files = filesOf(SMALL, ['2024']).map((f) => (f.fileName === '2024-episodes.csv' ? textFile(f.fileName, changed) : f));
    const r = await run(db, files);
    expect(r.returns[0]).toMatchObject({ label: '2024-25', outcome: 'replaced', version: 2 });
    const versions = db.$client.prepare('SELECT year_end, version, is_current FROM ssda903_returns ORDER BY year_end, version').all();
    expect(versions).toEqual([
      { year_end: 2024, version: 1, is_current: 1 },
      { year_end: 2025, version: 1, is_current: 0 },
      { year_end: 2025, version: 2, is_current: 1 },
    ]);
  });

  it('the XML form of a return gives the same figures as its CSV tables', async () => {
    const t = readReturn(SMALL, '2023');
    const el = (name: string, v: string | undefined) => (v ? `<${name}>${v}</${name}>` : '');
    const uasc = new Map(t.uasc.map((u: Row) => [u.CHILD, u]));
    const xml = [
      '<?xml version="1.0" encoding="utf-8"?>',
      '<EXPSSDA903>',
      ...t.header.map((h: Row) =>
        [
          '<CHILD><HEADER>',
          el('CHILDID', h.CHILD) + el('SEX', h.SEX) + el('DOB', h.DOB) + el('ETHNIC', h.ETHNIC) + el('UPN', h.UPN) + el('MOTHER', h.MOTHER) + el('MC_DOB', h.MC_DOB),
          uasc.has(h.CHILD!) ? `<UASC>1</UASC>${el('DUC', uasc.get(h.CHILD!)!.DUC)}` : '',
          '</HEADER>',
          ...t.episodes
            .filter((e: Row) => e.CHILD === h.CHILD)
            .map((e: Row) => `<EPISODE>${['DECOM', 'RNE', 'LS', 'CIN'].map((c) => el(c, e[c])).join('')}${el('PL', e.PLACE)}${['PLACE_PROVIDER', 'DEC', 'REC', 'REASON_PLACE_CHANGE', 'HOME_POST', 'PL_POST', 'URN'].map((c) => el(c, e[c])).join('')}</EPISODE>`),
          '</CHILD>',
        ].join('\n'),
      ),
      '</EXPSSDA903>',
    ].join('\n');
    const viaXml = freshDb();
    const rx = await run(viaXml, [textFile('return-2023-24.xml', xml)]);
    expect(rx.errors).toEqual([]);
    await run(db, filesOf(SMALL, ['2023']));
    const strip = (fs2: readonly Figure[] | null) => (fs2 ?? []).map((f) => `${f.measure}|${f.setting}|${f.provision}|${f.ageBand}|${f.need}=${f.value}`).sort();
    expect(strip(getFigures(viaXml, LA, '2024-03-31', 'ssda903_return'))).toEqual(strip(getFigures(db, LA, '2024-03-31', 'ssda903_return')));
  });

  it('a postcode sector lookup makes distance and placements outside the council known, counted by hand', async () => {
    const HEADER = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA1,1,01/02/2010,WBRI,A123456789012,,\nA2,2,03/04/2012,WBRI,A123456789013,,\nA3,2,03/04/2012,WBRI,A123456789014,,\n';
    const EPISODES = [
      'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN',
      'A1,01/05/2023,S,C2,N1,U4,PR1,,,,TS18 1AB,TS19 2,', // 2.2 miles, inside Stockton
      'A2,01/06/2023,S,C2,N1,K2,PR4,,,,TS18 1,LS1 4,1234567', // about 47 miles, Leeds
      'A3,01/06/2023,S,C2,N1,U6,PR4,,,,,TS19 2,', // no home postcode: distance not known
    ].join('\n');
    await run(db, [textFile('h.csv', HEADER), textFile('e.csv', EPISODES)]);
    expect(getFigures(db, LA, '2024-03-31', 'ssda903_return')!.find((f) => f.measure === 'placed_over_20_miles' && f.setting === 'all' && f.provision === 'all' && f.ageBand === 'all' && f.need === 'all')).toMatchObject({ value: null, symbol: 'x' });
    const lookup = 'sector,latitude,longitude,la_code\nTS18 1,54.5625,-1.3200,E06000004\nTS19 2,54.5800,-1.3700,E06000004\nLS1 4,53.7960,-1.5470,E08000035\n';
    const r = await importPostcodeSectors(db.$client, { fileName: 'sectors.csv', source: 'cli', chunks: bufferChunks(lookup) });
    expect(r.errors).toEqual([]);
    expect(headline(db, '2024-03-31', 'ssda903_return', 'placed_over_20_miles')).toBe(1);
    expect(headline(db, '2024-03-31', 'ssda903_return', 'placed_outside_la')).toBe(1);
    expect(headline(db, '2024-03-31', 'ssda903', 'placed_over_20_miles', { setting: 'residential' })).toBe(1);
    expect(getBreakdowns(db, LA, '2024-03-31', 'ssda903_return')!.data_quality).toEqual({ missing_postcode: 1 });
  });
});
