import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleControl } from './control/control-routes.ts';
import type { IncomingRequest } from './http/messages.ts';
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
    serve(panel, req, res).catch((error: unknown) => {
      // The pipeline renders every panel error itself; reaching here is a transport fault.
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(error instanceof Error ? error.message : 'internal error');
    });
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

async function serve(panel: MockPanel, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const request = await readRequest(req, panel.options.maxBodyBytes);
  const path = request.url.split('?')[0] ?? '';
  const response =
    panel.options.control && (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`))
      ? handleControl(panel, request)
      : await panel.handle(request);
  res.writeHead(response.status, response.headers);
  res.end(bodyBytes(response.body));
}

/**
 * The body as bytes, encoded here rather than in the socket's writev (which reserves three bytes a
 * character for a string and encodes it there). ASCII, the usual JSON body (PHP escapes the rest),
 * is copied byte for byte; the bytes sent are the same either way.
 */
function bodyBytes(body: string): Buffer {
  return Buffer.from(body, Buffer.byteLength(body, 'utf8') === body.length ? 'latin1' : 'utf8');
}

async function readRequest(req: IncomingMessage, maxBodyBytes: number): Promise<IncomingRequest> {
  const chunks: Buffer[] = [];
  let size = 0;
  // A declared Content-Length over the limit is answered at once, before any of the body is read:
  // ValidatePostSize decides on the declared CONTENT_LENGTH (laravel/framework
  // v5.7.14:src/Illuminate/Foundation/Http/Middleware/ValidatePostSize.php#L23), which parseInput
  // reads from the headers. Node discards whatever body still comes after the answer.
  const declaredTooLarge = declaredLength(req) > maxBodyBytes;
  // Neither Content-Length nor Transfer-Encoding: the message has no body (RFC 9112 §6.3), so there
  // is nothing to wait for (an async iterator per GET cost more than the rest of reading it).
  const bodiless = req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined;
  if (!declaredTooLarge && !bodiless) {
    for await (const chunk of req) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      // Keep counting past the limit without buffering, so a huge body still gets its 413.
      if (size <= maxBodyBytes + READ_LIMIT_SLACK) chunks.push(buffer);
    }
  }
  const body = size > maxBodyBytes ? Buffer.alloc(maxBodyBytes + 1) : Buffer.concat(chunks);
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return {
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    headers,
    body,
    remoteAddress: req.socket.remoteAddress ?? '127.0.0.1',
    scheme: 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http',
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
