import type { Metadata } from 'next';
import { TemplateFormat } from '@/components/imports/TemplateFormat';
import { requirePage } from '@/db/session';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Sufficiency template format' };

export default async function FormatPage() {
  await requirePage('view', '/dashboard/import/format');
  return <TemplateFormat />;
}
