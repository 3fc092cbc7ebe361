import { describe, expect, it } from 'vitest';
import { detectKind } from '@/lib/importKinds';
import {
  RO3_FIELDS,
  isRo3Header,
  normaliseRo3Year,
  parseRo3,
  parseRo3Value,
  ro3PeriodEnd,
  ro3YearEnd,
  ro3YearFromFileName,
} from '@/lib/ro3';

const FILE = 'ro3_2024-25_LA_children_looked_after_expenditure_gbp_thousands.csv';
const HEADER =
  'E-code,ONS Code,Local authority,Notes,Class,Detailed Class,Certification,' +
  'Children Looked After - Total Expenditure (C3 = C1 + C2),Children Looked After - Net Current Expenditure (C7 = C3 - C6),' +
  'Residential care - Total Expenditure (C3 = C1 + C2),Fostering services - Total Expenditure (C3 = C1 + C2)';
const CODES = ',,,,,,,RO3-csclkd-tot-exp,RO3-csclkd-net-cur-exp,RO3-csclkdres-tot-exp,RO3-csclkdfos-tot-exp';
const STOCKTON = 'E0704,E06000004,Stockton-on-Tees UA,,UA,UA,Y,"61,272","52,930","29,661","8,479"';
const SOUTHWARK = 'E5019,E09000028,Southwark,,LB,London,Y,"54,414","43,889","14,393","12,285"';

const csv = (...rows: string[]) => rows.join('\n') + '\n';
const ok = (...rows: string[]) => parseRo3(csv(HEADER, CODES, ...rows), FILE);
const messages = (p: { errors: { message: string }[] }) => p.errors.map((e) => e.message);

