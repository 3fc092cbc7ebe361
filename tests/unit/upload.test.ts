/**
 * Receiving uploads whole: bodies go to a file with their SHA-256; a body larger than the limit,
 * shorter than its Content-Length, or a form cut before its closing boundary is refused and
 * leaves no file behind.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UploadError, headerFileName, receiveBody, receiveForm } from '@/lib/upload';

let dir = '';
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'upload-test-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A web stream of the bytes in chunks of `size`, optionally failing (as a dropped connection does) after `failAfter` bytes. */
function stream(bytes: Uint8Array, size = 7000, failAfter?: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (failAfter !== undefined && at >= failAfter) return controller.error(new Error('aborted'));
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, at + size));
      at += size;
    },
  });
}

const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');
const filesLeft = () => fs.readdirSync(dir).length;

async function refusal(p: Promise<unknown>): Promise<UploadError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(UploadError);
  return e as UploadError;
}

describe('receiveBody', () => {
  const body = new Uint8Array(Buffer.from('period_end,la_code\n'.repeat(3000)));

  it('writes the whole body to a file with its size and SHA-256', async () => {
    const f = await receiveBody(stream(body), 'a.csv', { dir, maxBytes: 1e6, declaredBytes: body.length });
    expect(f.bytes).toBe(body.length);
    expect(f.sha256).toBe(sha(body));
    expect(sha(fs.readFileSync(f.path))).toBe(sha(body));
    expect(f.name).toBe('a.csv');
  });

  it('refuses a body over the limit with 413 and keeps nothing', async () => {
    const e = await refusal(receiveBody(stream(body), 'big.csv', { dir, maxBytes: body.length - 1 }));
    expect(e.status).toBe(413);
    expect(e.message).toContain('big.csv is larger than the upload limit');
    expect(filesLeft()).toBe(0);
  });

  it('refuses a body shorter than its declared length', async () => {
    const e = await refusal(receiveBody(stream(body.subarray(0, 20000)), 'cut.csv', { dir, maxBytes: 1e6, declaredBytes: body.length }));
    expect(e.status).toBe(400);
    expect(e.message).toMatch(/cut short.*20,000 of 57,000 bytes/);
    expect(filesLeft()).toBe(0);
  });

  it('refuses a body whose connection drops, keeping no partial file', async () => {
    const e = await refusal(receiveBody(stream(body, 7000, 21000), 'drop.csv', { dir, maxBytes: 1e6 }));
    expect(e.status).toBe(400);
    expect(e.message).toContain('cut short');
    expect(filesLeft()).toBe(0);
  });

  it('refuses an empty body', async () => {
    const e = await refusal(receiveBody(stream(new Uint8Array(0)), 'empty.csv', { dir, maxBytes: 1e6 }));
    expect(e.message).toContain('no file');
    expect(filesLeft()).toBe(0);
  });
});

describe('receiveForm', () => {
  const boundary = '----sufficiency-test';
  const part = (name: string, content: string, file?: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${file ? `; filename="${file}"` : ''}\r\n${file ? 'Content-Type: text/csv\r\n' : ''}\r\n${content}\r\n`;
  const header = 'CHILD,SEX,DOB\n' + '1,M,01/01/2010\n'.repeat(2000);
  const episodes = 'CHILD,DECOM\n' + '1,01/04/2023\n'.repeat(3000);
  const form = part('la', 'E06000004') + part('files', header, '2024-header.csv') + part('files', episodes, '2024-episodes.csv') + `--${boundary}--\r\n`;
  const type = `multipart/form-data; boundary=${boundary}`;

  it('streams each file to its own file and reads the fields', async () => {
    const r = await receiveForm(stream(new Uint8Array(Buffer.from(form))), type, 'files', { dir, maxBytes: 1e6 });
    expect(r.fields.la).toBe('E06000004');
    expect(r.files.map((f) => [f.name, f.bytes, f.sha256])).toEqual([
      ['2024-header.csv', header.length, sha(header)],
      ['2024-episodes.csv', episodes.length, sha(episodes)],
    ]);
    expect(fs.readFileSync(r.files[1]!.path, 'utf8')).toBe(episodes);
  });

  it('refuses a form cut before its closing boundary and removes what it had written', async () => {
    const cut = new Uint8Array(Buffer.from(form.slice(0, form.length - 2000)));
    const e = await refusal(receiveForm(stream(cut), type, 'files', { dir, maxBytes: 1e6 }));
    expect(e.status).toBe(400);
    expect(filesLeft()).toBe(0);
  });

  it('refuses files larger than the limit together, with 413', async () => {
    const e = await refusal(receiveForm(stream(new Uint8Array(Buffer.from(form))), type, 'files', { dir, maxBytes: header.length + 100 }));
    expect(e.status).toBe(413);
    expect(filesLeft()).toBe(0);
  });

  it('refuses a body that is not a multipart form', async () => {
    const e = await refusal(receiveForm(stream(new Uint8Array(Buffer.from('a=b'))), 'multipart/form-data', 'files', { dir, maxBytes: 1e6 }));
    expect(e.status).toBe(400);
  });
});

describe('headerFileName', () => {
  it('decodes percent-encoding, keeps bad encodings as sent and drops control characters', () => {
    expect(headerFileName(encodeURIComponent('Stockton 2024 – figures.csv'), 'x')).toBe('Stockton 2024 – figures.csv');
    expect(headerFileName('%E0%A4%A', 'x')).toBe('%E0%A4%A');
    expect(headerFileName('a%0Ab%00c.csv', 'x')).toBe('abc.csv');
    expect(headerFileName(null, 'upload.csv')).toBe('upload.csv');
    expect(headerFileName('   ', 'upload.csv')).toBe('upload.csv');
  });
});
