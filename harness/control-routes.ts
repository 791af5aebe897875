// The mock's control surface as ONE table (WireMock's admin API is the model): the mock serves
// exactly these routes (mock/control/control-routes.ts dispatches on it and checks bodies against
// the shapes here) and every client of the surface builds its requests from it (ControlClient
// below: the suites' session, the standalone mock of the command tests). A route renamed or
// reshaped here changes both sides, and a call the table does not know does not type-check.
// It lives in harness/ because both the mock and the suites may import harness, not each other.

/** The control surface's own prefix, never under /api. */
export const CONTROL_PREFIX = '/__control';

/** The daemon states the control surface can set (the mock's DaemonServerStateName; a test keeps them equal). */
export const CONTROL_SERVER_STATES = ['running', 'stopped', 'starting', 'stopping', 'suspended', 'installing'] as const;
export type ControlServerState = (typeof CONTROL_SERVER_STATES)[number];

export interface BodyField {
  readonly type: 'integer' | 'number' | 'boolean' | 'string';
  readonly enum?: readonly string[];
  /** `null` is accepted too. */
  readonly nullable?: boolean;
  readonly required?: boolean;
  readonly description: string;
}

export interface ControlRoute {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Under CONTROL_PREFIX; `{name}` is a whole-number path parameter. */
  readonly path: string;
  /** The JSON body's members (none: no body). Members not listed are ignored. */
  readonly body?: Readonly<Record<string, BodyField>>;
  /** The status of a successful answer. */
  readonly answers: 200 | 204;
  readonly description: string;
  /** A call that succeeds on a freshly seeded mock (the served-routes test sends it). */
  readonly example?: { readonly params?: Readonly<Record<string, number>>; readonly body?: Readonly<Record<string, unknown>> };
}

export const CONTROL_ROUTES = {
  reset: { method: 'POST', path: '/reset', answers: 204, description: 'store, rate-limit windows, journal and clock back to the start' },
  readClock: { method: 'GET', path: '/clock', answers: 200, description: 'the mock\'s now, whether it is frozen and its offset from the wall clock' },
  moveClock: {
    method: 'POST',
    path: '/clock',
    answers: 200,
    description: 'one of {"advance_seconds": n}, {"set": ISO, "frozen"?: bool} or {"real": true} (back to the wall clock); answers the clock',
    body: {
      advance_seconds: { type: 'number', description: 'move the clock by this many seconds' },
      set: { type: 'string', description: 'an ISO-8601 instant with a zone to set the clock to' },
      frozen: { type: 'boolean', description: 'with set: whether the clock stands still there' },
      real: { type: 'boolean', description: 'true: back to the wall clock' },
    },
    example: { body: { advance_seconds: 0 } },
  },
  resetRateLimits: { method: 'POST', path: '/rate-limits/reset', answers: 204, description: 'every rate-limit window starts afresh' },
  setDaemonServer: {
    method: 'PUT',
    path: '/daemon/servers/{id}',
    answers: 200,
    description: 'the simulated daemon\'s state of a server, and/or end its running install now; answers the daemon state',
    body: {
      state: { type: 'string', enum: CONTROL_SERVER_STATES, description: 'the state the daemon reports from now on' },
      install: { type: 'string', enum: ['finished'], description: 'the running install ends now and the panel is told it is installed' },
    },
    example: { params: { id: 1 }, body: { state: 'running' } },
  },
  setDaemonNode: {
    method: 'PUT',
    path: '/daemon/nodes/{id}',
    answers: 200,
    description: 'whether a node\'s daemon accepts connections, and an HTTP error it answers node-level calls with (null clears it)',
    body: {
      reachable: { type: 'boolean', required: true, description: 'false: connections are refused' },
      http_error: { type: 'integer', nullable: true, description: 'an HTTP error status (400-599) for node-level calls; null clears it' },
    },
    example: { params: { id: 1 }, body: { reachable: true, http_error: null } },
  },
  readJournal: { method: 'GET', path: '/journal', answers: 200, description: 'the requests served, in order' },
  clearJournal: { method: 'DELETE', path: '/journal', answers: 204, description: 'forget the requests served so far' },
  readStore: { method: 'GET', path: '/store', answers: 200, description: 'row counts and a digest of the store, to prove a run left it as it found it' },
} as const satisfies Record<string, ControlRoute>;

export type ControlRouteName = keyof typeof CONTROL_ROUTES;

/** One line of the request journal. */
export interface ControlJournalEntry {
  at: string;
  method: string;
  path: string;
  operationId: string | null;
  status: number;
  ip: string;
}

export interface ControlClockState {
  now: string;
  frozen: boolean;
  offset_seconds: number;
}

