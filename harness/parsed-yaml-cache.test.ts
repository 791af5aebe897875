import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cacheDirectory, contentKey, hasMarker, parseYamlCached, readYamlFile, setMarker } from './parsed-yaml-cache.ts';

let saved: Record<string, string | undefined>;
let home: string;

beforeEach(() => {
  saved = { XDG_CACHE_HOME: process.env['XDG_CACHE_HOME'], PTERO_PARSE_CACHE: process.env['PTERO_PARSE_CACHE'] };
  home = mkdtempSync(join(tmpdir(), 'ptero-parse-cache-'));
  process.env['XDG_CACHE_HOME'] = home;
  delete process.env['PTERO_PARSE_CACHE'];
});

afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('the parse cache', () => {
  it('parses a text once: the second read comes from the entry, as a fresh object', () => {
    const file = join(home, 'a.yaml');
    writeFileSync(file, 'a: 1\nb: [x, y]\n');
    let parses = 0;
    const parser = (text: string) => {
      parses += 1;
      return { parsed: text.length };
    };
    const first = parseYamlCached('a: 1\n', parser) as Record<string, unknown>;
    first['changed'] = true;
    expect(parseYamlCached('a: 1\n', parser)).toEqual({ parsed: 5 });
    expect(parses).toBe(1);
    expect(readYamlFile(file)).toEqual({ a: 1, b: ['x', 'y'] });
    expect(readdirSync(cacheDirectory() as string).some((n) => n.endsWith('.tmp'))).toBe(false);
  });

  it('parses an edited text again', () => {
    const file = join(home, 'b.yaml');
    writeFileSync(file, 'a: 1\n');
    expect(readYamlFile(file)).toEqual({ a: 1 });
    writeFileSync(file, 'a: 2\n');
    expect(readYamlFile(file)).toEqual({ a: 2 });
  });

  it('keeps the entries of a stricter parser apart from the plain one', () => {
    parseYamlCached('a: 1\n');
    expect(() => parseYamlCached('a: 1\n', () => { throw new Error('rejected'); }, 'strict')).toThrow('rejected');
  });

  it('is off with PTERO_PARSE_CACHE=0, and markers are per text', () => {
    setMarker('checked', 'one');
    expect(hasMarker('checked', 'one')).toBe(true);
    expect(hasMarker('checked', 'two')).toBe(false);
    process.env['PTERO_PARSE_CACHE'] = '0';
    expect(cacheDirectory()).toBeUndefined();
    expect(hasMarker('checked', 'one')).toBe(false);
    let parses = 0;
    parseYamlCached('c: 1\n', (t) => (parses += 1, t));
    parseYamlCached('c: 1\n', (t) => (parses += 1, t));
    expect(parses).toBe(2);
    expect(existsSync(join(home, 'pterodactyl-conformance', `yaml-${contentKey('c: 1\n')}.json`))).toBe(false);
  });

  it('falls back to parsing when the entry is damaged', () => {
    const dir = cacheDirectory() as string;
    parseYamlCached('d: 1\n');
    writeFileSync(join(dir, `yaml-${contentKey('d: 1\n')}.json`), '{not json');
    expect(parseYamlCached('d: 1\n')).toEqual({ d: 1 });
  });
});
