import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '@/db/client';
import { loadDemoIfEmpty } from '@/db/imports/demo';

/**
 * The demo database in a file of its own (child processes such as the forecast job open it by
 * path), with what removes it again.
 */
export async function openDemoFile(prefix: string): Promise<{ db: Db; file: string; remove: () => void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const file = path.join(dir, 'db.sqlite');
  const db = openDatabase(file);
  await loadDemoIfEmpty(db);
  return {
    db,
    file,
    remove: () => {
      db.$client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
