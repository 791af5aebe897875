import { describe, expect, it } from 'vitest';
import { stripAnsi } from './ansi.ts';

describe('stripAnsi', () => {
  it('removes colours, cursor moves and hyperlinks, and nothing else', () => {
    expect(stripAnsi('\u001b[1m\u001b[31mred\u001b[39m\u001b[22m \u001b[2K')).toBe('red ');
    expect(stripAnsi('\u001b]8;;https://example.org\u0007link\u001b]8;;\u001b\\')).toBe('link');
    expect(stripAnsi('plain [1m text')).toBe('plain [1m text');
  });
});
