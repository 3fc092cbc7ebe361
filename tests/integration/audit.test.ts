import { afterEach, describe, it, expect, vi } from 'vitest';
import type { Db } from '@/db/client';
import { recordAudit, type AuditEventInput } from '@/db/audit';
import { auditCsv, listAudit } from '@/db/queries/audit';
import { freshDb, importText, templateCsv } from '@/tests/helpers/db';

afterEach(() => {
  vi.useRealTimers();
});

/** Records an event as if at `at` (recordAudit stamps the time itself). */
function recordAt(db: Db, at: string, e: AuditEventInput): void {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(at));
  try {
    recordAudit(db.$client, e);
  } finally {
    vi.useRealTimers();
  }
}

/** Five events either side of March 2024's edges; ids 1 to 5 in time order. */
function seeded(): Db {
  const db = freshDb();
  recordAt(db, '2024-02-29T23:59:59.999Z', { actor: 'Alice@Example.gov.uk', action: 'sign_in', ip: '192.0.2.1' });
  recordAt(db, '2024-03-01T00:00:00.000Z', {
    actor: 'cli:bob',
    action: 'import_stored',
    target: 'import #1',
    details: { file: 'a.csv', rows: 10 },
  });
  recordAt(db, '2024-03-15T12:00:00.000Z', {
    actor: 'alice@example.gov.uk',
    action: 'rollback',
    target: 'E06000004 2024-03-31',
    details: { from: 2, to: 1 },
  });
  recordAt(db, '2024-03-31T23:59:59.999Z', { actor: 'carol@example.gov.uk', action: 'sign_out' });
  recordAt(db, '2024-04-01T00:00:00.000Z', {
    actor: null,
    action: 'sign_in_failed',
    details: { email: 'mallory@example.com' },
    ip: '198.51.100.7',
  });
  return db;
}

const ids = (r: { rows: { id: number }[] }) => r.rows.map((x) => x.id);

describe('listAudit', () => {
  it('lists every event newest first, with details parsed', () => {
    const db = seeded();
    const all = listAudit(db);
    expect(ids(all)).toEqual([5, 4, 3, 2, 1]);
    expect(all.total).toBe(5);
    expect(all.rows[2]).toEqual({
      id: 3,
      at: '2024-03-15T12:00:00.000Z',
      actor: 'alice@example.gov.uk',
      action: 'rollback',
      target: 'E06000004 2024-03-31',
      details: { from: 2, to: 1 },
      ip: null,
    });
    expect(all.rows[0]).toMatchObject({ actor: null, details: { email: 'mallory@example.com' }, ip: '198.51.100.7' });
    expect(all.rows[1]!.details).toEqual({});
  });

  it('filters by action, exactly', () => {
    const db = seeded();
    // sign_in, not sign_in_failed.
    expect(ids(listAudit(db, { action: 'sign_in' }))).toEqual([1]);
    expect(ids(listAudit(db, { action: 'rollback' }))).toEqual([3]);
    expect(listAudit(db, { action: 'user_created' })).toEqual({ rows: [], total: 0 });
  });

  it('filters by part of the actor, in any case', () => {
    const db = seeded();
    expect(ids(listAudit(db, { actor: 'ALICE' }))).toEqual([3, 1]);
    expect(ids(listAudit(db, { actor: 'example.gov' }))).toEqual([4, 3, 1]);
    expect(ids(listAudit(db, { actor: 'cli:' }))).toEqual([2]);
    // % and _ are not wildcards.
    expect(ids(listAudit(db, { actor: '%' }))).toEqual([]);
    expect(ids(listAudit(db, { actor: '  ' }))).toEqual([5, 4, 3, 2, 1]);
    expect(ids(listAudit(db, { actor: 'alice', action: 'sign_in' }))).toEqual([1]);
  });

  it('filters by a date range, both ends inclusive', () => {
    const db = seeded();
    expect(ids(listAudit(db, { from: '2024-03-01', to: '2024-03-31' }))).toEqual([4, 3, 2]);
    expect(ids(listAudit(db, { from: '2024-03-31' }))).toEqual([5, 4]);
    expect(ids(listAudit(db, { to: '2024-02-29' }))).toEqual([1]);
    expect(ids(listAudit(db, { from: '2024-03-15', to: '2024-03-15' }))).toEqual([3]);
    expect(ids(listAudit(db, { from: '2024-04-02' }))).toEqual([]);
    // A date that is not one is ignored rather than matching nothing.
    expect(ids(listAudit(db, { from: '2024-02-30' }))).toEqual([5, 4, 3, 2, 1]);
    expect(listAudit(db, { from: '2024-03-01', to: '2024-03-31', actor: 'alice' }).total).toBe(1);
  });

  it('pages, with the total of every match', () => {
    const db = seeded();
    expect(listAudit(db, { limit: 2 })).toMatchObject({ total: 5 });
    expect(ids(listAudit(db, { limit: 2 }))).toEqual([5, 4]);
    expect(ids(listAudit(db, { limit: 2, offset: 2 }))).toEqual([3, 2]);
    expect(ids(listAudit(db, { limit: 2, offset: 4 }))).toEqual([1]);
    expect(listAudit(db, { limit: 2, offset: 6 })).toEqual({ rows: [], total: 5 });
    const page = listAudit(db, { actor: 'example', limit: 1, offset: 1 });
    expect(ids(page)).toEqual([3]);
    expect(page.total).toBe(3);
  });
});

