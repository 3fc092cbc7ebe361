import { createHash } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { FileFormatError } from '@/lib/issues';
import {
  looksLikeSsda903Xml,
  readSsda903Xml,
  XML_EPISODE_FIELDS,
  XML_HEADER_FIELDS,
  XML_UASC_FIELDS,
  type XmlRecord,
} from '@/lib/ssda903/xml';

const encode = (s: string) => new TextEncoder().encode(s);

/** The bytes in chunks of the given sizes, cycling through them. */
async function* chunked(data: Uint8Array | string, sizes: number[] = [data.length]): AsyncGenerator<Uint8Array> {
  const bytes = typeof data === 'string' ? encode(data) : data;
  for (let i = 0, k = 0; i < bytes.length; k++) {
    const n = Math.max(1, sizes[k % sizes.length]!);
    yield bytes.subarray(i, i + n);
    i += n;
  }
}

/** A small deterministic PRNG, so a failing chunking can be reproduced. */
function randomSizes(seed: number, count: number, max: number): number[] {
  let s = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.push(1 + (s % max));
  }
  return out;
}

async function read(data: Uint8Array | string, sizes?: number[], maxBytes?: number) {
  const records: XmlRecord[] = [];
  const progress: { bytes: number; rows: number }[] = [];
  const result = await readSsda903Xml(chunked(data, sizes), {
    file: 'return.xml',
    maxBytes,
    onRecord: (r) => records.push(r),
    onProgress: (p) => progress.push(p),
  });
  return { records, progress, result };
}

async function failure(data: Uint8Array | string, sizes?: number[], maxBytes?: number): Promise<FileFormatError> {
  try {
    await read(data, sizes, maxBytes);
  } catch (e) {
    expect(e).toBeInstanceOf(FileFormatError);
    return e as FileFormatError;
  }
  throw new Error('expected a FileFormatError');
}

// Line numbers matter: each entry is one line of the file.
const SAMPLE_LINES = [
  /*  1 */ '<?xml version="1.0" encoding="utf-8"?>',
  /*  2 */ '<EXPSSDA903>',
  /*  3 */ '  <VERSION>2</VERSION>',
  /*  4 */ '  <CHILD>',
  /*  5 */ '    <HEADER>',
  /*  6 */ '      <CHILDID>398768</CHILDID><UPN>B097131712320</UPN><SEX>2</SEX><DOB>17/12/1999</DOB><ETHNIC>BCRB</ETHNIC>',
  /*  7 */ '      <UASC>1</UASC><DUC>12/12/2017</DUC><MOTHER>1</MOTHER><MC_DOB>21/11/2017</MC_DOB>',
  /*  8 */ '      <AREVIEW><REVIEW>01/01/2017</REVIEW><CHILDID>999</CHILDID></AREVIEW><IN_TOUCH>YES</IN_TOUCH>',
  /*  9 */ '    </HEADER>',
  /* 10 */ '    <EPISODE>',
  /* 11 */ '      <DECOM>09/04/2017</DECOM><RNE>S</RNE><LS>L3</LS><CIN>N1</CIN><PL>U4</PL><PL_POST>H8 7</PL_POST><HOME_POST>V28 5</HOME_POST>',
  /* 12 */ '      <URN>1679094</URN><PLACE_PROVIDER>PR1</PLACE_PROVIDER><DEC>31/10/2017</DEC><REC>E7</REC><REASON_PLACE_CHANGE></REASON_PLACE_CHANGE>',
  /* 13 */ '    </EPISODE>',
  /* 14 */ '  </CHILD>',
  /* 15 */ '  <CHILD>',
  /* 16 */ '    <EPISODE>',
  /* 17 */ '      <DECOM>01/05/2017</DECOM><RNE>P</RNE><LS>C2</LS><CIN>N2</CIN><PL>R1</PL><REC>X1</REC>',
  /* 18 */ '    </EPISODE>',
  /* 19 */ '    <EPISODE><DECOM>01/06/2017</DECOM><RNE>P</RNE><PL>U1</PL><DEC/><PL_POST>A &amp; B</PL_POST></EPISODE>',
  /* 20 */ '    <HEADER>',
  /* 21 */ '      <CHILDID> 500001 </CHILDID><SEX>1</SEX><DOB>02/03/2005</DOB><UASC>0</UASC><DUC></DUC><ETHNIC>WBRI é</ETHNIC>',
  /* 22 */ '    </HEADER>',
  /* 23 */ '    <EPISODE',
  /* 24 */ '        id="3">',
  /* 25 */ '      <DECOM>01/07/2017</DECOM><RNE>T</RNE><PL>U2</PL><URN><![CDATA[SC123]]></URN>',
  /* 26 */ '    </EPISODE>',
  /* 27 */ '  </CHILD>',
  /* 28 */ '</EXPSSDA903>',
];
const SAMPLE = `${SAMPLE_LINES.join('\n')}\n`;

