import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleControl } from './control/control-routes.ts';
import type { IncomingRequest, OutgoingResponse } from './http/messages.ts';
import { CONTROL_PREFIX, type MockOptions } from '../harness/mock-options.ts';
import { MockPanel } from './panel.ts';
import { declaredLength } from './pipeline/parse-input.ts';

export interface RunningMock {
  panel: MockPanel;
  url: string;
  close(): Promise<void>;
}

export interface ListenOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
}

// A body larger than this is not buffered: the 413 is decided on the declared or counted size.
const READ_LIMIT_SLACK = 1024;

/** Serves a mock panel over node:http, on loopback unless told otherwise. */
export async function startMock(options: Partial<MockOptions> = {}, listen: ListenOptions = {}): Promise<RunningMock> {
  const panel = await MockPanel.create(options);
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    try {
      // A request without a body is answered at once, within this event: an await before the
      // answer cost about a third of the requests per second (bench:mock-floor).
      if (hasNoBody(req, panel.options.maxBodyBytes)) serve(panel, requestOf(req, NO_BODY), res);
      else readBody(req, panel.options.maxBodyBytes).then((body) => serve(panel, requestOf(req, body), res)).catch((error: unknown) => fail(res, error));
    } catch (error) {
      fail(res, error);
    }
  };
  const server = createServer(handler);
  // `Expect: 100-continue`: a body declared too large is refused without inviting it.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (declaredLength(req) <= panel.options.maxBodyBytes) res.writeContinue();
    handler(req, res);
  });
  server.keepAliveTimeout = 5000;
  const host = listen.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return { panel, url: `http://${shownHost}:${port}`, close: () => closeServer(server) };
}

const NO_BODY = Buffer.alloc(0);

/** The pipeline renders every panel error itself; reaching here is a transport fault. */
function fail(res: ServerResponse, error: unknown): void {
  if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
  res.end(error instanceof Error ? error.message : 'internal error');
}

function serve(panel: MockPanel, request: IncomingRequest, res: ServerResponse): void {
  const response = panel.options.control && isControlPath(request.url) ? handleControl(panel, request) : panel.respond(request);
  if (response instanceof Promise) response.then((answer) => send(res, answer)).catch((error: unknown) => fail(res, error));
  else send(res, response);
}

function isControlPath(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  return path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`);
}

function send(res: ServerResponse, response: OutgoingResponse): void {
  res.writeHead(response.status, response.headers);
  res.end(bodyBytes(response.body));
}

/**
 * The body as bytes, encoded here rather than in the socket's writev (which reserves three bytes a
 * character for a string and encodes it there). ASCII, the usual JSON body (PHP escapes the rest),
 * is copied byte for byte; the bytes sent are the same either way. A body sent again (kept row JSON
 * and memoised errors give the very same strings) is sent from the bytes already encoded: a few
 * megabytes of them at most (no body over 256 KiB), dropped together when full.
 */
function bodyBytes(body: string): Buffer {
  let bytes = encodedBodies.get(body);
  if (bytes !== undefined) return bytes;
  bytes = Buffer.from(body, Buffer.byteLength(body, 'utf8') === body.length ? 'latin1' : 'utf8');
  if (bytes.length > ENCODED_BODY_MAX) return bytes;
  if (encodedSize + bytes.length > ENCODED_BODIES_LIMIT) {
    encodedBodies.clear();
    encodedSize = 0;
  }
  encodedBodies.set(body, bytes);
  encodedSize += bytes.length;
  return bytes;
}

const encodedBodies = new Map<string, Buffer>();
const ENCODED_BODIES_LIMIT = 4 * 1024 * 1024;
const ENCODED_BODY_MAX = 256 * 1024;
let encodedSize = 0;

/**
 * Nothing to read: neither Content-Length nor Transfer-Encoding, so the message has no body (RFC 9112
 * §6.3); or a declared Content-Length over the limit, answered at once before any of the body is read:
 * ValidatePostSize decides on the declared CONTENT_LENGTH (laravel/framework
 * v5.7.14:src/Illuminate/Foundation/Http/Middleware/ValidatePostSize.php#L23), which parseInput
 * reads from the headers. Node discards whatever body still comes after the answer.
 */
function hasNoBody(req: IncomingMessage, maxBodyBytes: number): boolean {
  const bodiless = req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined;
  return bodiless || declaredLength(req) > maxBodyBytes;
}

async function readBody(req: IncomingMessage, maxBodyBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    // Keep counting past the limit without buffering, so a huge body still gets its 413.
    if (size <= maxBodyBytes + READ_LIMIT_SLACK) chunks.push(buffer);
  }
  return size > maxBodyBytes ? Buffer.alloc(maxBodyBytes + 1) : Buffer.concat(chunks);
}

function requestOf(req: IncomingMessage, body: Buffer): IncomingRequest {
  return {
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    headers: singleValued(req.headers),
    body,
    remoteAddress: req.socket.remoteAddress ?? '127.0.0.1',
    scheme: 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http',
  };
}

/**
 * Node's header object with every value a string. Only Set-Cookie comes as an array (Node joins or
 * drops the other repeated headers itself); the object is used as it is when it has none, as nothing
 * changes a request's headers.
 */
function singleValued(raw: IncomingHttpHeaders): Record<string, string | undefined> {
  if (raw['set-cookie'] === undefined) return raw as Record<string, string | undefined>;
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(raw)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return headers;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
