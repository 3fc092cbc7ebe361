/**
 * Receiving an upload whole: the body is streamed to a file (never held in memory), with its
 * SHA-256 and size computed on the way. A body larger than the limit, shorter than it said it
 * was, or cut off is refused and its partial file removed, so nothing of it can reach an import.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { formatMb } from './csv/read';

/** Why an upload was refused, with the HTTP status that says so. */
export class UploadError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

export interface ReceivedFile {
  name: string;
  path: string;
  bytes: number;
  sha256: string;
}

export interface ReceiveOptions {
  /** Folder for the received files (created if missing). */
  dir: string;
  /** Largest upload accepted, in bytes (all files of one request together). */
  maxBytes: number;
  /** The Content-Length the client declared, if any: fewer bytes than that means the body was cut. */
  declaredBytes?: number | null;
}

const CUT = 'The upload was cut short before the whole file arrived. Nothing was stored: send the file again.';

function tooLarge(what: string, maxBytes: number): UploadError {
  return new UploadError(
    413,
    `${what} larger than the upload limit of ${formatMb(maxBytes)}. Import larger files with "npm run import -- FILE" on the server.`,
  );
}

/** Counts, hashes and caps what passes through. */
class Meter extends Transform {
  bytes = 0;
  private readonly hash = createHash('sha256');
  constructor(
    private readonly limit: number,
    private readonly what: string,
    private readonly maxBytes: number,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: (e?: Error | null, data?: Buffer) => void): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) return done(tooLarge(this.what, this.maxBytes));
    this.hash.update(chunk);
    done(null, chunk);
  }
  digest(): string {
    return this.hash.digest('hex');
  }
}

function newPath(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `${Date.now()}-${randomUUID()}.upload`);
}

async function writeMetered(source: Readable, file: string, meter: Meter): Promise<void> {
  try {
    await pipeline(source, meter, fs.createWriteStream(file));
  } catch (e) {
    fs.rmSync(file, { force: true });
    if (e instanceof UploadError) throw e;
    throw new UploadError(400, CUT);
  }
}

/** One file sent as the whole request body. */
export async function receiveBody(body: ReadableStream<Uint8Array>, name: string, opts: ReceiveOptions): Promise<ReceivedFile> {
  const file = newPath(opts.dir);
  const meter = new Meter(opts.maxBytes, `${name} is`, opts.maxBytes);
  await writeMetered(Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>), file, meter);
  if (opts.declaredBytes != null && meter.bytes !== opts.declaredBytes) {
    fs.rmSync(file, { force: true });
    throw new UploadError(400, `${CUT} (${meter.bytes.toLocaleString('en-GB')} of ${opts.declaredBytes.toLocaleString('en-GB')} bytes arrived)`);
  }
  if (meter.bytes === 0) {
    fs.rmSync(file, { force: true });
    throw new UploadError(400, 'The request has no file in its body.');
  }
  return { name, path: file, bytes: meter.bytes, sha256: meter.digest() };
}

export interface ReceivedForm {
  fields: Record<string, string>;
  files: ReceivedFile[];
}

/**
 * A multipart/form-data body, parsed as it streams: each file part goes to its own file. The
 * form must end with its closing boundary, so a form cut off in transit is refused.
 */
export async function receiveForm(body: ReadableStream<Uint8Array>, contentType: string, fileField: string, opts: ReceiveOptions): Promise<ReceivedForm> {
  const fields: Record<string, string> = {};
  const files: ReceivedFile[] = [];
  let total = 0;
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: { 'content-type': contentType }, limits: { fields: 20, fieldSize: 1024, parts: 1000 } });
  } catch {
    throw new UploadError(400, 'The request is not a form with files (multipart/form-data).');
  }
  const writes: Promise<void>[] = [];
  let failure: UploadError | null = null;
  const removeAll = () => {
    for (const f of files) fs.rmSync(f.path, { force: true });
  };
  const parsed = new Promise<void>((resolve, reject) => {
    parser.on('field', (name, value) => {
      if (!(name in fields)) fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== fileField) {
        stream.resume();
        return;
      }
      const file = newPath(opts.dir);
      const meter = new Meter(opts.maxBytes - total, 'The files are', opts.maxBytes);
      const entry: ReceivedFile = { name: info.filename || 'upload', path: file, bytes: 0, sha256: '' };
      files.push(entry);
      writes.push(
        writeMetered(stream, file, meter).then(
          () => {
            entry.bytes = meter.bytes;
            entry.sha256 = meter.digest();
            total += meter.bytes;
          },
          (e: unknown) => {
            // A file over the limit stops the whole form: the parser would otherwise wait for it.
            failure ??= e instanceof UploadError ? e : new UploadError(400, CUT);
            parser.destroy(failure);
          },
        ),
      );
    });
    parser.on('error', () => reject(failure ?? new UploadError(400, CUT)));
    parser.on('close', resolve);
  });
  // Awaited below; marked handled now, since the pipeline may fail first.
  parsed.catch(() => undefined);
  try {
    await pipeline(Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>), parser);
    await parsed;
    await Promise.all(writes);
    if (failure) throw failure;
  } catch (e) {
    await Promise.allSettled(writes);
    await parsed.catch(() => undefined);
    removeAll();
    throw failure ?? (e instanceof UploadError ? e : new UploadError(400, CUT));
  }
  const empty = files.filter((f) => f.bytes === 0);
  for (const f of empty) fs.rmSync(f.path, { force: true });
  return { fields, files: files.filter((f) => f.bytes > 0) };
}

/** A file name sent percent-encoded in a header, decoded without throwing; control characters dropped. */
export function headerFileName(raw: string | null, fallback: string): string {
  let name = raw ?? '';
  try {
    name = decodeURIComponent(name);
  } catch {
    // Not valid percent-encoding: keep the text as sent.
  }
  name = name.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
  return name || fallback;
}
