import Link from 'next/link';
import type { ImportJobView } from '@/lib/importJobs';
import { JOB_STATE_LABELS, jobPhaseText } from '@/lib/importJobs';
import { formatBytes, formatTimestamp } from '@/lib/format';

const TAGS: Record<ImportJobView['state'], string> = {
  queued: 'govuk-tag--grey',
  running: 'govuk-tag--blue',
  done: 'govuk-tag--green',
  failed: 'govuk-tag--red',
  cancelled: 'govuk-tag--grey',
  interrupted: 'govuk-tag--orange',
};

export function JobStateTag({ state }: { state: ImportJobView['state'] }) {
  return <strong className={`govuk-tag ${TAGS[state]}`}>{JOB_STATE_LABELS[state]}</strong>;
}

export function jobFileNames(job: ImportJobView): string {
  return job.files.map((f) => f.name).join(', ');
}

/** What a job is doing or what came of it, in words. */
export function JobProgressText({ job }: { job: ImportJobView }) {
  if (job.active) {
    return (
      <>
        {jobPhaseText(job)}: {job.percent}%{job.rows > 0 ? `, ${job.rows.toLocaleString('en-GB')} rows read` : ''}
      </>
    );
  }
  if (job.reportUrl) {
    return (
      <Link className="govuk-link" href={job.reportUrl}>
        Read the report of import {job.importId}
      </Link>
    );
  }
  return <>{job.message ?? ''}</>;
}

/** Uploads waiting for, going through or done with their import, newest first. */
export function ImportJobsTable({ jobs, cancelAction }: { jobs: ImportJobView[]; cancelAction?: (formData: FormData) => Promise<void> }) {
  return (
    <table className="govuk-table" id="import-jobs">
      <caption className="govuk-table__caption govuk-table__caption--m">Import jobs</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">Files</th>
          <th scope="col" className="govuk-table__header">Received</th>
          <th scope="col" className="govuk-table__header">State</th>
          <th scope="col" className="govuk-table__header">Progress or outcome</th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {jobs.map((job) => (
          <tr key={job.id} className="govuk-table__row">
            <td className="govuk-table__cell app-wrap">
              <Link className="govuk-link" href={`/dashboard/import/jobs/${job.id}`}>
                {jobFileNames(job)}
              </Link>
              <br />
              <span className="govuk-body-s">{formatBytes(job.files.reduce((n, f) => n + f.bytes, 0))}{job.laCode ? `, ${job.laCode}` : ''}</span>
            </td>
            <td className="govuk-table__cell">{formatTimestamp(job.createdAt)}</td>
            <td className="govuk-table__cell">
              <JobStateTag state={job.state} />
            </td>
            <td className="govuk-table__cell app-wrap">
              <JobProgressText job={job} />
              {job.active && cancelAction && (
                <form action={cancelAction} className="govuk-!-margin-top-2">
                  <input type="hidden" name="id" value={job.id} />
                  <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
                    Cancel<span className="govuk-visually-hidden"> the import of {jobFileNames(job)}</span>
                  </button>
                </form>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
