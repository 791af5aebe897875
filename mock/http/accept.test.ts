import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acceptableContentTypes, expectsJson, headerMatches, phpFloat, splitHeader } from './accept.ts';

describe('expectsJson(), case-sensitive as Laravel 5.7 and Symfony 4.1 compare', () => {
  it.each([
    [{ accept: 'application/json' }, true],
    [{ accept: 'APPLICATION/JSON' }, false],
    [{ accept: 'Application/Json' }, false],
    [{ accept: 'application/JSON' }, false],
    [{ accept: 'application/vnd.api+json' }, true],
    [{ accept: 'application/vnd.api+JSON' }, false],
    [{ accept: 'text/html;Q=0.1, application/json' }, true],
    [{ accept: 'application/json;q=abc, text/html' }, false],
    [{ accept: 'application/json;q=0.5, text/html;q=0.5' }, true],
    [{ accept: 'application/json;q=0.1, text/html, application/json' }, false],
    [{ accept: 'text/html;q=0.5, application/json;q=0.1, application/json' }, true],
    [{ accept: 'application/json, text/html, application/json;q=0.1' }, false],
    [{ accept: '*/*', 'x-requested-with': 'XMLHttpRequest' }, true],
    [{ accept: '*/*', 'x-requested-with': 'xmlhttprequest' }, false],
    [{ 'x-requested-with': 'XMLHttpRequest', 'x-pjax': 'true' }, false],
    [{ 'x-requested-with': 'XMLHttpRequest', 'x-pjax': '0' }, true],
    [{ 'x-requested-with': 'XMLHttpRequest', 'x-pjax': '' }, true],
    [{ accept: 'text/html', 'x-requested-with': 'XMLHttpRequest' }, false],
    [{}, false],
  ])('%j → %s', (headers, expected) => {
    expect(expectsJson(headers)).toBe(expected);
  });
});

describe("Symfony's AcceptHeader order", () => {
  it('keeps the media ranges as written, sorts by q then header order, and lets a repeat replace its first entry', () => {
    expect(acceptableContentTypes('Text/HTML;q=0.5, APPLICATION/JSON')).toEqual(['APPLICATION/JSON', 'Text/HTML']);
    expect(acceptableContentTypes('a/a;q=0.5, b/b, a/a')).toEqual(['b/b', 'a/a']);
    expect(acceptableContentTypes('"a/a";q="0.9", b/b;level=1;q=0.8')).toEqual(['a/a', 'b/b']);
    expect(acceptableContentTypes('a/a;q, b/b;q=0')).toEqual(['a/a', 'b/b']);
    expect(acceptableContentTypes('')).toEqual([]);
    expect(acceptableContentTypes(undefined)).toEqual([]);
  });

  it("splits like HeaderUtils::split's own examples", () => {
    expect(splitHeader('da, en-gb;q=0.8', ',;')).toEqual([['da'], ['en-gb', 'q=0.8']]);
    expect(splitHeader('a,,b', ',')).toEqual(['a', 'b']);
  });

  it('stays linear on whitespace before a separator (the PCRE pattern backtracks exponentially in V8)', () => {
    const header = `text/html${' '.repeat(5000)},application/json`;
    expect(acceptableContentTypes(header)).toEqual(['text/html', 'application/json']);
  });

  it('casts q as PHP (float) does', () => {
    expect([phpFloat('0.5'), phpFloat('.5'), phpFloat('1e-1'), phpFloat('0.7x'), phpFloat('abc'), phpFloat('INF'), phpFloat('-1')]).toEqual([0.5, 0.5, 0.1, 0.7, 0, 0, -1]);
  });
});

// Symfony's own pattern (v4.1.7:HeaderUtils.php#L47-L63) as the oracle for the scanner, on inputs
// short enough that its backtracking stays cheap. PCRE's \s and `.` spelt out for V8.
function symfonyMatches(header: string, separators: string): { text: string; separator: string | undefined }[] {
  const ws = ' \\t\\n\\x0b\\f\\r';
  const pattern = new RegExp(`(?![${ws}])(?:"(?:[^"\\\\]|\\\\[^\\n])*(?:"|\\\\|$)|[^"${separators}]+)+(?<![${ws}])|[${ws}]*([${separators}])[${ws}]*`, 'g');
  const trimmed = header.replace(/^[ \t\n\r\0\x0b]+|[ \t\n\r\0\x0b]+$/g, '');
  return [...trimmed.matchAll(pattern)].map((m) => ({ text: m[0], separator: m[1] }));
}

describe('the scanner finds what the Symfony pattern finds', () => {
  it('on random headers of separators, quotes, backslashes and whitespace', () => {
    const char = fc.constantFrom('a', 'b', '/', ',', ';', '=', ' ', '\t', '\n', '"', '\\', '\u00a0');
    fc.assert(
      fc.property(fc.array(char, { maxLength: 14 }).map((chars) => chars.join('')), (header) => {
        expect(headerMatches(header, ',;=')).toEqual(symfonyMatches(header, ',;='));
      }),
      { numRuns: 3000 },
    );
  });
});
