import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';

/** English councils with children's services (ONS codes), loaded from data/reference/councils.csv. */
export const councils = sqliteTable('councils', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  oldCode: text('old_code'),
  regionCode: text('region_code'),
  regionName: text('region_name'),
});

/** Every import attempt, stored, unchanged or rejected: the history of what came in. */
export const imports = sqliteTable(
  'imports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    fileName: text('file_name').notNull(),
    sha256: text('sha256').notNull(),
    bytes: integer('bytes').notNull(),
    rows: integer('rows').notNull(),
    status: text('status', { enum: ['stored', 'unchanged', 'rejected'] }).notNull(),
    errorCount: integer('error_count').notNull().default(0),
    /** JSON: the first errors (capped), each with file, row, column, value and what was expected. */
    errors: text('errors').notNull().default('[]'),
    warnings: text('warnings').notNull().default('[]'),
    /** JSON: which (la_code, period_end) figure sets this import supplied, with their versions. */
    supplied: text('supplied').notNull().default('[]'),
    source: text('source', { enum: ['web', 'cli', 'demo'] }).notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('imports_created_at').on(t.createdAt)],
);

/**
 * One version of the figures for a council and period. A new import for the same
 * (la_code, period_end) adds a version and makes it current; the old one stays.
 */
export const figureSets = sqliteTable(
  'figure_sets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    laCode: text('la_code')
      .notNull()
      .references(() => councils.code),
    periodEnd: text('period_end').notNull(),
    version: integer('version').notNull(),
    importId: integer('import_id')
      .notNull()
      .references(() => imports.id),
    rowCount: integer('row_count').notNull(),
    isCurrent: integer('is_current', { mode: 'boolean' }).notNull(),
    replacesSetId: integer('replaces_set_id'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('figure_sets_version').on(t.laCode, t.periodEnd, t.version),
    uniqueIndex('figure_sets_current')
      .on(t.laCode, t.periodEnd)
      .where(sql`is_current = 1`),
  ],
);

/** One figure of the sufficiency template: the key of the template within a figure set. */
export const figures = sqliteTable(
  'figures',
  {
    setId: integer('set_id')
      .notNull()
      .references(() => figureSets.id),
    measure: text('measure').notNull(),
    setting: text('setting').notNull(),
    provision: text('provision').notNull(),
    ageBand: text('age_band').notNull(),
    need: text('need').notNull(),
    /** The number, or null when the figure is a symbol. */
    value: real('value'),
    /** c (suppressed), x (not available) or z (not applicable); null for a number. */
    symbol: text('symbol'),
  },
  // The primary key leads with (set_id, measure): the dashboard reads one set a measure at a time.
  (t) => [primaryKey({ columns: [t.setId, t.measure, t.setting, t.provision, t.ageBand, t.need] })],
);

export type Council = typeof councils.$inferSelect;
export type ImportRecord = typeof imports.$inferSelect;
export type FigureSet = typeof figureSets.$inferSelect;
export type FigureRow = typeof figures.$inferSelect;
