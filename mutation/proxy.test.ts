import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { connect, createServer as createNetServer, type AddressInfo, type Server as NetServer } from 'node:net';
import { gunzipSync, gzipSync } from 'node:zlib';
import { request } from 'undici';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OperationIndex } from '../harness/operation-index.ts';
import { ResponseContract } from '../harness/response-contract.ts';
import type { Deviation } from './catalogue.ts';
import { dropQuery, type MutationProxy, requestFacts, serializeLike, startMutationProxy } from './proxy.ts';

let index: OperationIndex;
beforeAll(async () => {
  index = (await ResponseContract.load()).index;
});

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()?.();
});

function deviation(partial: Partial<Deviation>): Deviation {
  return { id: 'test', profile: 'v0.7.19', family: 'field', description: 'a test deviation', names: ['x'], match: { status: 200 }, mutate: [], ...partial };
}

async function proxyTo(upstream: string, d?: Deviation): Promise<MutationProxy> {
  const proxy = await startMutationProxy({ upstream, deviation: d, index });
  cleanup.push(() => proxy.close());
  return proxy;
}

/** A panel that writes exactly these bytes for every request, then closes. */
async function rawPanel(respond: (requestHead: string) => Buffer): Promise<string> {
  const server: NetServer = createNetServer((socket) => {
    let head = '';
    socket.on('data', (chunk) => {
      head += chunk.toString('latin1');
      if (head.includes('\r\n\r\n')) socket.end(respond(head));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function httpPanel(handler: Parameters<typeof createHttpServer>[1]): Promise<string> {
  const server: HttpServer = createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

interface RawResponse {
  statusLine: string;
  headers: string[];
  /** The body after transfer decoding (chunks joined), still content-encoded. */
  body: Buffer;
}

/** Sends one request on a raw socket and reads the answer until the connection closes. */
function rawRequest(base: string, method: string, path: string): Promise<RawResponse> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(`${method} ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAccept: application/json\r\nConnection: close\r\n\r\n`));
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('end', () => {
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      const [statusLine = '', ...headers] = all.subarray(0, split).toString('latin1').split('\r\n');
      let body: Buffer = all.subarray(split + 4);
      if (headers.some((h) => /^transfer-encoding:\s*chunked$/i.test(h))) body = dechunk(body);
      resolve({ statusLine, headers, body });
    });
  });
}

function dechunk(data: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (!size) return Buffer.concat(out);
    out.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

function chunked(...parts: Buffer[]): Buffer {
  return Buffer.concat([...parts.flatMap((p) => [Buffer.from(`${p.length.toString(16)}\r\n`), p, Buffer.from('\r\n')]), Buffer.from('0\r\n\r\n')]);
}

const GZIPPED_JSON = gzipSync(Buffer.from('{"object":"user","attributes":{"id":1,"url":"http:\\/\\/panel\\/x"}}'));
const RAW_ANSWERS: Record<string, Buffer> = {
  'gzip, chunked, repeated and oddly cased headers': Buffer.concat([
    Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Odd-CASE: AbC\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\nDate: Sat, 03 Oct 2020 17:07:52 GMT\r\nConnection: close\r\n\r\n'),
    chunked(GZIPPED_JSON.subarray(0, 10), GZIPPED_JSON.subarray(10)),
  ]),
  'content-length with PHP-escaped slashes': Buffer.from('HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 29\r\nDate: Sat, 03 Oct 2020 17:07:52 GMT\r\nConnection: close\r\n\r\n{"errors":[{"a":"http:\\/\\/"}]}'.replace('29', String('{"errors":[{"a":"http:\\/\\/"}]}'.length))),
  'a 204 without a body': Buffer.from('HTTP/1.1 204 No Content\r\nX-RateLimit-Limit: 120\r\nDate: Sat, 03 Oct 2020 17:07:52 GMT\r\nConnection: close\r\n\r\n'),
};

describe('the mutation proxy passes non-matching answers through byte for byte', () => {
  for (const [label, bytes] of Object.entries(RAW_ANSWERS)) {
    it(label, async () => {
      const panel = await rawPanel(() => bytes);
      // A deviation that matches nothing here, so the proxy is in its mutating configuration.
      const proxy = await proxyTo(panel, deviation({ match: { operation: 'getClientServer' }, mutate: [{ op: 'set', pointer: '/x', value: 1 }] }));
      const direct = await rawRequest(panel, 'GET', '/api/application/users/1');
      const proxied = await rawRequest(proxy.url, 'GET', '/api/application/users/1');
      expect(proxied.statusLine).toBe(direct.statusLine);
      expect(proxied.headers).toEqual(direct.headers);
      expect(proxied.body.equals(direct.body)).toBe(true);
      expect(proxy.stats).toMatchObject({ requests: 1, matched: 0, mutated: 0 });
    });
  }

  it('passes a matching answer the primitives do not change unchanged too', async () => {
    const bytes = RAW_ANSWERS['gzip, chunked, repeated and oddly cased headers'] as Buffer;
    const panel = await rawPanel(() => bytes);
    const proxy = await proxyTo(panel, deviation({ match: { operation: 'getUser' }, mutate: [{ op: 'delete', pointer: '/no/such/member' }] }));
    const direct = await rawRequest(panel, 'GET', '/api/application/users/1');
    const proxied = await rawRequest(proxy.url, 'GET', '/api/application/users/1');
    expect([proxied.statusLine, proxied.headers, proxied.body.equals(direct.body)]).toEqual([direct.statusLine, direct.headers, true]);
    expect(proxy.stats).toMatchObject({ matched: 1, mutated: 0 });
  });
});

describe('the mutation proxy applies its deviation', () => {
  it('decodes a gzip answer, mutates it and re-encodes it with the right length', async () => {
    const panel = await httpPanel((_req, res) => {
      const body = gzipSync(Buffer.from('{"object":"user","attributes":{"id":1,"2fa":true,"link":"http:\\/\\/p\\/a"}}'));
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': String(body.length), 'X-RateLimit-Remaining': '119' });
      res.end(body);
    });
    const proxy = await proxyTo(panel, deviation({ match: { operation: 'getUser', status: 200 }, mutate: [{ op: 'rename', pointer: '/attributes/2fa', to: 'two_factor' }, { op: 'deleteHeader', name: 'x-ratelimit-remaining' }] }));
    const answer = await rawRequest(proxy.url, 'GET', '/api/application/users/1');
    const length = answer.headers.find((h) => /^content-length:/i.test(h));
    expect(length).toBe(`Content-Length: ${answer.body.length}`);
    expect(answer.headers.some((h) => /^x-ratelimit-remaining/i.test(h))).toBe(false);
    // Written back as PHP wrote it: compact, slashes escaped.
    expect(gunzipSync(answer.body).toString()).toBe('{"object":"user","attributes":{"id":1,"two_factor":true,"link":"http:\\/\\/p\\/a"}}');
    expect(proxy.stats).toMatchObject({ matched: 1, mutated: 1 });
  });

  it('matches on operation, status and body, and leaves other answers alone', async () => {
    const panel = await httpPanel((req, res) => {
      const status = req.url?.includes('99') ? 404 : 200;
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(status === 404 ? { errors: [{ code: 'NotFoundHttpException', status: '404', detail: 'x' }] } : { object: 'user' }));
    });
    const proxy = await proxyTo(panel, deviation({ match: { operation: 'getUser', status: 404, body: { errors: [{ code: 'NotFoundHttpException' }] } }, mutate: [{ op: 'retype', pointer: '/errors/*/status', to: 'number' }, { op: 'status', to: 403 }] }));
    const missing = await request(`${proxy.url}/api/application/users/99`);
    expect(missing.statusCode).toBe(403);
    expect(await missing.body.json()).toEqual({ errors: [{ code: 'NotFoundHttpException', status: 404, detail: 'x' }] });
    const found = await request(`${proxy.url}/api/application/users/1`);
    expect([found.statusCode, await found.body.json()]).toEqual([200, { object: 'user' }]);
    const other = await request(`${proxy.url}/api/application/nodes/99`);
    expect(other.statusCode).toBe(404);
    await other.body.text();
  });

  it('rewrites the request query for a deviation that drops a parameter', async () => {
    const panel = await httpPanel((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ url: req.url }));
    });
    const proxy = await proxyTo(panel, deviation({ match: { operation: 'listClientServers' }, request: { dropQuery: ['filter'] } }));
    const answer = await request(`${proxy.url}/api/client?filter=owner&page=2&filter%5Bx%5D=1`);
    expect(await answer.body.json()).toEqual({ url: '/api/client?page=2' });
    expect(proxy.stats.requestsRewritten).toBe(1);
    expect(dropQuery('/api/application/users?include=servers', ['include'])).toBe('/api/application/users');
    expect(dropQuery('/a?x=1&include[]=a&y', ['include'])).toBe('/a?x=1&y');
  });

  it('keeps state across answers (X-RateLimit-Remaining held at its first value)', async () => {
    let remaining = 120;
    const panel = await httpPanel((_req, res) => {
      remaining -= 1;
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-RateLimit-Remaining': String(remaining) });
      res.end('{}');
    });
    const proxy = await proxyTo(panel, deviation({ match: { routed: true, status: '2xx' }, mutate: [{ op: 'holdHeader', name: 'X-RateLimit-Remaining' }] }));
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      const answer = await request(`${proxy.url}/api/application/locations`);
      await answer.body.text();
      seen.push(String(answer.headers['x-ratelimit-remaining']));
    }
    expect(seen).toEqual(['119', '119', '119']);
  });

  it('puts a body on a 204 the way a broken panel would, which an HTTP client refuses', async () => {
    const panel = await httpPanel((_req, res) => {
      res.writeHead(204, { 'X-RateLimit-Limit': '120' });
      res.end();
    });
    const proxy = await proxyTo(panel, deviation({ match: { status: 204 }, mutate: [{ op: 'replaceBody', text: '{"success":true}', contentType: 'application/json' }] }));
    const raw = await rawRequest(proxy.url, 'DELETE', '/api/application/locations/1');
    expect(raw.statusLine).toBe('HTTP/1.1 204 No Content');
    expect(raw.headers).toContain('Content-Length: 16');
    expect(raw.body.toString()).toBe('{"success":true}');
    const answer = await request(`${proxy.url}/api/application/locations/1`, { method: 'DELETE' });
    await expect(answer.body.text()).rejects.toMatchObject({ code: 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' });
  });
});

