import { createHash } from 'node:crypto';
import { SaxesParser } from 'saxes';
import { FileFormatError } from '../issues';
import { firstInvalidUtf8, formatMb } from '../csv/read';
import { EPISODE_COLUMNS, HEADER_COLUMNS, UASC_COLUMNS, type Ssda903Table } from './codes';

export type { Ssda903Table };

export interface XmlRecord {
  table: Ssda903Table;
  /** 1-based line of the element's start tag */
  line: number;
  fields: Record<string, string>;
}

/** The CSV columns each XML record is given, so the rest of the import treats both forms alike. */
export const XML_HEADER_FIELDS = HEADER_COLUMNS;
export const XML_EPISODE_FIELDS = EPISODE_COLUMNS;
export const XML_UASC_FIELDS = UASC_COLUMNS;

export interface XmlReadOptions {
  file: string;
  /** Bytes beyond which reading stops with a clear error (checked as the stream arrives). */
  maxBytes?: number;
  onProgress?: (p: { bytes: number; rows: number }) => void;
  onRecord: (r: XmlRecord) => void;
}

export interface XmlReadResult {
  bytes: number;
  /** Records emitted, all tables together. */
  records: number;
  sha256: string;
}

const ROOT = 'EXPSSDA903';
const EXPECTED = 'an SSDA903 XML export (root element EXPSSDA903)';
const PROGRESS_EVERY_RECORDS = 1000;

/** XML element name -> column. Header elements we need besides the columns (UASC, DUC) are kept too. */
const HEADER_ELEMENTS: Record<string, string> = {
  CHILDID: 'CHILD',
  SEX: 'SEX',
  DOB: 'DOB',
  ETHNIC: 'ETHNIC',
  UPN: 'UPN',
  MOTHER: 'MOTHER',
  MC_DOB: 'MC_DOB',
  UASC: 'UASC',
  DUC: 'DUC',
};
const EPISODE_ELEMENTS: Record<string, string> = {
  DECOM: 'DECOM',
  RNE: 'RNE',
  LS: 'LS',
  CIN: 'CIN',
  PL: 'PLACE',
  // Not in the DfE layout, but a hand-made file may use the CSV name: same column.
  PLACE: 'PLACE',
  PLACE_PROVIDER: 'PLACE_PROVIDER',
  DEC: 'DEC',
  REC: 'REC',
  REASON_PLACE_CHANGE: 'REASON_PLACE_CHANGE',
  HOME_POST: 'HOME_POST',
  PL_POST: 'PL_POST',
  URN: 'URN',
};

/** True when the start of a file looks like the XML form (after optional BOM/whitespace: `<?xml` or `<EXPSSDA903`). */
export function looksLikeSsda903Xml(head: string): boolean {
  const s = head.replace(/^\uFEFF/, '').trimStart();
  return s.startsWith('<?xml') || s.startsWith(`<${ROOT}`);
}

function pick(source: Map<string, string>, columns: readonly string[], child?: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of columns) out[c] = source.get(c) ?? '';
  if (child !== undefined) out.CHILD = child;
  return out;
}

/** The bytes at the end of `b` that begin a character without finishing it (what a streaming decoder holds back). */
function incompleteTail(b: Uint8Array): Uint8Array {
  for (let j = b.length - 1; j >= Math.max(0, b.length - 3); j--) {
    const c = b[j]!;
    if ((c & 0xc0) === 0x80) continue; // a continuation byte: the lead is further back
    const n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return j + n > b.length ? b.subarray(j) : new Uint8Array(0);
  }
  return new Uint8Array(0);
}

/** Names in messages are cut short: a hostile file can make one a megabyte long. */
function shortName(name: string): string {
  return name.length > 100 ? `${name.slice(0, 100)}…` : name;
}

/**
 * Streams the XML form of the SSDA903 return into header, episodes and UASC records named as the
 * CSV columns. Strict UTF-8, no DOCTYPE; memory holds one child at most (less once its HEADER is read).
 */
