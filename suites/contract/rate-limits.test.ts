// The throttle of the API groups (v0.7.19:app/Http/Kernel.php#L75-L89; on 1.x the named limiters, one window per API).
// These spend whole windows on purpose, so they run last; on the mock
// the control surface resets counters and moves the clock, on a live panel they need
// PTERO_PROBE_RATE_LIMIT=1 and wait for the window.
import { unavailable, violate } from '../../harness/failure.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, beforeEach, describe } from 'vitest';
import { absentParams, effectOf, statementPath } from '../support/absent-params.ts';
import { operations } from '../../harness/spec-operations.ts';
import { call } from '../support/call.ts';
import { conformance, type BehaviourMeta } from '../support/conformance.ts';
import { session, type Session } from '../support/session.ts';
import { selectedProfile } from '../../harness/selected-profile.ts';

const profile = selectedProfile().id;
/**
 * The windows per profile: 0.7's per-IP 120 a minute (60 on the client API) shared by both APIs; 1.x's named
 * limiters, 240 application and 720 client requests a minute per user, one window per API
 * (v1.11.8:config/http.php#L14-L20, v1.11.8:app/Providers/RouteServiceProvider.php#L85-L110).
 */
const LIMITS: Record<string, { application: number; client: number }> = { 'v0.7.19': { application: 120, client: 60 }, 'v1.11': { application: 240, client: 720 } };
const APPLICATION_LIMIT = LIMITS[profile]?.application ?? 120;
const CLIENT_LIMIT = LIMITS[profile]?.client ?? 60;
/** The behaviours whose statement holds for both profiles with the profile's limits; the rest are 0.7's (one shared per-IP window, the utilization limit, a throttle before authentication). */
const BOTH = ['v0.7.19', 'v1.11'];
const UTILIZATION_LIMIT = 15;

async function freshWindow(s: Session): Promise<void> {
  if (s.control) await s.control.resetRateLimits();
  else await sleep(61_000);
}

const EVERY_OPERATION = 'every operation once the window is spent';

beforeEach(async ({ task }) => {
  // The per-operation probes share one spent window (it is per IP, whatever the operation): a fresh
  // window each would cost 120 requests (or a minute's wait) per operation instead of one request.
  if (task.suite?.name === EVERY_OPERATION) return;
  const s = await session();
  // Only the probes spend windows; a run that does not probe must not wait a minute per behaviour.
  if (s.config.probeRateLimit) await freshWindow(s);
});

function probe(behaviour: string, operation: string, keys: BehaviourMeta['keys'], profiles?: string[]): BehaviourMeta {
  return { operation, behaviour: `contract.rate-limit.${behaviour}`, concerns: 'contract' as const, effect: 'read', keys, rateLimitProbe: true, ...(profiles ? { profiles } : {}) };
}

/** The client's server, found through the client list. */
async function ownedIdentifier(s: Session): Promise<string> {
  const list = (await call(s, 'listClientServers', { paced: false })).status(200);
  const owned = (list.json.data as { attributes: { identifier: string; server_owner: boolean } }[]).find((d) => d.attributes.server_owner);
  if (!owned) unavailable('the client key owns no server: give a key of a server owner in PTERO_CLIENT_KEY');
  return owned.attributes.identifier;
}

conformance(
  `Every routed answer MUST carry X-RateLimit-Limit ${APPLICATION_LIMIT} and an X-RateLimit-Remaining one less than the answer before`,
  probe('remaining-decreases', 'listLocations', ['application'], BOTH),
  async (s) => {
    let previous: number | undefined;
    for (let i = 0; i < 3; i++) {
      const answer = (await call(s, 'listLocations', { paced: false })).status(200).rateLimitHeaders(APPLICATION_LIMIT, previous);
      previous = Number(answer.exchange.response.headers['x-ratelimit-remaining']);
    }
  },
);

conformance(
  `The application API MUST answer the ${APPLICATION_LIMIT + 1}st request of a window 429 ThrottleRequestsException with Retry-After and X-RateLimit-Reset`,
  probe('application-limit', 'listLocations', ['application'], BOTH),
  async (s) => {
    for (let i = 1; i <= APPLICATION_LIMIT; i++) {
      (await call(s, 'listLocations', { paced: false })).status(200).rateLimitHeaders(APPLICATION_LIMIT);
    }
    (await call(s, 'listLocations', { paced: false })).throttled(APPLICATION_LIMIT);
  },
);

conformance(
  `The client API MUST answer the ${CLIENT_LIMIT + 1}st request of a window 429 with the throttle envelope and headers`,
  probe('client-limit', 'listClientServers', ['client'], BOTH),
  async (s) => {
    for (let i = 1; i <= CLIENT_LIMIT; i++) (await call(s, 'listClientServers', { paced: false })).status(200).rateLimitHeaders(CLIENT_LIMIT);
    (await call(s, 'listClientServers', { paced: false })).throttled(CLIENT_LIMIT);
  },
);

