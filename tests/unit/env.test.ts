import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, readEnv } from '@/lib/env';

/** readEnv's error, or a failure when it does not throw. */
function configError(source: Record<string, string>): ConfigError {
  try {
    readEnv(source as NodeJS.ProcessEnv);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error(`readEnv accepted ${JSON.stringify(source)}`);
}

describe('readEnv: defaults', () => {
  it('uses the defaults when nothing is set', () => {
    const env = readEnv({});
    expect(env).toEqual({
      port: 3000,
      hostname: '127.0.0.1',
      databasePath: path.resolve(process.cwd(), 'data/sufficiency.db'),
      uploadLimitBytes: 100 * 1024 * 1024,
      serverHeapMb: 1024,
      trustedProxies: [],
    });
  });

  it('treats blank variables as unset', () => {
    const env = readEnv({ PORT: '', HOSTNAME: '   ', DATABASE_URL: '', UPLOAD_LIMIT_MB: ' ' });
    expect(env).toEqual(readEnv({}));
  });

  it('ignores unrelated variables', () => {
    expect(readEnv({ NODE_ENV: 'production', PATH: '/usr/bin' })).toEqual(readEnv({}));
  });
});

describe('readEnv: values read', () => {
  it('reads PORT as a number', () => {
    expect(readEnv({ PORT: '8080' }).port).toBe(8080);
    expect(readEnv({ PORT: '1' }).port).toBe(1);
    expect(readEnv({ PORT: '65535' }).port).toBe(65535);
  });

  it('reads HOSTNAME', () => {
    expect(readEnv({ HOSTNAME: '0.0.0.0' }).hostname).toBe('0.0.0.0');
    expect(readEnv({ HOSTNAME: 'localhost' }).hostname).toBe('localhost');
    expect(readEnv({ HOSTNAME: '::1' }).hostname).toBe('::1');
  });

  it('reads an absolute DATABASE_URL as is', () => {
    const file = path.resolve('/var/lib/sufficiency/prod.db');
    expect(readEnv({ DATABASE_URL: file }).databasePath).toBe(file);
  });

  it('resolves a relative DATABASE_URL to an absolute path from the working directory', () => {
    const env = readEnv({ DATABASE_URL: 'tmp/test.db' });
    expect(path.isAbsolute(env.databasePath)).toBe(true);
    expect(env.databasePath).toBe(path.resolve(process.cwd(), 'tmp/test.db'));
    expect(readEnv({ DATABASE_URL: './a/../b.db' }).databasePath).toBe(path.resolve(process.cwd(), 'b.db'));
  });

  it("accepts the 'file:' prefix", () => {
    expect(readEnv({ DATABASE_URL: 'file:data/other.db' }).databasePath).toBe(
      path.resolve(process.cwd(), 'data/other.db'),
    );
    expect(readEnv({ DATABASE_URL: 'file:///tmp/sufficiency.db' }).databasePath).toBe(
      path.resolve('/tmp/sufficiency.db'),
    );
    expect(readEnv({ DATABASE_URL: 'file:./x.db' }).databasePath).toBe(path.resolve(process.cwd(), 'x.db'));
  });

  it("keeps ':memory:' as is", () => {
    expect(readEnv({ DATABASE_URL: ':memory:' }).databasePath).toBe(':memory:');
    expect(readEnv({ DATABASE_URL: 'file::memory:' }).databasePath).toBe(':memory:');
  });

  it('reads UPLOAD_LIMIT_MB as megabytes (fractions allowed)', () => {
    expect(readEnv({ UPLOAD_LIMIT_MB: '1' }).uploadLimitBytes).toBe(1024 * 1024);
    expect(readEnv({ UPLOAD_LIMIT_MB: '2.5' }).uploadLimitBytes).toBe(Math.round(2.5 * 1024 * 1024));
    expect(readEnv({ UPLOAD_LIMIT_MB: '4096' }).uploadLimitBytes).toBe(4096 * 1024 * 1024);
  });

  it('trims spaces around values', () => {
    const env = readEnv({ PORT: ' 4000 ', HOSTNAME: ' localhost ', DATABASE_URL: ' data/x.db ' });
    expect(env.port).toBe(4000);
    expect(env.hostname).toBe('localhost');
    expect(env.databasePath).toBe(path.resolve(process.cwd(), 'data/x.db'));
  });
});

describe('readEnv: bad values throw ConfigError naming the variable and the value', () => {
  it.each(['abc', '0', '70000', '80.5', '-1'])('PORT=%s', (bad) => {
    const e = configError({ PORT: bad });
    expect(e.name).toBe('ConfigError');
    expect(e.message).toContain('PORT');
    expect(e.message).toContain(`"${bad}"`);
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0]).toMatch(/^PORT: /);
  });

  it('PORT out of range says the range', () => {
    expect(configError({ PORT: '0' }).message).toContain('between 1 and 65535');
    expect(configError({ PORT: '70000' }).message).toContain('between 1 and 65535');
  });

  it.each(['postgres://user:secret@db.example.com:5432/sufficiency', 'mysql://localhost/db', 'https://example.com/x.db'])(
    'DATABASE_URL=%s (a server URL)',
    (bad) => {
      const e = configError({ DATABASE_URL: bad });
      expect(e.message).toContain('DATABASE_URL');
      expect(e.message).toContain(bad);
      expect(e.message).toMatch(/SQLite/);
      expect(e.problems).toHaveLength(1);
    },
  );

  it.each(['abc', '0', '-5', '5000'])('UPLOAD_LIMIT_MB=%s', (bad) => {
    const e = configError({ UPLOAD_LIMIT_MB: bad });
    expect(e.message).toContain('UPLOAD_LIMIT_MB');
    expect(e.message).toContain(`"${bad}"`);
  });

  it('HOSTNAME with characters no host name has', () => {
    const e = configError({ HOSTNAME: 'my host/evil' });
    expect(e.message).toContain('HOSTNAME');
    expect(e.message).toContain('my host/evil');
  });

  it('reports every bad variable at once', () => {
    const e = configError({ PORT: 'abc', DATABASE_URL: 'postgres://db/x', UPLOAD_LIMIT_MB: '0' });
    expect(e.problems).toHaveLength(3);
    expect(e.message).toContain('PORT');
    expect(e.message).toContain('DATABASE_URL');
    expect(e.message).toContain('UPLOAD_LIMIT_MB');
  });
});

