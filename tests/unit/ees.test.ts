import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  canonicalFilters,
  eesDatasetName,
  formatTimePeriod,
  isEesHeader,
  parseEesMeta,
  parseEesText,
  parseEesValue,
  parseFilters,
  parseTimePeriod,
} from '@/lib/ees';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'ees');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

const STD = 'time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,la_name,new_la_code';
const LA = '2024,Reporting year,Local authority,E92000001,England,E12000001,North East,808,Stockton-on-Tees,E06000004';
const REGION = '2024,Reporting year,Regional,E92000001,England,E12000001,North East,,,';
const NATION = '2024,Reporting year,National,E92000001,England,,,,,';

function file(header: string, rows: string[]): string {
  return [header, ...rows].join('\n') + '\n';
}

describe('values', () => {
  test('numbers are read, thousands commas dropped', () => {
    expect(parseEesValue('383')).toEqual({ value: 383, symbol: null });
    expect(parseEesValue('1,234')).toEqual({ value: 1234, symbol: null });
    expect(parseEesValue('12.5')).toEqual({ value: 12.5, symbol: null });
    expect(parseEesValue('-3')).toEqual({ value: -3, symbol: null });
  });

  test('every symbol is kept as a symbol with no value, never 0', () => {
    for (const s of ['c', 'z', 'x', 'k', 'low', '~', ':']) expect(parseEesValue(s)).toEqual({ value: null, symbol: s });
    expect(parseEesValue(' C ')).toEqual({ value: null, symbol: 'c' });
  });

  test('a blank cell is missing, neither a number nor a symbol', () => {
    expect(parseEesValue('')).toEqual({ value: null, symbol: null });
    expect(parseEesValue('  ')).toEqual({ value: null, symbol: null });
  });

  test('anything else is refused', () => {
    for (const s of ['a', '12%', '1,23', '1.2.3', 'NaN', '--']) expect(parseEesValue(s)).toBeNull();
  });

  test('a time period is a year or a year pair', () => {
    expect(parseTimePeriod('2024')).toBe(2024);
    expect(parseTimePeriod('202324')).toBe(202324);
    expect(parseTimePeriod('199900')).toBe(199900);
    expect(parseTimePeriod('202325')).toBeNull();
    expect(parseTimePeriod('2023-24')).toBeNull();
    expect(parseTimePeriod('24')).toBeNull();
    expect(formatTimePeriod(202324)).toBe('2023-24');
    expect(formatTimePeriod(2024)).toBe('2024');
  });

  test('filters round-trip, even with separators inside a value', () => {
    const pairs: [string, string][] = [
      ['cla_group', 'Placement'],
      ['characteristic', 'a;b=c 50%'],
    ];
    expect(canonicalFilters([['cla_group', 'Placement'], ['characteristic', 'Foster placements']])).toBe(
      'cla_group=Placement;characteristic=Foster placements',
    );
    expect(parseFilters(canonicalFilters(pairs))).toEqual(pairs);
  });

  test('the dataset is the file name without its release suffix', () => {
    expect(eesDatasetName('la_cla_on_31_march_by_characteristics_2021_2025_reconstructed.csv')).toBe('la_cla_on_31_march_by_characteristics');
    expect(eesDatasetName('data/reference/ees/cla_number_and_rate_per_10k_children.csv')).toBe('cla_number_and_rate_per_10k_children');
    expect(eesDatasetName('la_cla_placement_stability_2024.csv')).toBe('la_cla_placement_stability');
    expect(eesDatasetName('la_cla_placement_stability (1).csv')).toBe('la_cla_placement_stability');
    expect(eesDatasetName('la_cla_on_31_march_la_of_placement_netgain.csv')).toBe('la_cla_on_31_march_la_of_placement_netgain');
  });

  test('an EES header is recognised by time_period and geographic_level', () => {
    expect(isEesHeader(['\uFEFFtime_period', 'time_identifier', 'geographic_level', 'number'])).toBe(true);
    expect(isEesHeader(['period_end', 'la_code', 'measure', 'value'])).toBe(false);
  });
});