conformance(
  'Both APIs MUST share one per-IP counter: after 70 application requests the next client request is throttled',
  probe('shared-counter', 'listClientServers', ['application', 'client']),
  async (s) => {
    for (let i = 1; i <= 70; i++) (await call(s, 'listLocations', { paced: false })).status(200);
    (await call(s, 'listClientServers', { paced: false })).throttled(CLIENT_LIMIT);
    (await call(s, 'listLocations', { paced: false })).status(200).rateLimitHeaders(APPLICATION_LIMIT);
  },
);

// 1.x: a named limiter per API (api.application / api.client, keyed by md5(name + user uuid), falling back to the IP;
// v1.11.8:app/Providers/RouteServiceProvider.php#L92-L110), so spending one API's window leaves the other's untouched.
conformance(
  `Each API MUST keep its own window: once the application API's ${APPLICATION_LIMIT} requests are spent (429), the client API still admits the next request as the first of its own ${CLIENT_LIMIT}, and the client request gives the application API nothing back`,
  probe('separate-windows', 'listClientServers', ['application', 'client'], ['v1.11']),
  async (s) => {
    for (let i = 1; i <= APPLICATION_LIMIT; i++) (await call(s, 'listLocations', { paced: false })).status(200);
    (await call(s, 'listLocations', { paced: false })).throttled(APPLICATION_LIMIT);
    (await call(s, 'listClientServers', { paced: false })).ownWindow(CLIENT_LIMIT);
    (await call(s, 'listLocations', { paced: false })).throttled(APPLICATION_LIMIT);
  },
);

conformance(
  'GET /api/client/servers/{server}/utilization MUST allow 15 requests per user per minute and show the 60-based headers on its 429',
  probe('utilization-limit', 'getClientServerUtilization', ['client']),
  async (s) => {
    const identifier = await ownedIdentifier(s);
    for (let i = 1; i <= UTILIZATION_LIMIT; i++) {
      const answer = await call(s, 'getClientServerUtilization', { params: { server: identifier }, paced: false });
      if (answer.exchange.response.status === 429) violate(`utilization was throttled after ${i - 1} requests, expected ${UTILIZATION_LIMIT}`, { kind: 'rate-limit', expected: `${UTILIZATION_LIMIT} requests before a 429`, actual: `429 after ${i - 1}` }, answer.exchange);
    }
    const refused = await call(s, 'getClientServerUtilization', { params: { server: identifier }, paced: false });
    refused.status(429).rateLimitHeaders(CLIENT_LIMIT);
    if (refused.exchange.response.headers['retry-after'] === undefined) violate('the utilization 429 has no Retry-After', { kind: 'header', pointer: '/headers/retry-after', expected: 'present', actual: 'absent' }, refused.exchange);
  },
);

conformance(
  'A throttled client MUST be admitted again once the window has passed',
  probe('recovery', 'listLocations', ['application'], BOTH),
  async (s) => {
    for (let i = 1; i <= APPLICATION_LIMIT; i++) await call(s, 'listLocations', { paced: false });
    const refused = (await call(s, 'listLocations', { paced: false })).throttled(APPLICATION_LIMIT);
    const wait = Number(refused.exchange.response.headers['retry-after']) + 1;
    if (!s.control) {
      await sleep(wait * 1000);
      (await call(s, 'listLocations', { paced: false })).status(200).rateLimitHeaders(APPLICATION_LIMIT);
      return;
    }
    await s.control.advanceClock(wait);
    try {
      (await call(s, 'listLocations', { paced: false })).status(200).rateLimitHeaders(APPLICATION_LIMIT);
    } finally {
      // Back to where it was (the wall clock): later behaviours compare the panel's times with this machine's.
      await s.control.advanceClock(-wait);
    }
  },
);

describe(EVERY_OPERATION, () => {
  beforeAll(async ({}, suite) => {
    // A run whose selection or profile leaves none of these probes registers none: no window to wait for.
    if (suite.tasks.length === 0) return;
    const s = await session();
    if (s.config.probeRateLimit) await freshWindow(s);
  });
  for (const op of operations()) {
    const limit = op.api === 'application' ? APPLICATION_LIMIT : CLIENT_LIMIT;
    conformance(
      `${statementPath(op)} MUST answer 429 ThrottleRequestsException with Retry-After and X-RateLimit-Reset once the per-IP window is spent`,
      { ...probe(`throttled.${op.operationId}`, op.operationId, []), effect: effectOf(op) },
      async (s) => {
        await spendWindow(s);
        const answer = await call(s, op.operationId, { params: absentParams(op), as: 'none', paced: false });
        // The limit's value is checked once, by the behaviours above; here the throttled answer itself.
        const observed = Number(answer.exchange.response.headers['x-ratelimit-limit']);
        answer.throttled(Number.isInteger(observed) && observed > 0 ? observed : limit);
      },
    );
  }
});

/**
 * Spends the shared window with unauthenticated requests (the throttle runs before the key check);
 * one request when the behaviour before already spent it.
 */
async function spendWindow(s: Session): Promise<void> {
  for (let i = 0; i < APPLICATION_LIMIT; i++) {
    const answer = await call(s, 'listLocations', { as: 'none', paced: false });
    if (answer.exchange.response.status === 429) return;
  }
}
