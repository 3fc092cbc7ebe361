/**
 * npm run export -- --la CODE --period YYYY-MM-DD [--format csv|json]
 * Prints the figures stored and derived for a council and period, totals included, in the
 * template's shape (CSV imports back unchanged).
 */
import { openDatabase } from '../db/client';
import { getCouncil, getFigures } from '../db/queries/figures';
import { parseTemplateDate } from '../lib/template/row';
import { templateCsv, toTemplateRecords } from '../lib/template/export';
import { envOrExit, parseArgs } from './cli';

const USAGE = `Usage: npm run export -- --la CODE --period YYYY-MM-DD [--format csv|json]`;

function main(): number {
  const { options } = parseArgs(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const la = typeof options.la === 'string' ? options.la.trim().toUpperCase() : '';
  const period = typeof options.period === 'string' ? parseTemplateDate(options.period.trim()) : null;
  const format = options.format === undefined ? 'csv' : options.format;
  const problems: string[] = [];
  if (!/^E\d{8}$/.test(la)) problems.push('--la must be an ONS council code, e.g. E06000004');
  if (!period) problems.push('--period must be a date, YYYY-MM-DD or DD/MM/YYYY, e.g. 2024-03-31');
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
  const figures = getFigures(db, la, period!);
  if (!figures) {
    console.error(`No figures are stored for ${council.name} (${la}) for the period ending ${period}.`);
    return 1;
  }
  const records = toTemplateRecords(council, period!, figures);
  process.stdout.write(format === 'json' ? `${JSON.stringify(records, null, 2)}\n` : templateCsv(records));
  return 0;
}

process.exitCode = main();
