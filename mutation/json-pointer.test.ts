import { describe, expect, it } from 'vitest';
import { type Json, parsePointer, partialMatch, select, selectForWrite } from './json-pointer.ts';

const doc: Json = {
  object: 'list',
  data: [
    { object: 'user', attributes: { id: 1, '2fa': true, 'a/b': 1, relationships: { servers: { object: 'null_resource', attributes: null } } } },
    { object: 'user', attributes: { id: 2, '2fa': false, 'a~b': 2 } },
  ],
  meta: { pagination: { links: [] } },
};

const pointers = (pointer: string) => select(doc, pointer).map((p) => p.pointer);

describe('json pointers with wildcards', () => {
  it('parses RFC 6901 escapes', () => {
    expect(parsePointer('')).toEqual([]);
    expect(parsePointer('/a~1b/c~0d')).toEqual(['a/b', 'c~d']);
    expect(() => parsePointer('a')).toThrow(/starts with/);
  });

  it('selects plain pointers, and nothing for a missing member or index', () => {
    expect(pointers('/data/1/attributes/id')).toEqual(['/data/1/attributes/id']);
    expect(pointers('/data/0/attributes/a~1b')).toEqual(['/data/0/attributes/a~1b']);
    expect(pointers('/data/2/attributes')).toEqual([]);
    expect(pointers('/meta/nope')).toEqual([]);
    expect(pointers('')).toEqual(['']);
  });

  it('expands * over list items and object members', () => {
    expect(pointers('/data/*/attributes/id')).toEqual(['/data/0/attributes/id', '/data/1/attributes/id']);
    expect(pointers('/meta/*')).toEqual(['/meta/pagination']);
  });

  it('expands ** over any depth, including zero levels, each place once', () => {
    expect(pointers('/**/2fa')).toEqual(['/data/0/attributes/2fa', '/data/1/attributes/2fa']);
    expect(pointers('/**/relationships/*')).toEqual(['/data/0/attributes/relationships/servers']);
    expect(pointers('/**/object')).toEqual(['/object', '/data/0/object', '/data/0/attributes/relationships/servers/object', '/data/1/object']);
  });

  it('selects the places a write reaches, new members included, but only on objects', () => {
    const places = selectForWrite(doc, '/data/*/attributes/uuid');
    expect(places.map((p) => [p.pointer, p.exists])).toEqual([
      ['/data/0/attributes/uuid', false],
      ['/data/1/attributes/uuid', false],
    ]);
    expect(selectForWrite(doc, '/data/5').length).toBe(0);
    expect(() => selectForWrite(doc, '/**')).toThrow(/trailing/);
  });

  it('matches partially: objects by member, arrays by index, [] only the empty array', () => {
    expect(partialMatch({ errors: [{ code: 'X', status: '404' }] }, { errors: [{ code: 'X' }] })).toBe(true);
    expect(partialMatch({ errors: [{ code: 'Y' }] }, { errors: [{ code: 'X' }] })).toBe(false);
    expect(partialMatch([], [])).toBe(true);
    expect(partialMatch([1], [])).toBe(false);
    expect(partialMatch({}, [])).toBe(false);
    expect(partialMatch(null, null)).toBe(true);
    expect(partialMatch({ a: 1 }, {})).toBe(true);
    expect(partialMatch([1], {})).toBe(false);
  });
});
