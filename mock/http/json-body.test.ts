import { describe, expect, it } from 'vitest';
import { jsonInputBag, phpJsonDecodeAssoc } from './json-body.ts';

const bag = (text: string | Buffer) => jsonInputBag(Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'));
const nested = (levels: number, open = '[', close = ']') => `${open.repeat(levels)}${close.repeat(levels)}`;
const nestedObjects = (levels: number) => `${'{"a":'.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}`;

describe('(array) json_decode($body, true), as Laravel 5.7 builds its JSON bag', () => {
  it.each([
    ['67', { '0': 67 }],
    ['null', {}],
    ['"x"', { '0': 'x' }],
    ['true', { '0': true }],
    ['false', { '0': false }],
    ['1.5', { '0': 1.5 }],
    ['[4, "b"]', { '0': 4, '1': 'b' }],
    ['{"a": [1]}', { a: [1] }],
    ['', {}],
    ['{"a":', {}],
  ])('%s → %j', (body, expected) => {
    expect(bag(body)).toEqual(expected);
  });
});

describe('the depth limit (default 512: the top-level value is level 1)', () => {
  it('refuses [[1]] at depth 2 and decodes it at depth 3, as php-src ext/json/tests/007.phpt', () => {
    expect(phpJsonDecodeAssoc(Buffer.from('[[1]]'), 2)).toBeNull();
    expect(phpJsonDecodeAssoc(Buffer.from('[[1]]'), 3)).toEqual([[1]]);
    expect(phpJsonDecodeAssoc(Buffer.from('[]'), 1)).toBeNull();
    expect(phpJsonDecodeAssoc(Buffer.from('7'), 1)).toBe(7);
  });

  it('decodes 511 nested arrays or objects and refuses 512', () => {
    expect(bag(nested(511))).toEqual({ '0': expect.any(Array) });
    expect(bag(nested(512))).toEqual({});
    expect(Object.keys(bag(nestedObjects(511)))).toEqual(['a']);
    expect(bag(nestedObjects(512))).toEqual({});
  });

  it('refuses 10,000 levels as an empty input, and does not count brackets inside strings', () => {
    expect(bag(`{"a":${nested(10_000)}}`)).toEqual({});
    const text = '['.repeat(600);
    expect(bag(JSON.stringify({ a: text, b: '\\"[[[' }))).toEqual({ a: text, b: '\\"[[[' });
  });
});

describe('what PHP 7 json_decode refuses and JSON.parse accepts or repairs', () => {
  it.each([
    ['a lone 0xFF byte', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d])],
    ['an overlong encoding of "/"', Buffer.from([0x5b, 0x22, 0xc0, 0xaf, 0x22, 0x5d])],
    ['a UTF-8 encoded surrogate', Buffer.from([0x5b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x5d])],
    ['a truncated sequence', Buffer.from([0x5b, 0x22, 0xe2, 0x82, 0x22, 0x5d])],
    ['a byte order mark', Buffer.from('\ufeff{"a":1}', 'utf8')],
    ['a lone high surrogate escape', Buffer.from('{"a":"\\ud800"}')],
    ['a lone low surrogate escape', Buffer.from('{"a":"\\udc00x"}')],
    ['a reversed surrogate pair', Buffer.from('["\\ude00\\ud83d"]')],
    ['a lone surrogate in a key', Buffer.from('{"\\ud800":1}')],
  ])('%s: the whole document fails, the input is empty', (_label, raw) => {
    expect(phpJsonDecodeAssoc(raw)).toBeNull();
    expect(jsonInputBag(raw)).toEqual({});
  });

  it('keeps well-formed multi-byte text and escaped pairs', () => {
    expect(bag('{"a":"é€😀","b":"\\ud83d\\ude00"}')).toEqual({ a: 'é€😀', b: '😀' });
  });
});