describe('the mutation proxy itself', () => {
  it('listens on loopback and fronts only a loopback panel', async () => {
    const panel = await httpPanel((_req, res) => res.end());
    const proxy = await proxyTo(panel);
    expect(new URL(proxy.url).hostname).toBe('127.0.0.1');
    await expect(startMutationProxy({ upstream: 'http://panel.example.com', deviation: undefined, index })).rejects.toThrow(/loopback/);
    await expect(startMutationProxy({ upstream: 'https://127.0.0.1:1', deviation: undefined, index })).rejects.toThrow(/loopback http/);
  });

  it('resolves operations as the panel routes them (HEAD runs GET; unknown paths have none)', () => {
    expect(requestFacts(index, 'HEAD', '/api/application/locations?page=2')).toEqual({ method: 'HEAD', path: '/api/application/locations', api: 'application', operationId: 'listLocations' });
    expect(requestFacts(index, 'GET', '/api/client/servers/abcd1234/utilization').operationId).toBe('getClientServerUtilization');
    expect(requestFacts(index, 'PUT', '/api/application/users').operationId).toBeUndefined();
    expect(requestFacts(index, 'GET', '/__control/clock').api).toBeUndefined();
  });

  it('writes JSON back in the style of the original body', () => {
    expect(serializeLike('{"a":"x\\/y"}', { a: 'p/q' })).toBe('{"a":"p\\/q"}');
    expect(serializeLike('{\n    "errors": []\n}', { errors: [{ a: 'p/q' }] })).toBe('{\n    "errors": [\n        {\n            "a": "p/q"\n        }\n    ]\n}');
  });
});
