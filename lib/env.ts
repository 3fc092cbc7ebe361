import path from 'node:path';
import { z } from 'zod';
import { isProxyEntry } from './clientAddress';

/** Configuration from the environment, checked once with a message that says what to fix. */
const EnvSchema = z.object({
  PORT: z.coerce
    .number({ error: 'PORT must be a whole number' })
    .int('PORT must be a whole number')
    .min(1, 'PORT must be between 1 and 65535')
    .max(65535, 'PORT must be between 1 and 65535')
    .default(3000),
  HOSTNAME: z
    .string()
    .trim()
    .min(1, 'HOSTNAME must not be blank')
    .regex(/^[A-Za-z0-9.:[\]-]+$/, 'HOSTNAME must be a host name or IP address, e.g. 127.0.0.1')
    .default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .trim()
    .min(1, 'DATABASE_URL must not be blank')
    .refine((v) => !/^[a-z]+:\/\//i.test(v) || v.startsWith('file:'), {
      message: 'DATABASE_URL is the path of a SQLite file (e.g. data/sufficiency.db), not a server URL',
    })
    .default('data/sufficiency.db'),
  UPLOAD_LIMIT_MB: z.coerce
    .number({ error: 'UPLOAD_LIMIT_MB must be a number' })
    .positive('UPLOAD_LIMIT_MB must be above 0')
    .max(4096, 'UPLOAD_LIMIT_MB must be at most 4096')
    .default(100),
  SERVER_HEAP_MB: z.coerce
    .number({ error: 'SERVER_HEAP_MB must be a whole number' })
    .int('SERVER_HEAP_MB must be a whole number')
    .min(256, 'SERVER_HEAP_MB must be between 256 and 65536')
    .max(65536, 'SERVER_HEAP_MB must be between 256 and 65536')
    .default(1024),
  // Read where they are used (db/cache.ts, db/forecast.ts); checked here so a bad value stops the start.
  SUFFICIENCY_CACHE_FIGURES: z.coerce
    .number({ error: 'SUFFICIENCY_CACHE_FIGURES must be a whole number' })
    .int('SUFFICIENCY_CACHE_FIGURES must be a whole number')
    .min(0, 'SUFFICIENCY_CACHE_FIGURES must be 0 or more')
    .optional(),
  SUFFICIENCY_FORECAST_JOBS: z.coerce
    .number({ error: 'SUFFICIENCY_FORECAST_JOBS must be a whole number' })
    .int('SUFFICIENCY_FORECAST_JOBS must be a whole number')
    .min(1, 'SUFFICIENCY_FORECAST_JOBS must be between 1 and 64')
    .max(64, 'SUFFICIENCY_FORECAST_JOBS must be between 1 and 64')
    .optional(),
  SUFFICIENCY_FORECAST_QUEUE: z.coerce
    .number({ error: 'SUFFICIENCY_FORECAST_QUEUE must be a whole number' })
    .int('SUFFICIENCY_FORECAST_QUEUE must be a whole number')
    .min(0, 'SUFFICIENCY_FORECAST_QUEUE must be between 0 and 1000')
    .max(1000, 'SUFFICIENCY_FORECAST_QUEUE must be between 0 and 1000')
    .optional(),
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .refine((list) => list.every(isProxyEntry), {
      message: 'TRUSTED_PROXIES must be IP addresses or ranges separated by commas, e.g. 10.0.0.5,10.1.0.0/16',
    }),
});

export interface AppEnv {
  port: number;
  hostname: string;
  /** Absolute path of the SQLite file, or ':memory:'. */
  databasePath: string;
  uploadLimitBytes: number;
  /** The server's JavaScript heap limit (node --max-old-space-size), in MB. */
  serverHeapMb: number;
  /** Reverse proxies whose X-Forwarded-For hop is believed (lib/clientAddress.ts); empty: the socket's address. */
  trustedProxies: string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Blank variables count as unset, so `PORT= npm start` means the default. */
function present(source: Record<string, string | undefined>, key: string): string | undefined {
  const v = source[key];
  return v === undefined || v.trim() === '' ? undefined : v;
}

export function readEnv(source: Record<string, string | undefined> = process.env): AppEnv {
  const parsed = EnvSchema.safeParse({
    PORT: present(source, 'PORT'),
    HOSTNAME: present(source, 'HOSTNAME'),
    DATABASE_URL: present(source, 'DATABASE_URL'),
    UPLOAD_LIMIT_MB: present(source, 'UPLOAD_LIMIT_MB'),
    SERVER_HEAP_MB: present(source, 'SERVER_HEAP_MB'),
    SUFFICIENCY_CACHE_FIGURES: present(source, 'SUFFICIENCY_CACHE_FIGURES'),
    SUFFICIENCY_FORECAST_JOBS: present(source, 'SUFFICIENCY_FORECAST_JOBS'),
    SUFFICIENCY_FORECAST_QUEUE: present(source, 'SUFFICIENCY_FORECAST_QUEUE'),
    TRUSTED_PROXIES: present(source, 'TRUSTED_PROXIES'),
  });
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message} (got "${String(source[String(i.path[0])])}")`),
    );
  }
  const e = parsed.data;
  const raw = e.DATABASE_URL.replace(/^file:(\/\/)?/, '');
  return {
    port: e.PORT,
    hostname: e.HOSTNAME,
    databasePath: raw === ':memory:' ? raw : path.resolve(/*turbopackIgnore: true*/ process.cwd(), raw),
    uploadLimitBytes: Math.round(e.UPLOAD_LIMIT_MB * 1024 * 1024),
    serverHeapMb: e.SERVER_HEAP_MB,
    trustedProxies: e.TRUSTED_PROXIES,
  };
}
