// The panel client alone against small loopback servers: gzip, deflate, br and chunked answers
// are read correctly (never reported), while oversized bodies (also after decompression), non-JSON
// answers, transport faults and endless 429s become one ConnectivityError in plain words, redacted.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectivityError, describeAnswerProblem, describeTransportError } from './connectivity-error.ts';
import { OperationIndex } from './operation-index.ts';
import { Pacer } from './pacer.ts';
import { PanelClient, type PanelExchange } from './panel-client.ts';
import { readRunConfig } from './run-config.ts';
import { loadSpec } from './spec-source.ts';

const KEY = 'Zq3'.repeat(16);
const LIST = JSON.stringify({ object: 'list', data: [{ object: 'location', attributes: { id: 1, short: 'de.fra', long: 'x'.repeat(5000) } }] });

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
const routes = new Map<string, Handler>();
let server: Server;
let base: string;
let index: OperationIndex;

beforeAll(async () => {
  index = new OperationIndex(await loadSpec());
  server = createServer((req, res) => {
    const handler = routes.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (handler) handler(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function client(options: { timeoutMs?: number; maxResponseBytes?: number; pacer?: Pacer; url?: string } = {}): PanelClient {
  const config = readRunConfig({ PTERO_URL: options.url ?? base, PTERO_APPLICATION_KEY: KEY, PTERO_TIMEOUT_MS: String(options.timeoutMs ?? 2000) }, '/nonexistent/.env');
  return new PanelClient(options.url ?? base, config, index, options.pacer ?? new Pacer(undefined, Date.now, async () => {}), {
    ...(options.maxResponseBytes === undefined ? {} : { maxResponseBytes: options.maxResponseBytes }),
  });
}

function route(path: string, handler: Handler): string {
  routes.set(path, handler);
  return path;
}

async function failure(promise: Promise<unknown>): Promise<ConnectivityError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectivityError);
  return error as ConnectivityError;
}

function chunked(res: ServerResponse, status: number, headers: Record<string, string>, body: Buffer): void {
  res.writeHead(status, headers);
  for (let i = 0; i < body.length; i += 333) res.write(body.subarray(i, i + 333));
  res.end();
}

describe('encodings a proxy adds are undone, not reported', () => {
  it.each([
    ['gzip', gzipSync],
    ['x-gzip', gzipSync],
    ['deflate', deflateSync],
    ['deflate', deflateRawSync],
    ['br', brotliCompressSync],
  ] as const)('Content-Encoding: %s, chunked', async (encoding, compress) => {
    const path = route(`/api/application/enc-${encoding}-${compress.name}`, (_req, res) =>
      chunked(res, 200, { 'Content-Type': 'application/json', 'Content-Encoding': encoding }, compress(Buffer.from(LIST))),
    );
    const exchange = await client().send('GET', path, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(exchange.response.rawBody).toBe(LIST);
    expect(exchange.json).toEqual(JSON.parse(LIST));
    expect(exchange.failure).toBeUndefined();
  });

  it('plain chunked JSON, and gzip the client did not ask for', async () => {
    const plain = route('/api/application/chunked', (_req, res) => chunked(res, 200, { 'Content-Type': 'application/json' }, Buffer.from(LIST)));
    const unasked = route('/api/application/unasked-gzip', (_req, res) => chunked(res, 200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, gzipSync(LIST)));
    expect((await client().send('GET', plain)).json).toEqual(JSON.parse(LIST));
    expect((await client().send('GET', unasked)).json).toEqual(JSON.parse(LIST));
  });

  it('an empty 204 or HEAD answer is not a problem whatever its Content-Type', async () => {
    const path = route('/api/application/empty', (_req, res) => res.writeHead(204, { 'Content-Type': 'text/html' }).end());
    expect((await client().send('GET', path)).response.status).toBe(204);
  });
});

describe('answers that are not the panel\'s JSON API', () => {
  it('a body over the cap is not read past it, and is reported', async () => {
    const declared = route('/api/application/declared-huge', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(2 * 1024 * 1024) });
      res.end(Buffer.alloc(2 * 1024 * 1024, 0x20));
    });
    const streamed = route('/api/application/streamed-huge', (_req, res) => chunked(res, 200, { 'Content-Type': 'application/json' }, Buffer.alloc(3 * 1024 * 1024, 0x20)));
    const small = client({ maxResponseBytes: 1024 * 1024 });
    expect((await failure(small.send('GET', declared))).message).toMatch(/^the panel sent a body larger than 1 MB \(Content-Length 2097152\); no real answer is that large — GET http/);
    expect((await failure(small.send('GET', streamed))).message).toMatch(/the panel sent a body larger than 1 MB \(the client stopped reading there\)/);
  });

  it('a gzip bomb: capped after decompression too', async () => {
    const bomb = gzipSync(Buffer.alloc(5 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const path = route('/api/application/bomb', (_req, res) => chunked(res, 200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, bomb));
    const error = await failure(client({ maxResponseBytes: 1024 * 1024 }).send('GET', path));
    expect(error.kind).toBe('too-large');
    expect(error.plain).toBe('the panel sent a body that decompresses to more than 1 MB; no real answer is that large');
  });

  it('a 204 that carries a body breaks HTTP: a malformed answer naming the content-length, not a lost panel', async () => {
    const path = route('/api/application/locations/9', (_req, res) => {
      // Written raw: node's own server drops the body of a 204.
      res.socket?.end('HTTP/1.1 204 No Content\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n{"success":true}');
    });
    const error = await failure(client().send('GET', path));
    expect(error.kind).toBe('malformed');
    expect(error.transport).toBe(false);
    expect(error.plain).toMatch(/does not match its content-length \(the 204 has a body/);
  });

  it('a body that claims gzip but is not', async () => {
    const path = route('/api/application/bad-gzip', (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }).end('{"object":"list"}'));
    expect((await failure(client().send('GET', path))).plain).toMatch(/^the body could not be decoded as gzip \(Content-Encoding: gzip\): /);
  });

  it('HTML is reported only when JSON was asked for', async () => {
    const path = route('/api/application/html', (_req, res) =>
      res.writeHead(503, { 'Content-Type': 'text/html; charset=UTF-8' }).end('<html><head><title>Maintenance</title></head><body>back soon</body></html>'),
    );
    const error = await failure(client().send('GET', path));
    expect(error.plain).toBe('the panel answered HTML (text/html) instead of JSON: 503 "Maintenance" (a proxy\'s error page: is the panel behind it running?)');
    // A behaviour that asks for HTML on purpose gets the page as it is.
    const asked = await client().send('GET', path, { headers: { accept: 'text/html' } });
    expect(asked.response.status).toBe(503);
  });

  it('a failed exchange is still recorded for the reports (status 0 when nothing answered), and the cause with it', async () => {
    const seen: PanelExchange[] = [];
    const c = client({ url: 'http://127.0.0.1:1' });
    c.onExchange((e) => seen.push(e));
    await failure(c.send('GET', '/api/application/locations'));
    expect(seen).toHaveLength(1);
    expect(seen[0]?.response.status).toBe(0);
    expect(seen[0]?.failure).toBe('connection refused: nothing listens on 127.0.0.1:1');
  });
});

describe('transport faults', () => {
  it('a stall mid-body is a timeout, with how far the body got', async () => {
    const path = route('/api/application/stall', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
      res.write('{"object":');
    });
    const error = await failure(client({ timeoutMs: 300 }).send('GET', path));
    expect(error.plain).toBe('the panel did not finish its answer within 300 ms (it stalled mid-body after 10 of 100 bytes; PTERO_TIMEOUT_MS)');
  });

  it('a drip that keeps every chunk under the timeout still ends at the deadline', async () => {
    const timers: NodeJS.Timeout[] = [];
    const path = route('/api/application/drip', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const timer = setInterval(() => res.write(' '), 50);
      timers.push(timer);
      res.on('close', () => clearInterval(timer));
    });
    const started = performance.now();
    const error = await failure(client({ timeoutMs: 400 }).send('GET', path));
    timers.forEach(clearInterval);
    expect(error.kind).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('three transport failures in a row: the panel counts as unreachable, later requests are not sent', async () => {
    const c = client({ url: 'http://127.0.0.1:1' });
    for (let i = 0; i < 3; i++) expect((await failure(c.send('GET', '/api/application/users'))).notSent).toBe(false);
    const fourth = await failure(c.send('GET', '/api/application/nodes'));
    expect(fourth.notSent).toBe(true);
    expect(fourth.message).toBe('connection refused: nothing listens on 127.0.0.1:1 (seen earlier in this run; this request was not sent) — GET http://127.0.0.1:1/api/application/nodes');
  });

  it('every connectivity class counts towards the cut-off: three oversized bodies in a row stop the client', async () => {
    let served = 0;
    const path = route('/api/application/always-huge', (_req, res) => {
      served += 1;
      chunked(res, 200, { 'Content-Type': 'application/json' }, Buffer.alloc(2 * 1024 * 1024, 0x20));
    });
    const c = client({ maxResponseBytes: 1024 * 1024 });
    const refused: ConnectivityError[] = [];
    c.onRefusal((cause) => refused.push(cause));
    for (let i = 0; i < 3; i++) expect((await failure(c.send('GET', path))).kind).toBe('too-large');
    const fourth = await failure(c.send('GET', path));
    expect(fourth.notSent).toBe(true);
    expect(fourth.plain).toBe('the panel sent a body larger than 1 MB (the client stopped reading there); no real answer is that large');
    expect(served).toBe(3);
    expect(c.stopCause?.kind).toBe('too-large');
    expect(refused.map((r) => r.kind)).toEqual(['too-large']);
  });

  it('mixed classes count together (HTML, invalid JSON, a reset); a usable answer in between starts the count again', async () => {
    const html = route('/api/application/mixed-html', (_req, res) => res.writeHead(502, { 'Content-Type': 'text/html' }).end('<html><title>502</title></html>'));
    const broken = route('/api/application/mixed-json', (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"object":'));
    const reset = route('/api/application/mixed-reset', (req) => req.socket.resetAndDestroy());
    const fine = route('/api/application/mixed-fine', (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(LIST));
    const c = client();
    await failure(c.send('GET', html));
    await failure(c.send('GET', broken));
    expect((await c.send('GET', fine)).response.status).toBe(200);
    await failure(c.send('GET', html));
    await failure(c.send('GET', broken));
    expect(c.stopCause).toBeUndefined();
    expect((await failure(c.send('GET', reset))).kind).toBe('reset');
    expect(c.stopCause?.kind).toBe('reset');
    expect((await failure(c.send('GET', fine))).notSent).toBe(true);
  });

  it('messages never carry a key, even one in the URL', async () => {
    const error = await failure(client({ url: 'http://127.0.0.1:1' }).send('GET', `/api/application/users?token=${KEY}&filter=${KEY}`));
    expect(error.message).not.toContain(KEY);
    expect(error.message).toContain('[REDACTED]');
  });
});

describe('a panel that answers 429 to everything', () => {
  it('backs off once (bounded), then reports throttling and fails fast', async () => {
    let hits = 0;
    const path = route('/api/application/throttled', (_req, res) => {
      hits += 1;
      res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '7', 'X-RateLimit-Limit': '120', 'X-RateLimit-Remaining': '0' });
      res.end('{"errors":[{"code":"ThrottleRequestsException","status":"429","detail":"x"}]}');
    });
    const waits: number[] = [];
    const c = client({ pacer: new Pacer(undefined, Date.now, async (ms) => void waits.push(ms)) });
    const first = await failure(c.send('GET', path));
    expect(first.plain).toBe('the panel throttled the suite: 429 ThrottleRequestsException with Retry-After 7 (still 429 after waiting 8 s; is another client sharing this IP\'s window?)');
    expect(waits).toEqual([8000]);
    const second = await failure(c.send('GET', path));
    expect(second.notSent).toBe(true);
    expect(hits).toBe(2);
    expect(waits).toEqual([8000]);
  });

  it('a Retry-After longer than the suite waits is reported at once', async () => {
    const path = route('/api/application/throttled-long', (_req, res) => {
      res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '3600' }).end('{"errors":[{"code":"ThrottleRequestsException","status":"429","detail":"x"}]}');
    });
    expect((await failure(client().send('GET', path))).plain).toMatch(/Retry-After 3600 \(longer than the 65 s the suite waits out;/);
  });

  it('an unpaced request (a rate-limit probe) gets its 429 as it is', async () => {
    const path = route('/api/application/probe', (_req, res) => res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '9' }).end('{"errors":[]}'));
    expect((await client().send('GET', path, { paced: false })).response.status).toBe(429);
  });
});

describe('the words', () => {
  const ctx = { url: 'https://panel.example.com/api/application/users', timeoutMs: 1500, answered: false, bytesRead: 0, declaredLength: undefined, deadline: false };
  it.each([
    [{ code: 'ENOTFOUND' }, 'host not found: panel.example.com does not resolve (check PTERO_URL)'],
    [{ code: 'ECONNREFUSED' }, 'connection refused: nothing listens on panel.example.com:443'],
    [{ code: 'UND_ERR_HEADERS_TIMEOUT' }, 'the panel did not answer within 1500 ms (PTERO_TIMEOUT_MS)'],
    [{ code: 'UND_ERR_CONNECT_TIMEOUT' }, 'could not connect to panel.example.com:443 within 1500 ms (PTERO_TIMEOUT_MS)'],
    [{ code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' }, 'the TLS handshake with panel.example.com:443 failed: DEPTH_ZERO_SELF_SIGNED_CERT (self-signed certificate)'],
  ])('%o', (error, words) => {
    const e = Object.assign(new Error((error as { message?: string }).message ?? ''), error);
    expect(describeTransportError(e, ctx).plain).toBe(words);
  });

  it('an AggregateError (happy eyeballs) is read through', () => {
    const inner = Object.assign(new Error('connect ECONNREFUSED ::1:80'), { code: 'ECONNREFUSED' });
    expect(describeTransportError(new AggregateError([inner]), ctx).kind).toBe('refused');
  });

  it('answers', () => {
    const json = { acceptJson: true };
    expect(describeAnswerProblem({ status: 302, headers: { location: 'https://p/auth/login' }, rawBody: '' }, json)?.plain).toMatch(/^the panel redirected \(302\) to https:\/\/p\/auth\/login instead of answering JSON: it took the request for a browser's/);
    expect(describeAnswerProblem({ status: 200, headers: { 'content-type': 'application/json' }, rawBody: '{"a":' }, json)?.plain).toMatch(/^invalid JSON: .*\(200, 5 bytes; the body ends early: truncated\?\)$/);
    expect(describeAnswerProblem({ status: 200, headers: { 'content-type': 'application/json' }, rawBody: '{"a":1}' }, json)).toBeUndefined();
    expect(describeAnswerProblem({ status: 200, headers: {}, rawBody: 'hello' }, json)?.plain).toBe('the panel answered without a Content-Type instead of JSON (200, 5 bytes)');
    expect(describeAnswerProblem({ status: 200, headers: { 'content-type': 'text/plain' }, rawBody: 'hello' }, { acceptJson: false })).toBeUndefined();
  });
});
