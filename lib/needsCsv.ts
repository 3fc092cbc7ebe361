import { toCsv } from './csv/write';
import type { Cell } from './format';
import type { PublicNeeds } from './needs';

const out = (c: Cell | null | undefined) => (c ? (c.symbol ?? c.value ?? '') : '');

/** A published table as CSV: `summary` or the id of a setting's table. Null when there is no such table. */
export function needsCsv(needs: PublicNeeds, tableId: string): string | null {
  if (tableId === 'summary') {
    return toCsv(
      ['la_code', 'period_end', 'setting', 'demand', 'places_to_commission', 'unmet_need', 'pct_placed_outside_la', 'pct_placed_over_20_miles'],
      needs.settings.map((s) => [
        needs.council.code,
        needs.periodEnd,
        s.setting,
        out(s.summary.demand),
        out(s.summary.toCommission),
        out(s.summary.unmetNeed),
        out(s.summary.pctOutsideLa),
        out(s.summary.pctOver20Miles),
      ]),
    );
  }
  for (const s of needs.settings) {
    for (const t of [s.byAge, s.byNeed, s.trend]) {
      if (t.id !== tableId) continue;
      return toCsv(
        ['la_code', 'period_end', 'setting', t.rowHeader.toLowerCase().replace(/\W+/g, '_'), ...t.columns.map((c) => c.key)],
        t.rows.map((r) => [needs.council.code, needs.periodEnd, s.setting, r.key, ...t.columns.map((c) => out(r.cells[c.key]))]),
      );
    }
  }
  return null;
}
