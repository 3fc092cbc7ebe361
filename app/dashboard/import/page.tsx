import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { requirePage } from '@/db/session';
import { can } from '@/lib/roles';
import { listImports } from '@/db/queries/imports';
import { ImportsTable } from '@/components/imports/ImportsTable';
import { UploadForm } from '@/components/imports/UploadForm';
import { readEnv } from '@/lib/env';

export const metadata: Metadata = { title: 'Import data' };
export const dynamic = 'force-dynamic';

export default async function ImportPage() {
  const user = await requirePage('view', '/dashboard/import');
  const imports = listImports(getDb(), 20);
  return (
    <>
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
            same figures again changes nothing. Large files can also be imported on the server with{' '}
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
        </div>
      </div>
      {imports.length > 0 && <ImportsTable imports={imports} />}
    </>
  );
}
