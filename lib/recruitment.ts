import { z } from 'zod';
import { getMetric, metricValue, type Metric } from './catalogue';
import { FigureIndex, type Figure, type FigureKey } from './figures';
import { formatDate, formatPeriodShort, type Cell } from './format';
import type { DataTable } from './tables';
import { parseTemplateDate } from './template/row';
import { SETTING_LABELS, type Measure } from './template/codes';

/**
 * Foster carer recruitment and retention (domain primer, metric 13): the in-house fostering
 * pipeline from enquiries to applications to approvals, the households that stop fostering, and
 * how many approvals a year a target number of households needs.
 *
 * The template holds the recruitment measures only for `fostering` and `kinship_fostering`, at
 * provision `in_house`, all ages, all needs; `all` adds the two settings. A symbol anywhere in a
 * calculation gives `x` (not available); a missing figure stays missing (never 0).
 */

export const RECRUITMENT_SETTINGS = ['fostering', 'kinship_fostering', 'all'] as const;
export type RecruitmentSetting = (typeof RECRUITMENT_SETTINGS)[number];

export const RECRUITMENT_SETTING_LABELS: Record<RecruitmentSetting, string> = {
  fostering: SETTING_LABELS.fostering,
  kinship_fostering: SETTING_LABELS.kinship_fostering,
  all: 'All fostering (including kinship)',
};

export function isRecruitmentSetting(v: unknown): v is RecruitmentSetting {
  return typeof v === 'string' && (RECRUITMENT_SETTINGS as readonly string[]).includes(v);
}

/** One period of the pipeline. Rates are percentages (12.5 = 12.5%), unrounded. */
export interface RecruitmentRow {
  periodEnd: string;
  enquiries: Cell;
  applications: Cell;
  /** households_approved */
  approved: Cell;
  /** households_deregistered */
  deregistered: Cell;
  /** carer_households on the last day of the period */
  households: Cell;
  /** approved − deregistered */
  netChange: Cell;
  /** applications / enquiries */
  enquiryToApplication: Cell;
  /** approvals / applications */
  applicationToApproval: Cell;
  /** approvals / enquiries */
  enquiryToApproval: Cell;
  /** deregistered / households at the start of the period (the previous year's carer_households) */
  lossRate: Cell;
}

const MISSING: Cell = { value: null, symbol: null };
const NA: Cell = { value: null, symbol: 'x' };

/** f of the cells when all are numbers; a symbol anywhere gives x, a missing one missing. */
function combine(cells: Cell[], f: (...v: number[]) => number): Cell {
  if (cells.some((c) => c.symbol)) return NA;
  if (cells.some((c) => c.value === null)) return MISSING;
  const out = f(...cells.map((c) => c.value as number));
  return Number.isFinite(out) ? { value: out, symbol: null } : NA;
}

const percent = (part: Cell, whole: Cell): Cell => combine([part, whole], (p, w) => (w === 0 ? NaN : (p / w) * 100));

function catalogueMetric(id: string): Metric {
  const m = getMetric(id);
  if (!m) throw new Error(`The metric catalogue has no ${id}`);
  return m;
}
const CARER_HOUSEHOLDS = catalogueMetric('carer_households');
const HOUSEHOLDS_APPROVED = catalogueMetric('households_approved');

const FOSTERING_PARTS = ['fostering', 'kinship_fostering'] as const;

/** The settings a choice covers: `all` is both fostering settings. */
export function settingsOf(setting: RecruitmentSetting): ReadonlyArray<'fostering' | 'kinship_fostering'> {
  return setting === 'all' ? FOSTERING_PARTS : [setting];
}

/** A recruitment measure without a catalogue metric, read as the catalogue reads the others. */
function measureCell(ix: FigureIndex, setting: RecruitmentSetting, measure: Measure): Cell {
  const cells = settingsOf(setting).map((s): Cell => {
    const f = ix.get({ setting: s, provision: 'in_house', ageBand: 'all', need: 'all', measure });
    return f ? { value: f.value, symbol: f.symbol } : MISSING;
  });
  // One setting: the figure as stored (a `c` stays `c`); both: their sum (a symbol gives x).
  return cells.length === 1 ? cells[0]! : combine(cells, (...v) => v.reduce((a, b) => a + b, 0));
}

const DAY_MS = 86_400_000;
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;

/** True when `earlier` ended about a year before `later` (so it is the start of `later`'s year). */
function yearBefore(earlier: string, later: string): boolean {
  const gap = dayNumber(later) - dayNumber(earlier);
  return gap >= 360 && gap <= 371;
}

