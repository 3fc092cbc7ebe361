import { describe, expect, it } from 'vitest';
import { loadDemoIfEmpty } from '@/db/imports/demo';
import { getFigures } from '@/db/queries/figures';
import { getBreakdowns } from '@/db/queries/ssda903';
import { qualityNotes } from '@/lib/ssda903/quality';
import { freshDb } from '@/tests/helpers/db';

describe('the notes on children with no provider', () => {
  it('count every child outside the provision columns: no provider recorded plus temporary placements', async () => {
    const db = freshDb();
    await loadDemoIfEmpty(db);
    for (const period of ['2023-03-31', '2024-03-31']) {
      const figures = getFigures(db, 'E06000004', period, 'ssda903')!;
      const placed = (provision: string) =>
        figures.find((f) => f.measure === 'children_placed' && f.setting === 'all' && f.provision === provision && f.ageBand === 'all' && f.need === 'all')?.value ?? 0;
      // Independently: the total less the columns it is split into (in-house, PR2-PR5, with parents).
      const outside = placed('all') - ['in_house', 'other_la', 'other_public', 'private', 'voluntary', 'parents'].reduce((t, p) => t + placed(p), 0);
      const dq = getBreakdowns(db, 'E06000004', period, 'ssda903')!.data_quality ?? {};
      expect(outside, period).toBeGreaterThan(0);
      expect((dq.unknown_provider ?? 0) + (dq.temporary_placement ?? 0), period).toBe(outside);
      if (dq.temporary_placement) expect(qualityNotes([], dq).join(' ')).toMatch(/in a temporary placement/);
    }
  });
});
