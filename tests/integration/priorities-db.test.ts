import { describe, expect, it } from 'vitest';
import { createDemoPriorities } from '@/db/demoPriorities';
import { rollbackToVersion } from '@/db/history';
import { loadDemoIfEmpty } from '@/db/imports/demo';
import { createPriority, getPriority, listPriorities, listPriorityChanges, updatePriority } from '@/db/priorities';
import { listEvaluatedPriorities } from '@/db/queries/prioritiesView';
import { validatePriority, type PriorityInput } from '@/lib/priorities';
import { freshDb, HEADER, importText } from '@/tests/helpers/db';

function input(over: Record<string, unknown> = {}): PriorityInput {
  const r = validatePriority({
    title: 'More in-house foster places', metric: 'places', setting: 'fostering', provision: 'in_house', ageBand: 'all', need: 'all',
    baselineValue: '10', baselineDate: '2023-03-31', targetValue: '20', targetDate: '2026-03-31', direction: 'increase',
    owner: 'Head of Fostering', narrative: '<b>not html</b>', published: false, ...over,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

describe('priorities in the database', () => {
  it('creates and changes a priority, recording who changed what', () => {
    const db = freshDb();
    const id = createPriority(db, 'E06000001', input(), 'ann@council.gov.uk');
    expect(getPriority(db, id)).toMatchObject({ title: 'More in-house foster places', targetValue: 20, published: false });
    const r = updatePriority(db, id, input({ targetValue: '24', published: true }), 'bob@council.gov.uk');
    expect(r.changed.sort()).toEqual(['published', 'targetValue']);
    const changes = listPriorityChanges(db, id);
    expect(changes[0]).toMatchObject({ actor: 'bob@council.gov.uk', details: { changes: { targetValue: [20, 24], published: [false, true] } } });
    expect(changes[1]?.details).toMatchObject({ created: 'More in-house foster places' });
    expect(updatePriority(db, id, input({ targetValue: '24', published: true }), 'bob').changed).toEqual([]);
    expect(listPriorities(db, 'E06000001', { publishedOnly: true })).toHaveLength(1);
  });

  it('shows "no data" when a rollback takes the current figure away, rather than failing', async () => {
    const db = freshDb();
    const LA = 'E06000001,Hartlepool';
    await importText(db, `${HEADER}\n2024-03-31,${LA},fostering,in_house,all,all,places,12\n2024-03-31,${LA},fostering,in_house,all,all,children_placed,10\n`);
    await importText(db, `${HEADER}\n2024-03-31,${LA},fostering,in_house,all,all,children_placed,11\n`);
    createPriority(db, 'E06000001', input(), null);
    expect(listEvaluatedPriorities(db, 'E06000001')[0]?.evaluation.status).toBe('no_data');
    rollbackToVersion(db.$client, { laCode: 'E06000001', periodEnd: '2024-03-31', version: 1, actor: null });
    const e = listEvaluatedPriorities(db, 'E06000001', { today: '2024-03-31' })[0]!.evaluation;
    expect(e.current?.value.value).toBe(12);
    // 12 on 2024-03-31: the line from 10 (2023-03-31) to 20 (2026-03-31) expects 10 + 10 * 366/1096 = 13.34: behind by 1.34 <= 2.5
    expect(e.status).toBe('at_risk');
  });

  it('creates the demo priorities with baselines taken from the demo figures', async () => {
    const db = freshDb();
    await loadDemoIfEmpty(db);
    expect(createDemoPriorities(db)).toBe(7);
    const stockton = listEvaluatedPriorities(db, 'E06000004', { today: '2024-03-31' });
    const places = stockton.find((p) => p.priority.title === 'More in-house foster places')!;
    // The template example: Stockton's 236 in-house foster places on 31 March 2024.
    expect(places.priority.baselineValue).toBe(236);
    expect(places.evaluation.status).toBe('on_track');
    const miles = stockton.find((p) => p.priority.metric === 'pct_over_20_miles')!;
    // Published DfE 2024: 54 of 581 placed over 20 miles.
    expect(miles.priority.baselineValue).toBe(Math.round((54 / 581) * 1000) / 10);
    const under16 = stockton.find((p) => p.priority.title === 'No under-16s in supported accommodation')!;
    expect(under16.evaluation.status).toBe('met');
    // Seen in December 2026, the same unmoved figures: the places target (31 March 2027) is now well behind its line.
    const later = listEvaluatedPriorities(db, 'E06000004', { today: '2026-12-06' });
    expect(later.find((p) => p.priority.title === 'More in-house foster places')!.evaluation.status).toBe('off_track');
  });
});
