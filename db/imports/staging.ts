import type Database from 'better-sqlite3';

type Cell = string | number | null;

/**
 * Multi-row INSERTs into a staging table: one statement per `batch` rows is several times faster
 * than one per row. One reused buffer (no array per row or per batch): a row's values are written
 * at `n`, then `rowDone()`. `add()` does both for code that is not on a hot path.
 */
export class Stager {
  readonly values: Cell[];
  n = 0;
  private readonly full: Database.Statement;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly into: string,
    private readonly width: number,
    private readonly batch = 200,
  ) {
    this.values = new Array<Cell>(batch * width);
    this.full = sqlite.prepare(this.sql(batch));
  }

  private sql(rows: number): string {
    const row = `(${Array(this.width).fill('?').join(', ')})`;
    return `INSERT INTO ${this.into} VALUES ${Array.from({ length: rows }, () => row).join(', ')}`;
  }

  rowDone(): void {
    if (this.n === this.values.length) this.flush();
  }

  add(...cells: Cell[]): void {
    for (const c of cells) this.values[this.n++] = c;
    this.rowDone();
  }

  flush(): void {
    if (this.n === 0) return;
    const rows = this.n / this.width;
    // Spread as arguments: better-sqlite3 reads arguments directly but an array's elements one
    // property lookup at a time, a third slower over millions of values.
    if (rows === this.batch) this.full.run(...this.values);
    else this.sqlite.prepare(this.sql(rows)).run(...this.values.slice(0, this.n));
    this.n = 0;
  }
}