/**
 * The pipeline per period, oldest first. The loss rate divides by the previous period's
 * carer_households (the households at the start of the year); it is missing for the first period
 * and wherever the period before is not the year before (a gap in the data).
 */
export function recruitmentSeries(
  series: ReadonlyArray<{ periodEnd: string; figures: readonly Figure[] }>,
  setting: RecruitmentSetting,
): RecruitmentRow[] {
  const sorted = [...series].sort((a, b) => a.periodEnd.localeCompare(b.periodEnd));
  const rows: RecruitmentRow[] = [];
  for (const { periodEnd, figures } of sorted) {
    const ix = FigureIndex.of(figures);
    const segment = { setting, provision: 'all', ageBand: 'all', need: 'all' } as const;
    const enquiries = measureCell(ix, setting, 'enquiries');
    const applications = measureCell(ix, setting, 'applications');
    const approved = metricValue(HOUSEHOLDS_APPROVED, ix, segment);
    const deregistered = measureCell(ix, setting, 'households_deregistered');
    const households = metricValue(CARER_HOUSEHOLDS, ix, segment);
    const prev = rows[rows.length - 1];
    const atStart = prev && yearBefore(prev.periodEnd, periodEnd) ? prev.households : MISSING;
    rows.push({
      periodEnd,
      enquiries,
      applications,
      approved,
      deregistered,
      households,
      netChange: combine([approved, deregistered], (a, d) => a - d),
      enquiryToApplication: percent(applications, enquiries),
      applicationToApproval: percent(approved, applications),
      enquiryToApproval: percent(approved, enquiries),
      lossRate: percent(deregistered, atStart),
    });
  }
  return rows;
}

/** True when any period holds a recruitment figure (a number or a symbol). */
export function hasRecruitmentFigures(rows: readonly RecruitmentRow[]): boolean {
  const present = (c: Cell) => c.value !== null || c.symbol !== null;
  return rows.some((r) => [r.enquiries, r.applications, r.approved, r.deregistered, r.households].some(present));
}

/**
 * The mean of a rate over the last `n` periods. A symbol in any of them gives x; periods where the
 * rate is missing (the first period's loss rate) are left out, and `periods` says which were used.
 */
export function averageRate(
  rows: readonly RecruitmentRow[],
  rate: 'lossRate' | 'enquiryToApproval' | 'enquiryToApplication' | 'applicationToApproval',
  n = 3,
): { cell: Cell; periods: string[] } {
  const recent = rows.slice(-n);
  if (recent.some((r) => r[rate].symbol)) return { cell: NA, periods: recent.map((r) => r.periodEnd) };
  const used = recent.filter((r) => r[rate].value !== null);
  if (used.length === 0) return { cell: MISSING, periods: [] };
  const mean = used.reduce((s, r) => s + (r[rate].value as number), 0) / used.length;
  return { cell: { value: mean, symbol: null }, periods: used.map((r) => r.periodEnd) };
}

/** Years from one date to another: days ÷ 365.25, to two decimal places (anniversaries are whole). */
export function yearsBetween(from: string, to: string): number {
  return Math.round(((dayNumber(to) - dayNumber(from)) / 365.25) * 100) / 100;
}

export interface ApprovalsNeededInput {
  currentHouseholds: number | null;
  targetHouseholds: number | null;
  /** Years from the date of currentHouseholds to the target date. */
  years: number | null;
  /** Households that stop fostering in a year, as a percentage of households (12.5 = 12.5%). */
  lossRate: number | null;
  /** Approvals as a percentage of enquiries (7.5 = 7.5%). */
  enquiryToApproval: number | null;
}

export interface ApprovalsNeeded {
  /** (target − current) ÷ years; negative when the target is below today's households. */
  growthPerYear: number | null;
  /** lossRate × current households. */
  lossesPerYear: number | null;
  /** growth + losses, unrounded, never below 0. */
  approvalsPerYear: number | null;
  /** approvalsPerYear rounded up to whole households. */
  approvalsWhole: number | null;
  /** approvalsWhole ÷ enquiry-to-approval rate, rounded up to whole enquiries. */
  enquiriesWhole: number | null;
  problems: string[];
}

const usable = (v: number | null): v is number => v !== null && Number.isFinite(v);
/** Rounds up, ignoring floating-point dust (350.00000000000006 is 350). */
const ceilWhole = (v: number) => Math.ceil(v - 1e-9) || 0; // `|| 0`: never -0

/**
 * The approvals a year a target number of households needs:
 *
 *   approvals a year = (target − current) ÷ years + lossRate × households
 *   enquiries a year = approvals a year (rounded up) ÷ enquiry-to-approval rate
 *
 * Strictly the loss term is lossRate × the average households over the plan; to keep it simple
 * it uses the current households (the page says so). When the target is lower than the current
 * households the growth term is negative; the approvals needed never go below 0.
 */
