import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { listPublicationEvents, listRegionPublications, publishNeeds, withdrawNeeds } from '@/db/publications';
import { atomFeed } from '@/lib/atom';
import { publishedDemoDb } from '@/tests/helpers/demoNeeds';

interface El {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: El[];
}

/** Parses XML into a tree with saxes, which throws on anything not well-formed. */
function parseXml(xml: string): El {
  const parser = new SaxesParser({ xmlns: true });
  const root: El = { name: '#root', attrs: {}, text: '', children: [] };
  const stack = [root];
  parser.on('opentag', (t) => {
    const el: El = { name: `{${t.uri}}${t.local}`, attrs: Object.fromEntries(Object.values(t.attributes).map((a) => [a.local, a.value])), text: '', children: [] };
    stack[stack.length - 1]!.children.push(el);
    stack.push(el);
  });
  parser.on('text', (t) => (stack[stack.length - 1]!.text += t));
  parser.on('closetag', () => void stack.pop());
  parser.on('error', (e) => {
    throw e;
  });
  parser.write(xml).close();
  return root.children[0]!;
}

const ATOM = '{http://www.w3.org/2005/Atom}';
const kids = (el: El, local: string) => el.children.filter((c) => c.name === ATOM + local);
const one = (el: El, local: string) => {
  const found = kids(el, local);
  expect(found, `exactly one atom:${local} in ${el.name}`).toHaveLength(1);
  return found[0]!;
};
// RFC 3339 date-time, as RFC 4287 section 3.3 requires.
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
const ABSOLUTE_IRI = /^[a-z][a-z0-9+.-]*:\S+$/i;

/** The RFC 4287 rules a reader relies on: feed id, title, updated, author; each entry's id, title, updated and alternate link. */
function expectValidAtom(xml: string): El {
  const feed = parseXml(xml);
  expect(feed.name).toBe(`${ATOM}feed`);
  expect(one(feed, 'id').text).toMatch(ABSOLUTE_IRI);
  expect(one(feed, 'title').text.length).toBeGreaterThan(0);
  expect(one(feed, 'updated').text).toMatch(RFC3339);
  const feedHasAuthor = kids(feed, 'author').length > 0;
  expect(kids(feed, 'link').some((l) => l.attrs.rel === 'self')).toBe(true);
  const ids = new Set<string>();
  for (const entry of kids(feed, 'entry')) {
    const id = one(entry, 'id').text;
    expect(id).toMatch(ABSOLUTE_IRI);
    expect(ids.has(id), `entry ids are unique: ${id}`).toBe(false);
    ids.add(id);
    expect(one(entry, 'title').text.length).toBeGreaterThan(0);
    expect(one(entry, 'updated').text).toMatch(RFC3339);
    // Without content, an entry needs an alternate link (4.1.2), and an author here or on the feed.
    expect(kids(entry, 'link').filter((l) => (l.attrs.rel ?? 'alternate') === 'alternate').length).toBeGreaterThan(0);
    for (const l of kids(entry, 'link')) expect(l.attrs.href).toMatch(/^https?:\/\//);
    expect(feedHasAuthor || kids(entry, 'author').length > 0).toBe(true);
  }
  return feed;
}

describe('Atom feeds of publications and withdrawals', () => {
  it('lists every council’s publications and withdrawals, newest first, as valid Atom', async () => {
    const db = await publishedDemoDb();
    withdrawNeeds(db, 'E09000028', 'ann', new Date('2099-01-02T03:04:05Z'));
    const feed = expectValidAtom(atomFeed(listPublicationEvents(db), { origin: 'http://localhost:3000', now: new Date() }));
    const titles = kids(feed, 'entry').map((e) => one(e, 'title').text);
    // Two publications and one withdrawal; the withdrawal is newest.
    expect(titles).toHaveLength(3);
    expect(titles[0]).toBe('Southwark withdrew its published needs');
    expect(titles.filter((t) => t.includes('published its needs (data to 31 March 2024)'))).toHaveLength(2);
    expect(one(feed, 'updated').text).toBe('2099-01-02T03:04:05Z'.replace('Z', '.000Z'));
    expect(one(kids(feed, 'entry')[0]!, 'link').attrs.href).toBe('http://localhost:3000/needs/E09000028');
  });

  it('gives one council its own feed, with an escaped name and its own id', async () => {
    const db = await publishedDemoDb();
    publishNeeds(db, 'E06000004', 'ann', new Date('2099-05-06T07:08:09Z'));
    const xml = atomFeed(listPublicationEvents(db, 'E06000004'), {
      origin: 'https://example.org',
      council: { code: 'E06000004', name: 'Stockton <& "Tees">' },
      now: new Date(),
    });
    const feed = expectValidAtom(xml);
    expect(one(feed, 'title').text).toBe('Stockton <& "Tees">: published needs');
    expect(one(feed, 'id').text).toBe('tag:sufficiency,2026:needs/E06000004');
    expect(kids(feed, 'entry')).toHaveLength(2);
    expect(kids(feed, 'link').find((l) => l.attrs.rel === 'self')!.attrs.href).toBe('https://example.org/needs/E06000004/feed.xml');
  });

  it('is still valid with nothing published yet', () => {
    expectValidAtom(atomFeed([], { origin: 'http://localhost', now: new Date('2026-12-06T00:00:00Z') }));
  });
});

describe('a region’s published councils side by side', () => {
  it('gathers the current publications of the councils in a region, and none withdrawn', async () => {
    const db = await publishedDemoDb();
    expect(listRegionPublications(db, 'E12000001').publications.map((p) => p.laCode)).toEqual(['E06000004']);
    expect(listRegionPublications(db, 'E13000001').regionName).toBe('Inner London');
    withdrawNeeds(db, 'E09000028', 'ann');
    expect(listRegionPublications(db, 'E13000001').publications).toEqual([]);
    expect(listRegionPublications(db, 'E12000099').regionName).toBeNull();
  });
});
