// The stock-panel audit of a documented operation nobody routes: the request the legacy docs
// describe, sent with placeholder ids, and the router's refusal asserted (the claims model and the
// routing verdict are harness/legacy-claims.ts).
import { SuiteError, violate } from '../../harness/failure.ts';
import { exampleRequest, fillPath, implementedMessage, stockRouting, type LegacyOperation } from '../../harness/legacy-claims.ts';
import { ABSENT_ID } from './absent-params.ts';
import { send } from './call.ts';
import type { Session } from './session.ts';

/**
 * Placeholder values for the path parameters of operations a stock panel does not route (their
 * shapes follow the 1.x routes the pages copy: hashids, UUIDs, numeric ids). Unknown paths are
 * answered before any model lookup, so only their form matters.
 */
export const PLACEHOLDER_PARAMS: Readonly<Record<string, string | number>> = {
  database: 'pc0absnt',
  schedule: ABSENT_ID,
  task: ABSENT_ID,
  allocation: ABSENT_ID,
  user: '00000000-0000-4000-8000-000000000000',
  backup: '00000000-0000-4000-8000-000000000000',
  identifier: 'ptero0conformance',
};

/**
 * Sends the documented request (documented query and body, placeholder ids around `params`) and
 * asserts a stock panel's router refusal: 404 NotFoundHttpException for an unknown path, 405 with
 * Allow for a known path under another method, neither with rate-limit headers. An answer with any
 * other status means the panel implements the operation: the failure says so and names the
 * documented response fields the answer lacks.
 */
export async function expectNotRouted(s: Session, op: LegacyOperation, params: Record<string, string | number>): Promise<void> {
  const path = fillPath(op.path, { ...PLACEHOLDER_PARAMS, ...params });
  const routing = stockRouting(op.method, path);
  if (routing.kind === 'routed') {
    throw new SuiteError(`spec/legacy-docs-claims.yaml marks ${op.id} as not in 0.7, but ${op.method} ${path} matches the stock route ${routing.method} ${routing.template}`);
  }
  const expected = routing.kind === 'unrouted' ? 404 : 405;
  const answer = await send(s, op.method, path, exampleRequest(op));
  const status = answer.exchange.response.status;
  if (status !== expected) violate(implementedMessage(op, path, status, expected, answer.json), { kind: 'status', expected: String(expected), actual: String(status) }, answer.exchange);
  answer.error({ code: expected === 404 ? 'NotFoundHttpException' : 'MethodNotAllowedHttpException', status: expected }).noRateLimitHeaders();
  if (routing.kind === 'method-not-allowed' && answer.exchange.response.headers['allow'] !== routing.allow) {
    violate(`${op.method} ${path}: Allow should be "${routing.allow}", got ${JSON.stringify(answer.exchange.response.headers['allow'])}`, { kind: 'header', pointer: '/headers/allow', expected: routing.allow, actual: answer.exchange.response.headers['allow'] }, answer.exchange);
  }
}