export function approvalsNeeded(input: ApprovalsNeededInput): ApprovalsNeeded {
  const problems: string[] = [];
  const { currentHouseholds: current, targetHouseholds: target, years, lossRate, enquiryToApproval: conversion } = input;
  if (!usable(current)) problems.push('The number of approved fostering households in the latest period is not available.');
  else if (current < 0) problems.push('The number of approved fostering households cannot be negative.');
  if (!usable(target)) problems.push('The target number of approved fostering households is missing.');
  else if (target < 0) problems.push('The target number of approved fostering households cannot be negative.');
  if (!usable(years)) problems.push('The time to the target date is missing.');
  else if (years <= 0) problems.push('The target date must be after the date of the latest figures.');
  if (!usable(lossRate)) problems.push('The rate at which households stop fostering is not available for recent years.');
  else if (lossRate < 0) problems.push('The loss rate cannot be negative.');
  if (!usable(conversion)) problems.push('The share of enquiries that become approvals is not available for recent years.');
  else if (conversion <= 0) {
    problems.push('No enquiries became approvals in recent years, so the enquiries needed cannot be worked out.');
  }

  const none: ApprovalsNeeded = {
    growthPerYear: null,
    lossesPerYear: null,
    approvalsPerYear: null,
    approvalsWhole: null,
    enquiriesWhole: null,
    problems,
  };
  const inputsOk =
    usable(current) && current >= 0 && usable(target) && target >= 0 && usable(years) && years > 0 && usable(lossRate) && lossRate >= 0;
  if (!inputsOk) return none;

  const growthPerYear = (target - current) / years;
  const lossesPerYear = (lossRate / 100) * current;
  const approvalsPerYear = Math.max(0, growthPerYear + lossesPerYear);
  const approvalsWhole = ceilWhole(approvalsPerYear);
  const enquiriesWhole = usable(conversion) && conversion > 0 ? ceilWhole((approvalsWhole * 100) / conversion) : null;
  return { growthPerYear, lossesPerYear, approvalsPerYear, approvalsWhole, enquiriesWhole, problems };
}

/** The question the page asks: target households by a date. */
export interface PlanQuestion {
  target: number;
  by: string;
}
export type PlanField = keyof PlanQuestion;

const PLAN_FIELDS = {
  target: z
    .string()
    .trim()
    .min(1, { error: 'Enter the target number of approved fostering households' })
    .regex(/^\d{1,3}(,?\d{3})*$/, { error: 'Enter the target number of households as a whole number, for example 200' })
    .transform((s) => Number(s.replace(/,/g, '')))
    .refine((n) => n >= 1 && n <= 100_000, { error: 'Enter a target between 1 and 100,000 households' }),
  by: z
    .string()
    .trim()
    .min(1, { error: 'Enter the target date' })
    .transform((s, ctx) => {
      const iso = parseTemplateDate(s);
      if (!iso) {
        ctx.addIssue({ code: 'custom', message: 'Enter the target date as a real date, for example 2027-03-31 or 31/03/2027' });
        return z.NEVER;
      }
      return iso;
    }),
};

/**
 * Checks the question from the query string. Nothing is asked until either field is given; the
 * date must be after today and after the latest figures. Errors are field by field, in form order.
 */
export function parsePlanQuestion(
  raw: { target?: string; by?: string },
  ctx: { today: string; latestPeriod: string },
): { asked: boolean; value: PlanQuestion | null; errors: { field: PlanField; message: string }[] } {
  const target = raw.target ?? '';
  const by = raw.by ?? '';
  if (target.trim() === '' && by.trim() === '') return { asked: false, value: null, errors: [] };
  const errors: { field: PlanField; message: string }[] = [];
  const t = PLAN_FIELDS.target.safeParse(target);
  if (!t.success) errors.push({ field: 'target', message: t.error.issues[0]?.message ?? 'Enter the target' });
  const d = PLAN_FIELDS.by.safeParse(by);
  if (!d.success) errors.push({ field: 'by', message: d.error.issues[0]?.message ?? 'Enter the target date' });
  else if (d.data <= ctx.today) errors.push({ field: 'by', message: 'The target date must be in the future' });
  else if (d.data <= ctx.latestPeriod) {
    errors.push({ field: 'by', message: `The target date must be after the latest figures (${formatDate(ctx.latestPeriod)})` });
  }
  if (errors.length || !t.success || !d.success) return { asked: true, value: null, errors };
  return { asked: true, value: { target: t.data, by: d.data }, errors };
}

