import type { Metadata } from 'next';
import Link from 'next/link';
import { ApprovalsNeededSection } from '@/components/fostering/ApprovalsNeededSection';
import { FosteringPicker } from '@/components/fostering/FosteringPicker';
import { RecruitmentFigures } from '@/components/fostering/RecruitmentFigures';
import { withDb } from '@/db/run';
import { listCouncilsWithFigures, listFigureSeries } from '@/db/queries/figures';
import { requirePage } from '@/db/session';
import {
  RECRUITMENT_SETTING_LABELS,
  approvalsNeeded,
  averageRate,
  hasRecruitmentFigures,
  isRecruitmentSetting,
  parsePlanQuestion,
  recruitmentSeries,
  recruitmentTables,
  yearsBetween,
  type RecruitmentSetting,
} from '@/lib/recruitment';
import { RECRUITMENT_MEASURES } from '@/lib/template/codes';

export const metadata: Metadata = { title: 'Foster carer recruitment' };
export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The years whose rates are averaged for the plan. */
const RATE_YEARS = 3;

export default async function FosteringPage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  await requirePage('view', `/dashboard/fostering?${new URLSearchParams(params as Record<string, string>)}`);
  const councils = withDb(listCouncilsWithFigures, 'template');
  const heading = <h1 className="govuk-heading-xl">Foster carer recruitment and retention</h1>;
  if (councils.length === 0) {
    return (
      <>
        {heading}
        <p className="govuk-body">
          No figures are stored yet. <Link className="govuk-link" href="/dashboard/import">Import a sufficiency file</Link> to begin.
        </p>
      </>
    );
  }
  const la = (one(params.la) ?? councils[0]!.code).toUpperCase();
  const council = councils.find((c) => c.code === la);
  const settingParam = one(params.setting);
  const setting: RecruitmentSetting = isRecruitmentSetting(settingParam) ? settingParam : 'fostering';
  const raw = { target: one(params.target) ?? '', by: one(params.by) ?? '' };

  const rows = council
    ? recruitmentSeries(withDb(listFigureSeries, la, { measures: [...RECRUITMENT_MEASURES], ageBand: 'all', need: 'all' }), setting)
    : [];
  const latest = rows[rows.length - 1];

  return (
    <>
      <span className="govuk-caption-l">{council ? council.name : 'Dashboard'}</span>
      {heading}
      <p className="govuk-body">
        The council’s own fostering service: people who enquire about fostering, those who apply to be assessed, the households
        approved, and the households that stop fostering. Every year loaded is shown.
      </p>
      <FosteringPicker councils={councils} la={la} setting={setting} carry={raw} />
      {!council || !latest || !hasRecruitmentFigures(rows) ? (
        <div className="govuk-inset-text">
          {council
            ? `No foster carer recruitment figures are stored for ${council.name}. They are the measures carer_households, enquiries, applications, households_approved and households_deregistered of the sufficiency template, for fostering and kinship fostering, in-house.`
            : `No figures are stored for the council ${la}. Choose a council from the list.`}
        </div>
      ) : (
        <>
          <RecruitmentFigures council={council} setting={setting} tables={recruitmentTables(rows, setting)} />
          <Plan
            la={la}
            setting={setting}
            raw={raw}
            rows={rows}
            latest={latest}
          />
        </>
      )}
    </>
  );
}

function Plan({
  la,
  setting,
  raw,
  rows,
  latest,
}: {
  la: string;
  setting: RecruitmentSetting;
  raw: { target: string; by: string };
  rows: ReturnType<typeof recruitmentSeries>;
  latest: ReturnType<typeof recruitmentSeries>[number];
}) {
  const today = new Date().toISOString().slice(0, 10);
  const lossRate = averageRate(rows, 'lossRate', RATE_YEARS);
  const enquiryToApproval = averageRate(rows, 'enquiryToApproval', RATE_YEARS);
  const asked = parsePlanQuestion(raw, { today, latestPeriod: latest.periodEnd });
  const years = asked.value ? yearsBetween(latest.periodEnd, asked.value.by) : null;
  const plan = asked.value
    ? approvalsNeeded({
        currentHouseholds: latest.households.symbol ? null : latest.households.value,
        targetHouseholds: asked.value.target,
        years,
        lossRate: lossRate.cell.symbol ? null : lossRate.cell.value,
        enquiryToApproval: enquiryToApproval.cell.symbol ? null : enquiryToApproval.cell.value,
      })
    : null;
  return (
    <ApprovalsNeededSection
      la={la}
      setting={setting}
      settingLabel={RECRUITMENT_SETTING_LABELS[setting]}
      latest={latest}
      lossRate={lossRate}
      enquiryToApproval={enquiryToApproval}
      raw={raw}
      errors={asked.errors}
      question={asked.value}
      years={years}
      plan={plan}
      stale={yearsBetween(latest.periodEnd, today) > 1}
    />
  );
}
