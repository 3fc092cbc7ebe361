import { describe, it, expect } from 'vitest';
import type { Db } from '@/db/client';
import { rollbackToVersion, RollbackError } from '@/db/history';
import { getFigures } from '@/db/queries/figures';
import { listAudit } from '@/db/queries/audit';
import { diffVersions, getSetFigures, listCouncilHistory, listSetsWithHistory, listVersions } from '@/db/queries/history';
import { diffFigures } from '@/lib/diff';
import { count, freshDb, importText, templateCsv } from '@/tests/helpers/db';

const LA = 'E06000004';
const PERIOD = '2024-03-31';

/** One template line for Stockton-on-Tees, period ending 31 March 2024 unless told. */
function line(setting: string, provision: string, age: string, need: string, measure: string, value: string, period = PERIOD) {
  return `${period},${LA},Stockton-on-Tees,${setting},${provision},${age},${need},${measure},${value}`;
}

const V1 = [
  line('fostering', 'in_house', 'all', 'all', 'children_placed', '214'),
  line('fostering', 'in_house', 'all', 'all', 'places', '236'),
  line('fostering', 'in_house', 'all', 'all', 'places_vacant', '11'),
  line('residential', 'private', 'all', 'all', 'weekly_cost_gbp', '921.40'),
  line('residential', 'private', 'all', 'all', 'children_placed', 'c'),
];

// Version 2: one number changed, one symbol became a number, one row dropped, two rows added.
const V2 = [
  line('fostering', 'in_house', 'all', 'all', 'children_placed', '220'),
  line('fostering', 'in_house', 'all', 'all', 'places', '236'),
  line('residential', 'private', 'all', 'all', 'weekly_cost_gbp', '921.40'),
  line('residential', 'private', 'all', 'all', 'children_placed', '5'),
  line('secure', 'in_house', 'all', 'all', 'places', 'x'),
  line('fostering', 'in_house', '1_4', 'all', 'children_placed', '30'),
];

async function twoVersions(): Promise<Db> {
  const db = freshDb();
  const r1 = await importText(db, templateCsv(V1), 'first.csv');
  expect(r1.status).toBe('stored');
  const r2 = await importText(db, templateCsv(V2), 'second.csv');
  expect(r2.status).toBe('stored');
  expect(r2.supplied).toEqual([
    { laCode: LA, periodEnd: PERIOD, rows: 6, outcome: 'replaced', version: 2, replacedVersion: 1 },
  ]);
  return db;
}

function snapshot(db: Db) {
  return {
    sets: db.$client.prepare('SELECT * FROM figure_sets ORDER BY id').all(),
    figures: count(db, 'figures'),
    audit: db.$client.prepare('SELECT * FROM audit_events ORDER BY id').all(),
  };
}

function currentVersion(db: Db): number {
  return (
    db.$client
      .prepare('SELECT version FROM figure_sets WHERE la_code = ? AND period_end = ? AND is_current = 1')
      .get(LA, PERIOD) as { version: number }
  ).version;
}

describe('listVersions', () => {
  it('lists every version newest first, with its import and the current flag', async () => {
    const db = await twoVersions();
    const versions = listVersions(db, LA, PERIOD);
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    expect(versions.map((v) => v.isCurrent)).toEqual([true, false]);
    expect(versions.map((v) => v.fileName)).toEqual(['second.csv', 'first.csv']);
    expect(versions.map((v) => v.rowCount)).toEqual([6, 5]);
    expect(versions.map((v) => v.importRows)).toEqual([6, 5]);
    expect(versions.map((v) => v.replacesVersion)).toEqual([1, null]);
    expect(versions[0]!.replacesSetId).toBe(versions[1]!.setId);
    expect(versions.every((v) => v.source === 'cli' && v.laCode === LA && v.periodEnd === PERIOD)).toBe(true);
    expect(versions.every((v) => /^[0-9a-f]{64}$/.test(v.sha256))).toBe(true);
    expect(versions[0]!.sha256).not.toBe(versions[1]!.sha256);
  });

  it('is empty for a council and period with nothing stored', async () => {
    const db = await twoVersions();
    expect(listVersions(db, LA, '2023-03-31')).toEqual([]);
    expect(listVersions(db, 'E06000001', PERIOD)).toEqual([]);
  });
});

