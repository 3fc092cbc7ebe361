import type { Cell } from './format';
import type { PublicNeeds } from './needs';
import type { Setting } from './template/codes';

/** What one place is called in a sentence: "about 69 more children's home places". */
const PLACE_NOUN: Partial<Record<Setting, string>> = {
  fostering: 'foster care',
  kinship_fostering: 'kinship foster care',
  residential: 'children’s home',
  secure: 'secure children’s home',
  supported_accommodation: 'supported accommodation',
};
/** Where the children of a setting live, for the share placed outside: "children in homes". */
const CHILDREN_IN: Partial<Record<Setting, string>> = {
  fostering: 'children in foster care',
  kinship_fostering: 'children in kinship foster care',
  residential: 'children in children’s homes',
  secure: 'children in secure homes',
  supported_accommodation: 'young people in supported accommodation',
};
const AGE_WORDS: Record<string, string> = {
  under_1: 'babies under 1',
  '1_4': '1 to 4 year olds',
  '5_9': '5 to 9 year olds',
  '10_15': '10 to 15 year olds',
  '16_17': '16 and 17 year olds',
};

const shown = (c: Cell | undefined): number | null => (c && c.symbol === null && c.value !== null ? c.value : null);

/**
 * What the council needs most, in plain words, from the published (suppressed) figures only: the
 * setting with the most places to commission, the age band with the most of them, and the share
 * of that setting's children placed outside the council. A hidden figure is never guessed at.
 */
export function needsHeadline(needs: PublicNeeds): string[] {
  const ranked = needs.settings
    .map((s) => ({ s, n: shown(s.summary.toCommission) }))
    .filter((x): x is { s: PublicNeeds['settings'][number]; n: number } => x.n !== null && x.n > 0)
    .sort((a, b) => b.n - a.n);
  if (ranked.length === 0) {
    return [`${needs.council.name}’s figures show no placements it needs to commission beyond its own places.`];
  }
  const out: string[] = [];
  const [top, ...rest] = ranked;
  const ages = top!.s.byAge.rows
    .filter((r) => !r.total)
    .map((r) => ({ key: r.key, n: shown(r.cells.commissioning_need) ?? 0 }))
    .sort((a, b) => b.n - a.n);
  const age = ages[0] && ages[0].n > 0 ? ages[0] : null;
  let first = `About ${top!.n} more ${PLACE_NOUN[top!.s.setting] ?? top!.s.label.toLowerCase()} places`;
  // "Mostly" only when one age band has at least half of them; otherwise "most of all".
  if (age) first += age.n * 2 >= top!.n ? `, mostly for ${AGE_WORDS[age.key]}` : `, the most for ${AGE_WORDS[age.key]}`;
  const outside = shown(top!.s.summary.pctOutsideLa);
  if (outside !== null) first += `; ${outside}% of ${CHILDREN_IN[top!.s.setting] ?? 'these children'} live outside the council’s area`;
  out.push(`${first}.`);
  if (rest.length > 0) {
    out.push(`Also: ${rest.map((x) => `about ${x.n} ${PLACE_NOUN[x.s.setting] ?? x.s.label.toLowerCase()} places`).join(', ')}.`);
  }
  return out;
}

/** When the next update is due: councils publish once a year, so a year after this publication. */
export function nextUpdateDue(publishedAt: string): string {
  const d = new Date(publishedAt);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.toISOString().slice(0, 10);
}
