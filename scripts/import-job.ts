/**
 * The import job: imports one queued upload (db/importJobs.ts). The server starts it as a child
 * process so that reading, checking and storing a file never run on a request.
 *
 *   node --import tsx scripts/import-job.ts JOB_ID
 */
import { runImportJob } from '../db/importJobs';
import { envOrExit } from './cli';

const env = envOrExit();
const id = Number(process.argv[2]);
if (!Number.isInteger(id) || id < 1) {
  console.error('Usage: scripts/import-job.ts JOB_ID');
  process.exit(2);
}
// Started by the server with an IPC channel: when the server dies the channel closes, and the
// job stops before it can store anything (the next start marks it interrupted).
if (process.send) process.on('disconnect', () => process.exit(4));
// The IPC channel would keep the process alive: it ends as soon as the job has recorded its outcome.
runImportJob(env.databasePath, id).then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
