import { ErrorSummary } from '@/components/ui/ErrorSummary';
import { formatCell, formatDate, formatNumber, formatPeriodShort, type Cell } from '@/lib/format';
import type { ApprovalsNeeded, PlanField, PlanQuestion, RecruitmentSetting } from '@/lib/recruitment';

export interface ApprovalsNeededProps {
  la: string;
  setting: RecruitmentSetting;
  settingLabel: string;
  /** The latest period loaded: its households are the starting point. */
  latest: { periodEnd: string; households: Cell; approved: Cell; enquiries: Cell };
  lossRate: { cell: Cell; periods: string[] };
  enquiryToApproval: { cell: Cell; periods: string[] };
  /** What was typed, to show again. */
  raw: { target: string; by: string };
  errors: { field: PlanField; message: string }[];
  question: PlanQuestion | null;
  years: number | null;
  plan: ApprovalsNeeded | null;
  /** True when the latest figures are more than a year old. */
  stale: boolean;
}

/** "3 years", "2 years and 6 months", "8 months": the plan's length to the nearest month. */
function yearsInWords(years: number): string {
  const months = Math.round(years * 12);
  const y = Math.floor(months / 12);
  const m = months % 12;
  const part = (n: number, one: string) => `${formatNumber(n)} ${one}${n === 1 ? '' : 's'}`;
  if (y === 0) return part(m, 'month');
  return m === 0 ? part(y, 'year') : `${part(y, 'year')} and ${part(m, 'month')}`;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

function periodsInWords(periods: string[]): string {
  if (periods.length === 0) return 'no years';
  if (periods.length === 1) return formatPeriodShort(periods[0]!);
  return `the ${formatNumber(periods.length)} years ${formatPeriodShort(periods[0]!)} to ${formatPeriodShort(periods[periods.length - 1]!)}`;
}

/**
 * "How many approvals a year?": a GET form (target households and target date) with a GOV.UK
 * error summary linked to its fields, then the answer in words and the working.
 */
export function ApprovalsNeededSection(p: ApprovalsNeededProps) {
  const errorFor = (f: PlanField) => p.errors.find((e) => e.field === f)?.message;
  const targetError = errorFor('target');
  const byError = errorFor('by');
  const latestDate = formatDate(p.latest.periodEnd);
  return (
    <section aria-labelledby="approvals-needed-heading" id="approvals-needed" className="govuk-!-margin-top-9">
      <h2 className="govuk-heading-l" id="approvals-needed-heading">
        How many approvals a year?
      </h2>
      <ErrorSummary errors={p.errors.map((e) => ({ href: `#${e.field}`, text: e.message }))} headingLevel={3} />
      <p className="govuk-body">
        Work out how many households the council needs to approve each year to reach a target number of approved households
        by a date, and how many enquiries that takes at recent rates. This is for {lowerFirst(p.settingLabel)}, starting from
        the {formatCell(p.latest.households)} approved households on {latestDate}, the latest figures.
      </p>
      <form method="get" action="/dashboard/fostering#approvals-needed" noValidate className="app-no-print">
        <input type="hidden" name="la" value={p.la} />
        <input type="hidden" name="setting" value={p.setting} />
        <div className={`govuk-form-group${targetError ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label govuk-label--s" htmlFor="target">
            Target number of approved fostering households
          </label>
          <div id="target-hint" className="govuk-hint">
            A whole number, for example 200
          </div>
          {targetError && (
            <p id="target-error" className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {targetError}
            </p>
          )}
          <input
            className={`govuk-input govuk-input--width-5${targetError ? ' govuk-input--error' : ''}`}
            id="target"
            name="target"
            type="text"
            inputMode="numeric"
            spellCheck={false}
            autoComplete="off"
            defaultValue={p.raw.target}
            aria-describedby={targetError ? 'target-hint target-error' : 'target-hint'}
          />
        </div>
        <div className={`govuk-form-group${byError ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label govuk-label--s" htmlFor="by">
            Target date
          </label>
          <div id="by-hint" className="govuk-hint">
            For example, 31/03/2027 or 2027-03-31
          </div>
          {byError && (
            <p id="by-error" className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {byError}
            </p>
          )}
          <input
            className={`govuk-input govuk-input--width-10${byError ? ' govuk-input--error' : ''}`}
            id="by"
            name="by"
            type="text"
            spellCheck={false}
            autoComplete="off"
            defaultValue={p.raw.by}
            aria-describedby={byError ? 'by-hint by-error' : 'by-hint'}
          />
        </div>
        <button type="submit" className="govuk-button" data-module="govuk-button">
          Work out approvals needed
        </button>
      </form>
      {p.question && p.plan && <Answer {...p} question={p.question} plan={p.plan} />}
    </section>
  );
}

function Answer(p: ApprovalsNeededProps & { question: PlanQuestion; plan: ApprovalsNeeded }) {
  const { plan, question } = p;
  const target = formatNumber(question.target);
  const by = formatDate(question.by);
  const latestDate = formatDate(p.latest.periodEnd);
  if (plan.approvalsWhole === null || plan.growthPerYear === null || plan.lossesPerYear === null || p.years === null) {
    return (
      <div className="govuk-warning-text" id="approvals-answer">
        <span className="govuk-warning-text__icon" aria-hidden="true">
          !
        </span>
        <div className="govuk-warning-text__text">
          <span className="govuk-visually-hidden">Warning</span>
          The approvals needed cannot be worked out for {target} households by {by}:
          <ul className="govuk-list govuk-list--bullet">
            {plan.problems.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </div>
      </div>
    );
  }
  const current = formatCell(p.latest.households);
  const years = yearsInWords(p.years);
  const loss = formatCell(p.lossRate.cell, 'percent');
  const conversion = formatCell(p.enquiryToApproval.cell, 'percent');
  return (
    <div id="approvals-answer">
      <h3 className="govuk-heading-m">
        The answer for {target} approved households by {by}
      </h3>
      <div className="govuk-inset-text">
        {plan.approvalsWhole === 0 ? (
          <p className="govuk-body govuk-!-margin-bottom-0">
            The council needs <strong>no new approvals</strong>: the target is low enough that, even after households stop
            fostering at the recent rate, it would still have {target} households by {by}.
          </p>
        ) : (
          <p className="govuk-body govuk-!-margin-bottom-0">
            To have {target} approved fostering households by {by}, the council needs to approve{' '}
            <strong>{formatNumber(plan.approvalsWhole)} households a year</strong>
            {plan.enquiriesWhole !== null ? (
              <>
                {' '}
                and, at the recent rate of approvals per enquiry, to receive{' '}
                <strong>{formatNumber(plan.enquiriesWhole)} enquiries a year</strong>.
              </>
            ) : (
              '.'
            )}{' '}
            In {formatPeriodShort(p.latest.periodEnd)} it approved {formatCell(p.latest.approved)} households from{' '}
            {formatCell(p.latest.enquiries)} enquiries.
          </p>
        )}
      </div>
      <h4 className="govuk-heading-s">How this is worked out</h4>
      <p className="govuk-body">
        Approvals a year = (target − households now) ÷ years to the target date + loss rate × households now. Enquiries a
        year = approvals a year ÷ approvals per enquiry.
      </p>
      <ol className="govuk-list govuk-list--number">
        <li>
          Households now: {current} approved households on {latestDate}, the latest figures.
        </li>
        <li>
          Years to the target date: {years}, from {latestDate} to {by}.
          {p.stale &&
            ` This counts from the latest figures, not from today: households approved or lost since ${latestDate} are not in the figures yet.`}
        </li>
        <li>
          To grow: ({target} − {current}) ÷ {years} = about {formatNumber(plan.growthPerYear)} households a year
          {plan.growthPerYear < 0 ? ' (the target is below the households now)' : ''}.
        </li>
        <li>
          To replace households that stop fostering: {loss} (the average loss rate of {periodsInWords(p.lossRate.periods)}) ×{' '}
          {current} households = about {formatNumber(plan.lossesPerYear)} households a year. Strictly the loss rate applies to
          the average number of households over the plan; to keep it simple this uses the households now, so if the number
          grows the losses will be a little higher.
        </li>
        <li>
          Approvals a year: the two added together
          {plan.approvalsWhole === 0 ? ' come to less than nothing, so none are needed' : `, rounded up to whole households: ${formatNumber(plan.approvalsWhole)}`}
          .
        </li>
        <li>
          {plan.enquiriesWhole !== null
            ? `Enquiries a year: ${formatNumber(plan.approvalsWhole)} ÷ ${conversion} (the average approvals per enquiry of ${periodsInWords(p.enquiryToApproval.periods)}), rounded up: ${formatNumber(plan.enquiriesWhole)}.`
            : `Enquiries a year cannot be worked out: ${plan.problems.join(' ')}`}
        </li>
      </ol>
      <p className="govuk-body-s">
        The numbers in the working are rounded for display; each step uses them unrounded. The rates are averages of the
        recent years’ rates and assume they carry on.
      </p>
    </div>
  );
}
