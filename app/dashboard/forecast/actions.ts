'use server';

import { redirect } from 'next/navigation';
import { withDb, withSqlite } from '@/db/run';
import { recordAudit } from '@/db/audit';
import { addPlan, addScenario, deletePlan, deleteScenario } from '@/db/forecast';
import { getCouncil } from '@/db/queries/figures';
import { requireAction } from '@/db/session';
import { FORECAST_SETTINGS, type ForecastSetting, type Scenario } from '@/lib/forecast/model';
import { parseDate } from '@/lib/ssda903/codes';

const text = (f: FormData, k: string) => String(f.get(k) ?? '').trim();
const back = (la: string, { anchor = 'plans', ...extra }: Record<string, string> = {}) => `/dashboard/forecast?${new URLSearchParams({ la, ...extra })}#${anchor}`;

/** A percentage typed as "20", "-15" or "2.5"; null when it is not one (blank is 0). */
function percent(v: string): number | null {
  if (v === '') return 0;
  if (!/^-?\d+(\.\d+)?$/.test(v)) return null;
  return Number(v) / 100;
}

async function council(formData: FormData): Promise<{ la: string; email: string; back: (extra?: Record<string, string>) => string }> {
  const user = await requireAction('editPriorities');
  const la = text(formData, 'la').toUpperCase();
  if (!withDb(getCouncil, la)) redirect('/dashboard/forecast');
  // Back to the same horizon the form was on, so the forecast already computed is reused.
  const months = text(formData, 'months');
  return { la, email: user.email, back: (extra = {}) => back(la, { ...(/^\d+$/.test(months) ? { months } : {}), ...extra }) };
}

/** Adds a planned change of capacity, e.g. a 3-bed home opening, checked on the server. */
export async function addPlanAction(formData: FormData): Promise<void> {
  const { la, email, back: home } = await council(formData);
  const setting = text(formData, 'setting') as ForecastSetting;
  const date = parseDate(text(formData, 'effectiveDate'));
  const changeText = text(formData, 'change');
  const description = text(formData, 'description').slice(0, 200);
  const errors: string[] = [];
  if (!FORECAST_SETTINGS.includes(setting)) errors.push('Choose the setting the places are for');
  if (!date) errors.push('Enter the date the change takes effect, e.g. 2026-09-01');
  if (!/^-?\d{1,4}$/.test(changeText) || Number(changeText) === 0) errors.push('Enter the places added (e.g. 3) or closed (e.g. -2), not 0');
  if (errors.length > 0) redirect(home({ error: errors.join('. '), anchor: 'plans' }));
  withDb(addPlan, { laCode: la, setting, effectiveDate: date!, change: Number(changeText), description, createdBy: email });
  withSqlite(recordAudit, { actor: email, action: 'forecast_changed', target: la, details: { added: 'planned change', setting, date, change: Number(changeText), description } });
  redirect(home({ saved: 'plan', anchor: 'plans' }));
}

export async function deletePlanAction(formData: FormData): Promise<void> {
  const { la, email, back: home } = await council(formData);
  const id = Number(text(formData, 'id'));
  if (withDb(deletePlan, la, id)) withSqlite(recordAudit, { actor: email, action: 'forecast_changed', target: la, details: { removed: 'planned change', id } });
  redirect(home({ anchor: 'plans' }));
}

/** Saves a named scenario: changes to the rates of entry, leaving care and moves between settings. */
export async function addScenarioAction(formData: FormData): Promise<void> {
  const { la, email, back: home } = await council(formData);
  const name = text(formData, 'name').slice(0, 100);
  const entry = percent(text(formData, 'entry'));
  const exit = percent(text(formData, 'exit'));
  const moveShare = percent(text(formData, 'moveShare'));
  const from = text(formData, 'moveFrom') as ForecastSetting | '';
  const to = text(formData, 'moveTo') as ForecastSetting | '';
  const inflation = percent(text(formData, 'inflation'));
  const errors: string[] = [];
  if (!name) errors.push('Give the scenario a name');
  // Rates cannot go below zero, and a change beyond +500% is not a scenario but a typing slip.
  const inRange = (v: number | null) => v !== null && v >= -1 && v <= 5;
  if (!inRange(entry)) errors.push('Change in children entering care must be a percentage from -100 (no one enters care) to 500');
  if (!inRange(exit)) errors.push('Change in children leaving care must be a percentage from -100 (no one leaves care) to 500');
  if (!inRange(moveShare)) errors.push('Change in moves must be a percentage from -100 (no such moves) to 500');
  if (inflation === null || inflation < 0 || inflation > 0.5) errors.push('Inflation must be a percentage from 0 to 50');
  const hasMove = from !== '' || to !== '';
  if (hasMove && (!FORECAST_SETTINGS.includes(from as ForecastSetting) || !FORECAST_SETTINGS.includes(to as ForecastSetting) || from === to)) {
    errors.push('Choose two different settings for the moves, or neither');
  }
  if (errors.length > 0) redirect(home({ error: errors.join('. '), anchor: 'scenarios' }));
  const scenario: Scenario = {
    ...(entry ? { entryRateChange: entry } : {}),
    ...(exit ? { exitRateChange: exit } : {}),
    ...(hasMove && moveShare ? { moves: [{ from: from as ForecastSetting, to: to as ForecastSetting, extraShare: moveShare }] } : {}),
  };
  const id = withDb(addScenario, { laCode: la, name, scenario, inflation: inflation ?? 0, createdBy: email });
  withSqlite(recordAudit, { actor: email, action: 'forecast_changed', target: la, details: { added: 'scenario', id, name, scenario, inflation } });
  redirect(home({ scenario: String(id), anchor: 'scenarios' }));
}

export async function deleteScenarioAction(formData: FormData): Promise<void> {
  const { la, email, back: home } = await council(formData);
  const id = Number(text(formData, 'id'));
  if (withDb(deleteScenario, la, id)) withSqlite(recordAudit, { actor: email, action: 'forecast_changed', target: la, details: { removed: 'scenario', id } });
  redirect(home({ anchor: 'scenarios' }));
}