describe('diffVersions', () => {
  it('reports exactly the rows added, removed and changed', async () => {
    const db = await twoVersions();
    const diff = diffVersions(db, LA, PERIOD, 1, 2);
    // In code-list order: setting, provision, age band, need, measure.
    expect(diff).toEqual({
      added: [
        { setting: 'fostering', provision: 'in_house', ageBand: '1_4', need: 'all', measure: 'children_placed', value: 30, symbol: null },
        { setting: 'secure', provision: 'in_house', ageBand: 'all', need: 'all', measure: 'places', value: null, symbol: 'x' },
      ],
      removed: [
        { setting: 'fostering', provision: 'in_house', ageBand: 'all', need: 'all', measure: 'places_vacant', value: 11, symbol: null },
      ],
      changed: [
        {
          key: { setting: 'fostering', provision: 'in_house', ageBand: 'all', need: 'all', measure: 'children_placed' },
          before: { value: 214, symbol: null },
          after: { value: 220, symbol: null },
        },
        {
          key: { setting: 'residential', provision: 'private', ageBand: 'all', need: 'all', measure: 'children_placed' },
          before: { value: null, symbol: 'c' },
          after: { value: 5, symbol: null },
        },
      ],
    });
  });

  it('runs the other way round too, and finds nothing between a version and itself', async () => {
    const db = await twoVersions();
    const back = diffVersions(db, LA, PERIOD, 2, 1)!;
    expect(back.added.map((f) => f.measure)).toEqual(['places_vacant']);
    expect(back.removed.map((f) => `${f.setting} ${f.ageBand} ${f.measure}`)).toEqual([
      'fostering 1_4 children_placed',
      'secure all places',
    ]);
    expect(back.changed.map((c) => [c.before, c.after])).toEqual([
      [
        { value: 220, symbol: null },
        { value: 214, symbol: null },
      ],
      [
        { value: 5, symbol: null },
        { value: null, symbol: 'c' },
      ],
    ]);
    expect(diffVersions(db, LA, PERIOD, 2, 2)).toEqual({ added: [], removed: [], changed: [] });
  });

  it('is null when either version does not exist', async () => {
    const db = await twoVersions();
    expect(diffVersions(db, LA, PERIOD, 1, 3)).toBeNull();
    expect(diffVersions(db, LA, PERIOD, 0, 2)).toBeNull();
    expect(diffVersions(db, LA, '2023-03-31', 1, 1)).toBeNull();
  });

  it('compares stored rows only, not derived totals', () => {
    const before = [
      { setting: 'fostering', provision: 'in_house', ageBand: 'all', need: 'all', measure: 'places', value: 1, symbol: null },
    ] as const;
    const after = [{ ...before[0], value: 2 }];
    const d = diffFigures(before, after);
    // The all-settings total moves too, but is not a change someone made.
    expect(d.changed).toHaveLength(1);
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
  });
});

describe('getSetFigures', () => {
  it('returns the stored rows of one version, without totals', async () => {
    const db = await twoVersions();
    const [v2, v1] = listVersions(db, LA, PERIOD);
    expect(getSetFigures(db, v1!.setId)).toHaveLength(5);
    const rows = getSetFigures(db, v2!.setId);
    expect(rows).toHaveLength(6);
    expect(rows[0]).toEqual({
      setting: 'fostering',
      provision: 'in_house',
      ageBand: 'all',
      need: 'all',
      measure: 'children_placed',
      value: 220,
      symbol: null,
    });
  });
});

