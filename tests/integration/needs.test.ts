import { describe, expect, it } from 'vitest';
import { createPriority, listPriorities, updatePriority } from '@/db/priorities';
import { getCurrentPublication, getWithdrawal, listPublished, previewNeeds, publishNeeds, saveProfile, withdrawNeeds } from '@/db/publications';
import { diffNeeds } from '@/lib/needsDiff';
import type { Cell } from '@/lib/format';
import { parseInline, parseMarkdown, safeHref } from '@/lib/markdown';
import type { PublicNeeds } from '@/lib/needs';
import { needsCsv } from '@/lib/needsCsv';
import { validatePriority } from '@/lib/priorities';
import { freshDb, HEADER, importText } from '@/tests/helpers/db';
import { publishedDemoDb } from '@/tests/helpers/demoNeeds';

/** Every count a provider could read: table cells of count columns, summary counts, count priorities. */
function publishedCounts(n: PublicNeeds): Cell[] {
  const out: Cell[] = [];
  for (const s of n.settings) {
    out.push(s.summary.demand, s.summary.toCommission, s.summary.unmetNeed);
    for (const t of [s.byAge, s.byNeed, s.trend]) {
      for (const r of t.rows) for (const c of t.columns) if (c.unit === 'count' && r.cells[c.key]) out.push(r.cells[c.key]!);
    }
  }
  for (const p of n.priorities) if (p.unit === 'count') out.push(p.baseline, ...(p.latest ? [p.latest] : []));
  return out;
}

const demo = publishedDemoDb;

