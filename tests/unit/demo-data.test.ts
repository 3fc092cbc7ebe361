import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  AGE_BAND_PARTS,
  AGE_BANDS,
  COMMISSIONED_PARTS,
  FOSTERING_SETTINGS,
  MEASURES,
  NEEDS,
  PROVISIONS,
  RECRUITMENT_MEASURES,
  SETTING_PARTS,
  SETTINGS,
  SUB_MEASURES,
  TEMPLATE_COLUMNS,
} from '@/lib/template/codes';
import { exampleFile, generateDemo } from '@/scripts/generate-demo';

const DEMO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data/demo');
const PERIODS = ['2020-03-31', '2021-03-31', '2022-03-31', '2023-03-31', '2024-03-31'];
const LAST = '2024-03-31';

/**
 * Published figures for the year ending 31 March 2024: DfE, "Children looked after in England
 * including adoptions" 2024 (EES, LA table of children looked after on 31 March by
 * characteristics), as tabulated in the domain primer (shared/domain/README.md, "Reference
 * figures"). Typed in here by hand: they are the independent source the demo must agree with.
 */
const PUBLISHED_2024 = [
  {
    code: 'E06000004',
    name: 'Stockton-on-Tees',
    total: 581,
    foster: 383,
    secureAndHomes: 80,
    supported: 24,
    ownProvision: 294,
    private: 155,
    over20Miles: 54,
    outsideLa: 222,
    voluntary: 47,
    notReported: 22,
  },
  {
    code: 'E09000028',
    name: 'Southwark',
    total: 397,
    foster: 272,
    secureAndHomes: 42,
    supported: 51,
    ownProvision: 169,
    private: 177,
    over20Miles: 79,
    outsideLa: 302,
    voluntary: 20,
    notReported: 20,
  },
] as const;

interface DemoRow {
  line: number;
  period: string;
  laCode: string;
  laName: string;
  setting: string;
  provision: string;
  age: string;
  need: string;
  measure: string;
  raw: string;
  value: number;
}

/** Deliberately naive: the template needs no quoting, so a line is nine comma-separated fields. */
function parseDemo(text: string): { header: string; rows: DemoRow[] } {
  const lines = text.split('\n');
  expect(lines.pop()).toBe(''); // the file ends with a newline
  const [header = '', ...body] = lines;
  const rows = body.map((line, i) => {
    const f = line.split(',');
    expect(f, `line ${i + 2}`).toHaveLength(9);
    const [period = '', laCode = '', laName = '', setting = '', provision = '', age = '', need = ''] = f;
    const [measure = '', raw = ''] = f.slice(7);
    return { line: i + 2, period, laCode, laName, setting, provision, age, need, measure, raw, value: Number(raw) };
  });
  return { header, rows };
}

const keyOf = (r: Pick<DemoRow, 'period' | 'setting' | 'provision' | 'age' | 'need' | 'measure'>) =>
  [r.period, r.setting, r.provision, r.age, r.need, r.measure].join('|');

function indexRows(rows: readonly DemoRow[]): Map<string, DemoRow> {
  return new Map(rows.map((r) => [keyOf(r), r]));
}

/** A stored figure; fails the test if it is missing. */
function figure(
  index: Map<string, DemoRow>,
  period: string,
  setting: string,
  provision: string,
  age: string,
  need: string,
  measure: string,
): number {
  const row = index.get(keyOf({ period, setting, provision, age, need, measure }));
  if (!row) throw new Error(`missing ${period} ${setting} ${provision} ${age} ${need} ${measure}`);
  return row.value;
}

const has = (list: readonly string[], v: string) => list.includes(v);
const STORED_PROVISION_PARTS = PROVISIONS.filter((p) => p !== 'all' && p !== 'commissioned');

