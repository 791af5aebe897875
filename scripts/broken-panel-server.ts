// Test servers that play a broken panel (or what stands between the suite and a panel): a proxy's
// HTML 502, a login redirect, truncated or invalid JSON, a wrong content type, a body far too large,
// an answer slower than the timeout, a reset mid-body, 429 to everything; and a correct panel seen
// through gzip + chunked encoding (a proxy in front of a real answerer). They listen on 127.0.0.1
// only and close themselves after `lifetimeMs` whatever the test does.
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

export type BrokenMode =
  | 'html-502'
  | 'login-redirect'
  | 'truncated-json'
  | 'invalid-json'
  | 'wrong-content-type'
  | 'huge-body'
  | 'slow'
  | 'reset-mid-body'
  | 'throttle-everything'
  | 'gzip-chunked-proxy'
  | 'proxy-then-down';

export interface BrokenPanel {
  url: string;
  port: number;
  /** Requests the server saw. */
  readonly requests: number;
  close(): Promise<void>;
}

export interface BrokenPanelOptions {
  /** For `slow`: how long before the answer starts (default 30 s; the client's timeout should be far below). */
  delayMs?: number;
  /** For `huge-body`: bytes streamed (default 50 MB). */
  hugeBytes?: number;
  /** For `throttle-everything`: the Retry-After sent (default 1). */
  retryAfter?: number;
  /** For `gzip-chunked-proxy` and `proxy-then-down`: the origin answered through the proxy. */
  upstream?: string;
  /** For `proxy-then-down`: how many requests are answered before every connection is dropped unanswered. */
  downAfter?: number;
  /** The server closes itself after this long (default 5 minutes). */
  lifetimeMs?: number;
}

const NGINX_502 = `<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n`;
const LIST_START = '{"object":"list","data":[{"object":"location","attributes":{"id":1,"short":"de.fra","long":"Frankfurt"';

export async function startBrokenPanel(mode: BrokenMode, options: BrokenPanelOptions = {}): Promise<BrokenPanel> {
  let requests = 0;
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };
  const server = createServer((req, res) => {
    requests += 1;
    const body: Buffer[] = [];
    req.on('data', (c: Buffer) => body.push(c));
    // proxy-then-down: the panel is lost midway, every later request gets its connection dropped.
    if (mode === 'proxy-then-down' && requests > (options.downAfter ?? 0)) {
      req.socket.destroy();
      return;
    }
    req.on('end', () => answer(mode, req, res, Buffer.concat(body), options, later));
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= new Promise<void>((resolve) => {
      clearTimeout(lifetime);
      for (const timer of timers) clearTimeout(timer);
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closed;
  };
  const lifetime = setTimeout(() => void close(), options.lifetimeMs ?? 5 * 60_000);
  lifetime.unref();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get requests() {
      return requests;
    },
    close,
  };
}

function answer(
  mode: BrokenMode,
  req: IncomingMessage,
  res: ServerResponse,
  requestBody: Buffer,
  options: BrokenPanelOptions,
  later: (ms: number, fn: () => void) => void,
): void {
  const head = req.method === 'HEAD';
  switch (mode) {
    case 'html-502':
      res.writeHead(502, { 'Content-Type': 'text/html', 'Content-Length': Buffer.byteLength(NGINX_502), Server: 'nginx/1.18.0' });
      res.end(head ? undefined : NGINX_502);
      return;
    case 'login-redirect': {
      // What 0.7 does for a request it takes for a browser's: the session guard sends it to the login page.
      const location = `http://${req.headers.host ?? '127.0.0.1'}/auth/login`;
      const page = `<!DOCTYPE html>\n<html><head><meta http-equiv="refresh" content="0;url=${location}" /><title>Redirecting to ${location}</title></head><body>Redirecting to <a href="${location}">${location}</a>.</body></html>`;
      res.writeHead(302, { Location: location, 'Content-Type': 'text/html; charset=UTF-8', 'Content-Length': Buffer.byteLength(page) });
      res.end(head ? undefined : page);
      return;
    }
    case 'truncated-json':
      json(res, 200, LIST_START, head);
      return;
    case 'invalid-json':
      json(res, 200, '{"object": "list", "data": [ {"object": "location", attributes: {}} ]}', head);
      return;
    case 'wrong-content-type': {
      const body = '{"object":"list","data":[],"meta":{"pagination":{"total":0,"count":0,"per_page":50,"current_page":1,"total_pages":1,"links":[]}}}';
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=UTF-8', 'Content-Length': Buffer.byteLength(body) });
      res.end(head ? undefined : body);
      return;
    }
    case 'huge-body':
      streamHuge(res, options.hugeBytes ?? 50 * 1024 * 1024, head);
      return;
    case 'slow':
      later(options.delayMs ?? 30_000, () => json(res, 200, '{"object":"list","data":[]}', head));
      return;
    case 'reset-mid-body':
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '4000' });
      res.write(LIST_START);
      // An RST, not a clean close: what a crashing upstream or a killed PHP-FPM worker looks like.
      later(20, () => req.socket.resetAndDestroy());
      return;
    case 'throttle-everything': {
      const retryAfter = options.retryAfter ?? 1;
      const body = '{"errors":[{"code":"ThrottleRequestsException","status":"429","detail":"An error was encountered while processing this request."}]}';
      res.writeHead(429, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body),
        'Retry-After': String(retryAfter),
        'X-RateLimit-Limit': '120',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': String(Math.floor(Date.now() / 1000) + retryAfter),
      });
      res.end(head ? undefined : body);
      return;
    }
    case 'gzip-chunked-proxy':
    case 'proxy-then-down':
      proxyGzipChunked(req, res, requestBody, options.upstream);
      return;
  }
}

