// Behaviours of the router itself: unknown paths, wrong methods, OPTIONS and HEAD.
import { violate } from '../../harness/failure.ts';
import { call, send } from '../support/call.ts';
import { conformance } from '../support/conformance.ts';

// What the router answers is Laravel's in both versions (1.x runs Laravel 10); the array-valued include is 0.7's
// alone (1.x parses include in the controller, after authentication: 401 without a key).
const BOTH = ['v0.7.19', 'v1.11'];

conformance(
  'An unknown path under /api/application MUST answer 404 NotFoundHttpException without rate-limit headers',
  { behaviour: 'contract.routing.unknown-path', profiles: BOTH, concerns: 'contract', effect: 'read', category: 'application/routing', keys: ['application'] },
  async (s) => {
    (await send(s, 'GET', '/api/application/ptero-conformance-unknown')).error({ code: 'NotFoundHttpException', status: 404 }).noRateLimitHeaders();
  },
);

conformance(
  'A known path with a method it does not route MUST answer 405 MethodNotAllowedHttpException with Allow: GET, HEAD, POST',
  { behaviour: 'contract.routing.method-not-allowed', profiles: BOTH, concerns: 'contract', effect: 'write', category: 'application/routing', keys: ['application'] },
  async (s) => {
    const answer = (await send(s, 'PUT', '/api/application/users')).error({ code: 'MethodNotAllowedHttpException', status: 405 }).noRateLimitHeaders();
    if (answer.exchange.response.headers['allow'] !== 'GET, HEAD, POST') {
      violate(`Allow: expected "GET, HEAD, POST", got ${JSON.stringify(answer.exchange.response.headers['allow'])}`, { kind: 'header', pointer: '/headers/allow', expected: 'GET, HEAD, POST', actual: answer.exchange.response.headers['allow'] }, answer.exchange);
    }
  },
);

conformance(
  'OPTIONS on a known path MUST answer 200 with an empty body and Allow, without a key and without rate-limit headers',
  { behaviour: 'contract.routing.options', profiles: BOTH, concerns: 'contract', effect: 'read', category: 'application/routing' },
  async (s) => {
    const answer = (await send(s, 'OPTIONS', '/api/application/users', { as: 'none' })).status(200).noRateLimitHeaders();
    const { headers, rawBody } = answer.exchange.response;
    if (headers['allow'] !== 'GET,HEAD,POST' || rawBody !== '') {
      violate(`expected Allow "GET,HEAD,POST" and an empty body, got Allow ${JSON.stringify(headers['allow'])} and ${rawBody.length} bytes`, { kind: 'header', pointer: '/headers/allow', expected: 'GET,HEAD,POST and an empty body', actual: `${JSON.stringify(headers['allow'])} and ${rawBody.length} bytes` }, answer.exchange);
    }
  },
);

conformance(
  'HEAD on a GET route MUST answer like GET without a body',
  { operation: 'listLocations', behaviour: 'contract.routing.head', profiles: BOTH, concerns: 'contract', effect: 'read', keys: ['application'] },
  async (s) => {
    const get = (await call(s, 'listLocations')).status(200);
    const head = await send(s, 'HEAD', '/api/application/locations');
    if (head.exchange.response.status !== 200 || head.exchange.response.rawBody !== '') {
      violate(`HEAD: expected 200 with no body, got ${head.exchange.response.status} with ${head.exchange.response.rawBody.length} bytes`, { kind: 'value', expected: '200 with no body', actual: `${head.exchange.response.status} with ${head.exchange.response.rawBody.length} bytes` }, head.exchange);
    }
    if (head.exchange.response.headers['content-type'] !== get.exchange.response.headers['content-type']) violate('HEAD and GET differ in Content-Type', { kind: 'header', pointer: '/headers/content-type', expected: get.exchange.response.headers['content-type'], actual: head.exchange.response.headers['content-type'] }, head.exchange);
  },
);

conformance(
  'An array-valued include MUST answer 500 ErrorException before authentication, without rate-limit headers',
  { operation: 'listLocations', behaviour: 'contract.routing.include-array', concerns: 'contract', provokes: 'server-error', effect: 'read', category: 'application/locations' },
  async (s) => {
    (await send(s, 'GET', '/api/application/locations?include[]=nodes', { as: 'none' })).error({ code: 'ErrorException', status: 500 }).noRateLimitHeaders();
  },
);
