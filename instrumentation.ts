/**
 * Runs once when the server starts: import jobs left running by a server that stopped are marked
 * interrupted, and jobs still queued are started (db/importJobs.ts).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { resumeImportJobs } = await import('./db/importJobs');
  resumeImportJobs();
}
