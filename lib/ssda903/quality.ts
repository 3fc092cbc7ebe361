/**
 * What the checks of an SSDA903 import found that does not block it, and what each does to the
 * figures: the import report and every SSDA903 page say so beside the figures.
 */
import { formatNumber } from '../format';

/** The business-rule findings that are reported, not blocking, and what each does to the figures. */
export const FINDINGS: Record<string, { rule: string | null; message: string; effect: string }> = {
  dec_before_decom: { rule: '356', message: 'DEC is before DECOM', effect: 'left out of the counts' },
  overlap: { rule: '142', message: 'the episode starts before the previous episode of the child has ended', effect: 'kept; at a date the child counts once, in the episode that started last' },
  under_16_supported: { rule: '371', message: 'a child under 16 in supported accommodation (K3, H5 or P2)', effect: 'counted as placed, as the return says' },
  urn_missing: { rule: '218', message: 'URN is blank for a placement that needs one (K1, K2, R1, K3 not with parents)', effect: 'counted, but not in placements by URN' },
  after_year_end: { rule: '385', message: 'DECOM or DEC is after the end of the collection year', effect: "not in this year's figures after 31 March" },
  rec_dec_mismatch: { rule: '148', message: 'DEC and REC must both be filled in or both be blank', effect: 'counted by DEC: open when DEC is blank' },
  missing_postcode: { rule: null, message: 'HOME_POST or PL_POST is blank', effect: 'counted; distance from home not known' },
};


const DATA_QUALITY: Record<string, string> = {
  missing_postcode: 'with no home or placement postcode: distance from home not known',
  unknown_provider: 'with no placement provider recorded: in the provision total only',
  temporary_placement: 'in a temporary placement (codes T0 to T4, Z11 to Z14), which has no provider: in the provision total only',
  aged_18_plus: 'aged 18 or over: in the age total only',
  no_date_of_birth: 'with no date of birth: in the age total only',
};

/**
 * Sentences for the page: the reported findings of the returns behind the figures (one return
 * for its own view; every current return for the combined view), and the data-quality flags of
 * the children looked after on 31 March.
 */
export function qualityNotes(findingsByReturn: ReadonlyArray<Record<string, number>>, dataQuality: Record<string, number> | undefined): string[] {
  const sum: Record<string, number> = {};
  for (const f of findingsByReturn) for (const [k, n] of Object.entries(f)) sum[k] = (sum[k] ?? 0) + n;
  const notes: string[] = [];
  for (const [k, f] of Object.entries(FINDINGS)) {
    const n = sum[k];
    if (!n) continue;
    const what = n === 1 ? 'episode' : 'episodes';
    notes.push(`${formatNumber(n)} ${what}: ${f.message}${f.rule ? ` (DfE rule ${f.rule})` : ''}; ${f.effect}.`);
  }
  for (const [k, text] of Object.entries(DATA_QUALITY)) {
    const n = dataQuality?.[k];
    if (n) notes.push(`${formatNumber(n)} ${n === 1 ? 'child' : 'children'} looked after on 31 March ${text}.`);
  }
  return notes;
}
