import { describe, expect, it } from 'vitest';
import { MAX_INPUT_NESTING_LEVEL, parsePhpQuery } from './php-query.ts';

const nested = (levels: number) => `f${'[a]'.repeat(levels)}=1`;

describe('max_input_nesting_level', () => {
  it('keeps 64 bracket pairs and drops the whole variable at 65', () => {
    expect(MAX_INPUT_NESTING_LEVEL).toBe(64);
    let value: unknown = parsePhpQuery(nested(64))['f'];
    for (let i = 0; i < 64; i++) value = (value as Record<string, unknown>)['a'];
    expect(value).toBe('1');
    expect(parsePhpQuery(`f[b]=2&${nested(65)}&g=3`)).toEqual({ g: '3' });
    expect(parsePhpQuery(`${nested(65)}&f[c]=4`)).toEqual({ f: { c: '4' } });
  });

  it('parses 10,000 levels without recursion, as nothing', () => {
    expect(parsePhpQuery(nested(10_000))).toEqual({});
  });
});