describe('rollbackToVersion', () => {
  it('makes an earlier version current again, keeps the later one and records who did it', async () => {
    const db = await twoVersions();
    const [v2] = listVersions(db, LA, PERIOD);
    const figuresBefore = count(db, 'figures');
    expect(figuresBefore).toBe(5 + 6);

    const out = rollbackToVersion(db.$client, {
      laCode: LA,
      periodEnd: PERIOD,
      version: 1,
      actor: 'commissioner@example.gov.uk',
      ip: '192.0.2.1',
    });
    expect(out).toEqual({ from: 2, to: 1 });

    const versions = listVersions(db, LA, PERIOD);
    expect(versions.map((v) => [v.version, v.isCurrent])).toEqual([
      [2, false],
      [1, true],
    ]);
    // Nothing deleted: version 2's six rows are still there.
    expect(count(db, 'figures')).toBe(figuresBefore);
    expect(
      (db.$client.prepare('SELECT count(*) AS n FROM figures WHERE set_id = ?').get(v2!.setId) as { n: number }).n,
    ).toBe(6);
    expect(count(db, 'figure_sets')).toBe(2);

    // The pages now read version 1.
    const current = getFigures(db, LA, PERIOD)!;
    const placed = current.find(
      (f) => f.setting === 'fostering' && f.provision === 'in_house' && f.ageBand === 'all' && f.need === 'all' && f.measure === 'children_placed',
    );
    expect(placed?.value).toBe(214);

    const audit = listAudit(db, { action: 'rollback' });
    expect(audit.total).toBe(1);
    expect(audit.rows[0]).toMatchObject({
      actor: 'commissioner@example.gov.uk',
      action: 'rollback',
      target: `${LA} ${PERIOD}`,
      details: { from: 2, to: 1 },
      ip: '192.0.2.1',
    });
  });

  it('can go forward again, and a later import adds a version on top of the one made current', async () => {
    const db = await twoVersions();
    rollbackToVersion(db.$client, { laCode: LA, periodEnd: PERIOD, version: 1, actor: 'a@example.gov.uk' });
    expect(rollbackToVersion(db.$client, { laCode: LA, periodEnd: PERIOD, version: 2, actor: 'a@example.gov.uk' })).toEqual({
      from: 1,
      to: 2,
    });
    expect(currentVersion(db)).toBe(2);
    rollbackToVersion(db.$client, { laCode: LA, periodEnd: PERIOD, version: 1, actor: 'a@example.gov.uk' });

    const r = await importText(db, templateCsv(V2), 'second-again.csv');
    expect(r.supplied[0]).toMatchObject({ outcome: 'replaced', version: 3, replacedVersion: 1 });
    expect(listVersions(db, LA, PERIOD).map((v) => [v.version, v.isCurrent, v.replacesVersion])).toEqual([
      [3, true, 1],
      [2, false, 1],
      [1, false, null],
    ]);
    expect(listAudit(db, { action: 'rollback' }).total).toBe(3);
  });

  it('refuses the current version and a missing one, changing nothing', async () => {
    const db = await twoVersions();
    const before = snapshot(db);
    const attempt = (version: number) => () =>
      rollbackToVersion(db.$client, { laCode: LA, periodEnd: PERIOD, version, actor: 'a@example.gov.uk' });

    expect(attempt(2)).toThrow(RollbackError);
    expect(attempt(2)).toThrow(/already current/);
    expect(attempt(3)).toThrow(RollbackError);
    expect(attempt(3)).toThrow(/no version 3/);
    expect(() =>
      rollbackToVersion(db.$client, { laCode: LA, periodEnd: '2023-03-31', version: 1, actor: 'a@example.gov.uk' }),
    ).toThrow(RollbackError);
    try {
      attempt(2)();
    } catch (e) {
      expect((e as RollbackError).reason).toBe('already_current');
    }

    expect(snapshot(db)).toEqual(before);
    expect(db.$client.inTransaction).toBe(false);
  });
});

describe('listSetsWithHistory', () => {
  it('gives each council and period with its current version and how many versions it has', async () => {
    const db = await twoVersions();
    const other = [line('fostering', 'in_house', 'all', 'all', 'children_placed', '200', '2023-03-31')];
    await importText(db, templateCsv(other), 'last-year.csv');
    rollbackToVersion(db.$client, { laCode: LA, periodEnd: PERIOD, version: 1, actor: 'a@example.gov.uk' });

    const list = listSetsWithHistory(db);
    expect(list.map((s) => [s.laCode, s.periodEnd, s.currentVersion, s.latestVersion, s.versions])).toEqual([
      [LA, PERIOD, 1, 2, 2],
      [LA, '2023-03-31', 1, 1, 1],
    ]);
    expect(list.every((s) => /^\d{4}-\d{2}-\d{2}T/.test(s.lastStoredAt))).toBe(true);
    expect(list[0]!.councilName).toMatch(/Stockton/);
  });
});

describe('listCouncilHistory and one council', () => {
  it('gives one line a council with its periods and versions, and one council its own periods', async () => {
    const db = await twoVersions();
    await importText(db, templateCsv([line('fostering', 'in_house', 'all', 'all', 'children_placed', '200', '2023-03-31')]), 'last-year.csv');
    await importText(
      db,
      templateCsv(['2024-03-31,E09000028,Southwark,fostering,in_house,all,all,children_placed,150']),
      'southwark.csv',
    );
    expect(listCouncilHistory(db).map((c) => [c.laCode, c.periods, c.versions, c.latestPeriod])).toEqual([
      ['E09000028', 1, 1, '2024-03-31'],
      [LA, 2, 3, '2024-03-31'],
    ]);
    expect(listSetsWithHistory(db, LA).map((s) => [s.periodEnd, s.versions])).toEqual([
      [PERIOD, 2],
      ['2023-03-31', 1],
    ]);
    expect(listSetsWithHistory(db, 'E09000028').map((s) => s.laCode)).toEqual(['E09000028']);
  });
});