const blankEpisode = Object.fromEntries(XML_EPISODE_FIELDS.map((f) => [f, ''])) as Record<string, string>;

const EXPECTED_RECORDS: XmlRecord[] = [
  {
    table: 'header',
    line: 5,
    fields: { CHILD: '398768', SEX: '2', DOB: '17/12/1999', ETHNIC: 'BCRB', UPN: 'B097131712320', MOTHER: '1', MC_DOB: '21/11/2017' },
  },
  { table: 'uasc', line: 5, fields: { CHILD: '398768', SEX: '2', DOB: '17/12/1999', DUC: '12/12/2017' } },
  {
    table: 'episodes',
    line: 10,
    fields: {
      CHILD: '398768',
      DECOM: '09/04/2017',
      RNE: 'S',
      LS: 'L3',
      CIN: 'N1',
      PLACE: 'U4',
      PLACE_PROVIDER: 'PR1',
      DEC: '31/10/2017',
      REC: 'E7',
      REASON_PLACE_CHANGE: '',
      HOME_POST: 'V28 5',
      PL_POST: 'H8 7',
      URN: '1679094',
    },
  },
  // The second child's HEADER comes after two of its episodes: the header still goes first.
  {
    table: 'header',
    line: 20,
    fields: { CHILD: '500001', SEX: '1', DOB: '02/03/2005', ETHNIC: 'WBRI é', UPN: '', MOTHER: '', MC_DOB: '' },
  },
  {
    table: 'episodes',
    line: 16,
    fields: { ...blankEpisode, CHILD: '500001', DECOM: '01/05/2017', RNE: 'P', LS: 'C2', CIN: 'N2', PLACE: 'R1', REC: 'X1' },
  },
  {
    table: 'episodes',
    line: 19,
    fields: { ...blankEpisode, CHILD: '500001', DECOM: '01/06/2017', RNE: 'P', PLACE: 'U1', PL_POST: 'A & B' },
  },
  {
    table: 'episodes',
    line: 23,
    fields: { ...blankEpisode, CHILD: '500001', DECOM: '01/07/2017', RNE: 'T', PLACE: 'U2', URN: 'SC123' },
  },
];

describe('looksLikeSsda903Xml', () => {
  it('recognises the XML form after a BOM or white space', () => {
    expect(looksLikeSsda903Xml('<?xml version="1.0"?><EXPSSDA903>')).toBe(true);
    expect(looksLikeSsda903Xml('\uFEFF<?xml version="1.0"?>')).toBe(true);
    expect(looksLikeSsda903Xml('\r\n  <EXPSSDA903>\n<CHILD>')).toBe(true);
    expect(looksLikeSsda903Xml('\uFEFF <EXPSSDA903>')).toBe(true);
  });
  it('does not take CSV or other text for it', () => {
    expect(looksLikeSsda903Xml('CHILD,SEX,DOB\n1,1,01/01/2010')).toBe(false);
    expect(looksLikeSsda903Xml('')).toBe(false);
    expect(looksLikeSsda903Xml('<html>')).toBe(false);
  });
});