describe('published needs', () => {
  it('publishes the demo councils with no count from 1 to 5 left unsuppressed', async () => {
    const db = await demo();
    // Listed by name: Southwark, then Stockton-on-Tees.
    expect(listPublished(db).map((p) => p.code)).toEqual(['E09000028', 'E06000004']);
    for (const code of ['E06000004', 'E09000028']) {
      const pub = getCurrentPublication(db, code)!;
      const counts = publishedCounts(pub.needs);
      expect(counts.length).toBeGreaterThan(100);
      const leaks = counts.filter((c) => c.symbol === null && c.value !== null && c.value >= 1 && c.value <= 5);
      expect(leaks).toEqual([]);
      expect(counts.some((c) => c.symbol === 'c')).toBe(true);
      // No child-level field names in the snapshot.
      expect(JSON.stringify(pub.needs)).not.toMatch(/"(CHILD|DOB|HOME_POST|PL_POST|UPN)"/i);
    }
  });

  it('keeps only published priorities, and shows the snapshot, not work in progress, until published again', async () => {
    const db = await demo();
    const before = getCurrentPublication(db, 'E06000004')!;
    const unpublished = listPriorities(db, 'E06000004').filter((p) => !p.published).map((p) => p.title);
    expect(unpublished).toContain('Family settings first');
    expect(before.needs.priorities.map((p) => p.title)).not.toContain('Family settings first');
    const p = listPriorities(db, 'E06000004').find((x) => x.title === 'More in-house foster places')!;
    const changed = validatePriority({ ...p, baselineValue: String(p.baselineValue), targetValue: '300', published: true });
    if (!changed.ok) throw new Error('invalid');
    updatePriority(db, p.id, changed.value, 'ann');
    expect(getCurrentPublication(db, 'E06000004')!.needs.priorities.find((x) => x.title === p.title)?.target.value).toBe(280);
    publishNeeds(db, 'E06000004', 'ann');
    const after = getCurrentPublication(db, 'E06000004')!;
    expect(after.needs.priorities.find((x) => x.title === p.title)?.target.value).toBe(300);
    expect(after.etag).not.toBe(before.etag);
  });

  it('previews what publishing would change: nothing when nothing changed, then the priority whose target moved', async () => {
    const db = await demo();
    const current = getCurrentPublication(db, 'E06000004')!.needs;
    expect(diffNeeds(current, previewNeeds(db, 'E06000004'))).toEqual([]);
    const p = listPriorities(db, 'E06000004').find((x) => x.title === 'More in-house foster places')!;
    const changed = validatePriority({ ...p, baselineValue: String(p.baselineValue), targetValue: '300', published: true });
    if (!changed.ok) throw new Error('invalid');
    updatePriority(db, p.id, changed.value, 'ann');
    const diff = diffNeeds(current, previewNeeds(db, 'E06000004'));
    expect(diff).toHaveLength(1);
    expect(diff[0]!.what).toBe('Priority: More in-house foster places');
    expect(diff[0]!.now).toMatch(/^target 280 by /);
    expect(diff[0]!.after).toMatch(/^target 300 by /);
    // Against nothing published, every figure is new.
    expect(diffNeeds(null, current).find((c) => c.what === "Children's homes: places to commission")).toEqual({ what: "Children's homes: places to commission", now: '–', after: '69' });
  });

  it('withdraws: the public side then shows nothing for that council, and says when it was withdrawn', async () => {
    const db = await demo();
    expect(getWithdrawal(db, 'E09000028')).toBeNull();
    expect(withdrawNeeds(db, 'E09000028', 'ann', new Date('2026-12-06T10:30:00Z'))).toBe(true);
    expect(getWithdrawal(db, 'E09000028')).toEqual({ code: 'E09000028', name: 'Southwark', withdrawnAt: '2026-12-06T10:30:00.000Z' });
    expect(getCurrentPublication(db, 'E09000028')).toBeNull();
    expect(listPublished(db).map((p) => p.code)).toEqual(['E06000004']);
    expect(withdrawNeeds(db, 'E09000028', 'ann')).toBe(false);
  });

  it('suppresses a small count in a published table and one more so it cannot be worked out', async () => {
    const db = freshDb();
    const LA = 'E06000001,Hartlepool';
    const rows = [
      ['under_1', 0], ['1_4', 3], ['5_9', 12], ['10_15', 20], ['16_17', 9],
    ].map(([a, n]) => `2024-03-31,${LA},residential,all,${a},all,children_placed,${n}`);
    await importText(db, `${HEADER}\n${rows.join('\n')}\n2024-03-31,${LA},residential,all,all,all,children_placed,44\n`);
    createPriority(db, 'E06000001', (() => {
      const r = validatePriority({ title: 'x', metric: 'children_placed', setting: 'all', provision: 'all', ageBand: 'all', need: 'all', baselineValue: '1', baselineDate: '2024-03-31', targetValue: '0', targetDate: '2026-03-31', direction: 'decrease', owner: '', narrative: '', published: true });
      if (!r.ok) throw new Error('bad');
      return r.value;
    })(), null);
    saveProfile(db, 'E06000001', { vision: '', modelOfCare: '', contact: '', events: '' }, null);
    const needs = publishNeeds(db, 'E06000001', null).needs;
    const byAge = needs.settings.find((s) => s.setting === 'residential')!.byAge;
    const cell = (k: string) => byAge.rows.find((r) => r.key === k)!.cells.children_placed!;
    expect(cell('1_4')).toEqual({ value: null, symbol: 'c' });
    // The smallest other non-zero part (9, aged 16-17) goes too, so 44 - the rest does not give 3.
    expect(cell('16_17')).toEqual({ value: null, symbol: 'c' });
    expect(cell('under_1')).toEqual({ value: 0, symbol: null });
    expect(cell('all')).toEqual({ value: 44, symbol: null });
    expect(needs.priorities[0]!.baseline).toEqual({ value: null, symbol: 'c' });
    const csv = needsCsv(needs, 'residential-by-age')!;
    expect(csv.split('\n')[0]).toBe('la_code,period_end,setting,age_band,children_placed,demand,commissioning_need,unmet_need');
    expect(csv).toContain('E06000001,2024-03-31,residential,1_4,c,');
    expect(needsCsv(needs, 'no-such-table')).toBeNull();
  });
});

describe('council text as safe Markdown', () => {
  it('keeps links only to web and mail addresses, and never makes markup of what is typed', () => {
    expect(safeHref('https://example.gov.uk/a')).toBe('https://example.gov.uk/a');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,<b>')).toBeNull();
    const js = parseInline('[click](javascript:alert(1))');
    expect(js.every((n) => n.type === 'text')).toBe(true);
    expect(js.map((n) => (n.type === 'text' ? n.text : '')).join('')).toBe('[click](javascript:alert(1))');
    const blocks = parseMarkdown('## Our homes\n<script>alert(1)</script>\n\n- **small** homes\n- near *school*');
    expect(blocks[0]).toEqual({ type: 'heading', level: 2, children: [{ type: 'text', text: 'Our homes' }] });
    expect(blocks[1]).toEqual({ type: 'paragraph', children: [{ type: 'text', text: '<script>alert(1)</script>' }] });
    expect(blocks[2]).toMatchObject({ type: 'list', ordered: false });
  });
});
