/**
 * A valid sufficiency template file of any size, for the import benchmark and the upload tests:
 * rows spread over every council and 40 quarter ends, each (council, period) with distinct keys.
 */
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import {
  AGE_BANDS,
  FOSTERING_SETTINGS,
  MEASURES,
  NEEDS,
  PROVISIONS,
  RECRUITMENT_MEASURES,
  SETTINGS,
  TEMPLATE_COLUMNS,
  type Measure,
} from '../../lib/template/codes';

interface Council {
  code: string;
  name: string;
}

function readCouncils(): Council[] {
  const text = fs.readFileSync(path.join(process.cwd(), 'data', 'reference', 'councils.csv'), 'utf8');
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
  });
  return parsed.data.map((r) => ({ code: r.la_code ?? '', name: r.la_name ?? '' })).filter((c) => c.code);
}

/** Quarter ends 2015-2024: 40 periods. */
function periods(): string[] {
  const out: string[] = [];
  for (let y = 2015; y <= 2024; y++) {
    for (const md of ['03-31', '06-30', '09-30', '12-31']) out.push(`${y}-${md}`);
  }
  return out;
}

/** Every valid (setting, provision, age_band, need, measure) inside one council and period. */
function innerKeys(): string[][] {
  const recruitment = new Set<string>(RECRUITMENT_MEASURES);
  const fostering = new Set<string>(FOSTERING_SETTINGS);
  const keys: string[][] = [];
  for (const setting of SETTINGS)
    for (const provision of PROVISIONS)
      for (const ageBand of AGE_BANDS)
        for (const need of NEEDS)
          for (const measure of MEASURES) {
            if (recruitment.has(measure) && !fostering.has(setting)) continue;
            keys.push([setting, provision, ageBand, need, measure]);
          }
  return keys;
}

/**
 * A value that always keeps the sub-measure rules: parents are 100 or more, sub-measures
 * under 50. One figure in 97 is suppressed.
 */
function valueFor(measure: Measure, n: number): string {
  if (n % 97 === 0) return 'c';
  switch (measure) {
    case 'places':
    case 'referrals':
    case 'children_placed':
      return String(100 + (n % 400));
    case 'places_vacant':
    case 'referrals_unmatched':
    case 'placed_outside_la':
    case 'placed_over_20_miles':
      return String(n % 50);
    case 'weekly_cost_gbp':
      return (700 + (n % 300000) / 100).toFixed(2);
    default:
      return String(n % 60);
  }
}

function csvText(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Writes `rows` rows spread evenly over (council, period) groups, each group's keys distinct
 * (a window of the valid inner keys starting at a group-dependent offset).
 */
export async function generateTemplate(file: string, rows: number): Promise<{ bytes: number; groups: number }> {
  const councils = readCouncils();
  const ps = periods();
  const keys = innerKeys();
  const groupCount = councils.length * ps.length;
  const perGroup = Math.ceil(rows / groupCount);
  if (perGroup > keys.length) throw new Error(`At most ${groupCount * keys.length} distinct rows can be generated`);

  const out = fs.createWriteStream(file);
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve()));
  await write(`${TEMPLATE_COLUMNS.join(',')}\n`);
  let buf: string[] = [];
  let usedGroups = 0;
  for (let i = 0; i < rows; i++) {
    const g = Math.floor(i / perGroup);
    const j = i % perGroup;
    if (j === 0) usedGroups += 1;
    const council = councils[g % councils.length]!;
    const period = ps[Math.floor(g / councils.length)]!;
    const [setting, provision, ageBand, need, measure] = keys[(g * 7919 + j) % keys.length]!;
    buf.push(
      `${period},${council.code},${csvText(council.name)},${setting},${provision},${ageBand},${need},${measure},${valueFor(measure as Measure, i)}`,
    );
    if (buf.length === 10_000) {
      await write(`${buf.join('\n')}\n`);
      buf = [];
    }
  }
  if (buf.length > 0) await write(`${buf.join('\n')}\n`);
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return { bytes: fs.statSync(file).size, groups: usedGroups };
}

