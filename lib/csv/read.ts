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

  async function* decoded(): AsyncGenerator<string> {
    for await (const chunk of chunks) {
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
        throw new FileFormatError(
          opts.file,
          `The file is not valid UTF-8 text (an invalid byte near byte ${bytes - chunk.byteLength + 1})`,
          'a CSV file saved as "CSV UTF-8 (comma delimited)"',
        );
      }
      if (text) yield text;
      if (opts.onProgress && bytes - lastProgress >= PROGRESS_EVERY_BYTES) {
        lastProgress = bytes;
        opts.onProgress({ bytes, rows: Math.max(0, records - 1) });
      }
    }
    try {
      const rest = decoder.decode();
      if (rest) yield rest;
    } catch {
      throw new FileFormatError(opts.file, 'The file ends in the middle of a UTF-8 character', 'complete UTF-8 text');
    }
  }

  await new Promise<void>((resolve, reject) => {
    const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { delimiter: ',', skipEmptyLines: false });
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
      // A blank line keeps its row number, as in a spreadsheet, but is not a record.
      if (fields.length === 1 && (fields[0] ?? '').trim() === '') return;
      records += 1;
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

  opts.onProgress?.({ bytes, rows: Math.max(0, records - 1) });
  return { bytes, records, sha256: hash.digest('hex') };
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
