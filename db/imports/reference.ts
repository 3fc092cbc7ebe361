import fs from 'node:fs';
import path from 'node:path';
import { fileChunks } from '../../lib/csv/read';
import { eesDatasetName } from '../../lib/ees';
import type { Db } from '../client';
import { importAnyFile } from './any';
import type { ImportResult } from './template';

export const REFERENCE_DIR = path.join(process.cwd(), 'data', 'reference');

/**
 * The national public data shipped in data/reference (DfE's LA-level children looked after
 * figures, Ofsted's register, MHCLG's RO3 spend on children looked after): imported once, on the
 * first start that finds none of that kind, so benchmarking and the local market work out of the
 * box. Later releases import the same way. DfE files go dataset by dataset: a file added to
 * data/reference/ees in a later version (placement stability, say) is loaded into a database made
 * before it, while a dataset the council has imported itself (perhaps a newer release) is never
 * replaced by the shipped copy.
 */
export async function loadReferenceIfMissing(db: Db, dir = REFERENCE_DIR): Promise<ImportResult[]> {
  const done: ImportResult[] = [];
  const hasDataset = (dataset: string) => Boolean(db.$client.prepare('SELECT 1 FROM ees_values WHERE dataset = ? LIMIT 1').get(dataset));
  const has = (kind: string) => Boolean(db.$client.prepare("SELECT 1 FROM imports WHERE kind = ? AND status != 'rejected' LIMIT 1").get(kind));
  for (const [sub, kind] of [['ees', 'ees'], ['ofsted', 'ofsted'], ['costs', 'ro3']] as const) {
    const folder = path.join(dir, sub);
    if ((kind !== 'ees' && has(kind)) || !fs.existsSync(folder)) continue;
    const files = fs.readdirSync(folder).filter((f) => f.endsWith('.csv') && !f.endsWith('.meta.csv') && !/time_series/.test(f)).sort();
    for (const f of files) {
      if (kind === 'ees' && hasDataset(eesDatasetName(f))) continue;
      const r = await importAnyFile(db.$client, { fileName: f, source: 'demo', actor: 'reference data', chunks: fileChunks(path.join(folder, f)) });
      if (r.status === 'rejected') throw new Error(`The reference file ${sub}/${f} was rejected: ${r.errors.map((e) => e.message).join('; ')}`);
      done.push(r);
    }
  }
  return done;
}
