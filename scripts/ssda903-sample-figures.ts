/**
 * npx tsx scripts/ssda903-sample-figures.ts [--data DIR] [--out FILE]
 *
 * Computes, with the independent reference calculation (tests/helpers/ssda903Reference.ts), the
 * 31 March figures of the five shared SSDA903 sample returns in both views (each return's own,
 * and the combined view of all five) and writes them to docs/ssda903-sample-figures.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  SETTINGS,
  combinedReturn,
  countedEpisodes,
  episodesOpenAt,
  parseEpisodes,
  readReturn,
  sumCells,
  yearEndOf,
  yearFigures,
  type ReturnTables,
  type YearFigures,
} from '../tests/helpers/ssda903Reference';

const FILE_YEARS = [2017, 2018, 2019, 2020, 2021];

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? process.argv[at + 1] : undefined;
  return value ?? fallback;
}

const root = path.resolve(__dirname, '..');
const dataDir = option('--data', path.resolve(root, '../shared/data/ssda903'));
const outFile = option('--out', path.resolve(root, 'docs/ssda903-sample-figures.md'));

interface Line {
  label: string;
  value: (f: YearFigures) => number;
}

const SETTING_LABELS: Record<(typeof SETTINGS)[number], string> = {
  fostering: 'fostering (U4-U6)',
  kinship_fostering: 'kinship fostering (U1-U3)',
  residential: "children's homes (K2, R1)",
  secure: 'secure (K1)',
  supported_accommodation: 'supported accommodation (K3, H5, P2)',
  other: 'other',
};

const commissioned = (cells: Map<string, number>) =>
  ['other_la', 'other_public', 'private', 'voluntary'].reduce((n, p) => n + sumCells(cells, `*|${p}|*`), 0);

const LINES: Line[] = [
  { label: '**looked after at 31 March**', value: (f) => f.stock.total },
  ...SETTINGS.map((s) => ({ label: `setting: ${SETTING_LABELS[s]}`, value: (f: YearFigures) => sumCells(f.stock.cells, `${s}|*|*`) })),
  { label: 'provision: in-house (PR1)', value: (f) => sumCells(f.stock.cells, '*|in_house|*') },
  { label: 'provision: commissioned (PR2-PR5)', value: (f) => commissioned(f.stock.cells) },
  { label: 'provision: parents (PR0)', value: (f) => sumCells(f.stock.cells, '*|parents|*') },
  { label: 'provision: unknown (blank)', value: (f) => sumCells(f.stock.cells, '*|unknown|*') },
  { label: 'UASC at 31 March', value: (f) => f.stock.uasc },
  { label: 'aged 18 or over at 31 March', value: (f) => sumCells(f.stock.cells, '*|*|18_plus') },
  { label: 'starts', value: (f) => f.flows.starts },
  { label: 'ends', value: (f) => f.flows.ends },
  { label: 'care_starts', value: (f) => f.flows.care_starts },
  { label: 'care_ends', value: (f) => f.flows.care_ends },
  { label: 'moves', value: (f) => f.flows.moves },
  { label: 'placements_3plus', value: (f) => f.placements3plus.total },
];

function table(yearEnds: string[], columns: (number | string)[][]): string {
  const head = `| figure | ${yearEnds.join(' | ')} |`;
  const rule = `| --- | ${yearEnds.map(() => '---:').join(' | ')} |`;
  const rows = LINES.map((line, i) => `| ${line.label} | ${columns.map((c) => c[i]).join(' | ')} |`);
  return [head, rule, ...rows].join('\n');
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

function main(): void {
  const returns: ReturnTables[] = FILE_YEARS.map((y) => readReturn(dataDir, String(y)));
  const yearEnds = FILE_YEARS.map((y) => `${y + 1}-03-31`);
  const combined = combinedReturn(returns);

  const own = returns.map((r, i) => yearFigures(r, yearEnds[i]!));
  const comb = yearEnds.map((d) => yearFigures(combined, d));
  const ownColumns = own.map((f) => LINES.map((line) => line.value(f)));
  const combColumns = comb.map((f) => LINES.map((line) => line.value(f)));
  const diffColumns = ownColumns.map((column, i) => column.map((v, j) => signed(combColumns[i]![j]! - v)));

  // Where the 31 March difference comes from: children counted in one view only, or in both but
  // in another cell, and which return supplied the combined view's episode.
  const sourceOf = new Map<object, number>();
  returns.forEach((r, i) => r.episodes.forEach((row) => sourceOf.set(row, i)));
  const why = yearEnds.map((d, i) => {
    const ownOpen = episodesOpenAt(returns[i]!.episodes, d);
    const combOpen = episodesOpenAt(combined.episodes, d);
    const fromReturn = FILE_YEARS.map(() => 0);
    let added = 0;
    let changed = 0;
    let missing = 0;
    for (const [child, episode] of combOpen) {
      const source = sourceOf.get(combined.episodes[episode.index]!) ?? -1;
      const mine = ownOpen.get(child);
      if (mine === undefined) {
        added += 1;
        fromReturn[source] = (fromReturn[source] ?? 0) + 1;
      } else if (own[i]!.stock.byChild.get(child) !== comb[i]!.stock.byChild.get(child)) {
        changed += 1;
      }
    }
    for (const child of ownOpen.keys()) if (!combOpen.has(child)) missing += 1;
    const sources = fromReturn
      .map((n, j) => (n > 0 ? `${n} from \`${FILE_YEARS[j]}\`` : ''))
      .filter((t) => t !== '')
      .join(', ');
    return `| ${d} | ${added} | ${sources || '-'} | ${missing} | ${changed} |`;
  });

  const facts = FILE_YEARS.map((y, i) => {
    const r = returns[i]!;
    const all = parseEpisodes(r.episodes);
    const shortBreaks = all.filter((e) => e.ls === 'V3' || e.ls === 'V4').length;
    const decBefore = all.filter((e) => e.dec !== null && e.dec < e.decom).length;
    return `| \`${y}-*.csv\` | ${yearEnds[i]} | ${yearEndOf(r.episodes)} | ${r.header.length} | ${all.length} | ${countedEpisodes(r.episodes).length} | ${shortBreaks} | ${decBefore} | ${r.uasc.length} |`;
  });

  const text = `# SSDA903 sample returns: figures of the reference calculation

Generated by \`npx tsx scripts/ssda903-sample-figures.ts\` from the five shared sample returns
(\`../shared/data/ssda903\`, files \`2017-*\` to \`2021-*\`); do not edit by hand.

The figures are computed by the independent reference calculation
\`tests/helpers/ssda903Reference.ts\`: plain loops over the CSV rows, written from the definitions in
[ssda903.md](ssda903.md) alone and sharing no code with \`lib/ssda903\`. The reference is itself
checked against answers counted by hand on small fixtures (\`tests/fixtures/ssda903/README.md\`,
\`tests/unit/ssda903-reference.test.ts\`), and tests check the production derivation against it
on these samples, in both views.

- **Each return's own view**: the figures of the year ending 31 March Y from the return for that year
  alone (the \`2017-*\` files are the 2017-18 return, year ending 31 March 2018, and so on).
- **Combined view**: the episodes of all five returns keyed by CHILD + DECOM, a later return's rows
  replacing an earlier return's rows with the same key; header and UASC rows per child from the
  latest return holding the child. Every 31 March is computed from that one combined set.
- Stock: children looked after at 31 March (counted episodes: not V3/V4, not DEC before DECOM; open
  when DECOM <= 31 March and DEC blank or after it; one episode per child, the latest DECOM).
  Flows: 1 April to 31 March. Provision "commissioned" is PR2 + PR3 + PR4 + PR5.

## Each return's own view

${table(yearEnds, ownColumns)}

## Combined view (all five returns)

${table(yearEnds, combColumns)}

## Combined minus own view

${table(yearEnds, diffColumns)}

## Where the 31 March difference comes from

Children counted at 31 March in the combined view but not in that year's own return (with the
return that supplies the episode open that day), children counted in the own return but not in the
combined view, and children counted in both but in another setting, provision or age band cell.

| 31 March | only in combined | supplied by | only in own return | other cell |
| --- | ---: | --- | ---: | ---: |
${why.join('\n')}

In these samples a later return often holds an episode open at an earlier 31 March that the earlier
return does not have, and an open episode of a child whom the later returns no longer mention stays
open in the combined view (nothing replaces it), so the combined count is the higher one every year.

## The returns

| files | year end used | year end by the latest DECOM/DEC rule | header rows | episodes | counted | V3/V4 | DEC before DECOM | UASC rows |
| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |
${facts.join('\n')}

The year end used is the one the file name gives (the \`2017\` files are the 2017-18 return). The
rule of [ssda903.md](ssda903.md) ("the first 31 March on or after the latest DECOM or DEC") gives a
different year where a return carries a DEC after its own 31 March (the \`2017\` and \`2019\` files each
have an episode ending on 1 April of the following year), as the table shows.
`;
  fs.writeFileSync(outFile, text);
}

main();
