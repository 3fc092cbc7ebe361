import type { Metadata } from 'next';
import Link from 'next/link';
import { withDb } from '@/db/run';
import { requirePage } from '@/db/session';
import { can } from '@/lib/roles';
import { listImports } from '@/db/queries/imports';
import { ImportsTable } from '@/components/imports/ImportsTable';
import { UploadForm } from '@/components/imports/UploadForm';
import { readEnv } from '@/lib/env';
import { listMarketCouncils } from '@/db/queries/market';
import { listImportJobs } from '@/db/queries/importJobs';
import { ImportJobsTable } from '@/components/imports/ImportJobsTable';
import { RefreshWhileActive } from '@/components/imports/RefreshWhileActive';
import { cancelImportAction } from './actions';

export const metadata: Metadata = { title: 'Import data' };
export const dynamic = 'force-dynamic';

export default async function ImportPage() {
  const user = await requirePage('view', '/dashboard/import');
  const imports = withDb(listImports, 20);
  const councils = withDb(listMarketCouncils);
  const jobs = withDb(listImportJobs, 10);
  const active = jobs.some((j) => j.active);
  return (
    <>
      <RefreshWhileActive active={active} />
      <h1 className="govuk-heading-xl">Import data</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">
            Fill in the sufficiency template with your council&apos;s figures, one row per figure, and upload it here. Every row is
            checked first: if any row has a problem you get a report of every problem, by row and column, and nothing is stored.
          </p>
          <ul className="govuk-list govuk-list--bullet">
            <li>
              <a className="govuk-link" href="/downloads/sufficiency-template.csv" download>
                Download the blank sufficiency template (CSV)
              </a>
            </li>
            <li>
              <a className="govuk-link" href="/downloads/sufficiency-example.csv" download>
                Download a filled example (CSV)
              </a>
            </li>
            <li>
              <Link className="govuk-link" href="/dashboard/import/format">
                Read the template format: columns, codes and rules
              </Link>
            </li>
          </ul>
          <p className="govuk-body">
            A file for a council and period already stored becomes a new version; the earlier version is kept. Importing the
            same figures again changes nothing. Each upload is imported in the background: you can leave this page and come
            back, and the import jobs below show how far each has gone. Large files can also be imported on the server with{' '}
            <code>npm run import -- FILE</code>.
          </p>
          <noscript>
            <p className="govuk-body govuk-!-font-weight-bold">
              Uploading here needs JavaScript. Without it, import files on the server with <code>npm run import -- FILE</code>.
            </p>
          </noscript>
          {can(user.role, 'import') ? (
            <UploadForm limitBytes={readEnv().uploadLimitBytes} />
          ) : (
            <div className="govuk-inset-text">Your role can read imports but not make them: commissioners import data.</div>
          )}
          <h2 className="govuk-heading-l govuk-!-margin-top-6" id="ssda903">
            SSDA903 returns
          </h2>
          <p className="govuk-body">
            Import the council&apos;s SSDA903 return as its case-management system exports it: the header, episodes and UASC CSV
            files of one year, or of several years at once (each file named with its year, e.g. <code>2023-episodes.csv</code>), or
            the XML form. Placement mix, flows and stability are derived from it for every year the files cover; the child-level
            rows stay in this internal database and never reach the public pages or API.{' '}
            <Link className="govuk-link" href="/dashboard/children">
              See the figures derived from SSDA903
            </Link>
            .
          </p>
          <p className="govuk-body">
            Every row is checked against the code lists of its collection year. Problems that make a row unusable (a date that is
            not a date, a code not valid that year, an episode for a child missing from the header) reject the import with every
            problem listed. DfE business-rule failures (for example DEC before DECOM, overlapping episodes) are reported with their
            rule code and counted beside the figures, and the import goes ahead. On the server:{' '}
            <code>npm run import -- --la E06000004 2023-header.csv 2023-episodes.csv 2023-uasc.csv</code>.
          </p>
          {can(user.role, 'import') && <UploadForm limitBytes={readEnv().uploadLimitBytes} ssda903Councils={councils} />}
        </div>
      </div>
      {jobs.length > 0 && <ImportJobsTable jobs={jobs} cancelAction={can(user.role, 'import') ? cancelImportAction : undefined} />}
      {active && (
        <p className="govuk-body">
          <Link className="govuk-link" href="/dashboard/import#import-jobs">
            Check the imports in progress again
          </Link>
        </p>
      )}
      {imports.length > 0 && <ImportsTable imports={imports} />}
    </>
  );
}