describe('readEnv: the tuning variables (cache size, forecast jobs)', () => {
  it('accepts whole numbers in range, and unset', () => {
    expect(() => readEnv({ SUFFICIENCY_CACHE_FIGURES: '0', SUFFICIENCY_FORECAST_JOBS: '1', SUFFICIENCY_FORECAST_QUEUE: '0' })).not.toThrow();
    expect(() => readEnv({ SUFFICIENCY_CACHE_FIGURES: '5000000', SUFFICIENCY_FORECAST_JOBS: '64', SUFFICIENCY_FORECAST_QUEUE: '1000' })).not.toThrow();
    expect(() => readEnv({})).not.toThrow();
  });
  it('reads SERVER_HEAP_MB', () => {
    expect(readEnv({ SERVER_HEAP_MB: '2048' }).serverHeapMb).toBe(2048);
  });
  it.each([
    ['SERVER_HEAP_MB', '100'],
    ['SERVER_HEAP_MB', 'big'],
    ['SUFFICIENCY_CACHE_FIGURES', '-1'],
    ['SUFFICIENCY_CACHE_FIGURES', 'lots'],
    ['SUFFICIENCY_FORECAST_JOBS', '0'],
    ['SUFFICIENCY_FORECAST_JOBS', '1.5'],
    ['SUFFICIENCY_FORECAST_QUEUE', '1001'],
  ])('%s=%s is refused, naming the variable and the value', (name, bad) => {
    const e = configError({ [name]: bad });
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0]).toMatch(new RegExp(`^${name}: .*"${bad.replace('.', '\\.')}"`));
  });
});
