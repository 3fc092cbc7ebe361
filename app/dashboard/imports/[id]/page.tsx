import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { withDb } from '@/db/run';
import { getImport } from '@/db/queries/imports';
import { requirePage } from '@/db/session';
import { ImportReport } from '@/components/imports/ImportReport';

export const metadata: Metadata = { title: 'Import report' };
export const dynamic = 'force-dynamic';

export default async function ImportReportPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requirePage('view', `/dashboard/imports/${id}`);
  if (!/^\d+$/.test(id)) notFound();
  const record = withDb(getImport, Number(id));
  if (!record) notFound();
  return (
    <>
      <ImportReport record={record} />
      <p className="govuk-body">
        <Link className="govuk-link" href="/dashboard/import">
          Import another file
        </Link>
      </p>
    </>
  );
}