export async function readSsda903Xml(chunks: AsyncIterable<Uint8Array>, opts: XmlReadOptions): Promise<XmlReadResult> {
  const { file } = opts;
  const hash = createHash('sha256');
  // The decoder drops a leading BOM itself (ignoreBOM is false), so saxes never sees one.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const parser = new SaxesParser({ position: true });
  let bytes = 0;
  let records = 0;

  const emit = (r: XmlRecord) => {
    records += 1;
    opts.onRecord(r);
    if (opts.onProgress && records % PROGRESS_EVERY_RECORDS === 0) opts.onProgress({ bytes, rows: records });
  };

  // Structure: depth 1 = EXPSSDA903, 2 = CHILD, 3 = HEADER/EPISODE, 4 = a field.
  let depth = 0;
  let sawRoot = false;
  let rootClosed = false;
  let inChild = false;
  let section: 'header' | 'episode' | null = null;
  let sectionLine = 0;
  let sectionFields = new Map<string, string>();
  let field: string | null = null; // column being read, when the depth-4 element is one we keep
  let fieldText = '';
  // The child's ID once its first HEADER is read; episodes before it wait in `pending`.
  let childId: string | null = null;
  let pending: { line: number; fields: Map<string, string> }[] = [];

  const emitEpisode = (line: number, fields: Map<string, string>, child: string) =>
    emit({ table: 'episodes', line, fields: pick(fields, XML_EPISODE_FIELDS, child) });

  // saxes's column is that of the last character read; at opentagstart that is the one ending the
  // name, which can be a line break (column 0, line already advanced): the tag began a line before.
  const tagLine = () => (parser.column === 0 ? parser.line - 1 : parser.line);

  parser.on('error', (err) => {
    // saxes prefixes "line:column: "; the position goes in our own words instead.
    const message = err.message.replace(/^\d+:\d+: /, '');
    throw new FileFormatError(
      file,
      `The XML is not well formed at line ${parser.line}, column ${parser.column}: ${message}`,
      EXPECTED,
      parser.line,
    );
  });

  parser.on('doctype', () => {
    // Normally caught earlier by scanning the prolog; this is the backstop.
    throw new FileFormatError(file, 'DOCTYPE is not allowed', EXPECTED, parser.line);
  });

  parser.on('opentagstart', (tag) => {
    depth += 1;
    if (depth === 1) {
      sawRoot = true;
      if (tag.name !== ROOT) {
        throw new FileFormatError(file, `The root element is <${shortName(tag.name)}>, not <${ROOT}>`, EXPECTED, tagLine());
      }
    } else if (depth === 2) {
      if (tag.name === 'CHILD') {
        inChild = true;
        childId = null;
        pending = [];
      }
    } else if (depth === 3 && inChild) {
      if (tag.name === 'HEADER' || tag.name === 'EPISODE') {
        section = tag.name === 'HEADER' ? 'header' : 'episode';
        sectionLine = tagLine();
        sectionFields = new Map();
      }
    } else if (depth === 4 && section) {
      field = (section === 'header' ? HEADER_ELEMENTS : EPISODE_ELEMENTS)[tag.name] ?? null;
      fieldText = '';
    }
  });

  const onText = (text: string) => {
    // Only the direct text of a kept field: text nested deeper (AREVIEW and the like) is not ours.
    if (field !== null && depth === 4) fieldText += text;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);

  parser.on('closetag', () => {
    if (depth === 4 && field !== null) {
      // A repeated element does not overwrite the first: the file's first word stands.
      if (!sectionFields.has(field)) sectionFields.set(field, fieldText.trim());
      field = null;
      fieldText = '';
    } else if (depth === 3 && section) {
      if (section === 'header') {
        const id = sectionFields.get('CHILD') ?? '';
        // Every HEADER becomes a header row (a second one is then reported as a duplicate, not lost);
        // the child's episodes take the first one's ID.
        emit({ table: 'header', line: sectionLine, fields: pick(sectionFields, XML_HEADER_FIELDS) });
        if (sectionFields.get('UASC') === '1' || (sectionFields.get('DUC') ?? '') !== '') {
          emit({ table: 'uasc', line: sectionLine, fields: pick(sectionFields, XML_UASC_FIELDS) });
        }
        if (childId === null) {
          childId = id;
          for (const e of pending) emitEpisode(e.line, e.fields, id);
          pending = [];
        }
      } else if (childId !== null) {
        emitEpisode(sectionLine, sectionFields, childId);
      } else {
        pending.push({ line: sectionLine, fields: sectionFields });
      }
      section = null;
    } else if (depth === 1) {
      rootClosed = true;
    } else if (depth === 2 && inChild) {
      // A child without a HEADER: its episodes still go out, with a blank CHILD for validation to report.
      for (const e of pending) emitEpisode(e.line, e.fields, '');
      pending = [];
      inChild = false;
      childId = null;
    }
    depth -= 1;
  });

  // A DOCTYPE is refused as soon as "<!DOCTYPE" is seen, before saxes buffers its internal subset
  // (which could be huge). It can only come before the root: saxes itself refuses one after.
  let prologTail = '';
  const refuseDoctype = (text: string) => {
    const joined = prologTail + text;
    const at = joined.indexOf('<!DOCTYPE');
    // Only before the root's start tag: "<!DOCTYPE" later on (in a CDATA section, say) is data.
    const root = joined.search(/<[A-Za-z_:]/);
    if (at === -1 || (root !== -1 && root < at)) {
      prologTail = joined.slice(-8);
      return;
    }
    // Feed saxes up to the token so its line is the token's (the token holds no line break).
    const before = text.slice(0, Math.max(0, at - prologTail.length));
    parser.write(before);
    // saxes holds back a trailing CR until it knows whether LF follows.
    const line = parser.line + (before.endsWith('\r') ? 1 : 0);
    throw new FileFormatError(file, 'DOCTYPE is not allowed', EXPECTED, line);
  };

  // saxes reports text outside the root when it reaches the next "<" or the end of what it was
  // given, so the line it names would depend on chunk sizes. Outside the root (and in a chunk that
  // may close it) the text goes in one line at a time, so the line is always the text's own.
  let closeTail = '';
  const closeTag = `</${ROOT}`;
  const nextBreak = (text: string, from: number) => {
    const lf = text.indexOf('\n', from);
    const cr = text.indexOf('\r', from);
    return lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
  };
  const feed = (text: string) => {
    if (text === '') return;
    if (!sawRoot) refuseDoctype(text);
    // The closing tag may straddle two chunks: look at the end of the last one too.
    const mayClose = text.includes(closeTag) || (closeTail + text.slice(0, closeTag.length)).includes(closeTag);
    closeTail = (closeTail + text.slice(-closeTag.length)).slice(-closeTag.length);
    if (sawRoot && !rootClosed && !mayClose) {
      parser.write(text);
      return;
    }
    // Split before every line break, LF or CR: XML counts a lone CR (old Mac files) as a line
    // break too. A CR and the LF after it may go in two writes: saxes holds a trailing CR back
    // until it sees whether LF follows, so CRLF is still one line.
    let start = 0;
    for (let at = nextBreak(text, 0); at !== -1; at = nextBreak(text, at + 1)) {
      if (at > start) parser.write(text.slice(start, at));
      start = at;
    }
    parser.write(text.slice(start));
  };

  let previous: Uint8Array = new Uint8Array(0);
  for await (const chunk of chunks) {
    if (chunk.byteLength === 0) continue;
    if (bytes === 0 && chunk.byteLength >= 2 && ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff))) {
      throw new FileFormatError(file, 'The file is UTF-16 text, not UTF-8', 'an SSDA903 XML export in UTF-8');
    }
    bytes += chunk.byteLength;
    if (opts.maxBytes !== undefined && bytes > opts.maxBytes) {
      throw new FileFormatError(
        file,
        `The file is larger than the upload limit of ${formatMb(opts.maxBytes)}`,
        `a file of at most ${formatMb(opts.maxBytes)}; import larger files with "npm run import -- FILE"`,
      );
    }
    hash.update(chunk);
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      // The decoder may be holding the start of a character from the previous chunk: look at both.
      const held = incompleteTail(previous);
      const probe = new Uint8Array(held.length + chunk.length);
      probe.set(held);
      probe.set(chunk, held.length);
      const bad = firstInvalidUtf8(probe) - held.length;
      const at = bytes - chunk.byteLength + bad + 1;
      // Lines so far, plus the line breaks in this chunk before the bad byte (0x0A is only ever LF in UTF-8).
      let line = parser.line;
      for (let i = chunk.indexOf(0x0a); i !== -1 && i < bad; i = chunk.indexOf(0x0a, i + 1)) line += 1;
      throw new FileFormatError(
        file,
        `The file is not valid UTF-8 text (an invalid byte at byte ${at}, line ${line})`,
        'an SSDA903 XML export in UTF-8',
        line,
      );
    }
    previous = chunk;
    feed(text);
  }

  if (bytes === 0) throw new FileFormatError(file, 'The file is empty', EXPECTED);
  let rest: string;
  try {
    rest = decoder.decode();
  } catch {
    throw new FileFormatError(file, 'The file ends in the middle of a UTF-8 character', 'complete UTF-8 text', parser.line);
  }
  feed(rest);
  // Reports an unclosed element or a missing root, through the error handler above.
  parser.close();

  opts.onProgress?.({ bytes, rows: records });
  return { bytes, records, sha256: hash.digest('hex') };
}
