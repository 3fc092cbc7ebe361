import { openDatabase, type Db } from '@/db/client';
import { importTemplate, type ImportResult, type ImportSource } from '@/db/imports/template';
import { bufferChunks } from '@/lib/csv/read';

/** A fresh in-memory database with the migrations and reference data applied. */
export function freshDb(): Db {
  return openDatabase(':memory:');
}

export function importText(
  db: Db,
  text: string | Uint8Array,
  fileName = 'test.csv',
  source: ImportSource = 'cli',
  extra: { maxBytes?: number } = {},
): Promise<ImportResult> {
  return importTemplate(db.$client, { fileName, source, chunks: bufferChunks(text, 1000), ...extra });
}

export const HEADER = 'period_end,la_code,la_name,setting,provision,age_band,need,measure,value';

/** Builds a template file from rows of the nine columns. */
export function templateCsv(rows: string[], header = HEADER): string {
  return [header, ...rows].join('\n') + '\n';
}

export function count(db: Db, table: string): number {
  return (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}
