import { createHash } from 'node:crypto';
import type { IncomingRequest, OutgoingResponse } from '../http/messages.ts';
import { CONTROL_PREFIX } from '../options.ts';
import type { MockPanel } from '../panel.ts';
import { setNodeReachable } from '../daemon/daemon-state.ts';
import { DAEMON_SERVER_STATES, type DaemonServerStateName } from '../store/rows.ts';

/**
 * The mock's control surface (off unless enabled; never under /api): reset the store, move the
 * clock, reset rate-limit windows, set daemon states, read the request journal and a digest of the
 * store. WireMock's admin API, for the v0.7 panel.
 */
export function handleControl(panel: MockPanel, request: IncomingRequest): OutgoingResponse {
  const path = (request.url.split('?')[0] ?? '').slice(CONTROL_PREFIX.length) || '/';
  const method = request.method.toUpperCase();
  const body = parseBody(request.body);
  const route = `${method} ${path}`;
  let match: RegExpExecArray | null;

  if (route === 'POST /reset') {
    panel.reset();
    return noContent();
  }
  if (route === 'GET /clock') return json(200, { now: new Date(panel.clock.nowMs()).toISOString() });
  if (route === 'POST /clock') {
    if (typeof body['advance_seconds'] === 'number') panel.clock.advance(body['advance_seconds']);
    else if (typeof body['set'] === 'string' && !Number.isNaN(Date.parse(body['set']))) panel.clock.set(Date.parse(body['set']));
    else return json(422, { error: 'send {"advance_seconds": n} or {"set": "<ISO-8601>"}' });
    return json(200, { now: new Date(panel.clock.nowMs()).toISOString() });
  }
  if (route === 'POST /rate-limits/reset') {
    panel.limiter.reset();
    return noContent();
  }
  if ((match = /^PUT \/daemon\/servers\/(\d+)$/.exec(route))) {
    const state = body['state'];
    const current = panel.store.daemon.servers[match[1] as string];
    if (!current) return json(404, { error: `no server ${match[1]}` });
    if (typeof state !== 'string' || !DAEMON_SERVER_STATES.includes(state as DaemonServerStateName)) {
      return json(422, { error: `state must be one of ${DAEMON_SERVER_STATES.join(', ')}` });
    }
    current.state = state as DaemonServerStateName;
    return json(200, current);
  }
  if ((match = /^PUT \/daemon\/nodes\/(\d+)$/.exec(route))) {
    const current = panel.store.daemon.nodes[match[1] as string];
    if (!current) return json(404, { error: `no node ${match[1]}` });
    if (typeof body['reachable'] !== 'boolean') return json(422, { error: 'send {"reachable": true|false, "http_error"?: 400-599 | null}' });
    const httpError = body['http_error'];
    if (httpError !== undefined && httpError !== null && !(Number.isInteger(httpError) && (httpError as number) >= 400 && (httpError as number) <= 599)) {
      return json(422, { error: 'http_error must be an HTTP error status (400-599) or null' });
    }
    return json(200, setNodeReachable(panel, Number(match[1]), body['reachable'], httpError as number | null | undefined));
  }
  if (route === 'GET /journal') return json(200, { entries: panel.journal });
  if (route === 'DELETE /journal') {
    panel.journal.length = 0;
    return noContent();
  }
  if (route === 'GET /store') return json(200, storeSummary(panel));
  return json(404, { error: `unknown control route ${route}` });
}

/**
 * Columns a run that removes everything it created still changes on a real panel, left out of the
 * digest: key use (`api_keys.last_used_at`) is a side effect of reads, and an allocation keeps the
 * `updated_at` its assignment to a server gave it after that server is deleted (the assignment is
 * an Eloquent builder update, the release a foreign key's SET NULL; see handlers/write/servers.ts
 * and server-actions.ts).
 */
const UNDIGESTED_COLUMNS: Record<string, readonly string[]> = { api_keys: ['last_used_at'], allocations: ['updated_at'] };

/** Row counts and a digest of every table, so a caller can prove a run left the store as it found it. */
export function storeSummary(panel: MockPanel): { digest: string; counts: Record<string, number> } {
  const tables = panel.store.tables as unknown as Record<string, Record<string, unknown>[]>;
  const counts: Record<string, number> = {};
  const hash = createHash('sha256');
  for (const [name, rows] of Object.entries(tables)) {
    counts[name] = rows.length;
    // Lazily created daemon keys are side effects of reads, not changes a test made.
    if (name === 'daemon_keys') continue;
    const skipped = UNDIGESTED_COLUMNS[name] ?? [];
    hash.update(name);
    hash.update(JSON.stringify(skipped.length === 0 ? rows : rows.map((row) => Object.fromEntries(Object.entries(row).filter(([column]) => !skipped.includes(column))))));
  }
  return { digest: hash.digest('hex'), counts };
}

function parseBody(raw: Buffer): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(raw.toString('utf8') || '{}');
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function json(status: number, value: unknown): OutgoingResponse {
  return { status, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(value) };
}

function noContent(): OutgoingResponse {
  return { status: 204, headers: {}, body: '' };
}
