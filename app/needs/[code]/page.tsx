import type { Metadata } from 'next';
import { cache } from 'react';
import { notFound } from 'next/navigation';
import { NeedsView } from '@/components/needs/NeedsView';
import { withDb } from '@/db/run';
import { getCurrentPublication } from '@/db/publications';

export const dynamic = 'force-dynamic';

// Metadata and page share one read of the snapshot per request.
const load = cache(async (code: string) => (/^E\d{8}$/i.test(code) ? withDb(getCurrentPublication, code.toUpperCase()) : null));

export async function generateMetadata({ params }: { params: Promise<{ code: string }> }): Promise<Metadata> {
  const pub = await load((await params).code);
  if (!pub) return { title: 'Published needs' };
  const feed = { url: `/needs/${pub.laCode}/feed.xml`, title: `${pub.needs.council.name}: publications and withdrawals` };
  return { title: `${pub.needs.council.name}: what we need`, alternates: { types: { 'application/atom+xml': [feed] } } };
}

export default async function CouncilNeedsPage({ params }: { params: Promise<{ code: string }> }) {
  const pub = await load((await params).code);
  if (!pub) notFound();
  return <NeedsView needs={pub.needs} />;
}
