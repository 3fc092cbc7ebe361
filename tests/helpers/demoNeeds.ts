import { createDemoPriorities } from '@/db/demoPriorities';
import { publishDemoNeeds } from '@/db/demoPublications';
import { loadDemoIfEmpty } from '@/db/imports/demo';
import { freshDb } from './db';

/** A fresh database with the demo loaded, its priorities set and both demo councils published. */
export async function publishedDemoDb() {
  const db = freshDb();
  await loadDemoIfEmpty(db);
  createDemoPriorities(db);
  publishDemoNeeds(db);
  return db;
}