describe('the audit trail is append-only', () => {
  it('refuses UPDATE and DELETE and leaves the row as it was', () => {
    const db = seeded();
    const row = () => db.$client.prepare('SELECT * FROM audit_events WHERE id = 3').get();
    const before = row();
    expect(() => db.$client.prepare("UPDATE audit_events SET actor = 'someone-else' WHERE id = 3").run()).toThrow(
      /audit trail cannot be changed/,
    );
    expect(() => db.$client.prepare('DELETE FROM audit_events WHERE id = 3').run()).toThrow(
      /audit trail cannot be changed/,
    );
    expect(() => db.$client.prepare('DELETE FROM audit_events').run()).toThrow(/audit trail cannot be changed/);
    expect(row()).toEqual(before);
    expect(listAudit(db).total).toBe(5);
  });
});

describe('auditCsv', () => {
  it('writes every column, neutralising formulas and quoting commas', () => {
    const db = freshDb();
    recordAt(db, '2024-03-15T12:00:00.000Z', {
      actor: 'x@example.gov.uk',
      action: 'rollback',
      target: '=HYPERLINK("x")',
      details: { from: 2, to: 1 },
      ip: '192.0.2.1',
    });
    recordAt(db, '2024-03-16T09:30:00.000Z', { actor: '@cmd', action: 'sign_in_failed', target: 'Smith, J' });
    const csv = auditCsv(listAudit(db).rows);
    expect(csv.split('\n')).toEqual([
      'id,at,actor,action,target,details,ip',
      `2,2024-03-16T09:30:00.000Z,'@cmd,sign_in_failed,"Smith, J",{},`,
      `1,2024-03-15T12:00:00.000Z,x@example.gov.uk,rollback,"'=HYPERLINK(""x"")","{""from"":2,""to"":1}",192.0.2.1`,
      '',
    ]);
  });
});

describe('imports are audited', () => {
  const ROW = '2024-03-31,E06000004,Stockton-on-Tees,fostering,in_house,all,all,children_placed,214';

  it("records a stored import as 'import_stored' with its file name", async () => {
    const db = freshDb();
    const r = await importText(db, templateCsv([ROW]), 'stockton.csv');
    expect(r.status).toBe('stored');
    const { rows, total } = listAudit(db, { action: 'import_stored' });
    expect(total).toBe(1);
    expect(rows[0]!.target).toBe(`import #${r.importId}`);
    expect(rows[0]!.details).toMatchObject({ file: 'stockton.csv', rows: 1, source: 'cli' });
  });

  it("records a rejected import as 'import_rejected' with its file name", async () => {
    const db = freshDb();
    const r = await importText(db, templateCsv([ROW.replace(',214', ',lots')]), 'bad.csv');
    expect(r.status).toBe('rejected');
    const { rows, total } = listAudit(db, { action: 'import_rejected' });
    expect(total).toBe(1);
    expect(rows[0]!.details).toMatchObject({ file: 'bad.csv', errors: r.errorCount });
    expect(listAudit(db, { action: 'import_stored' }).total).toBe(0);
  });
});
