import { describe, expect, it } from 'vitest';
import { bufferChunks } from '@/lib/csv/read';
import { detectKind, peek } from '@/lib/importKinds';

describe('telling the kinds of file apart', () => {
  it('recognises each kind by its header, with or without a byte-order mark or title rows', () => {
    expect(detectKind('period_end,la_code,setting,provision,age_band,need,measure,value\n')).toBe('sufficiency_template');
    expect(detectKind('\uFEFFtime_period,time_identifier,geographic_level,country_code\n2024,x,National,E92000001\n')).toBe('ees');
    expect(detectKind('Children\'s social care data\n"This worksheet, has a table"\nWeb link,URN,Provision type,Places\n')).toBe('ofsted');
    expect(detectKind('CHILD,DECOM,RNE\n')).toBeNull();
    expect(detectKind('')).toBeNull();
  });

  it('peeks at the start of a stream without losing a byte of it', async () => {
    const text = 'a'.repeat(100_000) + 'end';
    const { head, chunks } = await peek(bufferChunks(text, 7_000), 10_000);
    expect(head.length).toBe(10_000);
    let all = '';
    const dec = new TextDecoder();
    for await (const c of chunks) all += dec.decode(c, { stream: true });
    expect(all).toBe(text);
  });
});
