import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  asAtFromFileName,
  asAtFromTitle,
  detectOfsted,
  isChildrensHome,
  parseOfsted,
  parseTimeSeries,
  type OfstedCouncil,
} from '@/lib/ofsted';

const COUNCILS: OfstedCouncil[] = [
  { code: 'E06000004', name: 'Stockton-on-Tees' },
  { code: 'E06000047', name: 'County Durham' },
  { code: 'E06000023', name: 'Bristol, City of' },
  { code: 'E06000058', name: 'Bournemouth, Christchurch and Poole' },
];

const HEADER =
  'Web link,URN,Linked education URN,Provision type,Registration date,Registration status,Name,Ofsted Region,Government Office Region,Local authority,Sector,Places,Organisation name';
const TITLES = [
  'Children\'s social care data in England 2023 - Providers and places at 31 March 2023',
  '"This worksheet contains one table, this table begins in cell A4."',
  'Some cells in this table are empty.',
];

interface Row {
  urn: string;
  type: string;
  status: string;
  la: string;
  sector: string;
  places: string;
}
const ROW: Row = { urn: 'SC442886', type: "Children's home", status: 'Active', la: 'Stockton-on-Tees', sector: 'Private', places: '4' };

function line(o: Partial<Row> = {}): string {
  const r = { ...ROW, ...o };
  const q = (s: string) => (/[",]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return ['Ofsted Social Care Provider Webpage', r.urn, '', r.type, '01/01/2020', r.status, 'REDACTED', 'North East, Yorkshire and the Humber', 'North East', r.la, r.sector, r.places, 'Some Org Ltd']
    .map(q)
    .join(',');
}

const file = (rows: string[], { titles = TITLES, header = HEADER } = {}) => [...titles, header, ...rows].join('\r\n') + '\r\n';
const FILE_NAME = 'ofsted_csc_providers_places_at_31_Mar_2023_raw.csv';
const parse = (text: string, fileName = FILE_NAME, asAt?: string) => parseOfsted(text, { fileName, councils: COUNCILS, asAt });

describe('finding the header', () => {
  test('finds the header below title rows and numbers rows as a spreadsheet does', () => {
    const r = parse(file([line(), line({ urn: 'SC000002', places: 'many' })]));
    expect(r.errorCount).toBe(1);
    expect(r.dataRows).toBe(2);
    expect(r.settings).toHaveLength(1);
    expect(r.settings[0]).toMatchObject({ row: 5, urn: 'SC442886', laCode: 'E06000004', region: 'North East', places: 4 });
    // Title rows 1-3, header 4, first setting 5, second 6.
    expect(r.errors[0]).toMatchObject({ file: FILE_NAME, row: 6, column: 'Places', value: 'many' });
  });

  test('reads a file with no title rows', () => {
    const r = parse(file([line(), line({ urn: '2611190' })], { titles: [] }));
    expect(r.errorCount).toBe(0);
    expect(r.settings.map((s) => [s.row, s.urn])).toEqual([
      [2, 'SC442886'],
      [3, '2611190'],
    ]);
  });

  test('maps columns by name, in any order and any case, with spaces around', () => {
    const header = ' places ,SECTOR,local authority,Government office region,registration STATUS,provision type, urn ';
    const r = parse([header, '3,Voluntary,Stockton-on-Tees,North East,Active,Children\'s Home,SC1'].join('\n'), FILE_NAME);
    expect(r.errorCount).toBe(0);
    expect(r.settings[0]).toMatchObject({ urn: 'SC1', provisionType: "Children's Home", sector: 'Voluntary', places: 3, organisation: null });
  });

  test('names the columns sought when no header is found in the first 20 rows', () => {
    const titles = Array.from({ length: 25 }, (_, i) => `Title row ${i + 1}`);
    const r = parse(file([line()], { titles }));
    expect(r.errorCount).toBe(1);
    expect(r.errors[0]!.message).toMatch(/No header row found/);
    expect(r.errors[0]!.message).toMatch(/"URN"/);
    expect(r.errors[0]!.message).toMatch(/"Provision type"/);
    expect(r.settings).toHaveLength(0);
  });

  test('reports a missing required column at the header row, naming it', () => {
    const header = HEADER.replace(',Places,', ',Beds,');
    const r = parse(file([line()], { header }));
    expect(r.errors).toEqual([expect.objectContaining({ row: 4, column: 'Places', message: 'The header has no "Places" column' })]);
    expect(r.settings).toHaveLength(0);
    expect(r.dataRows).toBe(1);
  });

  test('detectOfsted knows the register by its header, with or without title rows', () => {
    const rows = (text: string) => text.split('\r\n').map((l) => l.split(','));
    expect(detectOfsted(rows(file([line()])))).toBe(true);
    expect(detectOfsted(rows(file([line()], { titles: [] })))).toBe(true);
    expect(detectOfsted([['period_end', 'la_code', 'measure', 'value']])).toBe(false);
    expect(detectOfsted([['urn', 'name'], ['Provision type']])).toBe(false);
  });
});

describe('rows', () => {
  test('children\'s homes are recognised in any case and with a curly apostrophe', () => {
    expect(isChildrensHome("Children's home")).toBe(true);
    expect(isChildrensHome("Children's Home")).toBe(true);
    expect(isChildrensHome(' CHILDREN\u2019S HOME ')).toBe(true);
    expect(isChildrensHome("Secure children's home")).toBe(false);
    expect(isChildrensHome("Residential special school (registered as a children's home)")).toBe(false);
  });

  test('places are a whole number or blank', () => {
    const r = parse(
      file([
        line({ urn: 'A1', places: '' }),
        line({ urn: 'A2', places: '0' }),
        line({ urn: 'A3', places: '12' }),
        line({ urn: 'A4', places: '2.5' }),
        line({ urn: 'A5', places: '-1' }),
        line({ urn: 'A6', places: 'five' }),
      ]),
    );
    expect(r.settings.map((s) => [s.urn, s.places])).toEqual([
      ['A1', null],
      ['A2', 0],
      ['A3', 12],
    ]);
    expect(r.errors.map((e) => [e.row, e.column, e.value])).toEqual([
      [8, 'Places', '2.5'],
      [9, 'Places', '-1'],
      [10, 'Places', 'five'],
    ]);
    expect(r.errors[0]!.expected).toMatch(/whole number/);
  });

  test('a missing URN, a repeated URN and a missing provision type are each reported with row and column', () => {
    const r = parse(file([line({ urn: 'SC1' }), line({ urn: '' }), line({ urn: 'sc1' }), line({ urn: 'SC3', type: '' }), line({ urn: 'SC 4' })]));
    expect(r.errors.map((e) => [e.row, e.column, e.value])).toEqual([
      [6, 'URN', ''],
      [7, 'URN', 'sc1'],
      [8, 'Provision type', ''],
      [9, 'URN', 'SC 4'],
    ]);
    expect(r.errors[1]!.message).toBe('Row 7 repeats the URN of row 5');
    expect(r.settings.map((s) => s.urn)).toEqual(['SC1']);
  });

  test('every error is counted but only the first ones are kept in detail', () => {
    const rows = Array.from({ length: 30 }, (_, i) => line({ urn: `X${i}`, places: 'x' }));
    const r = parseOfsted(file(rows), { fileName: FILE_NAME, councils: COUNCILS, issueCap: 5 });
    expect(r.errorCount).toBe(30);
    expect(r.errors).toHaveLength(5);
    expect(r.errors[4]!.row).toBe(9);
  });

  test('local authorities are matched to councils by name; unmatched ones are kept without a code and warned once', () => {
    const r = parse(
      file([
        line({ urn: 'A1', la: 'Durham' }),
        line({ urn: 'A2', la: 'Bristol' }),
        line({ urn: 'A3', la: 'Bournemouth, Christchurch & Poole' }),
        line({ urn: 'A4', la: 'Cumbria' }),
        line({ urn: 'A5', la: 'Cumbria' }),
        line({ urn: 'A6', la: 'Stockton on Tees' }),
      ]),
    );
    expect(r.errorCount).toBe(0);
    expect(r.settings.map((s) => s.laCode)).toEqual(['E06000047', 'E06000023', 'E06000058', null, null, 'E06000004']);
    expect(r.settings[3]!.localAuthority).toBe('Cumbria');
    expect(r.warnings).toEqual([expect.objectContaining({ row: 8, column: 'Local authority', value: 'Cumbria' })]);
  });
});

describe('the date the register describes', () => {
  test('comes from the file name', () => {
    expect(asAtFromFileName('ofsted_csc_providers_places_at_31_Mar_2023_raw.csv')).toBe('2023-03-31');
    expect(asAtFromFileName('/tmp/uploads/providers_places_at_31_March_2024.csv')).toBe('2024-03-31');
    expect(asAtFromFileName('providers_at_31_Feb_2023.csv')).toBeNull();
    expect(asAtFromFileName('providers_places.csv')).toBeNull();
    expect(parse(file([line()], { titles: [] })).asAt).toBe('2023-03-31');
  });

  test('comes from a title row when the file name has none', () => {
    expect(asAtFromTitle('Providers and places at 31 March 2023')).toBe('2023-03-31');
    expect(asAtFromTitle('as at 1st April 2022')).toBe('2022-04-01');
    const r = parse(file([line()]), 'register.csv');
    expect(r.errorCount).toBe(0);
    expect(r.asAt).toBe('2023-03-31');
  });

  test('is asked for when neither the file name nor a title row gives it', () => {
    const r = parse(file([line()], { titles: ['Providers and places'] }), 'register.csv');
    expect(r.asAt).toBeNull();
    expect(r.errors).toEqual([expect.objectContaining({ row: null, value: 'register.csv' })]);
    expect(r.errors[0]!.message).toMatch(/please give it/);
    expect(r.errors[0]!.expected).toMatch(/_at_31_Mar_2023/);
  });

  test('can be given, and a given date that is not a date is an error', () => {
    expect(parse(file([line()], { titles: [] }), 'register.csv', '2024-03-31').asAt).toBe('2024-03-31');
    const bad = parse(file([line()], { titles: [] }), 'register.csv', '2024-02-30');
    expect(bad.asAt).toBeNull();
    expect(bad.errors[0]).toMatchObject({ row: null, value: '2024-02-30' });
  });
});

describe('the national time series', () => {
  test('reads children\'s homes and places by year from both tables of the published file', () => {
    const text = fs.readFileSync(
      path.join(process.cwd(), 'data/reference/ofsted/ofsted_csc_providers_places_time_series_raw.csv'),
      'utf8',
    );
    const series = parseTimeSeries(text);
    expect(series.map((y) => y.year)).toEqual([2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023]);
    // Ofsted's Table 6a and 6b, "Children's Homes" column.
    expect(series[series.length - 1]).toEqual({ year: 2023, asAt: '2023-03-31', providers: 3050, places: 11857 });
    expect(series[0]).toEqual({ year: 2012, asAt: '2012-03-31', providers: 1984, places: 9282 });
  });

  test('tolerates title rows, note markers, any case of the column, and missing values', () => {
    const text = [
      'National number of providers',
      'Table 1: providers',
      "Date,Data type,All children's homes,CHILDREN'S HOMES,Other",
      '31-Mar-21 [Note 1],Providers,"2,706","2,624",5',
      '31-Mar-20,Providers,"2,460",-,5',
      'Table 2: places',
      "Date,Data type,All children's homes,Children's Homes",
      '31-Mar-21,Places,"12,732","10,708"',
    ].join('\n');
    expect(parseTimeSeries(text)).toEqual([
      { year: 2020, asAt: '2020-03-31', providers: null, places: null },
      { year: 2021, asAt: '2021-03-31', providers: 2624, places: 10708 },
    ]);
  });
});
