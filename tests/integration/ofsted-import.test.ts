import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Db } from '@/db/client';
import { importOfsted } from '@/db/imports/ofsted';
import { getMarket, listMarketSettings, readNationalTimeSeries } from '@/db/queries/market';
import { bufferChunks, fileChunks } from '@/lib/csv/read';
import { homesBySector, homesBySize, marketTables } from '@/lib/market';
import { count, freshDb } from '@/tests/helpers/db';

const FILE = path.join(process.cwd(), 'data/reference/ofsted/ofsted_csc_providers_places_at_31_Mar_2023_raw.csv');
const NAME = path.basename(FILE);
const TEXT = fs.readFileSync(FILE, 'utf8');

const importFile = (db: Db) => importOfsted(db.$client, { fileName: NAME, source: 'cli', actor: 'cli:test', chunks: fileChunks(FILE) });
const importString = (db: Db, text: string, fileName = NAME) =>
  importOfsted(db.$client, { fileName, source: 'web', actor: 'a@example.org', chunks: bufferChunks(text, 4096) });

/** An independent reading of the file: plain RFC 4180 CSV, the header found by its first cell. */
function records(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field.replace(/\r$/, ''));
      out.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) out.push([...row, field]);
  return out;
}

function expectedHomes(filter: (r: Record<string, string>) => boolean) {
  const all = records(TEXT);
  const h = all.findIndex((r) => r[0] === 'Web link');
  const header = all[h]!;
  const rows = all.slice(h + 1).map((r) => Object.fromEntries(header.map((c, i) => [c, r[i] ?? ''])));
  const homes = rows.filter(
    (r) => r['Provision type']!.toLowerCase() === "children's home" && r['Registration status'] === 'Active' && filter(r),
  );
  const by: Record<string, { homes: number; places: number }> = {};
  for (const r of homes) {
    const k = ({ 'Local Authority': 'local_authority', Private: 'private', Voluntary: 'voluntary' } as Record<string, string>)[r.Sector!] ?? 'other';
    for (const key of [k, 'all']) {
      by[key] ??= { homes: 0, places: 0 };
      by[key].homes += 1;
      by[key].places += Number(r.Places || 0);
    }
  }
  return { rows, by };
}

