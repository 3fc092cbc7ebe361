import type Database from 'better-sqlite3';
import { sameEffectiveFigures, type Figure } from '../../lib/figures';
import { IssueList } from '../../lib/issues';
import { AGE_BANDS, MEASURES, MEASURE_LABELS, NEEDS, PROVISIONS, SETTINGS, SUB_MEASURES } from '../../lib/template/codes';
import { mapHeader, validateRow, type HeaderMap, type TemplateRow } from '../../lib/template/row';
import { checkNotEmpty, runImport, type ImportOptions, FileImport, type ImportResult, type ImportRun, type Stored, type SuppliedSet } from './pipeline';
import { Stager } from './staging';

export type { ImportOptions as TemplateImportOptions, ImportProgress, ImportResult, ImportSource, SuppliedSet } from './pipeline';

const STAGING = 'temp.staging_template';
/** Each (la_code, period_end) of the staged rows once: staged rows refer to it by number. */
const STAGED_SETS = 'temp.staging_template_sets';

/**
 * The five code columns of a row are staged as one integer rather than five texts: staged rows
 * and the key index are much smaller and compare one integer, so staging, indexing, checking
 * and copying do less work. Each code becomes its rank in byte order, and the ranks are packed
 * mixed-radix in the key's order (measure, setting, provision, age_band, need), so ordering by
 * the integer is ordering by the texts: the figures are copied in the same order as before.
 */
class CodePart {
  /** The codes in SQLite's BINARY (byte) order; all are ASCII, where JavaScript's sort agrees. */
  readonly codes: readonly string[];
  private readonly ranks: ReadonlyMap<string, number>;
  /** What one step of this part adds to the packed code. */
  weight = 1;

  constructor(
    readonly column: 'measure' | 'setting' | 'provision' | 'age_band' | 'need',
    values: readonly string[],
  ) {
    this.codes = [...values].sort();
    this.ranks = new Map(this.codes.map((c, i) => [c, i]));
  }

  rank(code: string): number {
    const r = this.ranks.get(code);
    if (r === undefined) throw new Error(`Unknown template code "${code}"`);
    return r;
  }

  /** This part's text, from a packed code. */
  text(code: number): string {
    return this.codes[Math.floor(code / this.weight) % this.codes.length] ?? String(code);
  }

  /** SQL giving this part's text from a packed code column. */
  sql(column: string): string {
    const rank = `(${column} / ${this.weight}) % ${this.codes.length}`;
    return `CASE ${rank} ${this.codes.map((c, i) => `WHEN ${i} THEN '${c}'`).join(' ')} END`;
  }
}

const PART = {
  measure: new CodePart('measure', MEASURES),
  setting: new CodePart('setting', SETTINGS),
  provision: new CodePart('provision', PROVISIONS),
  age_band: new CodePart('age_band', AGE_BANDS),
  need: new CodePart('need', NEEDS),
};
/** Most significant first. */
const PARTS = [PART.measure, PART.setting, PART.provision, PART.age_band, PART.need];
for (let k = PARTS.length - 2; k >= 0; k--) PARTS[k]!.weight = PARTS[k + 1]!.weight * PARTS[k + 1]!.codes.length;

function packCode(r: TemplateRow): number {
  return (
    PART.measure.rank(r.measure) * PART.measure.weight +
    PART.setting.rank(r.setting) * PART.setting.weight +
    PART.provision.rank(r.provision) * PART.provision.weight +
    PART.age_band.rank(r.ageBand) * PART.age_band.weight +
    PART.need.rank(r.need)
  );
}

/** The staged code as the figures table's five text columns, in its order and names. */
const STAGED_TEXT = PARTS.map((p) => `${p.sql('code')} AS ${p.column}`).join(', ');

/**
 * Imports one sufficiency template file. The file is streamed into a connection-private
 * staging table (memory stays flat), checked row by row and across rows, and only if it has
 * no error are its figures written, in one transaction: a new version per (la_code,
 * period_end) that differs from the current one. A rejected file is recorded with its errors
 * and changes nothing else.
 *
 * `sqlite` should be a connection of its own when pages read the same database meanwhile.
 */
