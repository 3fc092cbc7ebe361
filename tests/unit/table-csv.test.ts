import { describe, expect, it } from 'vitest';
import { tableCsv, type DataTable } from '@/lib/tables';

describe('a chart’s table as CSV', () => {
  it('has the same labels and columns as the table on screen, symbols as their letters', () => {
    const table: DataTable = {
      id: 'weekly-cost',
      title: 'Average weekly cost',
      description: '',
      rowHeader: 'Setting',
      columns: [
        { key: 'in_house', label: 'In-house (PR1)', unit: 'gbp' },
        { key: 'other_la', label: 'Another council (PR2)', unit: 'gbp' },
      ],
      rows: [
        { key: 'secure', label: 'Secure homes', chartLabel: 'Secure', cells: { in_house: { value: null, symbol: 'z' }, other_la: { value: 8515, symbol: null } } },
        { key: 'fostering', label: 'Fostering, other', cells: { in_house: { value: 560.5, symbol: null }, other_la: { value: null, symbol: null } } },
      ],
      notes: [],
      keys: [],
    };
    expect(tableCsv(table).trim().split(/\r?\n/)).toEqual([
      'Setting,In-house (PR1),Another council (PR2)',
      'Secure homes,z,8515',
      '"Fostering, other",560.5,',
    ]);
  });
});
