// An operator's web-server access log (nginx or Apache, combined or common log format, plain or gzip)
// read as the calls their integrations made to the panel's API: each /api request mapped to the v0.7
// operation whose route it hits (method + path, ids and query left out), with the client addresses
// that made it. A line that is not a log line is counted, never fatal; a file that is not a log at
// all (binary, no line in the format, not gzip after all) is one AccessLogError.
import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

export class AccessLogError extends Error {
  override readonly name = 'AccessLogError';
  readonly code = 'PTERO_ACCESS_LOG';
}

export interface LoggedRequest {
  client: string;
  time: string;
  method: string;
  /** The request target as logged (path and query). */
  target: string;
  status: number;
  userAgent?: string;
}

// host ident user [time] "request" status bytes ["referer" "user agent"] (anything after: nginx's extra fields).
// The request may hold escaped quotes (Apache \", nginx \x22).
const LINE = /^(\S+) \S+ \S+ \[([^\]]+)\] "((?:[^"\\]|\\.)*)" (\d{3}) (?:\d+|-)(?: "(?:[^"\\]|\\.)*" "((?:[^"\\]|\\.)*)")?/;

/** One log line, or undefined when it is not in the combined or common log format. */
export function parseLogLine(line: string): LoggedRequest | undefined {
  const m = LINE.exec(line);
  if (!m) return undefined;
  const request = /^([A-Z]+) (\S+)(?: HTTP\/\d(?:\.\d)?)?$/.exec(m[3] as string);
  // A request line the server could not read ("-", a TLS handshake as bytes) is a log line, but no request.
  const out: LoggedRequest = { client: m[1] as string, time: m[2] as string, method: request?.[1] ?? '', target: request?.[2] ?? '', status: Number(m[4]) };
  if (m[5] !== undefined && m[5] !== '-') out.userAgent = m[5];
  return out;
}

export interface RouteTemplate {
  operation: string;
  method: string;
  /** e.g. /api/application/users/{user} */
  path: string;
}

const segmentsOf = (path: string) => path.split('/').filter((s) => s !== '');

/**
 * The operation a request reaches: same method (HEAD as GET), the path (query, fragment and a
 * trailing slash left out, as Laravel routes it) fitting the template, the template with the most
 * literal segments first (`/users/external/{id}` before `/users/{user}/…`).
 */
