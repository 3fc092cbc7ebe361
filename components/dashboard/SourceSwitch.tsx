import Link from 'next/link';
import type { FigureSource } from '@/db/schema';
import { SOURCE_LABELS } from '@/lib/sources';

/**
 * Chooses where the figures come from (template, or SSDA903 in either view) with plain links, so
 * it works without JavaScript and the choice lives in the URL.
 */
export function SourceSwitch({
  sources,
  current,
  hrefFor,
}: {
  sources: readonly FigureSource[];
  current: FigureSource;
  hrefFor: (s: FigureSource) => string;
}) {
  if (sources.length < 2) return null;
  return (
    <nav className="app-source-switch app-no-print" aria-label="Source of the figures">
      <p className="govuk-body govuk-!-margin-bottom-1">
        <strong>Figures from:</strong>
      </p>
      <ul className="govuk-list app-source-switch__list">
        {sources.map((s) => (
          <li key={s}>
            {s === current ? (
              <strong aria-current="page">{SOURCE_LABELS[s]}</strong>
            ) : (
              <Link className="govuk-link" href={hrefFor(s)}>
                {SOURCE_LABELS[s]}
              </Link>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