const FUNNEL_MEASURES: readonly Measure[] = ['enquiries', 'applications', 'households_approved'];
const HOUSEHOLD_MEASURES: readonly Measure[] = ['carer_households', 'households_approved', 'households_deregistered'];
export const RECRUITMENT_VIEWS = ['funnel', 'households'] as const;
export type RecruitmentView = (typeof RECRUITMENT_VIEWS)[number];

/** The stored figures behind the page (or one of its tables), for the CSV download. */
export function recruitmentKeys(setting: RecruitmentSetting, view?: RecruitmentView): FigureKey[] {
  const measures: readonly Measure[] =
    view === 'funnel'
      ? FUNNEL_MEASURES
      : view === 'households'
        ? HOUSEHOLD_MEASURES
        : ['carer_households', 'enquiries', 'applications', 'households_approved', 'households_deregistered'];
  return settingsOf(setting).flatMap((s) =>
    measures.map((measure) => ({ setting: s, provision: 'in_house' as const, ageBand: 'all' as const, need: 'all' as const, measure })),
  );
}

/** The page's two tables; the charts, the tables and the downloads all come from these. */
export function recruitmentTables(
  rows: readonly RecruitmentRow[],
  setting: RecruitmentSetting,
): Record<RecruitmentView, DataTable> {
  const label = RECRUITMENT_SETTING_LABELS[setting];
  const forWhom = `for ${label.charAt(0).toLowerCase()}${label.slice(1)}`;
  const span = rows.length ? `${rows.length} years from ${formatPeriodShort(rows[0]!.periodEnd)}` : 'no years loaded';
  const years = rows.map((r) => ({ key: r.periodEnd, label: formatPeriodShort(r.periodEnd) }));
  return {
    funnel: {
      id: 'fostering-funnel',
      title: `Foster carer recruitment: enquiries, applications and approvals each year ${forWhom}`,
      description: `Bar chart of the fostering enquiries, applications and households approved in each year, ${span}.`,
      rowHeader: 'Year',
      columns: [
        { key: 'enquiries', label: 'Enquiries', unit: 'count' },
        { key: 'applications', label: 'Applications', unit: 'count' },
        { key: 'approved', label: 'Households approved', unit: 'count' },
        { key: 'enquiryToApplication', label: 'Applications per enquiry', unit: 'percent' },
        { key: 'applicationToApproval', label: 'Approvals per application', unit: 'percent' },
        { key: 'enquiryToApproval', label: 'Approvals per enquiry', unit: 'percent' },
      ],
      rows: years.map((y, i) => {
        const r = rows[i]!;
        return {
          ...y,
          cells: {
            enquiries: r.enquiries,
            applications: r.applications,
            approved: r.approved,
            enquiryToApplication: r.enquiryToApplication,
            applicationToApproval: r.applicationToApproval,
            enquiryToApproval: r.enquiryToApproval,
          },
        };
      }),
      notes: [
        'Counts are for the year ending on the period date (31 March), in-house fostering only.',
        'Applications per enquiry = applications ÷ enquiries; approvals per application = households approved ÷ applications; approvals per enquiry = households approved ÷ enquiries. An assessment can run into the next year, so these are rates within a year, not the path of each enquiry.',
      ],
      keys: recruitmentKeys(setting, 'funnel'),
    },
    households: {
      id: 'fostering-households',
      title: `Approved fostering households, approvals and deregistrations each year ${forWhom}`,
      description: `Line chart of the approved fostering households at the end of each year, with the households approved and deregistered in the year, ${span}.`,
      rowHeader: 'Year',
      columns: [
        { key: 'households', label: 'Approved households (31 March)', unit: 'count' },
        { key: 'approved', label: 'Households approved', unit: 'count' },
        { key: 'deregistered', label: 'Households deregistered', unit: 'count' },
        { key: 'netChange', label: 'Net change', unit: 'count' },
        { key: 'lossRate', label: 'Loss rate', unit: 'percent' },
      ],
      rows: years.map((y, i) => {
        const r = rows[i]!;
        return {
          ...y,
          cells: {
            households: r.households,
            approved: r.approved,
            deregistered: r.deregistered,
            netChange: r.netChange,
            lossRate: r.lossRate,
          },
        };
      }),
      notes: [
        'Net change = households approved − households deregistered in the year.',
        'Loss rate = households deregistered in the year ÷ approved households at the start of the year (the previous 31 March); it is blank for the first year loaded.',
      ],
      keys: recruitmentKeys(setting, 'households'),
    },
  };
}
