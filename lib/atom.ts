/**
 * Atom (RFC 4287) feeds of publications and withdrawals. Framework-free: the routes pass the
 * events and the site's origin; every link is absolute, every date RFC 3339.
 */
import { formatDate } from './format';

/** A publication or a withdrawal of one council's needs. */
export interface PublicationEvent {
  /** The publication's id. */
  id: number;
  kind: 'published' | 'withdrawn';
  code: string;
  name: string;
  at: string;
  periodEnd: string;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** Tag URIs (RFC 4151): stable ids that do not change if the site moves. */
export const feedId = (laCode?: string) => `tag:sufficiency,2026:needs${laCode ? `/${laCode}` : ''}`;
const entryId = (e: PublicationEvent) => `tag:sufficiency,2026:publication/${e.id}/${e.kind}`;

export interface FeedOptions {
  origin: string;
  /** One council's feed, or (undefined) every council's. */
  council?: { code: string; name: string };
  /** When the feed has no entries, its updated date (the time of the request will do). */
  now: Date;
}

export function atomFeed(events: readonly PublicationEvent[], o: FeedOptions): string {
  const title = o.council ? `${o.council.name}: published needs` : 'Published needs: all councils';
  const self = `${o.origin}${o.council ? `/needs/${o.council.code}/feed.xml` : '/needs/feed.xml'}`;
  const page = `${o.origin}${o.council ? `/needs/${o.council.code}` : '/needs'}`;
  const updated = events[0]?.at ?? o.now.toISOString();
  const entries = events.map((e) => {
    const link = `${o.origin}/needs/${e.code}`;
    const title =
      e.kind === 'published' ? `${e.name} published its needs (data to ${formatDate(e.periodEnd)})` : `${e.name} withdrew its published needs`;
    const summary =
      e.kind === 'published'
        ? `${e.name} published what it needs from providers, from its figures to ${formatDate(e.periodEnd)}.`
        : `${e.name} withdrew the needs it had published; its page now says when.`;
    return `  <entry>
    <id>${escape(entryId(e))}</id>
    <title>${escape(title)}</title>
    <updated>${escape(e.at)}</updated>
    <link rel="alternate" type="text/html" href="${escape(link)}"/>
    <summary>${escape(summary)}</summary>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${escape(feedId(o.council?.code))}</id>
  <title>${escape(title)}</title>
  <updated>${escape(updated)}</updated>
  <author><name>Sufficiency</name></author>
  <link rel="self" type="application/atom+xml" href="${escape(self)}"/>
  <link rel="alternate" type="text/html" href="${escape(page)}"/>
${entries.join('\n')}
</feed>
`;
}