describe('reading a file', () => {
  test('a byte-order mark before the header is ignored', () => {
    const r = parseEesText('\uFEFF' + file(`${STD},cla_group,characteristic,number,percentage`, [`${LA},Placement,Foster placements,383,66`]), {
      file: 'x.csv',
    });
    expect(r.errors.items).toEqual([]);
    expect(r.plan?.standard.time_period).toBe(0);
    expect(r.rows[0]).toMatchObject({ timePeriod: 2024, level: 'Local authority', areaCode: 'E06000004', areaName: 'Stockton-on-Tees' });
  });

  test('each level takes its area from its own columns', () => {
    const r = parseEesText(file(`${STD},number`, [`${LA},1`, `${REGION},2`, `${NATION},3`]), { file: 'x.csv' });
    expect(r.rows.map((x) => [x.level, x.areaCode, x.areaName, x.regionCode])).toEqual([
      ['Local authority', 'E06000004', 'Stockton-on-Tees', 'E12000001'],
      ['Regional', 'E12000001', 'North East', 'E12000001'],
      ['National', 'E92000001', 'England', null],
    ]);
  });

  test('symbols stay symbols and quoted thousands are numbers', () => {
    const r = parseEesText(
      file(`${STD},cla_group,characteristic,number,percentage`, [
        `${LA},Placement,Other residential settings,c,c`,
        `${LA},Placement,Residential schools,z,k`,
        `${NATION.replace('2024', '2023')},Placement,Total,"83,630",100`,
      ]),
      { file: 'x.csv' },
    );
    expect(r.errors.items).toEqual([]);
    expect(r.rows[0]!.values).toEqual([
      { indicator: 'number', value: null, symbol: 'c' },
      { indicator: 'percentage', value: null, symbol: 'c' },
    ]);
    expect(r.rows[1]!.values.map((v) => v.symbol)).toEqual(['z', 'k']);
    expect(r.rows[2]!.values[0]).toEqual({ indicator: 'number', value: 83630, symbol: null });
  });

  test('without a .meta.csv, known names and numeric columns are indicators, the rest filters in header order', () => {
    const r = parseEesText(
      file(`${STD},placement_stability,cla_group,number,percent`, [`${LA},3 or more placements,Total,12,5`, `${LA},Fewer,Total,c,`]),
      { file: 'x.csv' },
    );
    expect(r.plan?.filters.map((c) => c.name)).toEqual(['placement_stability', 'cla_group']);
    expect(r.plan?.indicators.map((c) => c.name)).toEqual(['number', 'percent']);
    expect(r.rows[0]!.filters).toBe('placement_stability=3 or more placements;cla_group=Total');
    expect(r.rows[1]!.values).toEqual([
      { indicator: 'number', value: null, symbol: 'c' },
      { indicator: 'percent', value: null, symbol: null },
    ]);
  });

  test('the 2025 column names are read under the earlier names', () => {
    const r = parseEesText(
      file(`${STD},characteristic,breakdown,children_count,children_percent`, [`${LA},Placement,Foster placements,383,66`]),
      { file: 'la_cla_2025.csv' },
    );
    expect(r.errors.items).toEqual([]);
    expect(r.plan?.renamed).toBe(true);
    expect(r.rows[0]!.filters).toBe('cla_group=Placement;characteristic=Foster placements');
    expect(r.rows[0]!.values).toEqual([
      { indicator: 'number', value: 383, symbol: null },
      { indicator: 'percentage', value: 66, symbol: null },
    ]);
    expect(r.warnings.items.some((w) => w.message.includes('2025 column names'))).toBe(true);
  });

  test('a file with characteristic but no breakdown keeps its names', () => {
    const r = parseEesText(file(`${STD},cla_group,characteristic,number`, [`${LA},Placement,Foster placements,383`]), { file: 'x.csv' });
    expect(r.plan?.renamed).toBe(false);
    expect(r.rows[0]!.filters).toBe('cla_group=Placement;characteristic=Foster placements');
  });
});

describe('the .meta.csv fixtures', () => {
  test('small file with special data: the meta makes ind_one an indicator, so "a" is an error at its row and column', () => {
    const r = parseEesText(fixture('small-csv-with-special-data.csv'), {
      file: 'small-csv-with-special-data.csv',
      metaText: fixture('small-csv-with-special-data.meta.csv'),
    });
    expect(r.plan?.filters.map((c) => c.name)).toEqual(['filter_one']);
    expect(r.plan?.indicators.map((c) => c.name)).toEqual(['ind_one']);
    expect(r.errors.items).toEqual([
      expect.objectContaining({ file: 'small-csv-with-special-data.csv', row: 4, column: 'ind_one', value: 'a' }),
    ]);
    const byRow = new Map(r.rows.map((x) => [x.row, x]));
    // Birmingham: blank is missing; Barnsley: ~ is a symbol; spaces around filter values are trimmed.
    expect(byRow.get(2)!.values[0]).toEqual({ indicator: 'ind_one', value: null, symbol: null });
    expect(byRow.get(3)!.values[0]).toEqual({ indicator: 'ind_one', value: null, symbol: '~' });
    expect(byRow.get(3)!.filters).toBe('filter_one=Value 1');
    expect(byRow.get(5)!.filters).toBe('filter_one=value 1');
    expect(byRow.get(5)!.values[0]).toEqual({ indicator: 'ind_one', value: null, symbol: null });
    expect(byRow.get(6)!.filters).toBe('filter_one=');
  });

  test('without its meta the same file reads ind_one as a filter (a value is not a number)', () => {
    const r = parseEesText(fixture('small-csv-with-special-data.csv'), { file: 'small-csv-with-special-data.csv' });
    expect(r.plan?.filters.map((c) => c.name)).toEqual(['filter_one', 'ind_one']);
    expect(r.plan?.indicators).toEqual([]);
  });

  test('grouped filters: the grouping columns are filters too; the Provider level is refused row by row', () => {
    const meta = parseEesMeta(fixture('grouped-filters-and-indicators.meta.csv'));
    expect(meta.issues).toEqual([]);
    expect(meta.columns.find((c) => c.name === 'filter_1')?.groupingColumn).toBe('filter_1_group');
    const r = parseEesText(fixture('grouped-filters-and-indicators.csv'), {
      file: 'grouped-filters-and-indicators.csv',
      metaText: fixture('grouped-filters-and-indicators.meta.csv'),
    });
    expect(r.plan?.filters.map((c) => c.name)).toEqual(['filter_1_group', 'filter_1', 'filter_2_group', 'filter_2']);
    expect(r.plan?.indicators.map((c) => c.name)).toEqual(['indicator_1', 'indicator_2', 'indicator_3', 'indicator_4']);
    expect(r.rows).toEqual([]);
    expect(r.errors.total).toBe(100);
    expect(r.errors.items[0]).toMatchObject({ row: 2, column: 'geographic_level', value: 'Provider' });
    expect(r.errors.items[0]!.message).toContain('Provider');
  });
});

