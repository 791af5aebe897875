import { describe, expect, it } from 'vitest';
import { phpJson } from './php-json.ts';

// json_encode's escapes, on both paths phpJson takes: nothing to escape (returned as
// JSON.stringify wrote it) and something to escape.
describe('phpJson', () => {
  it('escapes slashes unless told not to', () => {
    expect(phpJson({ url: 'http://a/b' })).toBe('{"url":"http:\\/\\/a\\/b"}');
    expect(phpJson({ url: 'http://a/b' }, { escapeSlashes: false })).toBe('{"url":"http://a/b"}');
  });

  it('escapes every non-ASCII character and DEL as \\uXXXX', () => {
    expect(phpJson({ d: 'server’s é \u007f' })).toBe('{"d":"server\\u2019s \\u00e9 \\u007f"}');
    expect(phpJson(['😀'])).toBe('["\\ud83d\\ude00"]');
    // DEL alone: ASCII, yet escaped.
    expect(phpJson('a\u007f')).toBe('"a\\u007f"');
  });

  it('leaves plain ASCII as JSON.stringify wrote it', () => {
    const value = { a: 'plain text', n: 1, list: [true, null] };
    expect(phpJson(value)).toBe(JSON.stringify(value));
    expect(phpJson({ a: 1 }, { pretty: true })).toBe('{\n    "a": 1\n}');
  });
});
