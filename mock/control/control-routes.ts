import { createHash } from 'node:crypto';
import { bodyProblem, CONTROL_PREFIX, CONTROL_ROUTES, matchControlRoute, type ControlAnswers, type ControlRouteName } from '../../harness/control-routes.ts';
import type { IncomingRequest, OutgoingResponse } from '../http/messages.ts';
import { parseClockOption } from '../../harness/mock-options.ts';
import type { MockPanel } from '../panel.ts';
import { setNodeReachable } from '../daemon/daemon-state.ts';
import { finishInstall, isInstalling } from '../daemon/server-daemon.ts';
import type { DaemonServerStateName } from '../store/rows.ts';

type Handler = (panel: MockPanel, params: Record<string, number>, body: Record<string, unknown>) => OutgoingResponse;

/**
 * The handler of every route of the table (harness/control-routes.ts): the Record type makes a
 * route without a handler a compile error, and nothing is served that the table does not list.
 * Bodies reach a handler already checked against the route's shape.
 */
const HANDLERS: { readonly [K in ControlRouteName]: Handler } = {
  reset: (panel) => {
    panel.reset();
    return noContent();
  },
  readClock: (panel) => answer('readClock', clockState(panel)),
  moveClock: (panel, _, body) => {
    if (typeof body['advance_seconds'] === 'number') panel.clock.advance(body['advance_seconds']);
    else if (typeof body['set'] === 'string' && typeof parseClockOption(body['set']) === 'number') panel.clock.set(Date.parse(body['set']), body['frozen'] === true);
    else if (body['real'] === true) panel.clock.real();
    else return json(422, { error: `send ${CONTROL_ROUTES.moveClock.description.replace(/; answers.*$/, '')}` });
    return answer('moveClock', clockState(panel));
  },
  resetRateLimits: (panel) => {
    panel.limiter.reset();
    return noContent();
  },
  setDaemonServer: (panel, { id }, body) => {
    const current = panel.store.daemon.servers[String(id)];
    if (!current) return json(404, { error: `no server ${id}` });
    const { state, install } = body;
    if (state === undefined && install === undefined) return json(422, { error: 'send {"state": "<state>"} and/or {"install": "finished"}' });
    if (install === 'finished') {
      if (!isInstalling(current)) return json(409, { error: `server ${id} is not installing` });
      finishInstall(panel, id as number);
    }
    if (typeof state === 'string') {
      // A state set by hand ends any timed install; "installing" blocks booting until told otherwise.
      delete current.install_ends_at;
      delete current.boot_blocked;
      current.state = state as DaemonServerStateName;
    }
    return answer('setDaemonServer', current);
  },
  setDaemonNode: (panel, { id }, body) => {
    const current = panel.store.daemon.nodes[String(id)];
    if (!current) return json(404, { error: `no node ${id}` });
    const httpError = body['http_error'] as number | null | undefined;
    if (typeof httpError === 'number' && (httpError < 400 || httpError > 599)) return json(422, { error: 'http_error must be an HTTP error status (400-599) or null' });
    return answer('setDaemonNode', setNodeReachable(panel, id as number, body['reachable'] as boolean, httpError) ?? current);
  },
  readJournal: (panel) => answer('readJournal', { entries: panel.journal }),
  clearJournal: (panel) => {
    panel.journal.length = 0;
    return noContent();
  },
  readStore: (panel) => answer('readStore', storeSummary(panel)),
};

/**
 * The mock's control surface (off unless enabled; never under /api): reset the store, move the
 * clock, reset rate-limit windows, set daemon states, read the request journal and a digest of the
 * store. WireMock's admin API, for the v0.7 panel; the routes are harness/control-routes.ts's table.
 */
export function handleControl(panel: MockPanel, request: IncomingRequest): OutgoingResponse {
  const path = (request.url.split('?')[0] ?? '').slice(CONTROL_PREFIX.length) || '/';
  const found = matchControlRoute(request.method, path);
  if (!found) return json(404, { error: `unknown control route ${request.method.toUpperCase()} ${path}` });
  const body = parseBody(request.body);
  const problem = bodyProblem(CONTROL_ROUTES[found.name], body);
  if (problem) return json(422, { error: problem });
  return HANDLERS[found.name](panel, found.params, body);
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

/** A route's successful answer, typed as the table's clients read it. */
function answer<K extends ControlRouteName>(name: K, value: ControlAnswers[K]): OutgoingResponse {
  return json(CONTROL_ROUTES[name].answers, value);
}

function json(status: number, value: unknown): OutgoingResponse {
  return { status, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(value) };
}

function noContent(): OutgoingResponse {
  return { status: 204, headers: {}, body: '' };
}
