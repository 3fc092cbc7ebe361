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
    source: text('source', { enum: ['web', 'cli', 'demo', 'api'] }).notNull(),
    /** Who imported it: the signed-in user's email, or `cli:<os user>` for the command line. */
    actor: text('actor'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('imports_created_at').on(t.createdAt)],
);

export const FIGURE_SOURCES = ['template', 'ssda903', 'ssda903_return'] as const;
export type FigureSource = (typeof FIGURE_SOURCES)[number];

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
    /**
     * Where the figures come from: the council's sufficiency template, or derived from its SSDA903
     * returns in the combined view (`ssda903`) or each return's own view (`ssda903_return`).
     */
    source: text('source', { enum: FIGURE_SOURCES }).notNull().default('template'),
  },
  (t) => [
    uniqueIndex('figure_sets_source_version').on(t.laCode, t.periodEnd, t.source, t.version),
    uniqueIndex('figure_sets_source_current')
      .on(t.laCode, t.periodEnd, t.source)
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

// ---------------------------------------------------------------------------------------------
// Sign-in (better-auth's tables, drizzle adapter) and the audit trail
// ---------------------------------------------------------------------------------------------

export const ROLES = ['admin', 'commissioner', 'director'] as const;
export type Role = (typeof ROLES)[number];

export const user = sqliteTable('user', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  emailVerified: integer('email_verified', { mode: 'boolean' }).notNull().default(false),
  image: text('image'),
  role: text('role', { enum: ROLES }).notNull().default('director'),
  /** Demo users exist only in a database started in demo mode. */
  demo: integer('demo', { mode: 'boolean' }).notNull().default(false),
  /** Set by better-auth's two-factor plugin once the user has confirmed a first TOTP code. */
  twoFactorEnabled: integer('two_factor_enabled', { mode: 'boolean' }).notNull().default(false),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

/** better-auth's two-factor plugin: the TOTP secret and recovery codes, both encrypted with the auth secret. */
export const twoFactor = sqliteTable(
  'two_factor',
  {
    id: text('id').primaryKey(),
    secret: text('secret').notNull(),
    backupCodes: text('backup_codes').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    verified: integer('verified', { mode: 'boolean' }).default(true),
    failedVerificationCount: integer('failed_verification_count').default(0),
    lockedUntil: integer('locked_until', { mode: 'timestamp_ms' }),
  },
  (t) => [index('two_factor_user').on(t.userId)],
);

export const session = sqliteTable(
  'session',
  {
    id: text('id').primaryKey(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    token: text('token').notNull().unique(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
  },
  (t) => [index('session_user').on(t.userId)],
);

export const account = sqliteTable(
  'account',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    providerId: text('provider_id').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    accessToken: text('access_token'),
    refreshToken: text('refresh_token'),
    idToken: text('id_token'),
    accessTokenExpiresAt: integer('access_token_expires_at', { mode: 'timestamp_ms' }),
    refreshTokenExpiresAt: integer('refresh_token_expires_at', { mode: 'timestamp_ms' }),
    scope: text('scope'),
    password: text('password'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('account_user').on(t.userId)],
);

export const verification = sqliteTable('verification', {
  id: text('id').primaryKey(),
  identifier: text('identifier').notNull(),
  value: text('value').notNull(),
  expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

/** better-auth's rate limiter, kept in the database so limits survive restarts. */
export const rateLimit = sqliteTable('rate_limit', {
  id: text('id').primaryKey(),
  key: text('key').notNull().unique(),
  count: integer('count').notNull(),
  lastRequest: integer('last_request').notNull(),
});

/**
 * The sign-in throttle (db/throttle.ts): consecutive failed password checks per key, where a key is
 * `account:<email>`, `known:<email>` (failures from addresses it signed in from before) or
 * `address:<client address>`.
 */
export const authThrottle = sqliteTable('auth_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  lastFailureAt: integer('last_failure_at').notNull(),
  /** Epoch ms before which the next password check for this key is refused without being made. */
  waitUntil: integer('wait_until').notNull(),
});

/** Addresses an account has signed in from: failures there are counted apart (db/throttle.ts). */
export const authKnownAddresses = sqliteTable(
  'auth_known_addresses',
  {
    account: text('account').notNull(),
    address: text('address').notNull(),
    lastSuccessAt: integer('last_success_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.account, t.address] })],
);

/** Settings the app keeps for itself (e.g. the generated session-signing secret, demo mode). */
export const appSettings = sqliteTable('app_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/**
 * Who did what, when. Append-only: triggers in the migration refuse UPDATE and DELETE.
 */
export const auditEvents = sqliteTable(
  'audit_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    /** The user's email, `cli:<os user>`, or null when nobody is known (e.g. a failed sign-in's claimed email goes in details). */
    actor: text('actor'),
    action: text('action').notNull(),
    /** What it acted on: an import id, `E06000004 2024-03-31`, a user's email. */
    target: text('target'),
    /** JSON with the particulars. */
    details: text('details').notNull().default('{}'),
    ip: text('ip'),
  },
  (t) => [index('audit_at').on(t.at), index('audit_action').on(t.action, t.at)],
);

/** A Market Position Statement priority: a metric for a segment, from a baseline to a target. */
export const priorities = sqliteTable(
  'priorities',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    laCode: text('la_code')
      .notNull()
      .references(() => councils.code),
    title: text('title').notNull(),
    metric: text('metric').notNull(),
    setting: text('setting').notNull().default('all'),
    provision: text('provision').notNull().default('all'),
    ageBand: text('age_band').notNull().default('all'),
    need: text('need').notNull().default('all'),
    baselineValue: real('baseline_value').notNull(),
    baselineDate: text('baseline_date').notNull(),
    targetValue: real('target_value').notNull(),
    targetDate: text('target_date').notNull(),
    direction: text('direction').notNull(),
    owner: text('owner').notNull().default(''),
    narrative: text('narrative').notNull().default(''),
    published: integer('published', { mode: 'boolean' }).notNull().default(false),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    updatedBy: text('updated_by'),
  },
  (t) => [index('priorities_la').on(t.laCode)],
);

/** What a council tells providers about itself: written by a commissioner, published in snapshots. */
export const councilProfiles = sqliteTable('council_profiles', {
  laCode: text('la_code')
    .primaryKey()
    .references(() => councils.code),
  vision: text('vision').notNull().default(''),
  modelOfCare: text('model_of_care').notNull().default(''),
  contact: text('contact').notNull().default(''),
  /** One event a line: `YYYY-MM-DD | title | where`. */
  events: text('events').notNull().default(''),
  /** Whether the council publishes what it pays by setting, as bands (off unless a commissioner chooses it). */
  publishCosts: integer('publish_costs', { mode: 'boolean' }).notNull().default(false),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by'),
});

/**
 * A published snapshot of a council's needs: the public side only ever shows the latest one not
 * withdrawn, never work in progress. Snapshots are kept; withdrawing one only marks it.
 */
export const publications = sqliteTable(
  'publications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    laCode: text('la_code')
      .notNull()
      .references(() => councils.code),
    publishedAt: text('published_at').notNull(),
    publishedBy: text('published_by'),
    /** JSON of lib/needs.ts PublicNeeds, disclosure control already applied. */
    snapshot: text('snapshot').notNull(),
    etag: text('etag').notNull(),
    withdrawnAt: text('withdrawn_at'),
    withdrawnBy: text('withdrawn_by'),
  },
  (t) => [index('publications_la').on(t.laCode, t.id)],
);

/**
 * DfE Explore Education Statistics open data, kept in its tidy long shape: one row per
 * (dataset, year, geography, filter combination, indicator). Symbols are kept, never read as 0.
 */
export const eesValues = sqliteTable(
  'ees_values',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    importId: integer('import_id')
      .notNull()
      .references(() => imports.id),
    /** The file's name without extension and release suffix, e.g. `la_cla_on_31_march_by_characteristics`. */
    dataset: text('dataset').notNull(),
    timePeriod: integer('time_period').notNull(),
    geographicLevel: text('geographic_level').notNull(),
    /** ONS code of the place: E92000001 England, E12... region, E06/E08/E09/E10 council. */
    areaCode: text('area_code').notNull(),
    areaName: text('area_name').notNull(),
    regionCode: text('region_code'),
    /** The filter values, canonical: `cla_group=Placement;characteristic=Foster placements`. */
    filters: text('filters').notNull(),
    indicator: text('indicator').notNull(),
    value: real('value'),
    symbol: text('symbol'),
  },
  (t) => [
    index('ees_lookup').on(t.dataset, t.indicator, t.filters, t.timePeriod),
    index('ees_area').on(t.areaCode, t.dataset, t.timePeriod),
  ],
);

/** Ofsted's register of children's social care providers and places at a date (one row per setting). */
export const ofstedProviders = sqliteTable(
  'ofsted_providers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    importId: integer('import_id')
      .notNull()
      .references(() => imports.id),
    /** The date the register describes, e.g. 2023-03-31. */
    asAt: text('as_at').notNull(),
    urn: text('urn').notNull(),
    provisionType: text('provision_type').notNull(),
    registrationStatus: text('registration_status'),
    localAuthority: text('local_authority'),
    /** The council's ONS code when the name matches one (null otherwise). */
    laCode: text('la_code'),
    ofstedRegion: text('ofsted_region'),
    region: text('region'),
    sector: text('sector'),
    places: integer('places'),
    organisation: text('organisation'),
  },
  (t) => [index('ofsted_la').on(t.asAt, t.laCode), index('ofsted_region').on(t.asAt, t.region)],
);

/** A council's comparator group for benchmarking (e.g. DfE statistical neighbours), when one is set. */
export const comparatorGroups = sqliteTable('comparator_groups', {
  laCode: text('la_code')
    .primaryKey()
    .references(() => councils.code),
  /** JSON array of ONS codes. */
  members: text('members').notNull(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by'),
});

/** MHCLG revenue outturn RO3: council spend on children looked after (GBP thousands), by field code. */
export const ro3Spend = sqliteTable(
  'ro3_spend',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    importId: integer('import_id')
      .notNull()
      .references(() => imports.id),
    /** The financial year, e.g. `2024-25`. */
    year: text('year').notNull(),
    laCode: text('la_code').notNull(),
    /** The RO3 field code from the file's second row, e.g. RO3-csclkd-tot-exp. */
    field: text('field').notNull(),
    valueThousands: real('value_thousands'),
    symbol: text('symbol'),
  },
  (t) => [index('ro3_lookup').on(t.year, t.field, t.laCode)],
);

/**
 * Breakdowns of a derived measure that do not fit the figure key, e.g. placement moves by the
 * reason for the change, or periods of care ended by reason.
 */
export const figureBreakdowns = sqliteTable(
  'figure_breakdowns',
  {
    setId: integer('set_id')
      .notNull()
      .references(() => figureSets.id),
    measure: text('measure').notNull(),
    category: text('category').notNull(),
    value: integer('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.setId, t.measure, t.category] })],
);

// ---------------------------------------------------------------------------------------------
// SSDA903 child-level returns (docs/ssda903.md). Internal only: nothing here leaves the signed-in side.
// ---------------------------------------------------------------------------------------------

/** One version of a council's return for a collection year; a re-import of the year adds a version. */
export const ssda903Returns = sqliteTable(
  'ssda903_returns',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    laCode: text('la_code')
      .notNull()
      .references(() => councils.code),
    /** The year of the return's 31 March: 2024 is the 2023-24 return. */
    yearEnd: integer('year_end').notNull(),
    version: integer('version').notNull(),
    importId: integer('import_id')
      .notNull()
      .references(() => imports.id),
    isCurrent: integer('is_current', { mode: 'boolean' }).notNull(),
    children: integer('children').notNull(),
    episodes: integer('episodes').notNull(),
    uascRows: integer('uasc_rows').notNull(),
    /** JSON: the files it came from. */
    files: text('files').notNull(),
    /** JSON: counts of the reported (not blocking) findings, by finding key. */
    findings: text('findings').notNull().default('{}'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('ssda903_returns_version').on(t.laCode, t.yearEnd, t.version),
    uniqueIndex('ssda903_returns_current')
      .on(t.laCode, t.yearEnd)
      .where(sql`is_current = 1`),
  ],
);

/** The header table: one row per child. The UPN is checked on import but not kept (not needed for any figure). */
export const ssda903Children = sqliteTable(
  'ssda903_children',
  {
    returnId: integer('return_id')
      .notNull()
      .references(() => ssda903Returns.id),
    row: integer('row').notNull(),
    child: text('child').notNull(),
    sex: text('sex').notNull(),
    dob: text('dob').notNull(),
    ethnic: text('ethnic').notNull(),
    mother: text('mother'),
    mcDob: text('mc_dob'),
  },
  (t) => [primaryKey({ columns: [t.returnId, t.child] })],
);

export const ssda903Episodes = sqliteTable(
  'ssda903_episodes',
  {
    returnId: integer('return_id')
      .notNull()
      .references(() => ssda903Returns.id),
    row: integer('row').notNull(),
    child: text('child').notNull(),
    decom: text('decom').notNull(),
    rne: text('rne').notNull(),
    ls: text('ls').notNull(),
    cin: text('cin').notNull(),
    place: text('place').notNull(),
    placeProvider: text('place_provider'),
    dec: text('dec'),
    rec: text('rec'),
    reasonPlaceChange: text('reason_place_change'),
    /** Partial postcodes, as the return holds them. */
    homePost: text('home_post'),
    plPost: text('pl_post'),
    urn: text('urn'),
  },
  (t) => [primaryKey({ columns: [t.returnId, t.child, t.decom, t.row] })],
);

export const ssda903Uasc = sqliteTable(
  'ssda903_uasc',
  {
    returnId: integer('return_id')
      .notNull()
      .references(() => ssda903Returns.id),
    row: integer('row').notNull(),
    child: text('child').notNull(),
    sex: text('sex').notNull(),
    dob: text('dob').notNull(),
    duc: text('duc'),
  },
  (t) => [primaryKey({ columns: [t.returnId, t.child] })],
);

/** Postcode sector centroids (ONS Postcode Directory style), for distances between home and placement. */
export const postcodeSectors = sqliteTable('postcode_sectors', {
  sector: text('sector').primaryKey(),
  latitude: real('latitude').notNull(),
  longitude: real('longitude').notNull(),
  /** The council the sector lies in, when the lookup gives it. */
  laCode: text('la_code'),
  importId: integer('import_id')
    .notNull()
    .references(() => imports.id),
});

// ---------------------------------------------------------------------------------------------
// Demand forecast (docs/forecast.md)
// ---------------------------------------------------------------------------------------------

/** A planned change of capacity a commissioner enters, e.g. "a 3-bed in-house home opens September 2026". */
export const forecastPlans = sqliteTable(
  'forecast_plans',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    laCode: text('la_code')
      .notNull()
      .references(() => councils.code),
    setting: text('setting').notNull(),
    /** The day the change takes effect. */
    effectiveDate: text('effective_date').notNull(),
    /** Places added (positive) or closed (negative). */
    change: integer('change').notNull(),
    description: text('description').notNull().default(''),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by'),
  },
  (t) => [index('forecast_plans_la').on(t.laCode)],
);

/** A named scenario: changes to the rates of entry, exit and moves between settings. */
export const forecastScenarios = sqliteTable(
  'forecast_scenarios',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    laCode: text('la_code')
      .notNull()
      .references(() => councils.code),
    name: text('name').notNull(),
    /** JSON of lib/forecast/model.ts Scenario. */
    scenario: text('scenario').notNull(),
    /** Annual inflation of weekly costs, e.g. 0.03. */
    inflation: real('inflation').notNull().default(0),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by'),
  },
  (t) => [index('forecast_scenarios_la').on(t.laCode)],
);

/** Forecast results, computed off the request path, kept per data version, window, horizon and scenario. */
export const forecastCache = sqliteTable('forecast_cache', {
  key: text('key').primaryKey(),
  laCode: text('la_code').notNull(),
  createdAt: text('created_at').notNull(),
  /** JSON of db/forecast.ts CachedForecast. */
  result: text('result').notNull(),
});

// ---------------------------------------------------------------------------------------------
// Import jobs and API keys
// ---------------------------------------------------------------------------------------------

export const IMPORT_JOB_STATES = ['queued', 'running', 'done', 'failed', 'cancelled', 'interrupted'] as const;
export type ImportJobState = (typeof IMPORT_JOB_STATES)[number];

/**
 * An upload waiting for, going through or done with its import, which runs in a child process
 * (db/importJobs.ts). The files wait in a folder beside the database until the job ends.
 */
export const importJobs = sqliteTable(
  'import_jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** `file` (any single file, told apart by its header) or `ssda903` (a return: council and files). */
    kind: text('kind', { enum: ['file', 'ssda903'] }).notNull(),
    state: text('state', { enum: IMPORT_JOB_STATES }).notNull(),
    /** JSON: [{ name, path, bytes, sha256 }] of the received files. */
    files: text('files').notNull(),
    laCode: text('la_code'),
    source: text('source', { enum: ['web', 'api'] }).notNull(),
    actor: text('actor'),
    phase: text('phase'),
    bytes: integer('bytes').notNull().default(0),
    totalBytes: integer('total_bytes'),
    rows: integer('rows').notNull().default(0),
    importId: integer('import_id').references(() => imports.id),
    /** stored, unchanged or rejected, once the import has answered. */
    outcome: text('outcome'),
    errorCount: integer('error_count'),
    /** Why a job failed, was cancelled or interrupted, in words. */
    message: text('message'),
    cancelRequested: integer('cancel_requested', { mode: 'boolean' }).notNull().default(false),
    /** The process running it, so that the server that started it can stop it. */
    pid: integer('pid'),
    createdAt: text('created_at').notNull(),
    startedAt: text('started_at'),
    finishedAt: text('finished_at'),
  },
  (t) => [index('import_jobs_state').on(t.state, t.id), index('import_jobs_created').on(t.createdAt)],
);
export type ImportJobRow = typeof importJobs.$inferSelect;

/**
 * Keys for scripts (a data warehouse pushing a monthly file). Only a SHA-256 of the secret is kept;
 * the key itself is shown once when issued.
 */
export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    /** The key's public first part (`suf_` and 8 characters), to find it and to name it in lists. */
    prefix: text('prefix').notNull().unique(),
    secretHash: text('secret_hash').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull(),
    lastUsedAt: text('last_used_at'),
    revokedAt: text('revoked_at'),
    revokedBy: text('revoked_by'),
  },
);
export type ApiKeyRow = typeof apiKeys.$inferSelect;

/** Each user's last council and period, the default of every page that shows one (issue 18). */
export const userPlaces = sqliteTable('user_places', {
  userId: text('user_id')
    .primaryKey()
    .references(() => user.id, { onDelete: 'cascade' }),
  laCode: text('la_code'),
  period: text('period'),
  updatedAt: text('updated_at').notNull(),
});
