/**
 * npm run import -- FILE...
 * Imports sufficiency template files (docs/data-formats.md). Exit 0 when every file was stored
 * or already stored; 1 when any file was rejected (with the full report); 2 on bad usage.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../db/client';
import { cliActor } from '../db/audit';
import { importAnyFile } from '../db/imports/any';
import type { ImportResult } from '../db/imports/pipeline';
import { KIND_LABELS, detectKind, type ImportKind } from '../lib/importKinds';
import { importSsda903, type Ssda903ImportResult } from '../db/imports/ssda903';
import { fileChunks } from '../lib/csv/read';
import { formatIssue } from '../lib/issues';
import { progressLine } from '../lib/progress';
import { envOrExit, parseArgs } from './cli';

const USAGE = `Usage: npm run import -- [--kind template|ees|ofsted|ro3|ssda903|postcodes] [--la CODE] FILE [FILE...]

Imports into the database named by DATABASE_URL (default data/sufficiency.db):
  - sufficiency template CSV files (docs/data-formats.md),
  - DfE Explore Education Statistics open-data CSVs (a FILE.meta.csv beside one is used),
  - Ofsted's children's social care providers and places register (CSV of the spreadsheet),
  - MHCLG revenue outturn RO3 (children looked after spend) CSVs,
  - SSDA903 returns (docs/ssda903.md): the header, episodes and UASC CSVs of one year or
    several (each file named with its year), or the XML form. The return does not name its
    council: --la CODE says which (required),
  - a postcode sector lookup (sector, latitude, longitude[, la_code]) for distances.
The kind is told from the header unless --kind says it. Each file (all the SSDA903 files
together) is checked in full and stored in one transaction, or rejected with every problem
listed and nothing stored.`;

const KINDS: Record<string, ImportKind> = {
  template: 'sufficiency_template',
  ees: 'ees',
  ofsted: 'ofsted',
  ro3: 'ro3',
  ssda903: 'ssda903',
  postcodes: 'postcode_sectors',
};

function ssda903Report(r: Ssda903ImportResult): string {
  const lines: string[] = [`SSDA903 return for ${r.laCode ?? '(no council)'}: ${r.fileName}`];
  if (r.status === 'rejected') {
    lines.push(`REJECTED, nothing stored. ${r.errorCount.toLocaleString('en-GB')} problem(s):`);
    for (const e of r.errors) lines.push(`  ${formatIssue(e)}`);
    if (r.errorCount > r.errors.length) lines.push(`  ... and ${(r.errorCount - r.errors.length).toLocaleString('en-GB')} more`);
    return lines.join('\n');
  }
  lines.push(`${r.status === 'unchanged' ? 'already stored, nothing changed' : 'stored'} (import #${r.importId}, ${r.rows.toLocaleString('en-GB')} rows)`);
  for (const ret of r.returns) {
    const f = Object.entries(ret.findings).map(([k, n]) => `${n} ${k.replace(/_/g, ' ')}`).join(', ');
    lines.push(`  ${ret.label} return: ${ret.children.toLocaleString('en-GB')} children, ${ret.episodes.toLocaleString('en-GB')} episodes, ${ret.outcome} (version ${ret.version})${f ? `; reported: ${f}` : ''}`);
  }
  for (const c of r.changes) {
    const parts = [c.ownReturn !== null ? `its own return says ${c.ownReturn}` : null, c.before !== null ? `was ${c.before}` : null].filter(Boolean).join(', ');
    lines.push(`  31 March ${c.periodEnd.slice(0, 4)}, combined view: ${c.after} children looked after (${parts}; ${c.after - (c.before ?? c.ownReturn ?? c.after) >= 0 ? '+' : ''}${c.after - (c.before ?? c.ownReturn ?? c.after)})`);
  }
  const shown = r.warnings.slice(0, 20);
  for (const w of shown) lines.push(`  reported: ${formatIssue(w)}`);
  if (r.warnings.length > shown.length) lines.push(`  ... ${r.warnings.length - shown.length} more reported findings in the import report`);
  return lines.join('\n');
}

function report(r: ImportResult & { kind: ImportKind | null }): string {
  const lines: string[] = [];
  if (r.kind) lines.push(`${r.fileName}: read as ${KIND_LABELS[r.kind]}`);
  if (r.status === 'rejected') {
    lines.push(`${r.fileName}: REJECTED, nothing stored. ${r.errorCount.toLocaleString('en-GB')} problem(s) in ${r.rows.toLocaleString('en-GB')} rows:`);
    for (const e of r.errors) lines.push(`  ${formatIssue(e)}`);
    if (r.errorCount > r.errors.length) lines.push(`  ... and ${(r.errorCount - r.errors.length).toLocaleString('en-GB')} more`);
  } else {
    const verb = r.status === 'unchanged' ? 'already stored, nothing changed' : 'stored';
    lines.push(`${r.fileName}: ${verb} (${r.rows.toLocaleString('en-GB')} rows, import #${r.importId}, sha256 ${r.sha256.slice(0, 12)})`);
    for (const s of r.supplied) {
      const what =
        s.outcome === 'unchanged'
          ? `unchanged (version ${s.version})`
          : s.outcome === 'replaced'
            ? `version ${s.version}, replacing version ${s.replacedVersion}`
            : `version ${s.version} (new)`;
      lines.push(`  ${s.laCode} ${s.periodEnd}: ${s.rows.toLocaleString('en-GB')} figures, ${what}`);
    }
  }
  for (const w of r.warnings) lines.push(`  warning: ${formatIssue(w)}`);
  return lines.join('\n');
}

async function main(): Promise<number> {
  const { options, positional } = parseArgs(process.argv.slice(2));
  if (options.help || positional.length === 0) {
    console.log(USAGE);
    return options.help ? 0 : 2;
  }
  const env = envOrExit();
  const kindOption = typeof options.kind === 'string' ? options.kind : undefined;
  if (kindOption !== undefined && !KINDS[kindOption]) {
    console.error(`--kind must be one of ${Object.keys(KINDS).join(', ')}`);
    return 2;
  }
  // A .meta.csv is read with its data file, not imported on its own.
  const files = positional.filter((f) => !f.endsWith('.meta.csv'));
  const missing = files.filter((f) => !fs.existsSync(f) || !fs.statSync(f).isFile());
  if (missing.length > 0) {
    console.error(`No such file: ${missing.join(', ')}`);
    return 2;
  }
  const db = openDatabase(env.databasePath);
  const tty = process.stderr.isTTY;
  let failed = 0;
  const kindOf = (file: string): ImportKind | null => {
    if (kindOption) return KINDS[kindOption]!;
    const fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(64 * 1024);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    fs.closeSync(fd);
    return detectKind(buf.subarray(0, n).toString('utf8'));
  };
  // The SSDA903 files go in together: a return's header, episodes and UASC tables check against each other.
  const ssda = files.filter((f) => kindOf(f) === 'ssda903');
  if (ssda.length > 0) {
    const la = typeof options.la === 'string' ? options.la : null;
    let last = 0;
    const result = await importSsda903(db.$client, {
      laCode: la,
      files: ssda.map((f) => ({ fileName: path.basename(f), chunks: fileChunks(f), totalBytes: fs.statSync(f).size })),
      source: 'cli',
      actor: cliActor(),
      onProgress: (p) => {
        const now = Date.now();
        if (!tty || (now - last < 100 && p.phase === 'reading')) return;
        last = now;
        process.stderr.write(`\r${p.file ?? 'SSDA903'} ${progressLine({ ...p, phase: p.phase === 'deriving' ? 'storing' : p.phase })}${p.phase === 'deriving' ? ' (deriving figures)' : ''}\x1b[K`);
      },
    });
    if (tty) process.stderr.write('\r\x1b[K');
    (result.status === 'rejected' ? console.error : console.log)(ssda903Report(result));
    if (result.status === 'rejected') failed += 1;
  }
  for (const file of files.filter((f) => !ssda.includes(f))) {
    const totalBytes = fs.statSync(file).size;
    let last = 0;
    const metaPath = file.replace(/\.csv$/i, '.meta.csv');
    const result = await importAnyFile(db.$client, {
      kind: kindOption ? KINDS[kindOption] : undefined,
      metaText: metaPath !== file && fs.existsSync(metaPath) ? fs.readFileSync(metaPath, 'utf8') : null,
      fileName: path.basename(file),
      source: 'cli',
      actor: cliActor(),
      chunks: fileChunks(file),
      totalBytes,
      onProgress: (p) => {
        const now = Date.now();
        if (!tty || (now - last < 100 && p.phase === 'reading')) return;
        last = now;
        process.stderr.write(`\r${path.basename(file)} ${progressLine(p)}\x1b[K`);
      },
    });
    if (tty) process.stderr.write('\r\x1b[K');
    (result.status === 'rejected' ? console.error : console.log)(report(result));
    if (result.status === 'rejected') failed += 1;
  }
  db.$client.close();
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
