/**
 * The command-line scripts run for real, as child processes, against a SQLite file in a temp
 * directory: `scripts/import.ts` (npm run import) and `scripts/export.ts` (npm run export).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import { getCouncil, getFigures } from '@/db/queries/figures';
import { periodExport } from '@/lib/template/export';
import { HEADER } from '@/tests/helpers/db';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const DEMO = path.join(ROOT, 'data', 'demo');
const STOCKTON_FILE = path.join(DEMO, 'sufficiency_E06000004.csv');
const SOUTHWARK_FILE = path.join(DEMO, 'sufficiency_E09000028.csv');

let tmp = '';
let dbFile = '';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `tsx scripts/<script>.ts args...` in the repository with DATABASE_URL set to the temp file. */
function run(script: 'import' | 'export', args: string[]): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: dbFile };
  // Only DATABASE_URL is under test here: anything else the shell exported must not interfere.
  delete env.PORT;
  delete env.HOSTNAME;
  delete env.UPLOAD_LIMIT_MB;
  const r = spawnSync(TSX, [path.join('scripts', `${script}.ts`), ...args], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    timeout: 120_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** What the database holds, read through a connection of its own that is closed afterwards. */
function snapshot() {
  const db = openDatabase(dbFile);
  try {
    const q = (sql: string) => db.$client.prepare(sql).all();
    return {
      figureSets: q('SELECT id, la_code, period_end, version, is_current, row_count FROM figure_sets ORDER BY id'),
      figures: q(
        'SELECT set_id, measure, setting, provision, age_band, need, value, symbol FROM figures ORDER BY set_id, measure, setting, provision, age_band, need',
      ),
    };
  } finally {
    db.$client.close();
  }
}

function countOf(table: string): number {
  const db = openDatabase(dbFile);
  try {
    return (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.$client.close();
  }
}

/** Parses the export's CSV (no value in the demo data needs quoting, which is checked). */
function parseCsv(text: string): { header: string; rows: Record<string, string>[] } {
  const lines = text.split('\n');
  expect(lines.at(-1)).toBe(''); // ends with a newline
  lines.pop();
  const [header, ...body] = lines;
  const columns = header!.split(',');
  return {
    header: header!,
    rows: body.map((l) => {
      expect(l).not.toContain('"');
      const cells = l.split(',');
      expect(cells).toHaveLength(columns.length);
      return Object.fromEntries(columns.map((c, i) => [c, cells[i]!]));
    }),
  };
}

let firstImport: Run;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sufficiency-cli-'));
  dbFile = path.join(tmp, 'db', 'test.db');
  firstImport = run('import', [STOCKTON_FILE, SOUTHWARK_FILE]);
}, 180_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('import CLI', () => {
  it('imports the two demo files: exit 0 and a "stored" line for each', () => {
    expect(firstImport.stderr).toBe('');
    expect(firstImport.status).toBe(0);
    const out = firstImport.stdout;
    expect(out).toMatch(/sufficiency_E06000004\.csv: stored \(/);
    expect(out).toMatch(/sufficiency_E09000028\.csv: stored \(/);
    // Every period 2020..2024 of both councils is a new version 1.
    for (const la of ['E06000004', 'E09000028']) {
      for (const year of [2020, 2021, 2022, 2023, 2024]) {
        expect(out).toMatch(new RegExp(`${la} ${year}-03-31: [\\d,]+ figures, version 1 \\(new\\)`));
      }
    }
    // The database file named by DATABASE_URL was created (with its directory) and holds 10 sets.
    expect(fs.existsSync(dbFile)).toBe(true);
    expect(countOf('figure_sets')).toBe(10);
  });

  it('prints no progress line when stderr is not a terminal', () => {
    expect(firstImport.stderr).not.toContain('\r');
    expect(firstImport.stdout).not.toMatch(/\[[#-]+\]/);
  });

  it('importing the same file again exits 0 and says nothing changed', () => {
    const before = snapshot();
    const r = run('import', [STOCKTON_FILE]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/sufficiency_E06000004\.csv: already stored, nothing changed/);
    expect(r.stdout).not.toMatch(/: stored \(/);
    expect(r.stdout).toMatch(/E06000004 2024-03-31: [\d,]+ figures, unchanged \(version 1\)/);
    expect(snapshot()).toEqual(before);
  });

  it('rejects a bad file: exit 1, every problem on stderr with its row and column, figures unchanged', () => {
    const before = snapshot();
    expect(before.figures.length).toBeGreaterThan(0);
    const bad = path.join(tmp, 'bad-stockton.csv');
    fs.writeFileSync(
      bad,
      [
        HEADER,
        // Row 2 is valid and would change a stored figure (214): it must not be stored either.
        '2024-03-31,E06000004,Stockton-on-Tees,fostering,in_house,all,all,children_placed,999',
        '2024-03-31,E06000004,Stockton-on-Tees,fostring,in_house,all,all,places,236',
        '2024-03-31,E06000004,Stockton-on-Tees,fostering,in_house,all,all,places_vacant,abc',
        '2024-02-30,E06000004,Stockton-on-Tees,fostering,private,all,all,weekly_cost_gbp,921.40',
        '2024-03-31,E06000004,Stockton-on-Tees,residential,private,all,all,children_placed,40',
      ].join('\n') + '\n',
    );
    const r = run('import', [bad]);
    expect(r.status).toBe(1);
    const err = r.stderr;
    expect(err).toContain('bad-stockton.csv');
    expect(err).toMatch(/REJECTED, nothing stored/);
    expect(err).toMatch(/3 problem\(s\)/);
    const lines = err.split('\n');
    const problem = (row: number, column: string, value: string) => {
      const line = lines.find((l) => l.includes(`row ${row}, column ${column}`));
      expect(line, `no line for row ${row}, column ${column} in:\n${err}`).toBeDefined();
      expect(line).toContain('bad-stockton.csv');
      expect(line).toContain(`"${value}"`);
      expect(line).toContain('Expected:');
    };
    problem(3, 'setting', 'fostring');
    problem(4, 'value', 'abc');
    problem(5, 'period_end', '2024-02-30');
    expect(err).not.toMatch(/row 2\b/);
    expect(err).not.toMatch(/row 6\b/);
    expect(r.stdout).not.toMatch(/stored/);
    expect(snapshot()).toEqual(before);
  });

  it('a missing file exits 2 and names it', () => {
    const missing = path.join(tmp, 'no-such-file.csv');
    const r = run('import', [missing]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no-such-file.csv');
  });

  it('a missing file among good ones exits 2 and stores nothing', () => {
    const before = snapshot();
    const r = run('import', [STOCKTON_FILE, path.join(tmp, 'also-missing.csv')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('also-missing.csv');
    expect(countOf('imports')).toBeGreaterThan(0);
    expect(snapshot()).toEqual(before);
  });

  it('no arguments exits 2 and prints the usage', () => {
    const r = run('import', []);
    expect(r.status).toBe(2);
    expect(`${r.stdout}${r.stderr}`).toMatch(/Usage: npm run import -- \[--kind template\|ees\|ofsted\|ro3\|ssda903\|postcodes\] \[--la CODE\] FILE/);
  });

  it('SSDA903 returns: refused without --la; with it, five years stored together and the views compared', () => {
    const dir = path.join(ROOT, 'tests', 'fixtures', 'ssda903', 'samples');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.csv')).map((f) => path.join(dir, f));
    const before = countOf('ssda903_returns');
    const refused = run('import', files);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/REJECTED, nothing stored[\s\S]*does not say which council it belongs to/);
    expect(countOf('ssda903_returns')).toBe(before);
    const r = run('import', ['--la', 'E06000001', ...files]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('2017-18 return: 819 children, 1,460 episodes, new (version 1)');
    expect(r.stdout).toContain('31 March 2018, combined view: 466 children looked after (its own return says 367; +99)');
    expect(countOf('ssda903_returns')).toBe(before + 5);
  });
});

describe('export CLI', () => {
  let csv: Run;

  beforeAll(() => {
    csv = run('export', ['--la', 'E06000004', '--period', '2024-03-31']);
  }, 180_000);

  it('prints the template as CSV: exit 0 and the template header; stderr says which source', () => {
    expect(csv.stderr).toMatch(/^Exported [\d,]+ figures from Sufficiency template \(--source template\) for Stockton-on-Tees \(E06000004\) for the period ending 2024-03-31\.\n$/);
    expect(csv.status).toBe(0);
    const { header, rows } = parseCsv(csv.stdout);
    expect(header).toBe(HEADER);
    expect(rows.length).toBeGreaterThan(100);
    for (const r of rows) {
      expect(r.period_end).toBe('2024-03-31');
      expect(r.la_code).toBe('E06000004');
      expect(r.la_name).toBe('Stockton-on-Tees');
    }
  });

  it('includes the total children placed: 581, the published DfE figure for Stockton-on-Tees, 31 March 2024', () => {
    const { rows } = parseCsv(csv.stdout);
    const total = rows.filter(
      (r) =>
        r.setting === 'all' &&
        r.provision === 'all' &&
        r.age_band === 'all' &&
        r.need === 'all' &&
        r.measure === 'children_placed',
    );
    expect(total).toHaveLength(1);
    expect(total[0]!.value).toBe('581');
  });

  it('writes weekly costs with pence and each key once', () => {
    const { rows } = parseCsv(csv.stdout);
    const costs = rows.filter((r) => r.measure === 'weekly_cost_gbp');
    expect(costs.length).toBeGreaterThan(0);
    for (const r of costs) expect(r.value).toMatch(/^\d+\.\d{2}$/);
    const keys = rows.map((r) => [r.setting, r.provision, r.age_band, r.need, r.measure].join('|'));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('prints JSON: an array of flat records with numbers as numbers', () => {
    const r = run('export', ['--la', 'E06000004', '--period', '2024-03-31', '--format', 'json']);
    expect(r.status).toBe(0);
    const records = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(Array.isArray(records)).toBe(true);
    expect(records.length).toBe(parseCsv(csv.stdout).rows.length);
    for (const rec of records) {
      expect(Object.keys(rec).sort()).toEqual(HEADER.split(',').sort());
      expect(rec.period_end).toBe('2024-03-31');
      expect(rec.la_name).toBe('Stockton-on-Tees');
      if (typeof rec.value === 'string') expect(['c', 'x', 'z']).toContain(rec.value);
      else expect(typeof rec.value).toBe('number');
    }
    const fostering = records.find(
      (x) =>
        x.setting === 'fostering' &&
        x.provision === 'in_house' &&
        x.age_band === 'all' &&
        x.need === 'all' &&
        x.measure === 'children_placed',
    );
    expect(fostering).toEqual({
      period_end: '2024-03-31',
      la_code: 'E06000004',
      la_name: 'Stockton-on-Tees',
      setting: 'fostering',
      provision: 'in_house',
      age_band: 'all',
      need: 'all',
      measure: 'children_placed',
      value: 214,
    });
    const costs = records.filter((x) => x.measure === 'weekly_cost_gbp');
    expect(costs.length).toBeGreaterThan(0);
    for (const c of costs) expect(typeof c.value).toBe('number');
    const privateFostering = costs.find((x) => x.setting === 'fostering' && x.provision === 'private' && x.age_band === 'all' && x.need === 'all');
    expect(privateFostering?.value).toBe(921.4);
  });

  it.each([
    ['--la', ['--la', 'XYZ', '--period', '2024-03-31']],
    ['--la', ['--period', '2024-03-31']],
    ['--period', ['--la', 'E06000004', '--period', '2024-02-30']],
    ['--period', ['--la', 'E06000004', '--period', 'last year']],
    ['--period', ['--la', 'E06000004']],
    ['--format', ['--la', 'E06000004', '--period', '2024-03-31', '--format', 'xml']],
    ['--source', ['--la', 'E06000004', '--period', '2024-03-31', '--source', 'ssda']],
  ])('bad %s exits 2 with a message naming it', (option, args) => {
    const r = run('export', args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(option);
    expect(r.stderr).toMatch(/Usage: npm run export/);
    expect(r.stdout).toBe('');
  });

  it('a period with no figures exits 1 with a message', () => {
    const r = run('export', ['--la', 'E06000004', '--period', '2019-03-31']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Stockton-on-Tees');
    expect(r.stderr).toContain('2019-03-31');
    expect(r.stdout).toBe('');
  });

  it('a well-formed code that is no council exits 1 with a message', () => {
    const r = run('export', ['--la', 'E06999999', '--period', '2024-03-31']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('E06999999');
    expect(r.stdout).toBe('');
  });

  it('round trip: the exported CSV imports back unchanged, adding no figure set', () => {
    expect(csv.status).toBe(0);
    const file = path.join(tmp, 'export_E06000004_2024-03-31.csv');
    fs.writeFileSync(file, csv.stdout);
    const before = snapshot();
    const r = run('import', [file]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('export_E06000004_2024-03-31.csv: already stored, nothing changed');
    expect(r.stdout).toMatch(/E06000004 2024-03-31: [\d,]+ figures, unchanged \(version 1\)/);
    const after = snapshot();
    expect(after.figureSets).toHaveLength(before.figureSets.length);
    expect(after).toEqual(before);
  });

  it('round trip for Southwark too', () => {
    const out = run('export', ['--la', 'E09000028', '--period', '2024-03-31']);
    expect(out.status).toBe(0);
    const file = path.join(tmp, 'export_E09000028_2024-03-31.csv');
    fs.writeFileSync(file, out.stdout);
    const before = countOf('figure_sets');
    const r = run('import', [file]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('already stored, nothing changed');
    expect(countOf('figure_sets')).toBe(before);
  });

  describe('any source', () => {
    const SAMPLES = path.join(ROOT, 'tests', 'fixtures', 'ssda903', 'samples');
    /** The download the dashboard serves for the same council, period and source (GET /dashboard/download). */
    const download = (la: string, period: string, source: 'template' | 'ssda903' | 'ssda903_return') => {
      const db = openDatabase(dbFile);
      try {
        const council = getCouncil(db, la)!;
        return periodExport(council, period, getFigures(db, la, period, source)!, source);
      } finally {
        db.$client.close();
      }
    };
    /** The derived sources' label has a comma, so its cells are quoted: parsed with papaparse. */
    const parseQuoted = (text: string) => {
      const p = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
      expect(p.errors).toEqual([]);
      return { header: p.meta.fields!.join(','), rows: p.data };
    };
    const childrenLookedAfter = (rows: Record<string, string>[]) =>
      rows.find((r) => r.setting === 'all' && r.provision === 'all' && r.age_band === 'all' && r.need === 'all' && r.measure === 'children_placed')?.value;

    beforeAll(() => {
      // Hartlepool has no template: only its SSDA903 returns (stored already if the import tests ran first).
      const files = fs.readdirSync(SAMPLES).filter((f) => f.endsWith('.csv')).map((f) => path.join(SAMPLES, f));
      expect(run('import', ['--la', 'E06000001', ...files]).status).toBe(0);
    }, 180_000);

    it('without --source, a council with no template gets the figures derived from its SSDA903 returns (combined view), and says so', () => {
      const r = run('export', ['--la', 'E06000001', '--period', '2018-03-31']);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/from SSDA903 returns, combined view \(--source ssda903\) for Hartlepool \(E06000001\) for the period ending 2018-03-31/);
      const { header, rows } = parseQuoted(r.stdout);
      expect(header).toBe(`${HEADER},source`);
      expect(rows.length).toBeGreaterThan(10);
      for (const row of rows) expect(row.source).toBe('SSDA903 returns, combined view');
      // The import said: "31 March 2018, combined view: 466 children looked after (its own return says 367; +99)".
      expect(childrenLookedAfter(rows)).toBe('466');
      expect(r.stdout).toBe(download('E06000001', '2018-03-31', 'ssda903'));
    });

    it("--source ssda903_return gives the year's own return, as the dashboard download does", () => {
      const r = run('export', ['--la', 'E06000001', '--period', '2018-03-31', '--source', 'ssda903_return']);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toContain("from SSDA903, each year's own return (--source ssda903_return)");
      expect(childrenLookedAfter(parseQuoted(r.stdout).rows)).toBe('367');
      expect(r.stdout).toBe(download('E06000001', '2018-03-31', 'ssda903_return'));
    });

    it('JSON of a derived source carries the source on each record', () => {
      const r = run('export', ['--la', 'E06000001', '--period', '2018-03-31', '--format', 'json']);
      expect(r.status, r.stderr).toBe(0);
      const records = JSON.parse(r.stdout) as Record<string, unknown>[];
      expect(records.length).toBe(parseQuoted(download('E06000001', '2018-03-31', 'ssda903')).rows.length);
      for (const rec of records) expect(rec.source).toBe('SSDA903 returns, combined view');
    });

    it('the template where the council has one, and --source template where it has none exits 1 naming the source', () => {
      const r = run('export', ['--la', 'E06000004', '--period', '2024-03-31']);
      expect(r.stdout).toBe(download('E06000004', '2024-03-31', 'template'));
      const none = run('export', ['--la', 'E06000001', '--period', '2018-03-31', '--source', 'template']);
      expect(none.status).toBe(1);
      expect(none.stderr).toContain('No figures from Sufficiency template are stored for Hartlepool (E06000001)');
      expect(none.stdout).toBe('');
    });
  });
});