describe('importing the Ofsted register', () => {
  test('stores every setting of the published file, with an import record and an audit event', async () => {
    const db = freshDb();
    const r = await importFile(db);
    expect(r.status).toBe('stored');
    expect(r.errorCount).toBe(0);
    expect(r.asAt).toBe('2023-03-31');
    expect(r.rows).toBe(3812);
    expect(count(db, 'ofsted_providers')).toBe(3812);
    // Cumbria (abolished on 1 April 2023) is not in the list of councils: kept without a code.
    expect(r.warnings.map((w) => w.value)).toEqual(['Cumbria']);
    const imp = db.$client.prepare('SELECT kind, status, rows, sha256, supplied FROM imports WHERE id = ?').get(r.importId) as {
      kind: string;
      status: string;
      rows: number;
      sha256: string;
      supplied: string;
    };
    expect(imp).toMatchObject({ kind: 'ofsted', status: 'stored', rows: 3812, sha256: r.sha256 });
    expect(JSON.parse(imp.supplied)).toEqual([
      { laCode: 'E92000001', periodEnd: '2023-03-31', rows: 3812, outcome: 'new', version: 1, replacedVersion: null },
    ]);
    const audit = db.$client.prepare("SELECT action, actor, target, details FROM audit_events WHERE action LIKE 'import_%'").all() as {
      action: string;
      actor: string;
      target: string;
      details: string;
    }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'import_stored', actor: 'cli:test', target: `import #${r.importId}` });
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ kind: 'ofsted', asAt: '2023-03-31', rows: 3812 });
  });

  test("Stockton-on-Tees's children's homes by sector match a separate reading of the file", async () => {
    const db = freshDb();
    await importFile(db);
    const council = { code: 'E06000004', name: 'Stockton-on-Tees', regionName: 'North East' };
    const market = getMarket(db, council)!;
    expect(market.asAt).toBe('2023-03-31');
    expect(market.region).toBe('North East');

    const local = expectedHomes((r) => r['Local authority'] === 'Stockton-on-Tees');
    const got = homesBySector(market.councilSettings);
    expect(got.all).toEqual(local.by.all);
    expect(got.local_authority).toEqual(local.by.local_authority);
    expect(got.private).toEqual(local.by.private);
    expect(got.voluntary).toEqual(local.by.voluntary ?? { homes: 0, places: 0 });
    expect(got.all.homes).toBeGreaterThan(0);

    const region = expectedHomes((r) => r['Government Office Region'] === 'North East');
    const gotRegion = homesBySector(market.regionSettings);
    expect(gotRegion.all).toEqual(region.by.all);
    expect(gotRegion.private).toEqual(region.by.private);

    // The size bands add up to the homes.
    const sizes = homesBySize(market.councilSettings);
    expect(sizes['1'].homes + sizes['2-3'].homes + sizes['4-5'].homes + sizes['6+'].homes + sizes.unknown.homes).toBe(got.all.homes);
  });

  test("every children's home in the register adds up to Ofsted's national time series for the year", async () => {
    const db = freshDb();
    await importFile(db);
    const all = db.$client
      .prepare("SELECT count(*) AS homes, sum(places) AS places FROM ofsted_providers WHERE lower(provision_type) = 'children''s home'")
      .get() as { homes: number; places: number };
    // Ofsted's Table 6a/6b, "Children's Homes" at 31 March 2023: 3,050 homes, 11,857 places.
    expect(all).toEqual({ homes: 3050, places: 11857 });
    const national = readNationalTimeSeries()!;
    expect(national.find((y) => y.year === 2023)).toMatchObject({ providers: all.homes, places: all.places });
  });

  test('a London council takes the London region of the register', async () => {
    const db = freshDb();
    await importFile(db);
    const market = getMarket(db, { code: 'E09000014', name: 'Haringey', regionName: 'Inner London' })!;
    expect(market.region).toBe('London');
    const expected = expectedHomes((r) => r['Government Office Region'] === 'London');
    expect(homesBySector(market.regionSettings).all).toEqual(expected.by.all);
    expect(marketTables(market)['sector-region']).not.toBeNull();
  });

  test('importing the same file again is recorded as unchanged and changes nothing', async () => {
    const db = freshDb();
    const first = await importFile(db);
    const ids = db.$client.prepare('SELECT min(id) AS a, max(id) AS b FROM ofsted_providers').get();
    const again = await importFile(db);
    expect(again.status).toBe('unchanged');
    expect(again.sha256).toBe(first.sha256);
    expect(again.supplied[0]).toMatchObject({ outcome: 'unchanged', version: 1 });
    expect(count(db, 'ofsted_providers')).toBe(3812);
    expect(db.$client.prepare('SELECT min(id) AS a, max(id) AS b FROM ofsted_providers').get()).toEqual(ids);
    const actions = (db.$client.prepare("SELECT action FROM audit_events WHERE action LIKE 'import_%' ORDER BY id").all() as { action: string }[]).map(
      (a) => a.action,
    );
    expect(actions).toEqual(['import_stored', 'import_unchanged']);
  });

  test('a changed file for the same date replaces the stored settings of that date', async () => {
    const db = freshDb();
    await importFile(db);
    const lines = TEXT.split('\r\n');
    const removed = lines.filter((l) => l.includes(',Stockton-on-Tees,')).length;
    const shorter = lines.filter((l) => !l.includes(',Stockton-on-Tees,')).join('\r\n');
    const r = await importString(db, shorter);
    expect(r.status).toBe('stored');
    expect(r.supplied[0]).toMatchObject({ outcome: 'replaced', version: 2, replacedVersion: 1 });
    expect(removed).toBeGreaterThan(0);
    expect(r.rows).toBe(3812 - removed);
    expect(count(db, 'ofsted_providers')).toBe(3812 - removed);
    expect(listMarketSettings(db, '2023-03-31', { laCode: 'E06000004' })).toEqual([]);
    const imports = db.$client.prepare('SELECT DISTINCT import_id AS id FROM ofsted_providers').all();
    expect(imports).toEqual([{ id: r.importId }]);
  });

  test('a bad file stores nothing and is recorded with every error', async () => {
    const db = freshDb();
    const good = await importFile(db);
    const lines = TEXT.split('\r\n');
    // Row 5 (the first setting) loses its URN; row 7 gets a place count that is not a number.
    lines[4] = lines[4]!.replace(',2611190,', ',,');
    lines[6] = lines[6]!.replace(',Private,5,', ',Private,five,');
    const r = await importString(db, lines.join('\r\n'));
    expect(r.status).toBe('rejected');
    expect(r.errors.map((e) => [e.row, e.column, e.value])).toEqual([
      [5, 'URN', ''],
      [7, 'Places', 'five'],
    ]);
    expect(count(db, 'ofsted_providers')).toBe(3812);
    expect(db.$client.prepare('SELECT DISTINCT import_id AS id FROM ofsted_providers').all()).toEqual([{ id: good.importId }]);
    const rec = db.$client.prepare('SELECT kind, status, error_count AS n FROM imports WHERE id = ?').get(r.importId);
    expect(rec).toEqual({ kind: 'ofsted', status: 'rejected', n: 2 });
    const audit = db.$client.prepare('SELECT action, details FROM audit_events ORDER BY id DESC LIMIT 1').get() as { action: string; details: string };
    expect(audit.action).toBe('import_rejected');
    expect(JSON.parse(audit.details)).toMatchObject({ kind: 'ofsted', asAt: '2023-03-31', errors: 2 });
  });

  test('a file with no date, no header or no content is rejected and stores nothing', async () => {
    const db = freshDb();
    const noTitles = TEXT.split('\r\n').slice(3).join('\r\n');
    const noDate = await importString(db, noTitles, 'register.csv');
    expect(noDate.status).toBe('rejected');
    expect(noDate.errors[0]!.message).toMatch(/please give it/);

    const notOfsted = await importString(db, 'period_end,la_code,measure,value\n2024-03-31,E06000004,places,4\n');
    expect(notOfsted.status).toBe('rejected');
    expect(notOfsted.errors[0]!.message).toMatch(/No header row found/);

    const emptyFile = await importString(db, '');
    expect(emptyFile.errors[0]!.message).toBe('The file is empty');

    const given = await importOfsted(db.$client, {
      fileName: 'register.csv',
      source: 'web',
      asAt: '2023-03-31',
      chunks: bufferChunks(noTitles),
    });
    expect(given.status).toBe('stored');
    expect(count(db, 'ofsted_providers')).toBe(3812);
    expect(count(db, 'imports')).toBe(4);
  });
});

describe('the market kept between requests', () => {
  test('follows a register loaded, and one loaded again with fewer homes, at once', async () => {
    const db = freshDb();
    const stockton = { code: 'E06000004', name: 'Stockton-on-Tees', regionName: 'North East' };
    expect(getMarket(db, stockton)).toBeNull();
    await importFile(db);
    const first = getMarket(db, stockton)!;
    expect(first.councilSettings.length).toBeGreaterThan(0);
    expect(getMarket(db, stockton)!.councilSettings).toBe(first.councilSettings); // kept
    // The same date again without Stockton's first home: the kept market is not used.
    const lines = TEXT.split('\n');
    const urn = first.councilSettings[0]!.urn;
    const fewer = lines.filter((l) => !l.startsWith(`${urn},`) && !l.includes(`,${urn},`)).join('\n');
    expect(fewer.length).toBeLessThan(TEXT.length);
    expect((await importString(db, fewer)).status).toBe('stored');
    const again = getMarket(db, stockton)!;
    expect(again.councilSettings.map((s) => s.urn)).not.toContain(urn);
    expect(again.councilSettings.length).toBe(first.councilSettings.length - 1);
  }, 60_000);
});
