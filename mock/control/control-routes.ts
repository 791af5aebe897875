import { createHash } from 'node:crypto';
import type { IncomingRequest, OutgoingResponse } from '../http/messages.ts';
import { CONTROL_PREFIX, parseClockOption } from '../options.ts';
import type { MockPanel } from '../panel.ts';
import { setNodeReachable } from '../daemon/daemon-state.ts';
import { finishInstall, isInstalling } from '../daemon/server-daemon.ts';
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
  if (route === 'GET /clock') return json(200, clockState(panel));
  if (route === 'POST /clock') {
    const frozen = body['frozen'];
    if (frozen !== undefined && typeof frozen !== 'boolean') return json(422, { error: 'frozen must be true or false' });
    if (typeof body['advance_seconds'] === 'number' && Number.isFinite(body['advance_seconds'])) panel.clock.advance(body['advance_seconds']);
    else if (typeof body['set'] === 'string' && typeof parseClockOption(body['set']) === 'number') panel.clock.set(Date.parse(body['set']), frozen === true);
    else if (body['real'] === true) panel.clock.real();
    else return json(422, { error: 'send {"advance_seconds": n}, {"set": "<ISO-8601 with a zone>", "frozen"?: bool} or {"real": true}' });
    return json(200, clockState(panel));
  }
  if (route === 'POST /rate-limits/reset') {
    panel.limiter.reset();
    return noContent();
  }
  if ((match = /^PUT \/daemon\/servers\/(\d+)$/.exec(route))) {
    const id = Number(match[1]);
    const current = panel.store.daemon.servers[String(id)];
    if (!current) return json(404, { error: `no server ${id}` });
    const state = body['state'];
    const install = body['install'];
    if (state === undefined && install === undefined) return json(422, { error: 'send {"state": "<state>"} and/or {"install": "finished"}' });
    if (state !== undefined && (typeof state !== 'string' || !DAEMON_SERVER_STATES.includes(state as DaemonServerStateName))) {
      return json(422, { error: `state must be one of ${DAEMON_SERVER_STATES.join(', ')}` });
    }
    if (install !== undefined && install !== 'finished') return json(422, { error: 'install must be "finished" (the install script ends now)' });
    if (install === 'finished') {
      if (!isInstalling(current)) return json(409, { error: `server ${id} is not installing` });
      finishInstall(panel, id);
    }
    if (typeof state === 'string') {
      // A state set by hand ends any timed install; "installing" blocks booting until told otherwise.
      delete current.install_ends_at;
      delete current.boot_blocked;
      current.state = state as DaemonServerStateName;
    }
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

/** The mock's now and whether it stands still; `offset_seconds` is how far it is from the wall clock. */
function clockState(panel: MockPanel): { now: string; frozen: boolean; offset_seconds: number } {
  const now = panel.clock.nowMs();
  return { now: new Date(now).toISOString(), frozen: panel.clock.frozen, offset_seconds: Math.round((now - Date.now()) / 1000) };
}

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
