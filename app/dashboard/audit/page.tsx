import type { Metadata } from 'next';
import { AuditFilter } from '@/components/audit/AuditFilter';
import { AuditTable } from '@/components/audit/AuditTable';
import { ErrorSummary } from '@/components/ui/ErrorSummary';
import { withDb } from '@/db/run';
import { AUDIT_PAGE_SIZE, listAudit } from '@/db/queries/audit';
import { requirePage } from '@/db/session';
import { parseDateRange } from '@/lib/dateInput';

export const metadata: Metadata = { title: 'Audit trail' };
export const dynamic = 'force-dynamic';

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const q = await searchParams;
  await requirePage('view', `/dashboard/audit?${new URLSearchParams(q as Record<string, string>)}`);
  const offset = Math.max(0, Number(q.offset) || 0);
  // Dates come as GOV.UK's three fields (from-day, from-month, from-year) or, from links, as from=YYYY-MM-DD.
  const dates = parseDateRange(q);
  const filter = { action: q.action || undefined, actor: q.actor || undefined, from: dates.range.from, to: dates.range.to };
  const { rows, total } = dates.errors.length > 0 ? { rows: [], total: 0 } : withDb(listAudit, { ...filter, limit: AUDIT_PAGE_SIZE, offset });
  const params = (extra: Record<string, string>) =>
    new URLSearchParams({ ...Object.fromEntries(Object.entries(filter).filter(([, v]) => v)), ...extra } as Record<string, string>);
  return (
    <>
      <ErrorSummary errors={dates.errors.map((e) => ({ href: `#audit-${e.name}-${e.part}`, text: e.text }))} />
      <h1 className="govuk-heading-xl">Audit trail</h1>
      <p className="govuk-body">
        Sign-ins, imports, rollbacks and changes to users, newest first. The trail cannot be edited: the database refuses
        changes to it.
      </p>
      <AuditFilter value={filter} dates={dates} basePath="/dashboard/audit" />
      <p className="govuk-body">
        <a className="govuk-link" href={`/dashboard/audit/download?${params({})}`} download>
          Download these events (CSV)
        </a>
      </p>
      {dates.errors.length === 0 && <AuditTable rows={rows} total={total} offset={offset} />}
      <nav className="govuk-pagination" aria-label="Pages of the audit trail">
        {offset > 0 && (
          <div className="govuk-pagination__prev">
            <a className="govuk-link govuk-pagination__link" href={`/dashboard/audit?${params({ offset: String(Math.max(0, offset - AUDIT_PAGE_SIZE)) })}`} rel="prev">
              <span className="govuk-pagination__link-title">Newer events</span>
            </a>
          </div>
        )}
        {offset + AUDIT_PAGE_SIZE < total && (
          <div className="govuk-pagination__next">
            <a className="govuk-link govuk-pagination__link" href={`/dashboard/audit?${params({ offset: String(offset + AUDIT_PAGE_SIZE) })}`} rel="next">
              <span className="govuk-pagination__link-title">Older events</span>
            </a>
          </div>
        )}
      </nav>
    </>
  );
}
