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
 * Uploads the file as the request body with XMLHttpRequest, whose upload events drive a real
 * progress bar; the server's NDJSON answer reports rows checked, then the import's result.
 */
export function UploadForm({ limitBytes }: { limitBytes: number }) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
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
    const file = input.current?.files?.[0];
    setError(null);
    if (!file) return fail('Select a CSV file to import');
    if (file.size > limitBytes) {
      return fail(
        `${file.name} is ${(file.size / 1048576).toFixed(1)} MB, larger than the upload limit of ${(limitBytes / 1048576).toFixed(0)} MB. Import it with "npm run import -- FILE" on the server.`,
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
                  <a href="#file">{error}</a>
                </li>
              </ul>
            </div>
          </div>
        </div>
      )}
      <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
        <label className="govuk-label govuk-label--m" htmlFor="file">
          Upload a sufficiency file
        </label>
        <div id="file-hint" className="govuk-hint">
          A CSV file in the sufficiency template format, up to {(limitBytes / 1048576).toFixed(0)} MB.
        </div>
        {error && (
          <p id="file-error" className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {error}
          </p>
        )}
        <input
          ref={input}
          className={`govuk-file-upload${error ? ' govuk-file-upload--error' : ''}`}
          id="file"
          name="file"
          type="file"
          accept=".csv,text/csv"
          aria-describedby={error ? 'file-hint file-error' : 'file-hint'}
          disabled={busy}
        />
      </div>
      <button type="submit" className="govuk-button" disabled={busy}>
        Import file
      </button>
      {phase !== 'idle' && phase !== 'failed' && (
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="import-progress">
            Import progress
          </label>
          <progress id="import-progress" className="app-progress" max={100} value={percent}>
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
