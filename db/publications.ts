import { createHash } from 'node:crypto';
import type { PublicationEvent } from '../lib/atom';
import { buildPublicNeeds, type PublicNeeds } from '../lib/needs';
import { recordAudit } from './audit';
import type { Db } from './client';
import { listPriorities } from './priorities';
import { getCouncil, listFigureSeries } from './queries/figures';
import { getLatestOfstedDate, listMarketSettings } from './queries/market';

export interface CouncilProfile {
  vision: string;
  modelOfCare: string;
  contact: string;
  events: string;
  publishCosts: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
}

export function getProfile(db: Db, laCode: string): CouncilProfile {
  const r = db.$client
    .prepare(
      'SELECT vision, model_of_care AS modelOfCare, contact, events, publish_costs AS publishCosts, updated_at AS updatedAt, updated_by AS updatedBy FROM council_profiles WHERE la_code = ?',
    )
    .get(laCode) as (Omit<CouncilProfile, 'publishCosts'> & { publishCosts: number }) | undefined;
  return r
    ? { ...r, publishCosts: r.publishCosts === 1 }
    : { vision: '', modelOfCare: '', contact: '', events: '', publishCosts: false, updatedAt: null, updatedBy: null };
}

const LIMIT = 20_000;

export function saveProfile(
  db: Db,
  laCode: string,
  p: Omit<CouncilProfile, 'updatedAt' | 'updatedBy' | 'publishCosts'> & { publishCosts?: boolean },
  actor: string | null,
): void {
  const clip = (s: string) => s.slice(0, LIMIT);
  db.$client.transaction(() => {
    db.$client
      .prepare(
        `INSERT INTO council_profiles (la_code, vision, model_of_care, contact, events, publish_costs, updated_at, updated_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(la_code) DO UPDATE SET vision = excluded.vision, model_of_care = excluded.model_of_care,
           contact = excluded.contact, events = excluded.events, publish_costs = excluded.publish_costs,
           updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      )
      .run(laCode, clip(p.vision), clip(p.modelOfCare), clip(p.contact), clip(p.events), p.publishCosts ? 1 : 0, new Date().toISOString(), actor);
    recordAudit(db.$client, { actor, action: 'publication', target: laCode, details: { profileSaved: true } });
  })();
}

export interface Publication {
  id: number;
  laCode: string;
  publishedAt: string;
  publishedBy: string | null;
  etag: string;
  withdrawnAt: string | null;
  needs: PublicNeeds;
}

/** What publishing now would show: the council's needs built from its current data, not stored. */
export function previewNeeds(db: Db, laCode: string, now = new Date()): PublicNeeds {
  const council = getCouncil(db, laCode);
  if (!council) throw new Error(`${laCode} is not a council`);
  return buildPublicNeeds({
    council,
    profile: getProfile(db, laCode),
    series: listFigureSeries(db, laCode),
    priorities: listPriorities(db, laCode),
    now,
    supply: (() => {
      const asAt = getLatestOfstedDate(db);
      return asAt ? { asAt, settings: listMarketSettings(db, asAt, { laCode }) } : null;
    })(),
  });
}

/** Builds the council's needs from its current data and publishes them as a new snapshot. */
export function publishNeeds(db: Db, laCode: string, actor: string | null, now = new Date()): Publication {
  const needs = previewNeeds(db, laCode, now);
  const json = JSON.stringify(needs);
  const etag = `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"`;
  const id = db.$client.transaction(() => {
    const newId = Number(
      db.$client
        .prepare('INSERT INTO publications (la_code, published_at, published_by, snapshot, etag) VALUES (?, ?, ?, ?, ?)')
        .run(laCode, needs.publishedAt, actor, json, etag).lastInsertRowid,
    );
    recordAudit(db.$client, { actor, action: 'publication', target: laCode, details: { published: newId, periodEnd: needs.periodEnd } });
    return newId;
  })();
  return { id, laCode, publishedAt: needs.publishedAt, publishedBy: actor, etag, withdrawnAt: null, needs };
}

/** Takes the council's needs off the public side: its latest snapshot is marked withdrawn. */
export function withdrawNeeds(db: Db, laCode: string, actor: string | null, now = new Date()): boolean {
  return db.$client.transaction(() => {
    const latest = db.$client
      .prepare('SELECT id FROM publications WHERE la_code = ? AND withdrawn_at IS NULL ORDER BY id DESC LIMIT 1')
      .get(laCode) as { id: number } | undefined;
    if (!latest) return false;
    db.$client.prepare('UPDATE publications SET withdrawn_at = ?, withdrawn_by = ? WHERE la_code = ? AND withdrawn_at IS NULL').run(now.toISOString(), actor, laCode);
    recordAudit(db.$client, { actor, action: 'publication', target: laCode, details: { withdrawn: latest.id } });
    return true;
  })();
}

type Raw = { id: number; laCode: string; publishedAt: string; publishedBy: string | null; etag: string; withdrawnAt: string | null; snapshot: string };
const COLS = 'id, la_code AS laCode, published_at AS publishedAt, published_by AS publishedBy, etag, withdrawn_at AS withdrawnAt, snapshot';
const parse = (r: Raw): Publication => ({ ...r, needs: JSON.parse(r.snapshot) as PublicNeeds });

/** The snapshot the public sees for a council: its latest, unless that was withdrawn. */
export function getCurrentPublication(db: Db, laCode: string): Publication | null {
  const r = db.$client.prepare(`SELECT ${COLS} FROM publications WHERE la_code = ? ORDER BY id DESC LIMIT 1`).get(laCode) as Raw | undefined;
  return r && !r.withdrawnAt ? parse(r) : null;
}

/** Just the ETag of what the public sees (null if nothing): answers If-None-Match without reading the snapshot. */
export function getCurrentEtag(db: Db, laCode: string): string | null {
  const r = db.$client
    .prepare('SELECT etag, withdrawn_at AS withdrawnAt FROM publications WHERE la_code = ? ORDER BY id DESC LIMIT 1')
    .get(laCode) as { etag: string; withdrawnAt: string | null } | undefined;
  return r && !r.withdrawnAt ? r.etag : null;
}

/** The latest publication record whatever its state, for the commissioner's page. */
export function getLatestPublication(db: Db, laCode: string): Omit<Publication, 'needs'> | null {
  const r = db.$client.prepare(`SELECT ${COLS} FROM publications WHERE la_code = ? ORDER BY id DESC LIMIT 1`).get(laCode) as Raw | undefined;
  if (!r) return null;
  const { snapshot: _snapshot, ...rest } = r;
  void _snapshot;
  return rest;
}

/** Every council with needs on the public side now. */
export function listPublished(
  db: Db,
): { code: string; name: string; regionName: string | null; regionCode: string | null; publishedAt: string; periodEnd: string }[] {
  const rows = db.$client
    .prepare(
      `SELECT p.la_code AS code, c.name, c.region_name AS regionName, c.region_code AS regionCode, p.published_at AS publishedAt, p.withdrawn_at AS withdrawnAt,
              json_extract(p.snapshot, '$.periodEnd') AS periodEnd
       FROM publications p JOIN councils c ON c.code = p.la_code
       WHERE p.id = (SELECT max(id) FROM publications q WHERE q.la_code = p.la_code)
       ORDER BY c.name`,
    )
    .all() as {
    code: string;
    name: string;
    regionName: string | null;
    regionCode: string | null;
    publishedAt: string;
    withdrawnAt: string | null;
    periodEnd: string;
  }[];
  return rows.filter((r) => !r.withdrawnAt).map(({ withdrawnAt: _w, ...r }) => (void _w, r));
}

/** A council whose needs were published and then withdrawn (its latest publication), or null. */
export function getWithdrawal(db: Db, laCode: string): { code: string; name: string; withdrawnAt: string } | null {
  const r = db.$client
    .prepare(
      `SELECT p.la_code AS code, c.name, p.withdrawn_at AS withdrawnAt FROM publications p JOIN councils c ON c.code = p.la_code
       WHERE p.la_code = ? ORDER BY p.id DESC LIMIT 1`,
    )
    .get(laCode) as { code: string; name: string; withdrawnAt: string | null } | undefined;
  return r?.withdrawnAt ? { code: r.code, name: r.name, withdrawnAt: r.withdrawnAt } : null;
}

/** Publications and withdrawals, newest first, for the feed (one council, or all). */
export function listPublicationEvents(db: Db, laCode?: string, limit = 100): PublicationEvent[] {
  const rows = db.$client
    .prepare(
      `SELECT p.id, p.la_code AS code, c.name, p.published_at AS publishedAt, p.withdrawn_at AS withdrawnAt,
              json_extract(p.snapshot, '$.periodEnd') AS periodEnd
       FROM publications p JOIN councils c ON c.code = p.la_code
       ${laCode ? 'WHERE p.la_code = ?' : ''}
       ORDER BY max(p.published_at, coalesce(p.withdrawn_at, '')) DESC, p.id DESC LIMIT ?`,
    )
    .all(...(laCode ? [laCode, limit] : [limit])) as { id: number; code: string; name: string; publishedAt: string; withdrawnAt: string | null; periodEnd: string }[];
  const events = rows.flatMap((r): PublicationEvent[] => [
    ...(r.withdrawnAt ? [{ id: r.id, kind: 'withdrawn' as const, code: r.code, name: r.name, at: r.withdrawnAt, periodEnd: r.periodEnd }] : []),
    { id: r.id, kind: 'published' as const, code: r.code, name: r.name, at: r.publishedAt, periodEnd: r.periodEnd },
  ]);
  return events.sort((a, b) => b.at.localeCompare(a.at) || b.id - a.id).slice(0, limit);
}

/** The current publications of the councils in a region (by ONS region code), by council name. */
export function listRegionPublications(db: Db, regionCode: string): { regionName: string | null; publications: Publication[] } {
  const region = db.$client.prepare('SELECT region_name AS name FROM councils WHERE region_code = ? LIMIT 1').get(regionCode) as { name: string | null } | undefined;
  const codes = db.$client
    .prepare('SELECT DISTINCT c.code FROM councils c JOIN publications p ON p.la_code = c.code WHERE c.region_code = ? ORDER BY c.name')
    .all(regionCode) as { code: string }[];
  return {
    regionName: region?.name ?? null,
    publications: codes.map((c) => getCurrentPublication(db, c.code)).filter((p): p is Publication => p !== null),
  };
}

/** The region code of a council, for links from its page to its region's. */
export function getRegionCode(db: Db, laCode: string): string | null {
  const r = db.$client.prepare('SELECT region_code AS code FROM councils WHERE code = ?').get(laCode) as { code: string | null } | undefined;
  return r?.code ?? null;
}