function json(res: ServerResponse, status: number, body: string, head: boolean): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(head ? undefined : body);
}

/** A JSON-looking body of `total` bytes, chunked (no Content-Length), written as fast as the client reads. */
function streamHuge(res: ServerResponse, total: number, head: boolean): void {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  if (head) {
    res.end();
    return;
  }
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let sent = 0;
  res.write('{"object":"list","data":[');
  const pump = () => {
    while (sent < total && !res.destroyed) {
      sent += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end(']}');
  };
  res.on('error', () => {});
  pump();
}

/**
 * Forwards the request to the upstream panel and sends its answer back gzipped and chunked (what
 * nginx with `gzip on` does), whatever the client asked for: a correct panel seen through it must
 * still pass.
 */
function proxyGzipChunked(req: IncomingMessage, res: ServerResponse, requestBody: Buffer, upstream: string | undefined): void {
  if (!upstream) {
    res.writeHead(500).end('no upstream');
    return;
  }
  const target = new URL(req.url ?? '/', upstream);
  const headers = { ...req.headers, host: target.host };
  delete headers['accept-encoding'];
  const out = httpRequest(target, { method: req.method, headers }, (upstreamRes) => {
    const body: Buffer[] = [];
    upstreamRes.on('data', (c: Buffer) => body.push(c));
    upstreamRes.on('end', () => {
      const plain = Buffer.concat(body);
      const responseHeaders: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(upstreamRes.headers)) {
        if (value !== undefined && name !== 'content-length' && name !== 'connection' && name !== 'keep-alive' && name !== 'transfer-encoding') responseHeaders[name] = value;
      }
      if (plain.length === 0) {
        res.writeHead(upstreamRes.statusCode ?? 502, responseHeaders);
        res.end();
        return;
      }
      const zipped = gzipSync(plain);
      res.writeHead(upstreamRes.statusCode ?? 502, { ...responseHeaders, 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' });
      // Several small chunks: the client must put them together before it decompresses.
      for (let i = 0; i < zipped.length; i += 100) res.write(zipped.subarray(i, i + 100));
      res.end();
    });
  });
  out.on('error', (error) => {
    if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
    res.end(`proxy error: ${error.message}`);
  });
  out.end(requestBody);
}

/** A loopback port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
