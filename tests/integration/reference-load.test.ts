/**
 * The national reference data loads dataset by dataset: a DfE file shipped in a later version is
 * loaded into a database made before it, and nothing already there is loaded twice or replaced.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadReferenceIfMissing, REFERENCE_DIR } from '@/db/imports/reference';
import { freshDb } from '@/tests/helpers/db';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reference-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const copy = (sub: string, file: string) => {
  fs.mkdirSync(path.join(tmp, sub), { recursive: true });
  fs.copyFileSync(path.join(REFERENCE_DIR, sub, file), path.join(tmp, sub, file));
};

describe('loadReferenceIfMissing', () => {
  it('loads a DfE file added later into an older database, once, and leaves the rest alone', async () => {
    const db = freshDb();
    const datasets = () => (db.$client.prepare('SELECT DISTINCT dataset FROM ees_values ORDER BY dataset').all() as { dataset: string }[]).map((r) => r.dataset);
    const imports = () => (db.$client.prepare("SELECT count(*) AS n FROM imports WHERE kind = 'ees'").get() as { n: number }).n;

    // An older version shipped one DfE file and the RO3 spend.
    copy('ees', 'cla_number_and_rate_per_10k_children.csv');
    copy('costs', 'ro3_2024-25_LA_children_looked_after_expenditure_gbp_thousands.csv');
    const first = await loadReferenceIfMissing(db, tmp);
    expect(first.map((r) => r.fileName)).toEqual(['cla_number_and_rate_per_10k_children.csv', 'ro3_2024-25_LA_children_looked_after_expenditure_gbp_thousands.csv']);
    expect(datasets()).toHaveLength(1);
    const before = db.$client.prepare("SELECT count(*) AS n FROM ees_values").get() as { n: number };

    // This version adds placement stability: the next start loads it, and only it.
    copy('ees', 'la_cla_placement_stability.csv');
    const second = await loadReferenceIfMissing(db, tmp);
    expect(second.map((r) => r.fileName)).toEqual(['la_cla_placement_stability.csv']);
    expect(datasets()).toHaveLength(2);
    expect(imports()).toBe(2);
    const stability = db.$client.prepare("SELECT count(*) AS n FROM ees_values WHERE dataset = ?").get(datasets().find((d) => /stability/.test(d))) as { n: number };
    expect(stability.n).toBeGreaterThan(1000);
    expect((db.$client.prepare("SELECT count(*) AS n FROM ees_values").get() as { n: number }).n).toBe(before.n + stability.n);

    // And nothing more after that.
    expect(await loadReferenceIfMissing(db, tmp)).toEqual([]);
    expect(imports()).toBe(2);
  }, 120_000);
});
