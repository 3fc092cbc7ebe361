import Link from 'next/link';
import type { ReactNode } from 'react';
import type { ChildrenView } from '@/db/queries/ssda903';
import { ViewPicker } from '@/components/ui/ViewPicker';
import { SourceSwitch } from '@/components/dashboard/SourceSwitch';
import { NoFiguresMessage } from '@/components/dashboard/NoFiguresMessage';
import { DataQualityNotes } from './DataQualityNotes';
import { formatDate } from '@/lib/format';
import { SOURCE_DESCRIPTIONS } from '@/lib/sources';
import { collectionLabel } from '@/lib/ssda903/codes';

const PAGES = [
  { path: '/dashboard/children', label: 'Age and setting' },
  { path: '/dashboard/children/flows', label: 'Starts, ends and moves' },
  { path: '/dashboard/children/stability', label: 'Stability' },
] as const;

/**
 * The frame of every SSDA903 page: the council and year, the view (combined, or each return's
 * own), links between the pages, the returns loaded and what their checks found.
 */
export function ChildrenFrame({ view, path, title, children }: { view: ChildrenView; path: string; title: string; children: ReactNode }) {
  const { councils, la, council, period, source } = view;
  const query = (extra: Record<string, string>) => `?${new URLSearchParams({ la, period, source, ...extra })}`;
  if (councils.length === 0) {
    return (
      <>
        <h1 className="govuk-heading-xl">{title}</h1>
        <p className="govuk-body">
          No SSDA903 returns are loaded yet. <Link className="govuk-link" href="/dashboard/import">Import a council&apos;s returns</Link> (header,
          episodes and UASC files, or the XML form) to see these figures.
        </p>
      </>
    );
  }
  const periods = [...new Set(councils.flatMap((c) => c.periods))].sort().reverse();
  const findings = view.returns.filter((r) => source === 'ssda903' || `${r.yearEnd}-03-31` === period).map((r) => r.findings);
  return (
    <>
      <span className="govuk-caption-l">{council ? council.name : 'Children looked after'}</span>
      <h1 className="govuk-heading-xl">{title}</h1>
      <nav aria-label="SSDA903 pages" className="app-no-print">
        <ul className="govuk-list app-source-switch__list">
          {PAGES.map((p) => (
            <li key={p.path}>
              {p.path === path ? (
                <strong aria-current="page">{p.label}</strong>
              ) : (
                <Link className="govuk-link" href={`${p.path}${query({})}`}>
                  {p.label}
                </Link>
              )}
            </li>
          ))}
        </ul>
      </nav>
      <ViewPicker
        action={path}
        councils={councils}
        la={la}
        choice={{ name: 'period', label: 'Year ending', value: period, options: periods.map((p) => ({ value: p, label: formatDate(p) })) }}
        carry={{ source }}
        submitLabel="Show figures"
      />
      <SourceSwitch sources={['ssda903', 'ssda903_return']} current={source} hrefFor={(s) => `${path}${query({ source: s })}`} />
      {!council || !view.figures ? (
        <NoFiguresMessage la={la} period={period} council={council} />
      ) : (
        <>
          <div className="govuk-inset-text">
            <p className="govuk-body">
              Figures {SOURCE_DESCRIPTIONS[source]}. Returns loaded:{' '}
              {view.returns.map((r) => `${collectionLabel(r.yearEnd)} (${r.children.toLocaleString('en-GB')} children, ${r.episodes.toLocaleString('en-GB')} episodes, version ${r.version})`).join('; ')}.
              {' '}
              <Link className="govuk-link" href="/glossary#ssda903">
                What SSDA903, the combined view and PR1 to PR5 mean
              </Link>
              .
            </p>
            <DataQualityNotes findings={findings} dataQuality={view.breakdowns?.data_quality} />
          </div>
          {children}
        </>
      )}
    </>
  );
}
