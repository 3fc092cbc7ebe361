import { Readable } from 'node:stream';
import Papa from 'papaparse';
import { FileFormatError } from '../issues';

export interface ReadProgress {
  bytes: number;
  rows: number;
}

export interface CsvReadOptions {
  file: string;
  /** Bytes beyond which reading stops with a clear error (checked as the stream arrives). */
  maxBytes?: number;
  onProgress?: (p: ReadProgress) => void;
  /** Called for every record but blank ones, with its row number (header = 1). */
  onRecord: (fields: string[], row: number) => void;
}

export interface CsvReadResult {
  bytes: number;
  /** Records read, header included, blank lines not. */
  records: number;
  sha256: string;
}

const PROGRESS_EVERY_BYTES = 256 * 1024;

/**
 * Decodes a byte stream as strict UTF-8 (a byte-order mark is dropped), refuses binary files,
 * and streams the records to `onRecord` through papaparse. Memory stays flat in file size.
 */
export async function readCsvStream(
  chunks: AsyncIterable<Uint8Array>,
  opts: CsvReadOptions,
): Promise<CsvReadResult> {
  const { createHash } = await import('node:crypto');
  const hash = createHash('sha256');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  let rowNumber = 0;
  let records = 0;
  let lastProgress = 0;

  // Whether the text so far ends inside a quoted field: a file that ends so is cut short, and
  // papaparse would otherwise hand over the partial value as if it were whole.
  let inQuote = false;
  let lastChar = '';
  let maxFields = 0;
  let lastFields = 0;
  const trackQuotes = (text: string) => {
    for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) inQuote = !inQuote;
  };

  // Files saved by hand mix line ends (CRLF, LF, an old Mac's CR). papaparse guesses one from its
  // first chunk and would run rows together after that, so every line end becomes LF here; a CR
  // at the end of a chunk waits to see whether an LF follows. (A line break inside a quoted value
  // comes through as LF too.)
  let pendingCr = false;
  const unifyLineEnds = (t: string): string => {
    if (!t) return t;
    let out = (pendingCr ? '\r' : '') + t;
    pendingCr = out.endsWith('\r');
    if (pendingCr) out = out.slice(0, -1);
    // A file with LF line ends has no CR: finding none is much cheaper than a replace that changes nothing.
    return out.includes('\r') ? out.replace(/\r\n?/g, '\n') : out;
  };

  async function* decoded(): AsyncGenerator<string> {
    for await (const chunk of chunks) {
      // Excel's "Unicode text" is UTF-16: say so, rather than "binary" for its NUL bytes.
      if (bytes === 0 && chunk.byteLength >= 2 && ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff))) {
        throw new FileFormatError(opts.file, 'The file is UTF-16 text, not UTF-8', 'a CSV file saved as "CSV UTF-8 (comma delimited)"');
      }
      const nul = chunk.indexOf(0);
      if (nul !== -1) {
        throw new FileFormatError(
          opts.file,
          `This is not a text file: it contains a NUL byte at byte ${bytes + nul + 1}`,
          'a CSV file saved as "CSV UTF-8 (comma delimited)"',
        );
      }
      bytes += chunk.byteLength;
      if (opts.maxBytes !== undefined && bytes > opts.maxBytes) {
        throw new FileFormatError(
          opts.file,
          `The file is larger than the upload limit of ${formatMb(opts.maxBytes)}`,
          `a file of at most ${formatMb(opts.maxBytes)}; import larger files with "npm run import -- FILE"`,
        );
      }
      hash.update(chunk);
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        const at = bytes - chunk.byteLength + firstInvalidUtf8(chunk) + 1;
        throw new FileFormatError(
          opts.file,
          `The file is not valid UTF-8 text (an invalid byte at byte ${at}; perhaps it was saved as Windows-1252 or "CSV (comma delimited)")`,
          'a CSV file saved as "CSV UTF-8 (comma delimited)"',
        );
      }
      trackQuotes(text);
      if (text) lastChar = text[text.length - 1]!;
      const lines = unifyLineEnds(text);
      if (lines) yield lines;
      if (opts.onProgress && bytes - lastProgress >= PROGRESS_EVERY_BYTES) {
        lastProgress = bytes;
        opts.onProgress({ bytes, rows: Math.max(0, records - 1) });
      }
    }
    try {
      const rest = decoder.decode();
      trackQuotes(rest);
      if (rest) lastChar = rest[rest.length - 1]!;
      const lines = unifyLineEnds(rest) + (pendingCr ? '\n' : '');
      if (lines) yield lines;
    } catch {
      throw new FileFormatError(opts.file, 'The file ends in the middle of a UTF-8 character', 'complete UTF-8 text');
    }
  }

  await new Promise<void>((resolve, reject) => {
    const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { delimiter: ',', newline: '\n', skipEmptyLines: false });
    const source = Readable.from(decoded(), { objectMode: false, encoding: 'utf8' });
    let failed = false;
    const fail = (e: unknown) => {
      if (failed) return;
      failed = true;
      source.destroy();
      parser.destroy();
      reject(e);
    };
    source.on('error', fail);
    parser.on('error', fail);
    parser.on('data', (fields: string[]) => {
      if (failed) return;
      rowNumber += 1;
      // A blank line keeps its row number, as in a spreadsheet, but is not a record; so does a row
      // of empty cells, which spreadsheets leave below the data (",,,,").
      if (fields.every((f) => f.trim() === '')) return;
      records += 1;
      maxFields = Math.max(maxFields, fields.length);
      lastFields = fields.length;
      try {
        opts.onRecord(fields, rowNumber);
      } catch (e) {
        fail(e);
      }
    });
    parser.on('end', () => {
      if (!failed) resolve();
    });
    source.pipe(parser);
  });

  // Spreadsheets end files with a line break; a last row shorter than the rest without one
  // was cut off (a download or copy that stopped).
  if (lastChar !== '' && lastChar !== '\n' && lastChar !== '\r' && lastFields < maxFields) {
    throw new FileFormatError(
      opts.file,
      `The last row has ${lastFields} fields where others have ${maxFields}, and the file does not end with a line break: it looks cut short`,
      'the whole file',
      rowNumber,
    );
  }
  if (inQuote) {
    throw new FileFormatError(
      opts.file,
      'The file ends inside a quoted value: a closing quote (") is missing, or the file was cut short',
      'every quoted value closed, and the whole file',
      rowNumber,
    );
  }
  opts.onProgress?.({ bytes, rows: Math.max(0, records - 1) });
  return { bytes, records, sha256: hash.digest('hex') };
}

/** Index of the first byte that does not start a valid UTF-8 sequence (for the error message). */
export function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    const n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (n === 0) return i;
    if (i + n > b.length) return i; // cut at the chunk's end: the next chunk may complete it
    for (let k = 1; k < n; k++) if ((b[i + k]! & 0xc0) !== 0x80) return i;
    i += n;
  }
  return 0;
}

export function formatMb(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

/** Async iteration over a file on disk, in 1 MB chunks. */
export async function* fileChunks(path: string): AsyncGenerator<Uint8Array> {
  const fs = await import('node:fs');
  const stream = fs.createReadStream(path, { highWaterMark: 1024 * 1024 });
  for await (const chunk of stream) yield chunk as Buffer;
}

/** The same for bytes already in memory (tests, small uploads). */
export async function* bufferChunks(data: Uint8Array | string, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  for (let i = 0; i < bytes.byteLength; i += size) yield bytes.subarray(i, i + size);
}
