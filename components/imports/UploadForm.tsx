'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';

type Phase = 'idle' | 'uploading' | 'queued' | 'checking' | 'storing' | 'done' | 'failed';

/** The job as GET /api/imports/jobs/ID answers (lib/importJobs.ts ImportJobView, the fields read here). */
interface JobAnswer {
  type: 'job' | 'error';
  message?: string;
  job?: { id: number; state: string; phase: string | null; rows: number; percent: number; message: string | null; url: string; reportUrl: string | null };
}

const PHASE_TEXT: Record<Phase, string> = {
  idle: '',
  uploading: 'Uploading',
  queued: 'Received: waiting for the import before it to finish',
  checking: 'Checking every row',
  storing: 'Storing the figures',
  done: 'Done: opening the report',
  failed: 'The import failed',
};

const POLL_MS = 1000;

/**
 * Uploads with XMLHttpRequest, whose upload events drive the first part of the progress bar; the
 * server answers as soon as the file is received with an import job, which this form then follows
 * (GET on the job's URL) until it has a report to open. One file goes as the request body; an
 * SSDA903 return (its council and several files) goes as a form. Leaving the page does not stop
 * the import: the import page lists it with its progress.
 */
export function UploadForm({
  limitBytes,
  ssda903Councils,
}: {
  limitBytes: number;
  /** Set for the SSDA903 form: the councils to choose from (the return does not name its own). */
  ssda903Councils?: { code: string; name: string }[];
}) {
  const router = useRouter();
  const ssda = ssda903Councils !== undefined;
  const id = ssda ? 'ssda903-files' : 'file';
  const input = useRef<HTMLInputElement>(null);
  const council = useRef<HTMLSelectElement>(null);
  const [phase, setPhase] = useState<Phase>('idle');
  const [percent, setPercent] = useState(0);
  const [rows, setRows] = useState(0);
  const [jobUrl, setJobUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const busy = phase === 'uploading' || phase === 'queued' || phase === 'checking' || phase === 'storing';

  function fail(message: string) {
    setPhase('failed');
    setError(message);
  }

  /** Follows the job until it ends: the report when imported, its message otherwise. */
  async function follow(url: string) {
    for (;;) {
      let answer: JobAnswer;
      try {
        const res = await fetch(url, { cache: 'no-store' });
        answer = (await res.json()) as JobAnswer;
      } catch {
        await new Promise((r) => setTimeout(r, POLL_MS));
        continue;
      }
      const job = answer.job;
      if (!job) return fail(answer.message ?? 'The import job could not be read.');
      setRows(job.rows);
      setPercent(Math.max(5, Math.round(5 + job.percent * 0.95)));
      if (job.reportUrl) {
        setPercent(100);
        setPhase('done');
        router.push(job.reportUrl);
        return;
      }
      if (job.state === 'failed' || job.state === 'cancelled' || job.state === 'interrupted') {
        return fail(job.message ?? `The import was ${job.state}.`);
      }
      setPhase(job.state === 'queued' ? 'queued' : job.phase === 'storing' || job.phase === 'deriving' ? 'storing' : 'checking');
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  async function cancel() {
    if (!jobUrl) return;
    await fetch(`${jobUrl}/cancel`, { method: 'POST' }).catch(() => undefined);
  }

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const files = [...(input.current?.files ?? [])];
    const file = files[0];
    setError(null);
    if (!file) return fail(ssda ? 'Select the files of the return to import' : 'Select a CSV file to import');
    if (ssda && !council.current?.value) return fail('Choose the council the return belongs to');
    const size = files.reduce((n, f) => n + f.size, 0);
    if (size > limitBytes) {
      return fail(
        `${files.length > 1 ? 'The files are' : `${file.name} is`} ${(size / 1048576).toFixed(1)} MB, larger than the upload limit of ${(limitBytes / 1048576).toFixed(0)} MB. Import ${files.length > 1 ? 'them' : 'it'} with "npm run import -- ${ssda ? '--la CODE ' : ''}FILE" on the server.`,
      );
    }
    setPhase('uploading');
    setPercent(0);
    setRows(0);
    setJobUrl(null);
    const xhr = new XMLHttpRequest();
    // Uploading is the first twentieth of the bar; the job's own progress is the rest.
    xhr.upload.onprogress = (ev) => {
      if (ev.lengthComputable) setPercent(Math.round((ev.loaded / ev.total) * 5));
    };
    xhr.onload = () => {
      let answer: JobAnswer;
      try {
        answer = JSON.parse(xhr.responseText) as JobAnswer;
      } catch {
        return fail(`The server answered ${xhr.status}`);
      }
      if (xhr.status >= 400 || !answer.job) return fail(answer.message ?? `The server answered ${xhr.status}`);
      setJobUrl(answer.job.url);
      setPhase('queued');
      void follow(answer.job.url);
    };
    xhr.onerror = () => fail('The upload did not reach the server. Check the connection and try again.');
    if (ssda) {
      const form = new FormData();
      form.set('la', council.current?.value ?? '');
      for (const f of files) form.append('files', f);
      xhr.open('POST', '/api/imports/ssda903');
      xhr.send(form);
      return;
    }
    xhr.open('POST', '/api/imports');
    xhr.setRequestHeader('x-file-name', encodeURIComponent(file.name));
    xhr.setRequestHeader('content-type', 'text/csv');
    xhr.send(file);
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      {error && (
        <div className="govuk-error-summary" data-module="govuk-error-summary" tabIndex={-1}>
          <div role="alert">
            <h2 className="govuk-error-summary__title">There is a problem</h2>
            <div className="govuk-error-summary__body">
              <ul className="govuk-list govuk-error-summary__list">
                <li>
                  <a href={`#${id}`}>{error}</a>
                </li>
              </ul>
            </div>
          </div>
        </div>
      )}
      {ssda && (
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="ssda903-la">
            Council the return belongs to
          </label>
          <div id="ssda903-la-hint" className="govuk-hint">
            The SSDA903 return does not name its council.
          </div>
          <select ref={council} className="govuk-select" id="ssda903-la" name="la" aria-describedby="ssda903-la-hint" defaultValue="" disabled={busy}>
            <option value="">Choose a council</option>
            {ssda903Councils.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name} ({c.code})
              </option>
            ))}
          </select>
        </div>
      )}
      <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
        <label className="govuk-label govuk-label--m" htmlFor={id}>
          {ssda ? 'Upload SSDA903 files' : 'Upload a sufficiency file'}
        </label>
        <div id={`${id}-hint`} className="govuk-hint">
          {ssda
            ? `The header, episodes and UASC CSV files of one year or several (each file named with its year), or the XML form of the return; up to ${(limitBytes / 1048576).toFixed(0)} MB together.`
            : `A CSV file: the sufficiency template, a DfE open-data file, Ofsted's register, the RO3 outturn or a postcode sector lookup, up to ${(limitBytes / 1048576).toFixed(0)} MB.`}
        </div>
        {error && (
          <p id={`${id}-error`} className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {error}
          </p>
        )}
        <input
          ref={input}
          className={`govuk-file-upload${error ? ' govuk-file-upload--error' : ''}`}
          id={id}
          name={ssda ? 'files' : 'file'}
          type="file"
          multiple={ssda}
          accept={ssda ? '.csv,.xml,text/csv,application/xml,text/xml' : '.csv,text/csv'}
          aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
          disabled={busy}
        />
      </div>
      <button type="submit" className="govuk-button" disabled={busy}>
        {ssda ? 'Import the return' : 'Import file'}
      </button>
      {phase !== 'idle' && phase !== 'failed' && (
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor={ssda ? 'ssda903-progress' : 'import-progress'}>
            Import progress
          </label>
          <progress id={ssda ? 'ssda903-progress' : 'import-progress'} className="app-progress" max={100} value={percent}>
            {percent}%
          </progress>
          <p className="govuk-body" role="status" aria-live="polite">
            {PHASE_TEXT[phase]}: {percent}%{rows > 0 ? `, ${rows.toLocaleString('en-GB')} rows read` : ''}
          </p>
          {jobUrl && busy && (
            <button type="button" className="govuk-button govuk-button--secondary" onClick={() => void cancel()}>
              Cancel this import
            </button>
          )}
        </div>
      )}
    </form>
  );
}