describe('RO3 figures', () => {
  it('reads numbers with thousands separators and negatives, in GBP thousands', () => {
    expect(parseRo3Value('"61,272"'.replace(/"/g, ''))).toEqual({ value: 61272, symbol: null });
    expect(parseRo3Value('1,186,820')).toEqual({ value: 1186820, symbol: null });
    expect(parseRo3Value(' 397 ')).toEqual({ value: 397, symbol: null });
    expect(parseRo3Value('-7')).toEqual({ value: -7, symbol: null });
    expect(parseRo3Value('-1,094')).toEqual({ value: -1094, symbol: null });
    expect(parseRo3Value('12.5')).toEqual({ value: 12.5, symbol: null });
    expect(parseRo3Value('0')).toEqual({ value: 0, symbol: null });
  });

  it('keeps symbols as symbols, never 0, and a blank as no figure', () => {
    expect(parseRo3Value('[x]')).toEqual({ value: null, symbol: 'x' });
    expect(parseRo3Value('[X]')).toEqual({ value: null, symbol: 'x' });
    expect(parseRo3Value('[c]')).toEqual({ value: null, symbol: 'c' });
    expect(parseRo3Value('[z]')).toEqual({ value: null, symbol: 'z' });
    expect(parseRo3Value('..')).toEqual({ value: null, symbol: 'x' });
    expect(parseRo3Value('[note 4]')).toEqual({ value: null, symbol: 'x' });
    expect(parseRo3Value('')).toEqual({ value: null, symbol: null });
    expect(parseRo3Value('   ')).toEqual({ value: null, symbol: null });
  });

  it('refuses anything else', () => {
    for (const bad of ['1,23', '12a', '£100', '1 000', '[q]', 'n/a', '--', '1,2345']) expect(parseRo3Value(bad)).toBeNull();
  });
});

describe('the financial year', () => {
  it('comes from the file name', () => {
    expect(ro3YearFromFileName(FILE)).toBe('2024-25');
    expect(ro3YearFromFileName('downloads/RO3_2023_24.csv')).toBe('2023-24');
    expect(ro3YearFromFileName('Revenue outturn RO3 2022-2023.csv')).toBe('2022-23');
    expect(ro3YearFromFileName('ro3_2099-00.csv')).toBe('2099-00');
    expect(ro3YearFromFileName('ro3.csv')).toBeNull();
    expect(ro3YearFromFileName('ro3_2024-26.csv')).toBeNull();
    expect(ro3YearFromFileName('ro3_2024.csv')).toBeNull();
  });

  it('normalises a year given, and ends on 31 March of its second year', () => {
    expect(normaliseRo3Year('2024-25')).toBe('2024-25');
    expect(normaliseRo3Year('2024/2025')).toBe('2024-25');
    expect(normaliseRo3Year('2024')).toBeNull();
    expect(ro3YearEnd('2024-25')).toBe(2025);
    expect(ro3PeriodEnd('2024-25')).toBe('2025-03-31');
  });

  it('is an error, asking for it, when the file name does not give it', () => {
    const p = parseRo3(csv(HEADER, CODES, STOCKTON), 'spend.csv');
    expect(p.year).toBeNull();
    expect(p.errors).toEqual([
      expect.objectContaining({ row: null, value: 'spend.csv', message: expect.stringContaining('not in the file name'), expected: expect.stringContaining('ro3_2024-25_') }),
    ]);
  });

  it('may be given instead (checked)', () => {
    expect(parseRo3(csv(HEADER, CODES, STOCKTON), 'spend.csv', { year: '2023-24' }).year).toBe('2023-24');
    const bad = parseRo3(csv(HEADER, CODES, STOCKTON), FILE, { year: '2023-25' });
    expect(bad.year).toBeNull();
    expect(bad.errors[0]).toMatchObject({ value: '2023-25', message: '"2023-25" is not a financial year' });
  });
});

describe('reading an RO3 file', () => {
  it('is told apart by its header', () => {
    expect(isRo3Header(HEADER.split(','))).toBe(true);
    expect(detectKind(csv(HEADER, CODES, STOCKTON))).toBe('ro3');
    expect(detectKind('\uFEFF' + csv(HEADER, CODES))).toBe('ro3');
    expect(detectKind('E-code,Local authority\n')).toBeNull();
  });

  it('reads the field codes of the second row and each authority’s figures under them', () => {
    const p = ok(STOCKTON, SOUTHWARK);
    expect(p.errors).toEqual([]);
    expect(p.year).toBe('2024-25');
    expect(p.fields).toEqual([RO3_FIELDS.total, RO3_FIELDS.net, RO3_FIELDS.residential, RO3_FIELDS.fostering]);
    expect(p.dataRows).toBe(2);
    expect(p.rows[0]).toEqual({
      row: 3,
      eCode: 'E0704',
      onsCode: 'E06000004',
      name: 'Stockton-on-Tees UA',
      class: 'UA',
      values: [
        { field: RO3_FIELDS.total, value: 61272, symbol: null },
        { field: RO3_FIELDS.net, value: 52930, symbol: null },
        { field: RO3_FIELDS.residential, value: 29661, symbol: null },
        { field: RO3_FIELDS.fostering, value: 8479, symbol: null },
      ],
    });
    expect(p.rows[1]!.values[0]).toEqual({ field: RO3_FIELDS.total, value: 54414, symbol: null });
  });

  it('keeps symbols, leaves blanks out, and says which figures were note markers', () => {
    const p = ok('E4501,E08000037,Gateshead,[note 4],MD,MD,Y,"41,171",[c],[note 4],', 'E1,E08000025,Birmingham,,MD,MD,[x],[x],..,-7,0');
    expect(p.errors).toEqual([]);
    expect(p.rows[0]!.values).toEqual([
      { field: RO3_FIELDS.total, value: 41171, symbol: null },
      { field: RO3_FIELDS.net, value: null, symbol: 'c' },
      { field: RO3_FIELDS.residential, value: null, symbol: 'x' },
    ]);
    expect(p.rows[1]!.values).toEqual([
      { field: RO3_FIELDS.total, value: null, symbol: 'x' },
      { field: RO3_FIELDS.net, value: null, symbol: 'x' },
      { field: RO3_FIELDS.residential, value: -7, symbol: null },
      { field: RO3_FIELDS.fostering, value: 0, symbol: null },
    ]);
    expect(p.warnings).toEqual([
      expect.objectContaining({ row: 3, value: '[note 4]', message: expect.stringContaining('Gateshead (E08000037) has 1 figure given as [note 4]') }),
    ]);
  });

  it('skips a row repeating the header and blank lines, keeping the row numbers a spreadsheet shows', () => {
    const p = ok(STOCKTON, '', HEADER, SOUTHWARK);
    expect(p.errors).toEqual([]);
    expect(p.rows.map((r) => r.row)).toEqual([3, 6]);
    expect(p.dataRows).toBe(2);
    expect(p.warnings).toEqual([expect.objectContaining({ row: 5, message: 'Row 5 repeats the header row: it was skipped' })]);
  });

  it('stores only councils when told which they are, naming the others and the councils without a row', () => {
    const councils = new Set(['E06000004', 'E09000028', 'E06000001']);
    const p = parseRo3(
      csv(
        HEADER,
        CODES,
        STOCKTON,
        'E3831,E07000223,Adur,,SD,SD,Y,0,0,0,0',
        'E6803,E6803,Lee Valley Regional Park Authority,,O,Park,N,0,0,0,0',
        'Eng,E92000001,ENGLAND,,Eng,Eng,[Y],"8,917,040","8,434,512","3,810,192","1,000"',
        'E5100,E12000007,Greater London Authority,,O,GLA,N,0,0,0,0',
        'E5100,E12000007,Greater London Authority,,O,GLA,0,0,0,0,0',
        SOUTHWARK,
      ),
      FILE,
      { councils },
    );
    expect(p.errors).toEqual([]);
    expect(p.rows.map((r) => r.onsCode)).toEqual(['E06000004', 'E09000028']);
    expect(p.warnings.map((w) => w.message)).toEqual([
      '"E6803" (Lee Valley Regional Park Authority) is not an ONS code: the row is not stored',
      '5 rows are not councils with children’s services and are not stored (such as Adur (E07000223); Lee Valley Regional Park Authority (E6803); ENGLAND (E92000001); Greater London Authority (E12000007); Greater London Authority (E12000007))',
      '1 council has no row in the file: no spend is shown for it',
    ]);
    expect(p.warnings[2]!.value).toBe('E06000001');
  });
});

describe('every problem, located', () => {
  it('an empty file, a header alone, or no authorities', () => {
    expect(messages(parseRo3('', FILE))).toEqual(['The file is empty']);
    expect(messages(parseRo3(csv(HEADER), FILE))).toEqual(['The file has a header but no row of RO3 field codes under it']);
    expect(messages(parseRo3(csv(HEADER, CODES), FILE))).toEqual(['The file has a header and field codes but no rows of authorities']);
  });

  it('a header without E-code or ONS Code', () => {
    const p = parseRo3(csv(HEADER.replace('ONS Code', 'ONS'), CODES, STOCKTON), FILE);
    expect(p.errors).toEqual([
      expect.objectContaining({ row: 1, column: 'ONS Code', message: 'The header row has no ONS Code column', expected: expect.stringContaining('E-code, ONS Code') }),
    ]);
    expect(p.rows).toEqual([]);
  });

  it('no field-code row: the second row is an authority, or holds no codes', () => {
    const a = parseRo3(csv(HEADER, STOCKTON, SOUTHWARK), FILE);
    expect(a.errors).toEqual([
      expect.objectContaining({ row: 2, message: 'The second row is an authority, not the row of RO3 field codes', expected: expect.stringContaining('RO3-csclkd-tot-exp') }),
    ]);
    expect(a.rows).toEqual([]);
    expect(messages(parseRo3(csv(HEADER, ',,,,,,,a,b,c,d', STOCKTON), FILE))).toEqual(['The second row holds no RO3 field codes']);
  });

  it('a bad, repeated or missing field code, and a code above a column of names', () => {
    const p = parseRo3(csv(HEADER + ',Extra', 'RO3-x,,,,,,,RO3-csclkd-net-cur-exp,RO3-csclkd-net-cur-exp,RO3 res,,', STOCKTON + ',1'), FILE);
    expect(p.errors).toEqual([
      expect.objectContaining({ row: 2, column: 'E-code', value: 'RO3-x', message: expect.stringContaining('above the E-code column') }),
      expect.objectContaining({ row: 2, column: expect.stringContaining('Net Current'), value: 'RO3-csclkd-net-cur-exp', message: 'The field code RO3-csclkd-net-cur-exp is in column 8 and again in column 9' }),
      expect.objectContaining({ row: 2, value: 'RO3 res', message: '"RO3 res" is not an RO3 field code' }),
      expect.objectContaining({ row: 2, column: expect.stringContaining('Fostering'), value: '', message: expect.stringContaining('has no RO3 field code in the second row') }),
      expect.objectContaining({ row: 2, column: 'Extra', value: '', message: 'The column "Extra" has no RO3 field code in the second row' }),
      expect.objectContaining({ row: 2, column: null, message: 'The file has no RO3-csclkd-tot-exp column (Total expenditure on children looked after (C3))' }),
    ]);
  });

  it('a figure that is not a number or a symbol, with its row, field, value and what was expected', () => {
    const p = ok(STOCKTON.replace('"52,930"', '"52,93"'), SOUTHWARK.replace('"14,393"', 'n/a'));
    expect(p.errors).toEqual([
      {
        file: FILE,
        row: 3,
        column: RO3_FIELDS.net,
        value: '52,93',
        message: '"52,93" in RO3-csclkd-net-cur-exp (Children Looked After - Net Current Expenditure (C7 = C3 - C6)) is not a number or a symbol',
        expected: expect.stringContaining('a number in GBP thousands'),
      },
      expect.objectContaining({ row: 4, column: RO3_FIELDS.residential, value: 'n/a' }),
    ]);
    expect(p.rows).toEqual([]);
  });

  it('a row with too few or too many columns', () => {
    const p = ok('E0704,E06000004,Stockton-on-Tees UA,,UA,UA,Y,1,2,3', SOUTHWARK + ',5');
    expect(p.errors.map((e) => [e.row, e.message])).toEqual([
      [3, 'Row 3 has 10 columns where the header has 11'],
      [4, 'Row 4 has 12 columns where the header has 11'],
    ]);
    // Trailing empty cells are not a problem.
    expect(ok(SOUTHWARK + ',,').errors).toEqual([]);
  });

  it('a council twice, or an authority with a name and no ONS code', () => {
    const p = ok(STOCKTON, SOUTHWARK, STOCKTON, 'E9,,Somewhere,,UA,UA,Y,1,2,3,4');
    expect(p.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [5, 'ONS Code', 'Row 5 repeats the ONS Code E06000004 (Stockton-on-Tees UA) of row 3'],
      [6, 'ONS Code', 'The ONS Code of Somewhere is blank'],
    ]);
  });

  it('a file without a single council', () => {
    const p = parseRo3(csv(HEADER, CODES, 'E3831,E07000223,Adur,,SD,SD,Y,0,0,0,0'), FILE, { councils: new Set(['E06000004']) });
    expect(messages(p)).toEqual(['None of the rows is a council with children’s services']);
  });

  it('every problem at once, not just the first', () => {
    const p = parseRo3(csv(HEADER, CODES, STOCKTON.replace('"61,272"', 'abc'), SOUTHWARK.replace('"54,414"', '1,2')), 'costs.csv');
    expect(p.errorCount).toBe(3);
    expect(p.errors.map((e) => e.row)).toEqual([3, 4, null]);
  });
});
