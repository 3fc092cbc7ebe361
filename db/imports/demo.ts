import fs from 'node:fs';
import path from 'node:path';
import { fileChunks } from '../../lib/csv/read';
import type { Db } from '../client';
import { isEmpty } from '../queries/imports';
import { importTemplate, type ImportResult } from './template';
import { importPostcodeSectors } from './postcodes';
import { importSsda903 } from './ssda903';

export const DEMO_DIR = path.join(process.cwd(), 'data', 'demo');

/** Loads the synthetic demo councils into an empty database; does nothing otherwise. */
export async function loadDemoIfEmpty(db: Db, dir = DEMO_DIR): Promise<ImportResult[] | null> {
  if (!isEmpty(db)) return null;
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .sort();
  const results: ImportResult[] = [];
  for (const f of files) {
    const r = await importTemplate(db.$client, { fileName: f, source: 'demo', chunks: fileChunks(path.join(dir, f)) });
    if (r.status === 'rejected') {
      throw new Error(`The demo file ${f} was rejected: ${r.errors.map((e) => e.message).join('; ')}`);
    }
    results.push(r);
  }
  results.push(...(await loadDemoSsda903(db, path.join(dir, 'ssda903'))));
  return results;
}

/**
 * The demo's synthetic SSDA903 returns (one folder per council, named by its code), after the
 * postcode-sector lookup that makes distances known.
 */
async function loadDemoSsda903(db: Db, dir: string): Promise<ImportResult[]> {
  if (!fs.existsSync(dir)) return [];
  const results: ImportResult[] = [];
  const fail = (what: string, r: ImportResult) => {
    throw new Error(`The demo ${what} was rejected: ${r.errors.map((e) => e.message).join('; ')}`);
  };
  const lookup = path.join(dir, 'postcode_sectors.csv');
  if (fs.existsSync(lookup)) {
    const r = await importPostcodeSectors(db.$client, { fileName: 'postcode_sectors.csv', source: 'demo', chunks: fileChunks(lookup) });
    if (r.status === 'rejected') fail('postcode lookup', r);
  }
  for (const la of fs.readdirSync(dir).filter((f) => /^E\d{8}$/.test(f)).sort()) {
    const files = fs.readdirSync(path.join(dir, la)).filter((f) => f.endsWith('.csv')).sort();
    const r = await importSsda903(db.$client, {
      laCode: la,
      files: files.map((f) => ({ fileName: f, chunks: fileChunks(path.join(dir, la, f)) })),
      source: 'demo',
    });
    if (r.status === 'rejected') fail(`SSDA903 return of ${la}`, r);
    results.push(r);
  }
  return results;
}