export function operationOfRequest(method: string, target: string, templates: readonly RouteTemplate[]): string | undefined {
  const verb = method === 'HEAD' ? 'GET' : method;
  const path = (target.split(/[?#]/)[0] ?? '').replace(/^https?:\/\/[^/]+/, '');
  const segments = segmentsOf(path);
  let best: { operation: string; literals: number } | undefined;
  for (const t of templates) {
    if (t.method !== verb) continue;
    const ts = segmentsOf(t.path);
    if (ts.length !== segments.length) continue;
    let literals = 0;
    const fits = ts.every((s, i) => {
      if (s.startsWith('{')) return true;
      literals++;
      return s === segments[i];
    });
    if (fits && (!best || literals > best.literals)) best = { operation: t.operation, literals };
  }
  return best?.operation;
}

/** An /api path with its ids replaced (`/api/client/servers/{id}/files/list`), for calls no operation has. */
export function templateOfPath(target: string): string {
  const path = (target.split(/[?#]/)[0] ?? '').replace(/^https?:\/\/[^/]+/, '');
  const looksLikeId = (s: string) => /^\d+$/.test(s) || /^[0-9a-f]{8}(?:-[0-9a-f]{4}){0,3}(?:-[0-9a-f]{12})?$/i.test(s) || (s.length >= 8 && /\d/.test(s));
  return `/${segmentsOf(path).map((s) => (looksLikeId(s) ? '{id}' : s)).join('/')}`;
}

export interface OperationCalls {
  calls: number;
  /** Client address → calls. */
  clients: Record<string, number>;
  /** Status the panel answered (as logged) → calls. */
  statuses: Record<string, number>;
}

export interface AccessLogUsage {
  file: string;
  gzip: boolean;
  /** Non-empty lines read. */
  lines: number;
  /** Lines not in the combined or common log format. */
  unknownLines: number;
  /** Log lines that are not /api requests (the panel's pages, assets, other sites). */
  otherRequests: number;
  apiRequests: number;
  firstTime?: string;
  lastTime?: string;
  /** Per v0.7 operation: the calls. */
  operations: Record<string, OperationCalls>;
  /** /api calls no v0.7 operation has (`METHOD /api/…/{id}` → calls): 404s on 0.7 already. */
  unmapped: Record<string, number>;
}

/** Accumulates the requests of one log. */
export class UsageCounter {
  private readonly usage: AccessLogUsage;

  constructor(file: string, gzip: boolean, private readonly templates: readonly RouteTemplate[]) {
    this.usage = { file, gzip, lines: 0, unknownLines: 0, otherRequests: 0, apiRequests: 0, operations: {}, unmapped: {} };
  }

  add(line: string): void {
    if (line.trim() === '') return;
    const u = this.usage;
    u.lines++;
    const request = parseLogLine(line);
    if (!request) {
      u.unknownLines++;
      return;
    }
    u.firstTime ??= request.time;
    u.lastTime = request.time;
    const path = request.target.replace(/^https?:\/\/[^/]+/, '');
    if (!/^\/api(?:\/|$|\?)/.test(path)) {
      u.otherRequests++;
      return;
    }
    u.apiRequests++;
    const operation = operationOfRequest(request.method, path, this.templates);
    if (operation === undefined) {
      const key = `${request.method || '?'} ${templateOfPath(path)}`;
      u.unmapped[key] = (u.unmapped[key] ?? 0) + 1;
      return;
    }
    const calls = (u.operations[operation] ??= { calls: 0, clients: {}, statuses: {} });
    calls.calls++;
    calls.clients[request.client] = (calls.clients[request.client] ?? 0) + 1;
    calls.statuses[String(request.status)] = (calls.statuses[String(request.status)] ?? 0) + 1;
  }

  result(): AccessLogUsage {
    return this.usage;
  }
}

const GZIP_MAGIC = [0x1f, 0x8b];
const BINARY = (file: string) => `${file} is not an access log: it holds binary data (expected nginx or Apache lines in the combined log format, plain or gzip)`;
/** How much of the start is checked for binary content (a NUL byte). */
const SNIFF_BYTES = 64 * 1024;

/** Whether the file is gzip, and (plain files) whether its start holds a NUL byte: read before streaming. */
function sniff(path: string): { gzip: boolean; binary: boolean } {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(SNIFF_BYTES);
    const n = readSync(fd, head, 0, SNIFF_BYTES, 0);
    const gzip = n >= 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
    return { gzip, binary: !gzip && head.subarray(0, n).includes(0) };
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a whole access log (streamed: logs are large) into the calls per operation. Throws
 * AccessLogError, with one sentence naming the file, when it cannot be read, is binary, is a broken
 * gzip file, is empty, or has no line in the log format at all.
 */
export async function readAccessLog(file: string, templates: readonly RouteTemplate[]): Promise<AccessLogUsage> {
  let gzip: boolean;
  let binary: boolean;
  try {
    ({ gzip, binary } = sniff(file));
  } catch (error) {
    throw new AccessLogError(`cannot read the access log ${file}: ${(error as Error).message}`);
  }
  if (binary) throw new AccessLogError(BINARY(file));
  const counter = new UsageCounter(file, gzip, templates);
  const raw = createReadStream(file);
  const stream: Readable = gzip ? raw.pipe(createGunzip()) : raw;
  const failure = new Promise<never>((_, reject) => {
    const fail = (error: Error) =>
      reject(new AccessLogError(gzip ? `the access log ${file} starts like gzip but does not decompress: ${error.message}` : `cannot read the access log ${file}: ${error.message}`));
    raw.once('error', fail);
    if (gzip) stream.once('error', fail);
  });
  failure.catch(() => undefined);
  let sniffed = 0;
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  const reading = (async () => {
    for await (const line of lines) {
      // A NUL byte near the start of the decompressed text: binary (leaving the loop closes the stream).
      if (sniffed < SNIFF_BYTES) {
        sniffed += line.length + 1;
        if (line.includes('\u0000')) {
          binary = true;
          break;
        }
      }
      counter.add(line);
    }
  })();
  await Promise.race([reading, failure]);
  const usage = counter.result();
  if (binary) throw new AccessLogError(BINARY(file));
  if (usage.lines === 0) throw new AccessLogError(`the access log ${file} is empty: no request to rank the changes by`);
  if (usage.unknownLines === usage.lines) {
    throw new AccessLogError(`${file} is not an access log: none of its ${usage.lines} line(s) is in the combined or common log format (host ident user [time] "METHOD path HTTP/x" status bytes "referer" "agent")`);
  }
  return usage;
}
