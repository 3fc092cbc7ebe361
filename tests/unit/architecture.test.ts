import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Where code goes (docs/architecture.md): all database access lives in db/. Pages, routes and
 * actions (app/), components and lib/ never touch the database client, and components import
 * only types and lib/ (they get data and actions as props).
 */

const ROOT = path.resolve(__dirname, '../..');

/**
 * Files being rewritten in parallel for imports as background jobs (issue 14, points 2 and 3).
 * They still open the import's own connection; remove them from here when that work lands.
 */
const PENDING = new Set<string>();

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) out.push(...sourceFiles(rel));
    else if (/\.(ts|tsx|mts|cts|js|jsx)$/.test(e.name)) out.push(rel);
  }
  return out;
}

interface ImportStatement {
  from: string;
  typeOnly: boolean;
}

/** The modules a file imports (or re-exports, or requires), and whether only types come from each. */
function importsOf(text: string): ImportStatement[] {
  const out: ImportStatement[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?([^;]*?)\s+from\s+['"]([^'"]+)['"]/gms)) {
    const names = m[3]!;
    // `import { type A, type B }` brings no runtime code either.
    const braces = /^\{([\s\S]*)\}$/.exec(names.trim());
    const allTypes = braces !== null && braces[1]!.split(',').map((n) => n.trim()).filter(Boolean).every((n) => n.startsWith('type '));
    out.push({ from: m[4]!, typeOnly: Boolean(m[2]) || allTypes });
  }
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) out.push({ from: m[1]!, typeOnly: false });
  for (const m of text.matchAll(/\b(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push({ from: m[1]!, typeOnly: false });
  return out;
}

/** The path from the repository root a module specifier points to (null for a package). */
function target(file: string, from: string): string | null {
  if (from.startsWith('@/')) return from.slice(2);
  if (from.startsWith('.')) return path.posix.normalize(path.posix.join(path.posix.dirname(file), from));
  return null;
}

/** Every breach of the rules in the given files, as "file: what". */
export function breaches(files: string[], read: (file: string) => string): string[] {
  const found: string[] = [];
  for (const file of files) {
    const text = read(file);
    for (const imp of importsOf(text)) {
      const to = target(file, imp.from);
      if (imp.from === 'better-sqlite3' || imp.from === 'drizzle-orm' || imp.from.startsWith('drizzle-orm/')) found.push(`${file}: imports ${imp.from}`);
      if (to === 'db/client') found.push(`${file}: imports db/client`);
      if (file.startsWith('components/') && to !== null && /^(app|db)\//.test(to) && !imp.typeOnly) found.push(`${file}: imports runtime code from ${to}`);
    }
    if (/\.prepare\(/.test(text)) found.push(`${file}: calls .prepare(`);
    if (/\$client\b/.test(text)) found.push(`${file}: uses the SQLite client ($client)`);
  }
  return found;
}

describe('where code goes', () => {
  it('app/, components/ and lib/ never touch the database client, and components import only types and lib/', () => {
    const files = ['app', 'components', 'lib'].flatMap(sourceFiles).filter((f) => !PENDING.has(f));
    expect(files.length).toBeGreaterThan(50);
    expect(breaches(files, (f) => fs.readFileSync(path.join(ROOT, f), 'utf8'))).toEqual([]);
  });

  it('catches each kind of breach (the scan itself works)', () => {
    const files: Record<string, string> = {
      'app/x/page.tsx': "import { getDb } from '@/db/client';\n",
      'app/x/route.ts': "import Database from 'better-sqlite3';\nconst r = db.$client.prepare('SELECT 1');\n",
      'lib/y.ts': "import { eq } from 'drizzle-orm';\nimport { sql } from 'drizzle-orm/sql';\n",
      'components/a/A.tsx': "import { HORIZONS } from '@/db/queries/forecastView';\nimport { act } from '../../app/dashboard/x/actions';\n",
      'components/a/B.tsx': "import type { Row } from '@/db/queries/audit';\nimport { type A, type B } from '@/app/x/actions';\nimport { f } from '@/lib/format';\n",
      'components/a/C.tsx': "import {\n  X,\n  type Y,\n} from '@/db/audit';\n",
    };
    expect(breaches(Object.keys(files), (f) => files[f]!)).toEqual([
      'app/x/page.tsx: imports db/client',
      'app/x/route.ts: imports better-sqlite3',
      'app/x/route.ts: calls .prepare(',
      'app/x/route.ts: uses the SQLite client ($client)',
      'lib/y.ts: imports drizzle-orm',
      'lib/y.ts: imports drizzle-orm/sql',
      'components/a/A.tsx: imports runtime code from db/queries/forecastView',
      'components/a/A.tsx: imports runtime code from app/dashboard/x/actions',
      'components/a/C.tsx: imports runtime code from db/audit',
    ]);
  });
});