export function importTemplate(sqlite: Database.Database, opts: ImportOptions): Promise<ImportResult> {
  return runImport(sqlite, opts, new TemplatePlugin(sqlite, opts));
}

class TemplatePlugin extends FileImport<ImportOptions, object> {
  readonly kind = 'sufficiency_template';
  private header: HeaderMap | null = null;


  async read(run: ImportRun): Promise<void> {
    const { sqlite, errors, warnings } = this;
    const councils = new Map<string, string>(
      (sqlite.prepare('SELECT code, name FROM councils').all() as { code: string; name: string }[]).map((c) => [c.code, c.name]),
    );
    const rowContext = { councils };
    this.drop();
    sqlite.exec(`CREATE TABLE ${STAGED_SETS} (id INTEGER PRIMARY KEY, la_code TEXT NOT NULL, period_end TEXT NOT NULL,
        UNIQUE (la_code, period_end));
      CREATE TABLE ${STAGING} (row INTEGER PRIMARY KEY, set_no INTEGER NOT NULL, code INTEGER NOT NULL,
        value REAL, symbol TEXT)`);
    // `row` is the rowid (row numbers only grow), so it is not stored twice; `set_no` is the row's
    // (la_code, period_end) in STAGED_SETS and `code` is packCode's: a staged row and its key are
    // a few small integers, which stage, index and compare much faster than seven texts.
    const setNo = stagedSets(sqlite);
    const stage = new Stager(sqlite, STAGING, 5, 100);
    await run.reading(errors, async () => {
      await run.readCsv(this.opts.chunks, (fields, row) => {
        if (this.header === null) {
          this.header = mapHeader(fields);
          for (const w of this.header.warnings) warnings.add(w);
          for (const e of this.header.errors) errors.add(e);
          return;
        }
        run.rows += 1;
        if (this.header.errors.length > 0) return;
        const r = validateRow(fields, row, this.header, rowContext);
        if (r.issues) {
          for (const i of r.issues) errors.add(i);
          return;
        }
        const f = r.row;
        // Written straight into the batch (no array per row): a million rows go through here.
        const v = stage.values;
        v[stage.n++] = row;
        v[stage.n++] = setNo(f.laCode, f.periodEnd);
        v[stage.n++] = packCode(f);
        v[stage.n++] = f.value;
        v[stage.n++] = f.symbol;
        stage.rowDone();
      });
      stage.flush();
    });
    checkNotEmpty(errors, run, this.header !== null, 'figures');
  }

  check(run: ImportRun): void {
    run.progress('checking');
    // Run on the rows that passed, even when others failed: the report lists every problem at once.
    checkAcrossRows(this.sqlite, this.errors);
  }

  store(run: ImportRun, importId: number): Stored<object> {
    const groups = this.sqlite
      .prepare(
        `SELECT s.id AS no, s.la_code AS laCode, s.period_end AS periodEnd, count(*) AS n
         FROM ${STAGED_SETS} s JOIN ${STAGING} t ON t.set_no = s.id GROUP BY s.id ORDER BY 2, 3`,
      )
      .all() as StagedSet[];
    const supplied = storeSets(this.sqlite, groups, importId);
    const status = supplied.every((s) => s.outcome === 'unchanged') ? 'unchanged' : 'stored';
    const o = this.opts;
    const sets = supplied.map((x) => `${x.laCode} ${x.periodEnd} ${x.outcome} v${x.version}`);
    return { status, supplied, details: { file: o.fileName, sha256: run.sha256, rows: run.rows, source: o.source, sets }, extra: {} };
  }

  rejected(run: ImportRun) {
    return { details: { file: this.opts.fileName, rows: run.rows, errors: this.errors.total, source: this.opts.source }, extra: {} };
  }

  drop(): void {
    this.sqlite.exec(`DROP TABLE IF EXISTS ${STAGING}; DROP TABLE IF EXISTS ${STAGED_SETS}`);
  }
}

interface StagedSet {
  no: number;
  laCode: string;
  periodEnd: string;
  n: number;
}

