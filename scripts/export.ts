/**
 * npm run export -- --la CODE --period YYYY-MM-DD [--source template|ssda903|ssda903_return] [--format csv|json]
 * Prints the figures stored and derived for a council and period, totals included, in the
 * template's shape (CSV imports back unchanged), exactly as the dashboard's download of the same
 * source gives them. Without --source: the template figures where the council has them for the
 * period, otherwise the figures derived from its SSDA903 returns (the combined view). Which
 * source was exported is said on stderr.
 */
import { openDatabase } from '../db/client';
import { getCouncil, getFigures } from '../db/queries/figures';
import { SOURCES, SOURCE_LABELS, parseSource } from '../lib/sources';
import { periodExport } from '../lib/template/export';
import { parseTemplateDate } from '../lib/template/row';
import { envOrExit, parseArgs } from './cli';

const USAGE = `Usage: npm run export -- --la CODE --period YYYY-MM-DD [--source ${SOURCES.join('|')}] [--format csv|json]`;

function main(): number {
  const { options } = parseArgs(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const la = typeof options.la === 'string' ? options.la.trim().toUpperCase() : '';
  const period = typeof options.period === 'string' ? parseTemplateDate(options.period.trim()) : null;
  const format = options.format === undefined ? 'csv' : options.format;
  const asked = options.source === undefined ? null : typeof options.source === 'string' ? parseSource(options.source.trim()) : null;
  const problems: string[] = [];
  if (!/^E\d{8}$/.test(la)) problems.push('--la must be an ONS council code, e.g. E06000004');
  if (!period) problems.push('--period must be a date, YYYY-MM-DD or DD/MM/YYYY, e.g. 2024-03-31');
  if (options.source !== undefined && !asked) problems.push(`--source must be one of ${SOURCES.join(', ')}`);
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
  // Not asked: the council's own template where it has one for the period, else the SSDA903 combined view.
  const source = asked ?? (getFigures(db, la, period!, 'template') ? 'template' : 'ssda903');
  const figures = getFigures(db, la, period!, source);
  const where = `${council.name} (${la}) for the period ending ${period}`;
  if (!figures) {
    console.error(asked ? `No figures from ${SOURCE_LABELS[source]} are stored for ${where}.` : `No figures are stored for ${where}.`);
    return 1;
  }
  process.stdout.write(periodExport(council, period!, figures, source, format as 'csv' | 'json'));
  console.error(`Exported ${figures.length.toLocaleString('en-GB')} figures from ${SOURCE_LABELS[source]} (--source ${source}) for ${where}.`);
  return 0;
}

process.exitCode = main();
