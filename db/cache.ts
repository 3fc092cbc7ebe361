import type Database from 'better-sqlite3';

/**
 * Results computed from data that never changes under its key, kept in this process so that the
 * pages asking for them again (every request to a dashboard page does) do not read and add up
 * tens of thousands of figures each time. A figure set is never changed once stored: an import
 * makes a new set and a rollback moves `is_current`, so a key naming the set ids read is correct
 * for as long as it lives, and there is nothing to invalidate. Entries are dropped oldest-used
 * first once the weights (about one per figure) pass the budget, so memory stays bounded.
 *
 * Kept per database handle: tests and scripts that open several databases never share entries.
 */
export interface CacheStats {
  hits: number;
  misses: number;
  entries: number;
  weight: number;
}

/**
 * A kept figure takes about 400 bytes, 650 with its index (measured on a national-scale council's
 * ten periods: scripts/bench/national-queries.ts): 400,000 figures, some fifteen sets of every
 * key, are about 250 MB.
 */
const DEFAULT_BUDGET = Number(process.env.SUFFICIENCY_CACHE_FIGURES ?? 400_000);

export class Lru {
  private readonly map = new Map<string, { value: unknown; weight: number }>();
  weight = 0;
  hits = 0;
  misses = 0;
  constructor(private readonly budget: number) {}

  get(key: string): unknown {
    const e = this.map.get(key);
    if (!e) return undefined;
    // Map keeps insertion order: re-inserting makes this the most recently used.
    this.map.delete(key);
    this.map.set(key, e);
    return e.value;
  }

  set(key: string, value: unknown, weight: number): void {
    const old = this.map.get(key);
    if (old) {
      this.weight -= old.weight;
      this.map.delete(key);
    }
    if (weight > this.budget) return; // larger than the whole budget: computed each time, never kept
    this.map.set(key, { value, weight });
    this.weight += weight;
    for (const [k, e] of this.map) {
      if (this.weight <= this.budget) break;
      this.map.delete(k);
      this.weight -= e.weight;
    }
  }

  get size(): number {
    return this.map.size;
  }
}

const caches = new WeakMap<Database.Database, Lru>();

function cacheOf(sqlite: Database.Database): Lru {
  let c = caches.get(sqlite);
  if (!c) {
    c = new Lru(DEFAULT_BUDGET);
    caches.set(sqlite, c);
  }
  return c;
}

/**
 * The value under `key`, computed by `compute` the first time. `key` must name everything the
 * value depends on (set ids, options); `weigh` says how much of the budget the value takes.
 */
export function cached<T>(sqlite: Database.Database, key: string, compute: () => T, weigh: (v: T) => number): T {
  const c = cacheOf(sqlite);
  const hit = c.get(key);
  if (hit !== undefined) {
    c.hits += 1;
    return hit as T;
  }
  c.misses += 1;
  const value = compute();
  c.set(key, value, Math.max(1, weigh(value)));
  return value;
}

export function cacheStats(sqlite: Database.Database): CacheStats {
  const c = cacheOf(sqlite);
  return { hits: c.hits, misses: c.misses, entries: c.size, weight: c.weight };
}