/** What each route answers with (204 routes: nothing). The mock's handlers are typed against it. */
export interface ControlAnswers {
  reset: undefined;
  readClock: ControlClockState;
  moveClock: ControlClockState;
  resetRateLimits: undefined;
  /** The daemon's state of the server (the mock's DaemonServerState; more members than these). */
  setDaemonServer: { state: ControlServerState };
  setDaemonNode: { reachable: boolean; http_error?: number };
  readJournal: { entries: ControlJournalEntry[] };
  clearJournal: undefined;
  readStore: { digest: string; counts: Record<string, number> };
}

type FieldValue<F> =
  | (F extends { enum: readonly (infer E)[] } ? E : F extends { type: 'boolean' } ? boolean : F extends { type: 'string' } ? string : number)
  | (F extends { nullable: true } ? null : never);
type BodyOf<R> = R extends { body: infer B }
  ? { -readonly [K in keyof B as B[K] extends { required: true } ? K : never]: FieldValue<B[K]> } & {
      -readonly [K in keyof B as B[K] extends { required: true } ? never : K]?: FieldValue<B[K]>;
    }
  : never;
type ParamsOf<P extends string> = P extends `${string}{${infer N}}${infer Rest}` ? { [K in N]: number } & ParamsOf<Rest> : unknown;
type RouteOf<K extends ControlRouteName> = (typeof CONTROL_ROUTES)[K];

/** The arguments of a call: the path parameters and the body, each only when the route has them. */
export type ControlInput<K extends ControlRouteName> = (RouteOf<K>['path'] extends `${string}{${string}` ? { params: ParamsOf<RouteOf<K>['path']> } : unknown) &
  (RouteOf<K> extends { body: unknown } ? { body: BodyOf<RouteOf<K>> } : unknown);
type CallArgs<K extends ControlRouteName> = unknown extends ControlInput<K> ? [] : [ControlInput<K>];

export interface ControlRequest {
  readonly method: ControlRoute['method'];
  /** Under CONTROL_PREFIX. */
  readonly path: string;
  readonly body?: unknown;
}

/** The request for a call, from the table: the only way a client names a route. */
export function controlRequest<K extends ControlRouteName>(name: K, ...args: CallArgs<K>): ControlRequest {
  const route: ControlRoute = CONTROL_ROUTES[name];
  const input = (args[0] ?? {}) as { params?: Record<string, number>; body?: unknown };
  const path = route.path.replace(/\{(\w+)\}/g, (_, param: string) => {
    const value = input.params?.[param];
    if (value === undefined) throw new Error(`control route ${name} needs the path parameter ${param}`);
    return encodeURIComponent(String(value));
  });
  return { method: route.method, path, ...(input.body === undefined ? {} : { body: input.body }) };
}

/** The route a request names, with its path parameters; undefined when the table has none. */
export function matchControlRoute(method: string, path: string): { name: ControlRouteName; params: Record<string, number> } | undefined {
  for (const [name, route] of Object.entries(CONTROL_ROUTES) as [ControlRouteName, ControlRoute][]) {
    if (route.method !== method.toUpperCase()) continue;
    const names: string[] = [];
    const pattern = new RegExp(`^${route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}/g, (_, param: string) => (names.push(param), '(\\d+)'))}$`);
    const match = pattern.exec(path);
    if (match) return { name, params: Object.fromEntries(names.map((param, i) => [param, Number(match[i + 1])])) };
  }
  return undefined;
}

/** Why a body does not have the route's shape (one line), or undefined when it does. */
export function bodyProblem(route: ControlRoute, body: Readonly<Record<string, unknown>>): string | undefined {
  for (const [member, field] of Object.entries(route.body ?? {})) {
    const value = body[member];
    if (value === undefined) {
      if (field.required) return `${member} is required (${field.description})`;
      continue;
    }
    if (value === null && field.nullable) continue;
    const fits =
      field.type === 'boolean' ? typeof value === 'boolean'
      : field.type === 'string' ? typeof value === 'string' && (field.enum === undefined || field.enum.includes(value))
      : field.type === 'integer' ? Number.isInteger(value)
      : typeof value === 'number' && Number.isFinite(value);
    if (!fits) return `${member} must be ${field.enum ? `one of ${field.enum.join(', ')}` : `a${field.type === 'integer' ? 'n integer' : ` ${field.type}`}`}${field.nullable ? ' or null' : ''}`;
  }
  return undefined;
}

/** A typed client of the control surface at `base` (…/__control): every call is a table entry. */
export class ControlClient {
  constructor(
    readonly base: string,
    private readonly send: typeof fetch = fetch,
  ) {}

  async call<K extends ControlRouteName>(name: K, ...args: CallArgs<K>): Promise<ControlAnswers[K]> {
    const request = controlRequest(name, ...args);
    const response = await this.send(`${this.base}${request.path}`, {
      method: request.method,
      ...(request.body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(request.body) }),
    });
    if (response.status !== CONTROL_ROUTES[name].answers) throw new Error(`mock control ${request.method} ${request.path} answered ${response.status}: ${await response.text()}`);
    return (response.status === 204 ? undefined : await response.json()) as ControlAnswers[K];
  }
}
