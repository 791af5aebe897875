import { describe, expect, it } from 'vitest';
import type { IncomingRequest } from '../../http/messages.ts';
import { PanelErrorV111 } from '../errors/panel-error.ts';
import { parseInputV111 } from './parse-input.ts';

const req = (method: string, url: string, body = '', type = 'application/json', headers: Record<string, string> = {}): IncomingRequest => ({
  method,
  url,
  headers: { 'content-type': type, ...headers },
  body: Buffer.from(body),
  remoteAddress: '127.0.0.1',
  scheme: 'http',
});

describe('the v1.11 global middleware on input', () => {
  it("trims as Laravel 10: \\s, BOM and ZWSP go, NUL and no-break space stay; '' becomes null", () => {
    const { input } = parseInputV111(req('POST', '/api/application/users', JSON.stringify({ a: '\f x \u200B', b: '\u00a0y', c: '\0z', d: '  ', password: ' secret ' })), 1e6);
    expect(input).toEqual({ a: 'x', b: '\u00a0y', c: '\0z', d: null, password: ' secret ' });
  });
  it('cleans the query too, the body winning on a shared key', () => {
    const { query, input } = parseInputV111(req('POST', '/api/application/users?search=&x=%20q%20', JSON.stringify({ x: 'body' })), 1e6);
    expect(query).toEqual({ search: null, x: 'q' });
    expect(input).toEqual({ search: null, x: 'body' });
  });
  it('does not trim on the client file routes addressed by full uuid, and does by short id', () => {
    const full = parseInputV111(req('GET', '/api/client/servers/74755444-92c0-458a-8ae1-d202a8c11f64/files/list?directory=%20dir%20'), 1e6);
    expect(full.query['directory']).toBe(' dir ');
    const short = parseInputV111(req('GET', '/api/client/servers/74755444/files/list?directory=%20dir%20'), 1e6);
    expect(short.query['directory']).toBe('dir');
  });
  it('a POST routes as its override; a name of other characters is a 404', () => {
    expect(parseInputV111(req('POST', '/x?_method=patch'), 1e6).method).toBe('PATCH');
    expect(parseInputV111(req('POST', '/x', JSON.stringify({ _method: 'delete' })), 1e6).method).toBe('DELETE');
    expect(() => parseInputV111(req('POST', '/x', '', 'text/plain', { 'x-http-method-override': 'GE T' }), 1e6)).toThrow(PanelErrorV111);
  });
  it('a declared length over post_max_size is a 413', () => {
    expect(() => parseInputV111(req('POST', '/x', '', 'application/json', { 'content-length': '100' }), 10)).toThrow(/^$/);
  });
});
