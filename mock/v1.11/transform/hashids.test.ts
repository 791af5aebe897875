import { describe, expect, it } from 'vitest';
import { Hashids } from './hashids.ts';

describe('hashids', () => {
  it('matches the reference implementation on its published examples', () => {
    expect(new Hashids('this is my salt').encode(12345)).toBe('NkK9');
    expect(new Hashids('this is my salt').encode(1, 2, 3)).toBe('laHquq');
    expect(new Hashids('this is my salt', 8).encode(1)).toBe('gB0NV05e');
  });

  it('decodes what it encodes and nothing else', () => {
    const hashids = new Hashids('panel salt', 8);
    for (const id of [0, 1, 7, 99, 123456]) {
      const encoded = hashids.encode(id);
      expect(encoded).toHaveLength(8);
      expect(hashids.decode(encoded)).toEqual([id]);
    }
    expect(hashids.decode('zzzzzzzz')).toEqual([]);
    expect(new Hashids('another salt', 8).decode(hashids.encode(5))).not.toEqual([5]);
  });
});