describe('errors, each with its row and column', () => {
  test('no time_period or geographic_level: names the missing columns and those it could not place', () => {
    const r = parseEesText(file('year,level,area,value', ['2024,National,England,5']), { file: 'x.csv' });
    expect(r.errors.items.map((e) => [e.row, e.column])).toEqual([
      [1, 'time_period'],
      [1, 'geographic_level'],
    ]);
    expect(r.errors.items[0]!.message).toContain('year, level, area, value');
    expect(r.errors.items[0]!.expected).toContain('time_period');
    expect(r.errors.items[0]!.expected).toContain('geographic_level');
    expect(r.rows).toEqual([]);
  });

  test('a .meta.csv naming a column the file lacks', () => {
    const meta = 'col_name,col_type,label,indicator_grouping,indicator_unit,indicator_dp,filter_hint,filter_grouping_column\nnumber,Indicator,Number,,,,,\nrate,Indicator,Rate,,,,,\n';
    const r = parseEesText(file(`${STD},number`, [`${LA},1`]), { file: 'x.csv', metaText: meta });
    expect(r.errors.items).toEqual([expect.objectContaining({ column: 'rate', row: null })]);
    expect(r.errors.items[0]!.message).toContain('row 3');
  });

  test('a .meta.csv with an unknown col_type is reported against the meta file', () => {
    const meta = 'col_name,col_type\nnumber,Measure\n';
    const r = parseEesText(file(`${STD},number`, [`${LA},1`]), { file: 'x.csv', metaText: meta });
    expect(r.errors.items).toEqual([expect.objectContaining({ file: 'x.meta.csv', row: 2, column: 'col_type', value: 'Measure' })]);
  });

  test('an unknown geographic level names the row and the level', () => {
    const r = parseEesText(file(`${STD},number`, [LA + ',1', LA.replace('Local authority', 'Local authority district') + ',2']), {
      file: 'x.csv',
    });
    expect(r.errors.items).toEqual([
      expect.objectContaining({ row: 3, column: 'geographic_level', value: 'Local authority district', expected: 'National, Regional, Local authority' }),
    ]);
  });

  test('a time period that is not a year or a year pair', () => {
    const r = parseEesText(file(`${STD},number`, [LA.replace('2024', '2024-25') + ',1', LA.replace('2024', '202426') + ',1']), {
      file: 'x.csv',
    });
    expect(r.errors.items.map((e) => [e.row, e.column, e.value])).toEqual([
      [2, 'time_period', '2024-25'],
      [3, 'time_period', '202426'],
    ]);
  });

  test('a value that is neither a number nor a symbol in an indicator column', () => {
    const r = parseEesText(file(`${STD},cla_group,number`, [`${LA},Total,12`, `${LA.replace('2024', '2023')},Total,twelve`]), {
      file: 'x.csv',
    });
    expect(r.errors.items).toEqual([expect.objectContaining({ row: 3, column: 'number', value: 'twelve' })]);
  });

  test('a local authority row without its code', () => {
    const r = parseEesText(file(`${STD},number`, [LA.replace('E06000004', '') + ',1']), { file: 'x.csv' });
    expect(r.errors.items).toEqual([expect.objectContaining({ row: 2, column: 'new_la_code' })]);
  });

  test('a repeated row names both rows', () => {
    const r = parseEesText(
      file(`${STD},cla_group,characteristic,number`, [
        `${LA},Placement,Foster placements,383`,
        `${LA},Placement,Total,581`,
        `${LA},Placement,Foster placements,384`,
      ]),
      { file: 'x.csv' },
    );
    expect(r.errors.items).toHaveLength(1);
    expect(r.errors.items[0]).toMatchObject({ row: 4, column: null });
    expect(r.errors.items[0]!.message).toContain('Row 4 repeats row 2');
  });

  test('every problem is counted, the detail capped', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${LA.replace('2024', String(1990 + i))},bad`);
    const r = parseEesText(file(`${STD},number`, rows), { file: 'x.csv', issueCap: 5 });
    expect(r.errors.total).toBe(30);
    expect(r.errors.items).toHaveLength(5);
  });
});
