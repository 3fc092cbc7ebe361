import Papa from 'papaparse';
import { tableOfHeader } from './ssda903/rows';
import { looksLikeSsda903Xml } from './ssda903/xml';

/** The kinds of file `npm run import` and the import page take, told apart by their header. */
export type ImportKind = 'sufficiency_template' | 'ees' | 'ofsted' | 'ro3' | 'ssda903' | 'postcode_sectors';

export const KIND_LABELS: Record<ImportKind, string> = {
  sufficiency_template: 'sufficiency template',
  ees: 'DfE Explore Education Statistics open data',
  ofsted: 'Ofsted providers and places register',
  ro3: 'MHCLG revenue outturn RO3 (children looked after spend)',
  ssda903: 'SSDA903 return (children looked after, child level)',
  postcode_sectors: 'postcode sector lookup (sector, latitude, longitude)',
};

/**
 * Looks at the first rows of a file: the template has period_end and measure; EES files have
 * time_period and geographic_level; Ofsted's register has URN and Provision type, perhaps below
 * title rows; MHCLG's revenue outturn RO3 has E-code and ONS Code. Null when none fits.
 */
export function detectKind(headText: string): ImportKind | null {
  if (looksLikeSsda903Xml(headText)) return 'ssda903';
  const rows = Papa.parse<string[]>(headText.replace(/^\uFEFF/, ''), { preview: 20, skipEmptyLines: true }).data;
  const first = (rows[0] ?? []).map((c) => c.trim().toLowerCase());
  if (first.includes('period_end') && first.includes('measure')) return 'sufficiency_template';
  if (first.includes('time_period') && first.includes('geographic_level')) return 'ees';
  if (first.includes('e-code') && first.includes('ons code')) return 'ro3';
  if (tableOfHeader(rows[0] ?? []) !== null) return 'ssda903';
  if (first.includes('sector') && first.includes('latitude') && first.includes('longitude')) return 'postcode_sectors';
  for (const r of rows) {
    const cells = r.map((c) => c.trim().toLowerCase());
    if (cells.includes('urn') && cells.includes('provision type')) return 'ofsted';
  }
  return null;
}

/** Reads the first bytes of a stream for detection and hands back a stream that still starts at byte 0. */
export async function peek(
  chunks: AsyncIterable<Uint8Array>,
  bytes = 64 * 1024,
): Promise<{ head: string; headBytes: Uint8Array; chunks: AsyncIterable<Uint8Array> }> {
  const it = chunks[Symbol.asyncIterator]();
  const taken: Uint8Array[] = [];
  let size = 0;
  let done = false;
  while (size < bytes) {
    const n = await it.next();
    if (n.done) {
      done = true;
      break;
    }
    taken.push(n.value);
    size += n.value.byteLength;
  }
  const headBytes = concat(taken).subarray(0, bytes);
  const head = new TextDecoder('utf-8', { fatal: false }).decode(headBytes);
  async function* rest(): AsyncGenerator<Uint8Array> {
    for (const t of taken) yield t;
    if (done) return;
    for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
  }
  return { head, headBytes, chunks: rest() };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.byteLength;
  }
  return out;
}
