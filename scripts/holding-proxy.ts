// A pass-through proxy in front of a panel (here `npm run mock`) that can catch a run at a chosen
// moment: `holdNext` lets the Nth matching request reach the panel and holds back the panel's answer,
// so the panel has created something the run has not yet been told about (nor written to its ledger):
// the middle of a write. `failNext` answers the next matching requests with a proxy's HTML 502 instead of
// forwarding it. Listens on 127.0.0.1 only.
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RequestMatch = (method: string, path: string) => boolean;

export interface HoldingProxy {
  url: string;
  /** Resolves once the `nth` (1-based) matching request from now was answered by the panel and its answer held back. */
  holdNext(match: RequestMatch, nth?: number): Promise<{ method: string; path: string }>;
  /** The next `times` matching requests get a 502 HTML page and never reach the panel. */
  failNext(match: RequestMatch, times?: number): void;
  /** Sends every held answer on (to clients still listening). */
  release(): void;
  close(): Promise<void>;
}

const BAD_GATEWAY = '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>';

export async function startHoldingProxy(upstream: string): Promise<HoldingProxy> {
  let hold: { match: RequestMatch; left: number; resolve: (r: { method: string; path: string }) => void } | undefined;
  let fail: { match: RequestMatch; left: number } | undefined;
  const held: (() => void)[] = [];
  const server = createServer((req, res) => {
    const body: Buffer[] = [];
    req.on('data', (c: Buffer) => body.push(c));
    req.on('end', () => {
      const method = req.method ?? 'GET';
      const path = req.url ?? '/';
      if (fail && fail.match(method, path)) {
        if (--fail.left === 0) fail = undefined;
        res.writeHead(502, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(BAD_GATEWAY) }).end(BAD_GATEWAY);
        return;
      }
      const holdThis = hold !== undefined && hold.match(method, path) && --hold.left === 0 ? hold : undefined;
      if (holdThis) hold = undefined;
      forward(upstream, req, Buffer.concat(body), (status, headers, answer) => {
        const send = () => {
          if (!res.destroyed) res.writeHead(status, headers).end(answer);
        };
        if (!holdThis) return send();
        held.push(send);
        holdThis.resolve({ method, path });
      }, res);
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    holdNext(match, nth = 1) {
      return new Promise((resolve) => (hold = { match, left: nth, resolve }));
    },
    failNext(match, times = 1) {
      fail = { match, left: times };
    },
    release() {
      for (const send of held.splice(0)) send();
    },
    close() {
      hold = undefined;
      held.length = 0;
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function forward(upstream: string, req: IncomingMessage, body: Buffer, done: (status: number, headers: Record<string, string | string[]>, body: Buffer) => void, res: ServerResponse): void {
  const target = new URL(req.url ?? '/', upstream);
  const headers = { ...req.headers, host: target.host };
  const out = request(target, { method: req.method, headers }, (answer: IncomingMessage) => {
    const chunks: Buffer[] = [];
    answer.on('data', (c: Buffer) => chunks.push(c));
    answer.on('end', () => {
      const responseHeaders: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(answer.headers)) {
        if (value !== undefined && name !== 'connection' && name !== 'keep-alive' && name !== 'transfer-encoding') responseHeaders[name] = value;
      }
      const all = Buffer.concat(chunks);
      responseHeaders['content-length'] = String(all.length);
      done(answer.statusCode ?? 502, responseHeaders, all);
    });
  });
  out.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end('proxy error');
  });
  out.end(body);
}
