import { Agent, createServer, type IncomingMessage, request as httpRequest, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { brotliCompress, brotliDecompress, deflate, gzip, gunzip, inflate } from 'node:zlib';
import type { OperationIndex } from '../harness/operation-index.ts';
import { phpJson } from '../mock/http/php-json.ts';
import { type Deviation, requestMatches, type RequestFacts, statusMatches } from './catalogue.ts';
import { type Json, partialMatch } from './json-pointer.ts';
import { applyPrimitive, MutableResponse, type MutationContext } from './primitives.ts';

export interface MutationProxyOptions {
  /** The panel behind the proxy; loopback only. */
  upstream: string;
  /** The one deviation to apply; undefined passes everything through. */
  deviation: Deviation | undefined;
  /** Resolves requests to operationIds (the spec's index). */
  index: OperationIndex;
}

export interface ProxyStats {
  requests: number;
  /** Responses the deviation matched (request side, status and body). */
  matched: number;
  /** Matched responses the primitives actually changed. */
  mutated: number;
  /** Requests whose query the deviation rewrote. */
  requestsRewritten: number;
}

export interface MutationProxy {
  url: string;
  stats: ProxyStats;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
const NO_BODY_STATUSES = new Set([204, 304]);

/**
 * A response-mutating proxy on loopback: forwards every request to the upstream panel unchanged and
 * streams non-matching answers back byte for byte (status line, raw headers in order, the encoded
 * body, chunked or not); a matching answer is buffered, decoded, changed by the deviation's
 * primitives and re-encoded. The mock's control surface never goes through it.
 */
export async function startMutationProxy(options: MutationProxyOptions): Promise<MutationProxy> {
  const upstream = new URL(options.upstream);
  if (upstream.protocol !== 'http:' || !LOOPBACK.has(upstream.hostname)) {
    throw new Error(`the mutation proxy only fronts a loopback http panel (got ${upstream.origin})`);
  }
  const agent = new Agent({ keepAlive: true });
  const stats: ProxyStats = { requests: 0, matched: 0, mutated: 0, requestsRewritten: 0 };
  const state = new Map<string, string>();
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end(`mutation proxy: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  server.keepAliveTimeout = 5000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    stats.requests += 1;
    const body = await readAll(req);
    const target = req.url ?? '/';
    const facts = requestFacts(options.index, req.method ?? 'GET', target);
    const deviation = options.deviation;
    const applies = deviation !== undefined && requestMatches(deviation.match, facts);
    let forwardPath = target;
    if (applies && deviation.request?.dropQuery) {
      forwardPath = dropQuery(target, deviation.request.dropQuery);
      if (forwardPath !== target) stats.requestsRewritten += 1;
    }
    const upstreamResponse = await forward(req, forwardPath, body);
    const status = upstreamResponse.statusCode ?? 502;
    if (!applies || deviation.mutate.length === 0 || !statusMatches(deviation.match, status)) {
      passThrough(upstreamResponse, res);
      return;
    }
    const encoded = await readAll(upstreamResponse);
    const encoding = (upstreamResponse.headers['content-encoding'] ?? '').toLowerCase();
    const plain = await decode(encoded, encoding);
    const response = new MutableResponse(status, upstreamResponse.statusMessage ?? '', pairs(upstreamResponse.rawHeaders), plain);
    if (deviation.match.body !== undefined && !partialMatch(response.json?.json, deviation.match.body)) {
      writeOriginal(upstreamResponse, res, encoded);
      return;
    }
    stats.matched += 1;
    const context: MutationContext = { state, api: facts.api ?? 'none', operationId: facts.operationId };
    let changed = false;
    for (const primitive of deviation.mutate) changed = applyPrimitive(primitive, response, context) || changed;
    if (!changed) {
      writeOriginal(upstreamResponse, res, encoded);
      return;
    }
    stats.mutated += 1;
    const text = response.changedBody && response.json ? serializeLike(plain.toString('utf8'), response.json.json) : undefined;
    const outBody = await encode(text === undefined ? response.rawBody : Buffer.from(text, 'utf8'), encoding);
    writeMutated(req, res, response, outBody);
  }

  function forward(req: IncomingMessage, path: string, body: Buffer, retried = false): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest({
        host: upstream.hostname.replace(/^\[|\]$/g, ''),
        port: upstream.port || 80,
        method: req.method,
        path,
        headers: req.rawHeaders,
        agent,
      });
      outgoing.once('response', resolve);
      outgoing.once('error', (error: NodeJS.ErrnoException) => {
        // A kept-alive socket the panel closed meanwhile: send once more on a fresh one.
        if (!retried && outgoing.reusedSocket && error.code === 'ECONNRESET') forward(req, path, body, true).then(resolve, reject);
        else reject(error);
      });
      outgoing.end(body);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    close: async () => {
      await closeServer(server);
      agent.destroy();
    },
  };
}

/** The request facts a deviation matches on: the operation as the panel would route it (HEAD runs GET). */
export function requestFacts(index: OperationIndex, method: string, target: string): RequestFacts {
  const path = target.split('?')[0] ?? '/';
  const upper = method.toUpperCase();
  const match = index.match(upper === 'HEAD' ? 'GET' : upper, path);
  const api = path.startsWith('/api/client') ? 'client' : path.startsWith('/api/application') ? 'application' : undefined;
  return { method: upper, path, api, operationId: match?.info.operationId };
}

/** The target without the named query parameters (and their PHP array forms); the rest kept as sent. */
export function dropQuery(target: string, names: readonly string[]): string {
  const q = target.indexOf('?');
  if (q === -1) return target;
  const kept = target
    .slice(q + 1)
    .split('&')
    .filter((part) => {
      const rawKey = part.split('=')[0] ?? '';
      let key = rawKey;
      try {
        key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
      } catch {
        // keep the raw key
      }
      return !names.some((name) => key === name || key.startsWith(`${name}[`));
    });
  return kept.length === 0 ? target.slice(0, q) : `${target.slice(0, q)}?${kept.join('&')}`;
}

function passThrough(from: IncomingMessage, to: ServerResponse): void {
  to.writeHead(from.statusCode ?? 502, from.statusMessage, from.rawHeaders);
  from.pipe(to);
}

function writeOriginal(from: IncomingMessage, to: ServerResponse, body: Buffer): void {
  to.writeHead(from.statusCode ?? 502, from.statusMessage, from.rawHeaders);
  to.end(body);
}

function writeMutated(req: IncomingMessage, res: ServerResponse, response: MutableResponse, body: Buffer): void {
  // A HEAD answer keeps the length of the GET it stands for; any other gets its new body's.
  const headers = req.method === 'HEAD' ? [...response.headers] : response.headers.filter(([k]) => k.toLowerCase() !== 'content-length');
  const chunked = headers.some(([k, v]) => k.toLowerCase() === 'transfer-encoding' && /chunked/i.test(v));
  if (NO_BODY_STATUSES.has(response.status) && body.length > 0 && req.method !== 'HEAD') {
    // node:http never sends a body with 204/304; a broken panel does, so write the wire by hand.
    writeRaw(res, response, headers.filter(([k]) => !['transfer-encoding', 'connection', 'keep-alive'].includes(k.toLowerCase())), body);
    return;
  }
  if (!chunked && req.method !== 'HEAD' && !NO_BODY_STATUSES.has(response.status)) headers.push(['Content-Length', String(body.length)]);
  res.writeHead(response.status, response.statusMessage, headers.flat());
  res.end(body);
}

function writeRaw(res: ServerResponse, response: MutableResponse, headers: [string, string][], body: Buffer): void {
  const socket = res.socket;
  if (!socket) return;
  const lines = [`HTTP/1.1 ${response.status} ${response.statusMessage}`, ...headers.map(([k, v]) => `${k}: ${v}`), `Content-Length: ${body.length}`, 'Connection: close'];
  socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]));
}

/** JSON written the way the original body was: PHP-style pretty or compact, slashes escaped or not. */
export function serializeLike(original: string, value: Json): string {
  const pretty = /^[{[]\n {4}/.test(original);
  const escapeSlashes = original.includes('\\/') || (!pretty && !original.includes('/'));
  return phpJson(value, { pretty, escapeSlashes });
}

function pairs(raw: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i] as string, raw[i + 1] as string]);
  return out;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

type Codec = (body: Buffer) => Promise<Buffer>;

/** The content codings the proxy reads and writes back: [decode, encode]; any other is passed as is. */
const CODINGS: Readonly<Record<string, readonly [Codec, Codec]>> = {
  gzip: [promisify(gunzip), promisify(gzip)],
  'x-gzip': [promisify(gunzip), promisify(gzip)],
  deflate: [promisify(inflate), promisify(deflate)],
  br: [promisify(brotliDecompress), promisify(brotliCompress)],
};

async function transcode(body: Buffer, encoding: string, direction: 0 | 1): Promise<Buffer> {
  const codec = Object.hasOwn(CODINGS, encoding) ? CODINGS[encoding]?.[direction] : undefined;
  return body.length === 0 || !codec ? body : codec(body);
}

const decode = (body: Buffer, encoding: string) => transcode(body, encoding, 0);
const encode = (body: Buffer, encoding: string) => transcode(body, encoding, 1);

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
