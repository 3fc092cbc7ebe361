import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { RegionNeedsView } from '@/components/needs/RegionNeedsView';
import { withDb } from '@/db/run';
import { listRegionPublications } from '@/db/publications';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = {
  title: 'Published needs by region',
  alternates: { types: { 'application/atom+xml': [{ url: '/needs/feed.xml', title: 'Published needs: all councils' }] } },
};

/** /needs/region/E12000001: the published needs of a region's councils side by side. */
export default async function RegionNeedsPage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  // E12: a region; E13: London's inner and outer halves, as the reference list of councils has them.
  if (!/^E1[23]\d{6}$/i.test(code)) notFound();
  const { regionName, publications } = withDb(listRegionPublications, code.toUpperCase());
  if (!regionName) notFound();
  return <RegionNeedsView regionName={regionName} councils={publications.map((p) => p.needs)} />;
}
