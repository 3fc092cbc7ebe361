import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getImportJob } from '@/db/queries/importJobs';
import { withDb } from '@/db/run';
import { requirePage } from '@/db/session';
import { can } from '@/lib/roles';
import { formatBytes, formatTimestamp } from '@/lib/format';
import { JobProgressText, JobStateTag, jobFileNames } from '@/components/imports/ImportJobsTable';
import { RefreshWhileActive } from '@/components/imports/RefreshWhileActive';
import { cancelImportAction } from '../../actions';

export const metadata: Metadata = { title: 'Import job' };
export const dynamic = 'force-dynamic';

export default async function ImportJobPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePage('view', `/dashboard/import/jobs/${id}`);
  if (!/^[1-9]\d{0,12}$/.test(id)) notFound();
  const job = withDb(getImportJob, Number(id));
  if (!job) notFound();
  return (
    <>
      <RefreshWhileActive active={job.active} />
      <span className="govuk-caption-l">Import job {job.id}</span>
      <h1 className="govuk-heading-l app-wrap">{jobFileNames(job)}</h1>
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">State</dt>
          <dd className="govuk-summary-list__value">
            <JobStateTag state={job.state} />
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">{job.active ? 'Progress' : 'Outcome'}</dt>
          <dd className="govuk-summary-list__value">
            <div role="status" aria-live="polite">
            {job.active && (
              <progress className="app-progress" max={100} value={job.percent} aria-label="Import progress">
                {job.percent}%
              </progress>
            )}
            <p className="govuk-body govuk-!-margin-bottom-0">
              <JobProgressText job={job} />
            </p>
            </div>
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Received</dt>
          <dd className="govuk-summary-list__value">
            {formatTimestamp(job.createdAt)}, {formatBytes(job.files.reduce((n, f) => n + f.bytes, 0))}
            {job.actor ? `, from ${job.actor}` : ''}
          </dd>
        </div>
        {job.laCode && (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Council</dt>
            <dd className="govuk-summary-list__value">{job.laCode}</dd>
          </div>
        )}
      </dl>
      {job.active && (
        <p className="govuk-body">
          <Link className="govuk-link" href={`/dashboard/import/jobs/${job.id}`}>
            Check again
          </Link>{' '}
          (this page also updates itself while the import runs; leaving it does not stop the import)
        </p>
      )}
      {job.active && can(user.role, 'import') && (
        <form action={cancelImportAction}>
          <input type="hidden" name="id" value={job.id} />
          <button type="submit" className="govuk-button govuk-button--warning">
            Cancel this import
          </button>
        </form>
      )}
      <p className="govuk-body">
        <Link className="govuk-link" href="/dashboard/import">
          Back to importing data
        </Link>
      </p>
    </>
  );
}
