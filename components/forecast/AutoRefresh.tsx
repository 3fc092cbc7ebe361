'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';

export interface ForecastProgress {
  state: 'ready' | 'running' | 'failed';
  progress: number;
  waiting: number;
}

function progressWords(p: ForecastProgress): string {
  if (p.state !== 'running') return 'The forecast is ready: showing it now.';
  return p.waiting > 0
    ? `Waiting to compute the forecast: ${p.waiting} ${p.waiting === 1 ? 'forecast is' : 'forecasts are'} ahead of it`
    : `Computing the forecast: ${p.progress}%`;
}

/**
 * The progress of a forecast being computed. With JavaScript the page asks `statusHref` (a small
 * JSON answer) every few seconds and, once the forecast is ready, refreshes its data in place:
 * nothing reloads, so what is being typed in a form stays. Without JavaScript, "Check again" is a
 * plain link to the same view (no meta refresh: it reloaded the page under the user's typing).
 */
export function AutoRefresh({
  statusHref,
  selfHref,
  initial,
  seconds = 2,
}: {
  statusHref: string;
  selfHref: string;
  initial: ForecastProgress;
  seconds?: number;
}) {
  const router = useRouter();
  const [status, setStatus] = useState(initial);
  useEffect(() => {
    let stopped = false;
    const timer = setInterval(async () => {
      try {
        const res = await fetch(statusHref, { cache: 'no-store' });
        if (!res.ok || stopped) return;
        const next = (await res.json()) as ForecastProgress;
        setStatus(next);
        if (next.state !== 'running') {
          stopped = true;
          clearInterval(timer);
          router.refresh();
        }
      } catch {
        // A missed answer (network blip): ask again at the next tick.
      }
    }, seconds * 1000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [router, seconds, statusHref]);
  return (
    <div className="govuk-inset-text" role="status" aria-live="polite">
      <p className="govuk-body govuk-!-font-weight-bold">{progressWords(status)}</p>
      <progress className="app-progress" max={100} value={status.progress} aria-label="Forecast progress">
        {status.progress}%
      </progress>
      <p className="govuk-body">
        The simulation runs on the server outside this page; this page follows its progress and shows the forecast when it is ready.{' '}
        <a className="govuk-link" href={selfHref}>
          Check again
        </a>
        .
      </p>
    </div>
  );
}
