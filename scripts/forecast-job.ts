/**
 * The forecast job: computes one forecast and stores it in the cache (db/forecast.ts). The server
 * starts it as a child process so the simulation never runs on a request; it prints
 * `progress DONE TOTAL` lines that the page's progress bar reads.
 *
 *   node --import tsx scripts/forecast-job.ts '{"laCode":"E06000004","months":36,"windowStart":null,"windowEnd":null,"scenarioId":null}'
 */
import { runForecastJob, type ForecastRequest } from '../db/forecast';
import { envOrExit } from './cli';

const env = envOrExit();
const request = JSON.parse(process.argv[2] ?? '{}') as ForecastRequest;
if (!request.laCode || !request.months) {
  console.error('Usage: scripts/forecast-job.ts REQUEST_JSON');
  process.exit(2);
}
runForecastJob(env.databasePath, request);