describe('readSsda903Xml', () => {
  it('reads a well-formed return into header, uasc and episode records, with their lines', async () => {
    const { records, result, progress } = await read(SAMPLE);
    expect(records).toEqual(EXPECTED_RECORDS);
    expect(result.records).toBe(EXPECTED_RECORDS.length);
    expect(result.bytes).toBe(encode(SAMPLE).length);
    expect(result.sha256).toBe(createHash('sha256').update(encode(SAMPLE)).digest('hex'));
    expect(progress.at(-1)).toEqual({ bytes: result.bytes, rows: EXPECTED_RECORDS.length });
  });

  it('gives every record exactly the CSV columns', async () => {
    const { records } = await read(SAMPLE);
    const columns = { header: XML_HEADER_FIELDS, episodes: XML_EPISODE_FIELDS, uasc: XML_UASC_FIELDS };
    for (const r of records) expect(Object.keys(r.fields)).toEqual([...columns[r.table]]);
  });

  it('makes absent and empty elements blank, and trims values', async () => {
    const xml = [
      '<EXPSSDA903><CHILD>',
      '<HEADER><CHILDID>7</CHILDID><SEX></SEX><DOB/><UPN>   </UPN><ETHNIC>\n  WBRI \n</ETHNIC></HEADER>',
      '<EPISODE></EPISODE>',
      '<EPISODE/>',
      '</CHILD></EXPSSDA903>',
    ].join('\n');
    const { records } = await read(xml);
    expect(records).toEqual([
      { table: 'header', line: 2, fields: { CHILD: '7', SEX: '', DOB: '', ETHNIC: 'WBRI', UPN: '', MOTHER: '', MC_DOB: '' } },
      // The ETHNIC text spans lines 2 to 4.
      { table: 'episodes', line: 5, fields: { ...blankEpisode, CHILD: '7' } },
      { table: 'episodes', line: 6, fields: { ...blankEpisode, CHILD: '7' } },
    ]);
  });

  it('emits a uasc record when DUC is given even if UASC is not 1, and none without either', async () => {
    const xml =
      '<EXPSSDA903>\n<CHILD><HEADER><CHILDID>1</CHILDID><DUC>01/01/2018</DUC></HEADER></CHILD>\n' +
      '<CHILD><HEADER><CHILDID>2</CHILDID><UASC>0</UASC></HEADER></CHILD>\n</EXPSSDA903>';
    const { records } = await read(xml);
    expect(records.map((r) => [r.table, r.line, r.fields.CHILD])).toEqual([
      ['header', 2, '1'],
      ['uasc', 2, '1'],
      ['header', 3, '2'],
    ]);
  });

  it('still emits the episodes of a child with no HEADER, with a blank CHILD', async () => {
    const { records } = await read('<EXPSSDA903>\n<CHILD>\n<EPISODE><DECOM>01/01/2018</DECOM></EPISODE>\n</CHILD>\n</EXPSSDA903>');
    expect(records).toEqual([{ table: 'episodes', line: 3, fields: { ...blankEpisode, DECOM: '01/01/2018' } }]);
  });

  it('keeps very long field text as it is', async () => {
    const long = 'A'.repeat(20_000);
    const { records } = await read(`<EXPSSDA903><CHILD><HEADER><CHILDID>1</CHILDID><UPN>${long}</UPN></HEADER></CHILD></EXPSSDA903>`);
    expect(records[0]?.fields.UPN).toBe(long);
  });

  it('reads CRLF line endings with the same records and lines', async () => {
    const crlf = SAMPLE.replace(/\n/g, '\r\n');
    const { records } = await read(crlf);
    expect(records).toEqual(EXPECTED_RECORDS);
    // And cut between CR and LF.
    expect((await read(crlf, [1])).records).toEqual(EXPECTED_RECORDS);
  });

  it('accepts a UTF-8 byte-order mark', async () => {
    const { records, result } = await read(`\uFEFF${SAMPLE}`);
    expect(records).toEqual(EXPECTED_RECORDS);
    expect(result.bytes).toBe(encode(SAMPLE).length + 3);
  });

  it('gives the same records whatever the chunk boundaries (inside tags and multi-byte characters)', async () => {
    const bytes = encode(SAMPLE);
    const whole = await read(bytes);
    // 'é' is two bytes: one-byte chunks split it, and every tag.
    const oneByte = await read(bytes, [1]);
    expect(oneByte.records).toEqual(EXPECTED_RECORDS);
    expect(oneByte.result).toEqual(whole.result);
    for (const seed of [1, 2, 3, 42, 2024]) {
      const r = await read(bytes, randomSizes(seed, 64, 17));
      expect(r.records).toEqual(EXPECTED_RECORDS);
      expect(r.result).toEqual(whole.result);
    }
  });

  it('splits a four-byte character across chunks', async () => {
    const xml = '<EXPSSDA903><CHILD><HEADER><CHILDID>1</CHILDID><ETHNIC>\u{1F600}</ETHNIC></HEADER></CHILD></EXPSSDA903>';
    for (const sizes of [[1], [2], [3], [57, 1, 1, 1, 100]]) {
      const { records } = await read(xml, sizes);
      expect(records[0]?.fields.ETHNIC).toBe('\u{1F600}');
    }
  });

  describe('refuses', () => {
    it('an empty file', async () => {
      const e = await failure('');
      expect(e.message).toMatch(/empty/);
      expect(e.file).toBe('return.xml');
    });

    it('a file with only white space', async () => {
      const e = await failure('  \n ');
      expect(e.message).toMatch(/not well formed.*root element/);
    });

    it('an unclosed tag, at the end of the file', async () => {
      const xml = '<EXPSSDA903>\n<CHILD>\n<HEADER>\n<CHILDID>1</CHILDID>\n</HEADER>';
      for (const sizes of [undefined, [1]]) {
        const e = await failure(xml, sizes);
        expect(e.message).toBe('The XML is not well formed at line 5, column 9: unclosed tag: CHILD');
        expect(e.row).toBe(5);
      }
    });

    it('a mismatched tag, at its line', async () => {
      const xml = '<EXPSSDA903>\n<CHILD>\n<HEADER>\n<CHILDID>1</SEX>\n</HEADER></CHILD></EXPSSDA903>';
      for (const sizes of [undefined, [1], [5]]) {
        const e = await failure(xml, sizes);
        expect(e.message).toMatch(/^The XML is not well formed at line 4, column \d+: unexpected close tag/);
        expect(e.row).toBe(4);
        expect(e.expected).toBe('an SSDA903 XML export (root element EXPSSDA903)');
      }
    });

    it('text after the root element, at its line whatever the chunking', async () => {
      const xml = '<EXPSSDA903>\n<CHILD/>\n</EXPSSDA903>\n\ntrailing text\n\n';
      for (const sizes of [undefined, [1], [3], randomSizes(7, 20, 9)]) {
        const e = await failure(xml, sizes);
        expect(e.message).toMatch(/^The XML is not well formed at line 5, column \d+: text data outside of root node/);
        expect(e.row).toBe(5);
      }
    });

    it('a second root element', async () => {
      const e = await failure('<EXPSSDA903>\n</EXPSSDA903>\n<EXPSSDA903/>\n');
      expect(e.row).toBe(3);
      expect(e.message).toMatch(/only one root/);
    });

    it('an undefined entity', async () => {
      const e = await failure('<EXPSSDA903>\n<CHILD><HEADER><CHILDID>&foo;</CHILDID></HEADER></CHILD></EXPSSDA903>');
      expect(e.row).toBe(2);
      expect(e.message).toMatch(/undefined entity/);
    });

    it('another root element', async () => {
      for (const sizes of [undefined, [1]]) {
        const e = await failure('<?xml version="1.0"?>\n<ROOT>\n<CHILD/>\n</ROOT>\n', sizes);
        expect(e.message).toBe('The root element is <ROOT>, not <EXPSSDA903>');
        expect(e.expected).toBe('an SSDA903 XML export (root element EXPSSDA903)');
        expect(e.row).toBe(2);
      }
    });

    it('a DOCTYPE, before any entity in it is used', async () => {
      const xml = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE EXPSSDA903 [',
        '<!ENTITY a "aaaaaaaaaa">',
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">',
        ']>',
        '<EXPSSDA903><CHILD><HEADER><CHILDID>&b;</CHILDID></HEADER></CHILD></EXPSSDA903>',
      ].join('\n');
      for (const sizes of [undefined, [1], [4], randomSizes(11, 30, 13)]) {
        const records: XmlRecord[] = [];
        const e = await readSsda903Xml(chunked(xml, sizes), { file: 'x.xml', onRecord: (r) => records.push(r) }).catch((err: unknown) => err);
        expect(e).toBeInstanceOf(FileFormatError);
        expect((e as FileFormatError).message).toBe('DOCTYPE is not allowed');
        expect((e as FileFormatError).row).toBe(2);
        expect(records).toEqual([]);
      }
    });

    it('not "<!DOCTYPE" as data inside the root', async () => {
      const xml = '<EXPSSDA903><CHILD><HEADER><CHILDID><![CDATA[<!DOCTYPE]]></CHILDID></HEADER></CHILD></EXPSSDA903>';
      const { records } = await read(xml);
      expect(records[0]?.fields.CHILD).toBe('<!DOCTYPE');
    });

    it('a DOCTYPE inside the root', async () => {
      const e = await failure('<EXPSSDA903>\n<!DOCTYPE x>\n</EXPSSDA903>', [1]);
      expect(e.row).toBe(2);
    });

    it('bytes that are not UTF-8, at their line', async () => {
      const head = encode('<EXPSSDA903>\n<CHILD><HEADER><CHILDID>1</CHILDID>\n<ETHNIC>caf');
      const tail = encode('</ETHNIC></HEADER></CHILD></EXPSSDA903>\n');
      const bytes = new Uint8Array([...head, 0xe9, ...tail]); // é in Windows-1252, byte 61 of line 3
      for (const sizes of [undefined, [1], [10], [60], [61]]) {
        const e = await failure(bytes, sizes);
        expect(e.message).toMatch(/not valid UTF-8.*byte 61,/);
        expect(e.row).toBe(3);
      }
    });

    it('a file cut in the middle of a UTF-8 character', async () => {
      const bytes = encode('<EXPSSDA903>é').subarray(0, 13);
      const e = await failure(bytes);
      expect(e.message).toMatch(/middle of a UTF-8 character/);
    });

    it('UTF-16 text', async () => {
      const e = await failure(new Uint8Array([0xff, 0xfe, 0x3c, 0x00]));
      expect(e.message).toMatch(/UTF-16/);
    });

    it('a file over maxBytes, naming the limit', async () => {
      const limit = 1024 * 1024;
      const xml = generate(5_000);
      expect(xml.length).toBeGreaterThan(limit);
      const records: XmlRecord[] = [];
      const e = await readSsda903Xml(chunked(xml, [64 * 1024]), { file: 'big.xml', maxBytes: limit, onRecord: (r) => records.push(r) }).catch(
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(FileFormatError);
      expect((e as FileFormatError).message).toBe('The file is larger than the upload limit of 1 MB');
      // It stopped at the limit rather than reading on.
      expect(records.length).toBeLessThan(5_000 * 2);
      // A file at the limit is fine.
      const small = '<EXPSSDA903/>';
      await expect(readSsda903Xml(chunked(small), { file: 's.xml', maxBytes: small.length, onRecord: () => {} })).resolves.toMatchObject({ records: 0 });
    });
  });

  it('streams a 20,000-child file', async () => {
    const n = 20_000;
    const { result, progress, records } = await read(generate(n), [256 * 1024]);
    // A header and two episodes a child, and a uasc record for one child in ten.
    const expected = n * 3 + n / 10;
    expect(result.records).toBe(expected);
    expect(records.length).toBe(expected);
    expect(records.filter((r) => r.table === 'uasc').length).toBe(n / 10);
    expect(records.at(-1)).toMatchObject({ table: 'episodes', fields: { CHILD: String(n - 1), PLACE: 'U1' } });
    // Progress every thousand records, then once at the end.
    expect(progress.length).toBe(Math.floor(expected / 1000) + 1);
    expect(progress.at(-1)).toEqual({ bytes: result.bytes, rows: expected });
  });
});

/** A return of `n` children, each with a header and two episodes; every tenth child is UASC. */
function generate(n: number): string {
  const parts = ['<?xml version="1.0" encoding="utf-8"?>\n<EXPSSDA903>\n'];
  for (let i = 0; i < n; i++) {
    const uasc = i % 10 === 0 ? '<UASC>1</UASC><DUC>01/01/2024</DUC>' : '<UASC>0</UASC>';
    parts.push(
      '  <CHILD>\n',
      `    <HEADER><CHILDID>${i}</CHILDID><UPN>A${String(i).padStart(12, '0')}</UPN><SEX>1</SEX><DOB>01/02/2010</DOB><ETHNIC>WBRI</ETHNIC>${uasc}</HEADER>\n`,
      '    <EPISODE><DECOM>01/04/2023</DECOM><RNE>S</RNE><LS>C2</LS><CIN>N1</CIN><PL>U4</PL><PLACE_PROVIDER>PR1</PLACE_PROVIDER><DEC>01/06/2023</DEC><REC>X1</REC><REASON_PLACE_CHANGE>CARPL</REASON_PLACE_CHANGE></EPISODE>\n',
      '    <EPISODE><DECOM>01/06/2023</DECOM><RNE>P</RNE><LS>C2</LS><CIN>N1</CIN><PL>U1</PL><PLACE_PROVIDER>PR1</PLACE_PROVIDER></EPISODE>\n',
      '  </CHILD>\n',
    );
  }
  parts.push('</EXPSSDA903>\n');
  return parts.join('');
}
