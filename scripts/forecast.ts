/**
 * npm run forecast -- --la CODE [--months N] [--window-start DATE --window-end DATE] [--format csv|json]
 *                     [--runs N] [--seed N]
 * Forecasts a council's children looked after by setting and age band from its SSDA903 returns
 * (docs/forecast.md). Exit 0 with the forecast; 1 when there is no forecast to give (no returns,
 * too little history); 2 on bad usage.
 */
import { openDatabase } from '../db/client';
import { getCouncil } from '../db/queries/figures';
import { loadForecastData } from '../db/queries/forecastData';
import { parseDate } from '../lib/ssda903/codes';
import { toCsv } from '../lib/csv/write';
import { DEFAULT_MONTHS, DEFAULT_RUNS, DEFAULT_SEED, forecast, type ForecastResult } from '../lib/forecast/model';
import { envOrExit, parseArgs } from './cli';

const USAGE = `Usage: npm run forecast -- --la CODE [--months N] [--window-start DATE --window-end DATE] [--format csv|json] [--runs N] [--seed N]

Forecasts children looked after by setting and age band, month by month, from the council's
SSDA903 returns in the database named by DATABASE_URL (docs/forecast.md).
  --la CODE          ONS council code, e.g. E06000004 (required)
  --months N         months ahead, 1 to 36 (default ${DEFAULT_MONTHS})
  --window-start D   first day of the reference window the rates come from (default: 24 months
  --window-end D     before its end); last day of it (default: the last 31 March in the data)
  --format csv|json  csv (default): the projection records, a blank line, the back-test errors
  --runs N           Monte Carlo runs, 20 to 10000 (default ${DEFAULT_RUNS})
  --seed N           seed of the random numbers (default ${DEFAULT_SEED}); the same seed, the same output`;

const KNOWN = new Set(['la', 'months', 'window-start', 'window-end', 'format', 'runs', 'seed', 'help']);

function wholeNumber(v: string | true | undefined, lo: number, hi: number): number | null {
  if (typeof v !== 'string' || !/^\d+$/.test(v.trim())) return null;
  const n = Number(v);
  return n >= lo && n <= hi ? n : null;
}

function csvOutput(r: ForecastResult): string {
  const records = r.projection!.records.map((x) => [x.monthEnd, x.setting, x.ageBand, x.p5, x.p50, x.p95]);
  let out = toCsv(['month_end', 'setting', 'age_band', 'p5', 'p50', 'p95'], records);
  if (r.backTest) {
    const bt = r.backTest;
    out += '\n';
    out += toCsv(
      ['backtest_setting', 'mape_percent', 'months_compared', 'predicted_from', 'predicted_to'],
      bt.perSetting.map((s) => [s.setting, s.mape === null ? null : Math.round(s.mape * 10) / 10, s.monthsCompared, bt.predicted.from, bt.predicted.to]),
    );
  }
  return out;
}

function main(): number {
  const { options, positional } = parseArgs(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const problems: string[] = [];
  const unknown = Object.keys(options).filter((k) => !KNOWN.has(k));
  if (unknown.length > 0) problems.push(`Unknown option${unknown.length > 1 ? 's' : ''}: ${unknown.map((k) => `--${k}`).join(', ')}`);
  if (positional.length > 0) problems.push(`Unexpected argument: ${positional.join(' ')}`);
  const la = typeof options.la === 'string' ? options.la.trim().toUpperCase() : '';
  if (!/^E\d{8}$/.test(la)) problems.push('--la must be an ONS council code, e.g. E06000004');
  const months = options.months === undefined ? DEFAULT_MONTHS : wholeNumber(options.months, 1, 36);
  if (months === null) problems.push('--months must be a whole number from 1 to 36');
  const runs = options.runs === undefined ? DEFAULT_RUNS : wholeNumber(options.runs, 20, 10_000);
  if (runs === null) problems.push('--runs must be a whole number from 20 to 10000');
  const seed = options.seed === undefined ? DEFAULT_SEED : wholeNumber(options.seed, 0, 2 ** 32 - 1);
  if (seed === null) problems.push('--seed must be a whole number from 0 to 4294967295');
  const date = (name: string): string | undefined => {
    const v = options[name];
    if (v === undefined) return undefined;
    const d = typeof v === 'string' ? parseDate(v) : null;
    if (!d) problems.push(`--${name} must be a date, YYYY-MM-DD or DD/MM/YYYY`);
    return d ?? undefined;
  };
  const windowStart = date('window-start');
  const windowEnd = date('window-end');
  if (windowStart && windowEnd && windowStart >= windowEnd) problems.push('--window-start must be before --window-end');
  const format = options.format === undefined ? 'csv' : options.format;
  if (format !== 'csv' && format !== 'json') problems.push('--format must be csv or json');
  if (problems.length > 0) {
    console.error(`${problems.join('\n')}\n\n${USAGE}`);
    return 2;
  }

  const db = openDatabase(envOrExit().databasePath);
  const council = getCouncil(db, la);
  if (!council) {
    console.error(`${la} is not the code of an English council with children's services.`);
    return 1;
  }
  const data = loadForecastData(db.$client, la);
  if (!data) {
    console.error(`No SSDA903 returns are loaded for ${council.name} (${la}). Import them with: npm run import -- --kind ssda903 --la ${la} FILE...`);
    return 1;
  }
  if (data.usedYearEnds.length < data.yearEnds.length)
    console.error(`Note: the returns for ${council.name} have a gap; the history starts after it, on 1 April ${data.usedYearEnds[0]! - 1}.`);

  const tty = process.stderr.isTTY;
  let lastPhase = '';
  const result = forecast(data.input, {
    months: months!,
    runs: runs!,
    seed: seed!,
    window: { start: windowStart, end: windowEnd },
    onProgress: (phase, done, total) => {
      // A line that updates on a terminal; one line per phase otherwise (logs stay short).
      if (tty) process.stderr.write(`\rSimulating the ${phase}: run ${done} of ${total}\x1b[K`);
      else if (phase !== lastPhase) process.stderr.write(`Simulating the ${phase}: ${total} runs\n`);
      lastPhase = phase;
    },
  });
  if (tty) process.stderr.write('\r\x1b[K');
  if (result.insufficient) {
    console.error(`No forecast for ${council.name} (${la}): ${result.insufficient.reason}`);
    return 1;
  }
  const w = result.window!;
  console.error(
    `${council.name} (${la}): history ${result.observed.from} to ${result.observed.to}; rates from ${w.start} to ${w.end} (${w.months} months); ${runs} runs, seed ${seed}.`,
  );
  if (result.backTestNote) console.error(`No back-test: ${result.backTestNote}`);
  if (format === 'json') {
    const p = result.projection!;
    const out = {
      council: { code: la, name: council.name },
      observed: result.observed,
      window: result.window,
      runs: p.runs,
      seed: p.seed,
      start: p.start,
      records: p.records.map(({ monthEnd, setting, ageBand, p5, p50, p95 }) => ({ monthEnd, setting, ageBand, p5, p50, p95 })),
      backTest: result.backTest && { fitWindow: result.backTest.fitWindow, predicted: result.backTest.predicted, perSetting: result.backTest.perSetting, coverage: result.backTest.coverage },
      backTestNote: result.backTestNote,
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else process.stdout.write(csvOutput(result));
  return 0;
}

process.exitCode = main();
