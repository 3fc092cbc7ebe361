/** A problem found in an input file, located as precisely as the file allows. */
export interface ImportIssue {
  file: string;
  /** CSV record number, the header being row 1 (what a spreadsheet shows); null for file-level problems. */
  row: number | null;
  column: string | null;
  value: string | null;
  message: string;
  /** What would have been accepted. */
  expected: string | null;
  /** The DfE validation rule (SSDA903), where one applies. */
  rule?: string | null;
}

const MAX_VALUE = 200;

/** Keeps every count but only the first `cap` issues in detail, so a bad 1 GB file cannot exhaust memory. */
export class IssueList {
  readonly items: ImportIssue[] = [];
  total = 0;
  constructor(
    readonly file: string,
    readonly cap = 1000,
  ) {}

  add(issue: Omit<ImportIssue, 'file'>): void {
    this.total += 1;
    if (this.items.length >= this.cap) return;
    // A hostile file can put megabytes in one cell: the report keeps enough to recognise it.
    const value = issue.value !== null && issue.value.length > MAX_VALUE ? `${issue.value.slice(0, MAX_VALUE)}… (${issue.value.length.toLocaleString('en-GB')} characters)` : issue.value;
    this.items.push({ file: this.file, ...issue, value });
  }

  get empty(): boolean {
    return this.total === 0;
  }
}

/** Thrown when a file cannot be read as CSV at all (binary, wrong encoding, too big). */
export class FileFormatError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly expected: string | null = null,
    /** The row the problem shows at, when there is one (e.g. the last row of a cut-off file). */
    readonly row: number | null = null,
  ) {
    super(message);
    this.name = 'FileFormatError';
  }
}

/** Issues as one line each, for the command line and logs. */
export function formatIssue(i: ImportIssue): string {
  const where = [i.file, i.row !== null ? `row ${i.row}` : null, i.column ? `column ${i.column}` : null]
    .filter(Boolean)
    .join(', ');
  const value = i.value !== null ? ` (value "${i.value}")` : '';
  const expected = i.expected ? ` Expected: ${i.expected}.` : '';
  const rule = i.rule ? ` [DfE rule ${i.rule}]` : '';
  return `${where}: ${i.message}${value}.${expected}${rule}`;
}