describe('demo dataset', () => {
  it('has exactly one file per demo council', () => {
    const files = readdirSync(DEMO_DIR).filter((f) => f.endsWith('.csv')).sort();
    expect(files).toEqual(PUBLISHED_2024.map((c) => `sufficiency_${c.code}.csv`).sort());
  });

  it('is what scripts/generate-demo.ts produces, byte for byte', () => {
    const generated = generateDemo();
    expect(Object.keys(generated).sort()).toEqual(PUBLISHED_2024.map((c) => `sufficiency_${c.code}.csv`).sort());
    for (const [file, text] of Object.entries(generated)) {
      expect(readFileSync(path.join(DEMO_DIR, file), 'utf8'), file).toBe(text);
    }
  });

  it('generates the same bytes on a second run', () => {
    expect(generateDemo()).toEqual(generateDemo());
  });
});

describe.each(PUBLISHED_2024)('demo data for $name ($code)', (council) => {
  const text = readFileSync(path.join(DEMO_DIR, `sufficiency_${council.code}.csv`), 'utf8');
  const { header, rows } = parseDemo(text);
  const index = indexRows(rows);
  const at = (period: string, setting: string, provision: string, age: string, need: string, measure: string) =>
    figure(index, period, setting, provision, age, need, measure);
  const placed = (period: string, setting: string, provision = 'all') =>
    at(period, setting, provision, 'all', 'all', 'children_placed');
  /** children_placed where a combination may be absent (counts as 0). */
  const placedOrZero = (period: string, setting: string, provision: string, age = 'all') =>
    index.get(keyOf({ period, setting, provision, age, need: 'all', measure: 'children_placed' }))?.value ?? 0;
  const total = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

  describe('file format (template v1)', () => {
    it('has the template header, LF line ends, no BOM and no quotes', () => {
      expect(header).toBe(TEMPLATE_COLUMNS.join(','));
      expect(text.charCodeAt(0)).not.toBe(0xfeff);
      expect(text).not.toMatch(/[\r"]/);
    });

    it('names the council on every row', () => {
      for (const r of rows) expect([r.laCode, r.laName], `line ${r.line}`).toEqual([council.code, council.name]);
    });

    it('uses only codes from the template code lists', () => {
      for (const r of rows) {
        expect(has(SETTINGS, r.setting), `line ${r.line} setting ${r.setting}`).toBe(true);
        expect(has(PROVISIONS, r.provision), `line ${r.line} provision ${r.provision}`).toBe(true);
        expect(has(AGE_BANDS, r.age), `line ${r.line} age ${r.age}`).toBe(true);
        expect(has(NEEDS, r.need), `line ${r.line} need ${r.need}`).toBe(true);
        expect(has(MEASURES, r.measure), `line ${r.line} measure ${r.measure}`).toBe(true);
      }
    });

    it('covers the five periods 2020-2024', () => {
      expect([...new Set(rows.map((r) => r.period))].sort()).toEqual(PERIODS);
    });

    it('holds non-negative whole numbers, and costs in pounds and pence', () => {
      for (const r of rows) {
        const pattern = r.measure === 'weekly_cost_gbp' ? /^\d+\.\d{2}$/ : /^\d+$/;
        expect(r.raw, `line ${r.line} ${r.measure}`).toMatch(pattern);
      }
    });

    it('is sorted by period, then setting, provision, age band, need and measure in code-list order', () => {
      const rank = (r: DemoRow) => [
        PERIODS.indexOf(r.period),
        SETTINGS.indexOf(r.setting as (typeof SETTINGS)[number]),
        PROVISIONS.indexOf(r.provision as (typeof PROVISIONS)[number]),
        AGE_BANDS.indexOf(r.age as (typeof AGE_BANDS)[number]),
        NEEDS.indexOf(r.need as (typeof NEEDS)[number]),
        MEASURES.indexOf(r.measure as (typeof MEASURES)[number]),
      ];
      for (let i = 1; i < rows.length; i++) {
        const a = rank(rows[i - 1] as DemoRow);
        const b = rank(rows[i] as DemoRow);
        const firstDiff = a.findIndex((v, k) => v !== b[k]);
        expect(firstDiff, `line ${i + 2} repeats the key of the line before`).toBeGreaterThanOrEqual(0);
        expect((a[firstDiff] ?? 0) < (b[firstDiff] ?? 0), `line ${i + 2} is out of order`).toBe(true);
      }
    });

    it('has a demo-sized number of rows', () => {
      expect(rows.length).toBeGreaterThan(1500);
      expect(rows.length).toBeLessThan(4000);
    });
  });

  describe('template rules', () => {
    it('never repeats a key', () => {
      const seen = new Map<string, number>();
      for (const r of rows) {
        const key = keyOf(r);
        expect(seen.get(key), `line ${r.line} repeats ${key}`).toBeUndefined();
        seen.set(key, r.line);
      }
    });

    it('keeps every sub-measure within its parent', () => {
      let checked = 0;
      for (const r of rows) {
        const rule = SUB_MEASURES.find((s) => s.sub === r.measure);
        if (!rule) continue;
        const parent = index.get(keyOf({ ...r, measure: rule.parent }));
        expect(parent, `line ${r.line}: no ${rule.parent} for ${r.measure}`).toBeDefined();
        expect(r.value, `line ${r.line}: ${r.measure} > ${rule.parent}`).toBeLessThanOrEqual(parent?.value ?? -1);
        checked++;
      }
      expect(checked).toBeGreaterThan(0);
    });

    it('gives recruitment measures only for fostering settings, with a sane funnel', () => {
      const recruitment = rows.filter((r) => has(RECRUITMENT_MEASURES, r.measure));
      expect(recruitment.length).toBeGreaterThan(0);
      for (const r of recruitment) {
        expect(has(FOSTERING_SETTINGS, r.setting), `line ${r.line}`).toBe(true);
      }
      for (const r of recruitment.filter((x) => x.measure === 'applications')) {
        const same = (measure: string) => at(r.period, r.setting, r.provision, r.age, r.need, measure);
        expect(r.value, `${r.period} ${r.setting}`).toBeLessThanOrEqual(same('enquiries'));
        expect(same('households_approved'), `${r.period} ${r.setting}`).toBeLessThanOrEqual(r.value);
      }
    });

    it('never gives "commissioned" beside its parts for the same figure', () => {
      for (const r of rows.filter((x) => x.provision === 'commissioned')) {
        for (const part of COMMISSIONED_PARTS) {
          expect(index.has(keyOf({ ...r, provision: part })), `line ${r.line} and ${part}`).toBe(false);
        }
      }
    });
  });

  describe('children placed add up', () => {
    it.each(PERIODS)('setting parts make the all-settings total in %s', (period) => {
      expect(total(SETTING_PARTS.map((s) => placed(period, s)))).toBe(placed(period, 'all'));
    });

    it.each(PERIODS)('each provision across settings makes its all-settings figure in %s', (period) => {
      for (const p of STORED_PROVISION_PARTS) {
        const across = total(SETTING_PARTS.map((s) => placedOrZero(period, s, p)));
        expect(across, p).toBe(placed(period, 'all', p));
      }
    });

    it.each(PERIODS)('provision parts never exceed their setting total in %s (the gap is "not reported")', (period) => {
      for (const s of SETTINGS) {
        const parts = total(STORED_PROVISION_PARTS.map((p) => placedOrZero(period, s, p)));
        expect(parts, s).toBeLessThanOrEqual(placed(period, s));
      }
    });

    it.each(PERIODS)('age bands make each setting total in %s', (period) => {
      for (const s of SETTINGS) {
        const bands = total(AGE_BAND_PARTS.map((a) => placedOrZero(period, s, 'all', a)));
        expect(bands, s).toBe(placed(period, s));
      }
    });

    it.each(PERIODS)('placements outside the council and over 20 miles add up over settings in %s', (period) => {
      for (const measure of ['placed_outside_la', 'placed_over_20_miles']) {
        const parts = total(SETTING_PARTS.map((s) => at(period, s, 'all', 'all', 'all', measure)));
        expect(parts, measure).toBe(at(period, 'all', 'all', 'all', 'all', measure));
      }
    });
  });

  describe('2024 agrees with the published DfE figures', () => {
    it('total children looked after', () => {
      expect(placed(LAST, 'all')).toBe(council.total);
    });
    it('foster placements (fostering + kinship fostering)', () => {
      expect(placed(LAST, 'fostering') + placed(LAST, 'kinship_fostering')).toBe(council.foster);
    });
    it("secure homes and children's homes", () => {
      expect(placed(LAST, 'residential') + placed(LAST, 'secure')).toBe(council.secureAndHomes);
    });
    it('supported accommodation', () => {
      expect(placed(LAST, 'supported_accommodation')).toBe(council.supported);
    });
    it('own provision (in-house)', () => {
      expect(placed(LAST, 'all', 'in_house')).toBe(council.ownProvision);
    });
    it('private provision', () => {
      expect(placed(LAST, 'all', 'private')).toBe(council.private);
    });
    it('placed more than 20 miles from home', () => {
      expect(at(LAST, 'all', 'all', 'all', 'all', 'placed_over_20_miles')).toBe(council.over20Miles);
    });
    it('placed outside the council boundary', () => {
      expect(at(LAST, 'all', 'all', 'all', 'all', 'placed_outside_la')).toBe(council.outsideLa);
    });
    it('voluntary provision, the suppressed (1-5) providers and "provider not reported"', () => {
      expect(placed(LAST, 'all', 'voluntary')).toBe(council.voluntary);
      for (const p of ['other_la', 'other_public']) {
        expect(placed(LAST, 'all', p), p).toBeGreaterThanOrEqual(1);
        expect(placed(LAST, 'all', p), p).toBeLessThanOrEqual(5);
      }
      const reported = total(STORED_PROVISION_PARTS.map((p) => placed(LAST, 'all', p)));
      expect(council.total - reported).toBe(council.notReported);
    });
  });
});

describe('demo data for Stockton-on-Tees honours the template example', () => {
  // shared/domain/sufficiency-template.md, "Example".
  const { rows } = parseDemo(readFileSync(path.join(DEMO_DIR, 'sufficiency_E06000004.csv'), 'utf8'));
  const index = indexRows(rows);
  const at = (setting: string, provision: string, measure: string) =>
    figure(index, LAST, setting, provision, 'all', 'all', measure);

  it('in-house fostering: 214 placed, 236 places, 11 vacant', () => {
    expect(at('fostering', 'in_house', 'children_placed')).toBe(214);
    expect(at('fostering', 'in_house', 'places')).toBe(236);
    expect(at('fostering', 'in_house', 'places_vacant')).toBe(11);
  });

  it('private fostering costs 921.40 a week', () => {
    const key = { period: LAST, setting: 'fostering', provision: 'private', age: 'all', need: 'all' };
    expect(index.get(keyOf({ ...key, measure: 'weekly_cost_gbp' }))?.raw).toBe('921.40');
  });
});

describe('the filled example served on the import page', () => {
  it('is the Stockton-on-Tees 2024 all-ages rows of the demo file, as generated', () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
    const served = readFileSync(path.join(root, 'public', 'downloads', 'sufficiency-example.csv'), 'utf8');
    expect(served).toBe(exampleFile(generateDemo()));
    const rows = served.trim().split('\n').slice(1);
    expect(rows.length).toBeGreaterThan(50);
    expect(rows).toContain('2024-03-31,E06000004,Stockton-on-Tees,fostering,in_house,all,all,children_placed,214');
    expect(rows.every((r) => r.startsWith('2024-03-31,E06000004,') && r.includes(',all,all,'))).toBe(true);
  });
});
