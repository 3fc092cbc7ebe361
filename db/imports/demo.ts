import fs from 'node:fs';
import path from 'node:path';
import { fileChunks } from '../../lib/csv/read';
import type { Db } from '../client';
import { isEmpty } from '../queries/imports';
import { importTemplate, type ImportResult } from './template';

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
  return results;
}
