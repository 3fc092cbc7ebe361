import { formatCell, formatDate, type Cell } from './format';
import type { PublicNeeds } from './needs';

/** One line of what publishing would change: what it is, as the public sees it now and after. */
export interface NeedsChange {
  what: string;
  now: string;
  after: string;
}

const TEXT: Array<[keyof PublicNeeds['profile'], string]> = [
  ['vision', 'Vision and values'],
  ['modelOfCare', 'Model of care'],
  ['contact', 'How to get in touch'],
];

/**
 * What publishing `next` would change against the current publication (null: nothing published):
 * the year of the figures, each setting's summary figures as shown (after disclosure control),
 * priorities added, dropped or changed, the council's text and its events. Figures compare as
 * shown, so a count that stays hidden ("c") is no change.
 */
export function diffNeeds(current: PublicNeeds | null, next: PublicNeeds): NeedsChange[] {
  const out: NeedsChange[] = [];
  const add = (what: string, now: string, after: string) => {
    if (now !== after) out.push({ what, now, after });
  };
  add('Figures for the year ending', current ? formatDate(current.periodEnd) : 'nothing published', formatDate(next.periodEnd));
  for (const s of next.settings) {
    const before = current?.settings.find((c) => c.setting === s.setting)?.summary;
    const show = (c: Cell | undefined, unit: 'count' | 'percent' = 'count') => (c ? formatCell(c, unit) : '–');
    add(`${s.label}: demand`, show(before?.demand), show(s.summary.demand));
    add(`${s.label}: places to commission`, show(before?.toCommission), show(s.summary.toCommission));
    add(`${s.label}: unmet need`, show(before?.unmetNeed), show(s.summary.unmetNeed));
    add(`${s.label}: placed outside the council`, show(before?.pctOutsideLa, 'percent'), show(s.summary.pctOutsideLa, 'percent'));
    add(`${s.label}: placed over 20 miles`, show(before?.pctOver20Miles, 'percent'), show(s.summary.pctOver20Miles, 'percent'));
  }
  const priority = (p: PublicNeeds['priorities'][number]) =>
    `target ${formatCell(p.target, p.unit)} by ${formatDate(p.targetDate)}; latest ${p.latest ? formatCell(p.latest, p.unit) : '–'}`;
  const was = new Map((current?.priorities ?? []).map((p) => [p.title, p]));
  for (const p of next.priorities) {
    const old = was.get(p.title);
    add(`Priority: ${p.title}`, old ? priority(old) : 'not published', priority(p));
    was.delete(p.title);
  }
  for (const p of was.values()) add(`Priority: ${p.title}`, priority(p), 'no longer published');
  for (const [key, label] of TEXT) {
    const before = current ? current.profile[key] : null;
    if (before === next.profile[key]) continue;
    out.push({ what: label, now: before === null ? 'nothing published' : before ? 'the text as published' : 'none', after: next.profile[key] ? 'the new text' : 'none' });
  }
  const events = (n: PublicNeeds | null) => (n ? n.events.map((e) => `${formatDate(e.date)}: ${e.title}`).join('; ') || 'none' : 'nothing published');
  add('Provider events', events(current), events(next));
  return out;
}