/** The number of a row's (la_code, period_end) in STAGED_SETS, added on first sight. */
function stagedSets(sqlite: Database.Database): (laCode: string, periodEnd: string) => number {
  const findSet = sqlite.prepare(`SELECT id FROM ${STAGED_SETS} WHERE la_code = ? AND period_end = ?`).pluck();
  const addStagedSet = sqlite.prepare(`INSERT INTO ${STAGED_SETS} (la_code, period_end) VALUES (?, ?)`);
  // Rows of a set mostly come together: the last set is remembered, and a bounded map of others.
  const setNos = new Map<string, number>();
  let lastSet = { laCode: '', periodEnd: '', no: 0 };
  return (laCode, periodEnd) => {
    if (laCode === lastSet.laCode && periodEnd === lastSet.periodEnd) return lastSet.no;
    const key = `${laCode} ${periodEnd}`;
    let no = setNos.get(key);
    if (no === undefined) {
      no = (findSet.get(laCode, periodEnd) as number | undefined) ?? Number(addStagedSet.run(laCode, periodEnd).lastInsertRowid);
      if (setNos.size >= 10_000) setNos.clear();
      setNos.set(key, no);
    }
    lastSet = { laCode, periodEnd, no };
    return no;
  };
}

/** A new version of each staged set that differs from the current one (inside the import's transaction). */
function storeSets(sqlite: Database.Database, groups: StagedSet[], importId: number): SuppliedSet[] {
  const now = new Date().toISOString();
  const current = sqlite.prepare(
    "SELECT id, version FROM figure_sets WHERE la_code = ? AND period_end = ? AND is_current = 1 AND source = 'template'",
  );
  const maxVersion = sqlite.prepare(
    "SELECT coalesce(max(version), 0) AS v FROM figure_sets WHERE la_code = ? AND period_end = ? AND source = 'template'",
  );
  const retire = sqlite.prepare('UPDATE figure_sets SET is_current = 0 WHERE id = ?');
  const addSet = sqlite.prepare(
    `INSERT INTO figure_sets (la_code, period_end, version, import_id, row_count, is_current, replaces_set_id, created_at)
     VALUES (?, ?, ?, ?, ?, 1, ?, ?)`,
  );
  const copy = sqlite.prepare(
    `INSERT INTO figures (set_id, measure, setting, provision, age_band, need, value, symbol)
     SELECT ?, ${STAGED_TEXT}, value, symbol FROM ${STAGING}
     WHERE set_no = ? ORDER BY code`,
  );
  return groups.map((g): SuppliedSet => {
    const set = { laCode: g.laCode, periodEnd: g.periodEnd, rows: g.n };
    const cur = current.get(g.laCode, g.periodEnd) as { id: number; version: number } | undefined;
    if (cur && sameEffectiveFigures(stagedFigures(sqlite, g), setFigures(sqlite, cur.id))) {
      return { ...set, outcome: 'unchanged', version: cur.version, replacedVersion: null };
    }
    const version = (maxVersion.get(g.laCode, g.periodEnd) as { v: number }).v + 1;
    if (cur) retire.run(cur.id);
    const setId = Number(addSet.run(g.laCode, g.periodEnd, version, importId, g.n, cur?.id ?? null, now).lastInsertRowid);
    copy.run(setId, g.no);
    return { ...set, outcome: cur ? 'replaced' : 'new', version, replacedVersion: cur?.version ?? null };
  });
}

/** Duplicate keys and sub-measures above their parent, found in SQL so memory stays flat. */
function checkAcrossRows(sqlite: Database.Database, errors: IssueList): void {
  const KEY = '(set_no, code)';
  try {
    sqlite.exec(`CREATE UNIQUE INDEX temp.staging_template_key ON staging_template ${KEY}`);
  } catch {
    // Duplicates exist: index without uniqueness, then find and name them.
    sqlite.exec(`CREATE INDEX temp.staging_template_key ON staging_template ${KEY}`);
    reportDuplicates(sqlite, errors);
  }
  checkSubMeasures(sqlite, errors);
}

