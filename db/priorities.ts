import { recordAudit } from './audit';
import type { Db } from './client';
import type { Direction, PriorityInput } from '../lib/priorities';
import type { AgeBand, Need, Provision, Setting } from '../lib/template/codes';

export interface PriorityRecord {
  id: number;
  laCode: string;
  title: string;
  metric: string;
  setting: Setting;
  provision: Provision;
  ageBand: AgeBand;
  need: Need;
  baselineValue: number;
  baselineDate: string;
  targetValue: number;
  targetDate: string;
  direction: Direction;
  owner: string;
  narrative: string;
  published: boolean;
  createdAt: string;
  updatedAt: string;
  updatedBy: string | null;
}

const COLUMNS = `id, la_code AS laCode, title, metric, setting, provision, age_band AS ageBand, need,
  baseline_value AS baselineValue, baseline_date AS baselineDate, target_value AS targetValue,
  target_date AS targetDate, direction, owner, narrative, published, created_at AS createdAt,
  updated_at AS updatedAt, updated_by AS updatedBy`;

type Raw = Omit<PriorityRecord, 'published'> & { published: number };
const parse = (r: Raw): PriorityRecord => ({ ...r, published: r.published === 1 });

export function listPriorities(db: Db, laCode: string, opts: { publishedOnly?: boolean } = {}): PriorityRecord[] {
  const rows = db.$client
    .prepare(`SELECT ${COLUMNS} FROM priorities WHERE la_code = ? ${opts.publishedOnly ? 'AND published = 1' : ''} ORDER BY target_date, id`)
    .all(laCode) as Raw[];
  return rows.map(parse);
}

export function getPriority(db: Db, id: number): PriorityRecord | undefined {
  const r = db.$client.prepare(`SELECT ${COLUMNS} FROM priorities WHERE id = ?`).get(id) as Raw | undefined;
  return r && parse(r);
}

const FIELDS: ReadonlyArray<[keyof PriorityInput, string]> = [
  ['title', 'title'],
  ['metric', 'metric'],
  ['setting', 'setting'],
  ['provision', 'provision'],
  ['ageBand', 'age_band'],
  ['need', 'need'],
  ['baselineValue', 'baseline_value'],
  ['baselineDate', 'baseline_date'],
  ['targetValue', 'target_value'],
  ['targetDate', 'target_date'],
  ['direction', 'direction'],
  ['owner', 'owner'],
  ['narrative', 'narrative'],
  ['published', 'published'],
];

const dbValue = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : v);

/** Adds a priority for a council, recorded in the audit trail. */
export function createPriority(db: Db, laCode: string, p: PriorityInput, actor: string | null): number {
  const sqlite = db.$client;
  return sqlite.transaction(() => {
    const now = new Date().toISOString();
    const id = Number(
      sqlite
        .prepare(
          `INSERT INTO priorities (la_code, ${FIELDS.map(([, c]) => c).join(', ')}, created_at, updated_at, updated_by)
           VALUES (?, ${FIELDS.map(() => '?').join(', ')}, ?, ?, ?)`,
        )
        .run(laCode, ...FIELDS.map(([k]) => dbValue(p[k])), now, now, actor).lastInsertRowid,
    );
    recordAudit(sqlite, { actor, action: 'priority_changed', target: `priority #${id}`, details: { created: p.title, laCode } });
    return id;
  })();
}

/** Changes a priority; the audit trail records each field's old and new value. */
export function updatePriority(db: Db, id: number, p: PriorityInput, actor: string | null): { changed: string[] } {
  const sqlite = db.$client;
  return sqlite.transaction(() => {
    const before = getPriority(db, id);
    if (!before) throw new Error(`No priority #${id}`);
    const changes: Record<string, [unknown, unknown]> = {};
    for (const [k] of FIELDS) {
      const old = before[k as keyof PriorityRecord];
      if (old !== p[k]) changes[k] = [old, p[k]];
    }
    if (Object.keys(changes).length === 0) return { changed: [] };
    sqlite
      .prepare(`UPDATE priorities SET ${FIELDS.map(([, c]) => `${c} = ?`).join(', ')}, updated_at = ?, updated_by = ? WHERE id = ?`)
      .run(...FIELDS.map(([k]) => dbValue(p[k])), new Date().toISOString(), actor, id);
    recordAudit(sqlite, { actor, action: 'priority_changed', target: `priority #${id}`, details: { title: p.title, changes } });
    return { changed: Object.keys(changes) };
  })();
}

export interface PriorityChange {
  at: string;
  actor: string | null;
  details: Record<string, unknown>;
}

/** The priority's own entries in the audit trail, newest first. */
export function listPriorityChanges(db: Db, id: number): PriorityChange[] {
  return (
    db.$client
      .prepare(`SELECT at, actor, details FROM audit_events WHERE action = 'priority_changed' AND target = ? ORDER BY id DESC`)
      .all(`priority #${id}`) as { at: string; actor: string | null; details: string }[]
  ).map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
}
