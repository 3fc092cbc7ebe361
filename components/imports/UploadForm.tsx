'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';

type Phase = 'idle' | 'uploading' | 'checking' | 'storing' | 'done' | 'failed';

interface ServerLine {
  type: 'progress' | 'result' | 'error';
  phase?: string;
  rows?: number;
  importId?: number;
  status?: string;
  message?: string;
}

const PHASE_TEXT: Record<Phase, string> = {
  idle: '',
  uploading: 'Uploading and checking',
  checking: 'Checking every row',
  storing: 'Storing the figures',
  done: 'Done: opening the report',
  failed: 'The import failed',
};

/**
 * Uploads with XMLHttpRequest, whose upload events drive a real progress bar; the server's NDJSON
 * answer reports rows checked, then the import's result. One file goes as the request body; an
 * SSDA903 return (its council and several files) goes as a form.
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
  const [error, setError] = useState<string | null>(null);
  const busy = phase === 'uploading' || phase === 'checking' || phase === 'storing';

  function fail(message: string) {
    setPhase('failed');
    setError(message);
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
    const xhr = new XMLHttpRequest();
    let seen = 0;
    const readLines = () => {
      const text = xhr.responseText;
      const lines = text.slice(seen).split('\n');
      const complete = lines.slice(0, -1);
      seen += complete.reduce((n, l) => n + l.length + 1, 0);
      for (const line of complete) {
        if (!line.trim()) continue;
        let msg: ServerLine;
        try {
          msg = JSON.parse(line) as ServerLine;
        } catch {
          continue;
        }
        if (msg.type === 'progress') {
          if (typeof msg.rows === 'number') setRows(msg.rows);
          if (msg.phase === 'checking' || msg.phase === 'storing') setPhase(msg.phase);
        } else if (msg.type === 'result' && msg.importId) {
          setPercent(100);
          setPhase('done');
          router.push(`/dashboard/imports/${msg.importId}`);
        } else if (msg.type === 'error') {
          fail(msg.message ?? 'The import failed');
        }
      }
    };
    xhr.upload.onprogress = (ev) => {
      if (ev.lengthComputable) setPercent(Math.round((ev.loaded / ev.total) * 95));
    };
    xhr.onprogress = readLines;
    xhr.onload = () => {
      if (xhr.status >= 400) {
        try {
          fail((JSON.parse(xhr.responseText) as ServerLine).message ?? `The server answered ${xhr.status}`);
        } catch {
          fail(`The server answered ${xhr.status}`);
        }
        return;
      }
      readLines();
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
        </div>
      )}
    </form>
  );
}