function reportDuplicates(sqlite: Database.Database, errors: IssueList): void {
  const dups = sqlite
    .prepare(
      `SELECT b.row AS row, a.row AS first, g.la_code, g.period_end, a.code
       FROM ${STAGING} a JOIN ${STAGING} b ON b.set_no = a.set_no AND b.code = a.code AND b.row > a.row
         JOIN ${STAGED_SETS} g ON g.id = a.set_no
       WHERE NOT EXISTS (SELECT 1 FROM ${STAGING} c WHERE c.set_no = a.set_no AND c.code = a.code AND c.row < a.row)
       ORDER BY b.row`,
    )
    .iterate() as IterableIterator<{ row: number; first: number; la_code: string; period_end: string; code: number }>;
  for (const d of dups) {
    const [measure, setting, provision, ageBand, need] = PARTS.map((p) => p.text(d.code));
    errors.add({
      row: d.row,
      column: null,
      value: `${d.period_end}, ${d.la_code}, ${setting}, ${provision}, ${ageBand}, ${need}, ${measure}`,
      message: `Row ${d.row} repeats the key of row ${d.first}`,
      expected: 'each (period_end, la_code, setting, provision, age_band, need, measure) once',
    });
  }
}

/**
 * One scan of the staged rows for every (sub-measure, parent) pair at once, rather than one scan
 * per pair: each sub-measure row looks its parent up through the key index. Issues come out as
 * before, pair by pair in SUB_MEASURES order, then by row (then parent row, the first of which
 * is named when a parent is duplicated).
 */
function checkSubMeasures(sqlite: Database.Database, errors: IssueList): void {
  // The parent's code differs from the sub-measure's in the measure part only.
  const m = PART.measure;
  const measureOf = `(s.code / ${m.weight})`;
  const pairOf = `CASE ${measureOf} ${SUB_MEASURES.map((p, k) => `WHEN ${m.rank(p.sub)} THEN ${k}`).join(' ')} END`;
  const parentStep = `CASE ${measureOf} ${SUB_MEASURES.map((p) => `WHEN ${m.rank(p.sub)} THEN ${(m.rank(p.parent) - m.rank(p.sub)) * m.weight}`).join(' ')} END`;
  const rows = sqlite
    .prepare(
      `SELECT ${pairOf} AS pair, s.row AS row, p.row AS parentRow, s.value AS value, p.value AS parentValue
       FROM ${STAGING} s JOIN ${STAGING} p
         ON p.set_no = s.set_no AND p.code = s.code + ${parentStep}
       WHERE ${measureOf} IN (${SUB_MEASURES.map((p) => m.rank(p.sub)).join(', ')})
         AND s.value IS NOT NULL AND p.value IS NOT NULL AND s.value > p.value
       ORDER BY 1, s.row, p.row`,
    )
    .iterate() as IterableIterator<{ pair: number; row: number; parentRow: number; value: number; parentValue: number }>;
  let previous = -1;
  for (const r of rows) {
    // A duplicated parent would report the same row twice; once is enough.
    if (r.row === previous) continue;
    previous = r.row;
    const { sub, parent } = SUB_MEASURES[r.pair]!;
    errors.add({
      row: r.row,
      column: 'value',
      value: String(r.value),
      message: `${sub} (${r.value}, row ${r.row}) is more than ${parent} (${r.parentValue}, row ${r.parentRow})`,
      expected: `${MEASURE_LABELS[sub].toLowerCase()} no more than ${MEASURE_LABELS[parent].toLowerCase()} for the same key`,
    });
  }
}

type StoredFigure = Omit<Figure, 'derived'>;
const FIGURE_COLUMNS = `setting, provision, age_band AS ageBand, need, measure, value, symbol`;

function stagedFigures(sqlite: Database.Database, g: { no: number }): StoredFigure[] {
  return sqlite
    .prepare(
      `SELECT setting, provision, age_band AS ageBand, need, measure, value, symbol
       FROM (SELECT ${STAGED_TEXT}, value, symbol FROM ${STAGING} WHERE set_no = ?)`,
    )
    .all(g.no) as StoredFigure[];
}

function setFigures(sqlite: Database.Database, setId: number): StoredFigure[] {
  return sqlite.prepare(`SELECT ${FIGURE_COLUMNS} FROM figures WHERE set_id = ?`).all(setId) as StoredFigure[];
}
