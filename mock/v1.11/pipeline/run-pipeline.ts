import { expectsJson } from '../../http/accept.ts';
import { clientIpOf, htmlErrorAnswer, redirectAnswer } from '../../http/html-answers.ts';
import type { IncomingRequest, OutgoingResponse } from '../../http/messages.ts';
import { phpJson } from '../../http/php-json.ts';
import type { PipelineOutcome } from '../../profile.ts';
import { PanelError, ValidationFailure } from '../../errors/panel-error.ts';
import { renderErrorV111 } from '../errors/render-error.ts';
import { clientRouteMiddleware } from '../handlers/client/index.ts';
import { handlerForV111 } from '../handlers/registry.ts';
import { matchRouteV111 } from '../routing/route-table.ts';
import { parseIncludesV111 } from '../transform/fractal.ts';
import type { ServicesV111 } from '../services.ts';
import { validateV111 } from '../validation/validate.ts';
import { authorizeApplication } from './authorize.ts';
import { authenticateIpAccess, authenticateSanctum, requireClientApiKey, requireRootAdmin, requireTwoFactor, requireValidJson } from './authenticate.ts';
import { substituteBindings } from './bindings.ts';
import { RequestContext } from '../../pipeline/request-context.ts';
import type { ContextProfileV111, ContextV111 } from './context.ts';
import { parseInputV111 } from './parse-input.ts';
import { groupLimitOf, rateLimitHeadersAfter, routeLimitOf, throttle, type Limit } from './throttle.ts';

/**
 * The v1.11.8 panel's request handling in its own order (v1.11.8:app/Http/Kernel.php#L40-L83,
 * app/Providers/RouteServiceProvider.php#L40-L52, then Laravel 10's middleware sorting, runRoute):
 * global middleware (413, trimming) → routing (404/405) → auth:sanctum (401) → IsValidJson (400) →
 * RequireTwoFactorAuthentication (400) → AuthenticateIPAccess (403) → application: throttle (429),
 * bindings (404), AuthenticateApplicationUser (403); client: bindings (404), RequireClientApiKey (403),
 * throttle (429), the route's own middleware → FormRequest authorize (403) and rules (422) →
 * controller. Everything after a throttle carries its headers.
 */
export async function runPipelineV111(panel: ServicesV111, request: IncomingRequest): Promise<PipelineOutcome> {
  const clientIp = clientIpOf(panel.options.trustProxy, request);
  const json = expectsJson(request.headers);
  let ctx: ContextV111;
  let operationId: string | null = null;
  try {
    const { query, input, method } = parseInputV111(request, panel.options.maxBodyBytes);
    const match = matchRouteV111(method, request.url.split('?')[0] ?? '');
    if (match.kind === 'options') return { response: { status: 200, headers: { Allow: match.allow }, body: '' }, operationId: null, clientIp };
    operationId = match.route.operationId;
    // ApplicationApiController's constructor parses `include` when the router gathers the route's
    // middleware, before any of it runs: a nested array is a TypeError (500) without rate-limit headers.
    // ClientApiController inherits that constructor: the client routes too.
    parseIncludesV111(input['include']);
    ctx = new RequestContext<ContextProfileV111>(panel, method === request.method ? request : { ...request, method }, match.route, match.params, query, input, clientIp);
    authenticateSanctum(ctx);
    requireValidJson(ctx);
    requireTwoFactor(ctx);
    authenticateIpAccess(ctx);
  } catch (error) {
    return { response: finish(renderFailure(error, panel, request, json), request), operationId, clientIp };
  }
  let response: OutgoingResponse;
  // The throttles the request got past; each adds its headers on the way out, errors included.
  const passed: Limit[] = [];
  try {
    response = await runRoute(ctx, passed);
    Object.assign(response.headers, rateLimitHeadersAfter(ctx, passed));
  } catch (error) {
    response = renderFailure(error, panel, request, json);
    // A 429 carries its own; any other failure gets the headers of the throttles it passed.
    Object.assign(response.headers, response.status === 429 ? ctx.rateLimitHeaders : rateLimitHeadersAfter(ctx, passed));
  }
  return { response: finish(response, ctx.request), operationId: ctx.operationId, clientIp };
}

/**
 * The route middleware after authentication, as Laravel 10's SortedMiddleware leaves it: on the
 * application API the throttle moves before SubstituteBindings (which is in the priority list); on the
 * client API it stays after SubstituteClientBindings and RequireClientApiKey (a subclass, not in the
 * list: 10.1.4 matches interfaces, not parents, laravel-v10.1.4:src/Illuminate/Routing/SortedMiddleware.php#L34-L107),
 * so a binding 404 or an application key's 403 there carries no rate-limit headers and is not counted.
 * A route's own throttle (files/pull) comes last, after the client route middleware.
 */
async function runRoute(ctx: ContextV111, passed: Limit[]): Promise<OutgoingResponse> {
  if (ctx.api === 'application') {
    throttle(ctx, groupLimitOf(ctx), passed);
    substituteBindings(ctx);
    requireRootAdmin(ctx);
    authorizeApplication(ctx);
  } else {
    substituteBindings(ctx);
    requireClientApiKey(ctx);
    throttle(ctx, groupLimitOf(ctx), passed);
    clientRouteMiddleware(ctx);
    const own = routeLimitOf(ctx);
    if (own) throttle(ctx, own, passed);
  }
  validateV111(ctx);
  const result = await handlerForV111(ctx.operationId)(ctx);
  const headers = { ...(result.headers ?? {}) };
  if (result.body === undefined) return { status: result.status, headers, body: '' };
  if (typeof result.body === 'string') return { status: result.status, headers, body: result.body };
  return { status: result.status, headers: { 'Content-Type': 'application/json', ...headers }, body: phpJson(result.body) };
}

/** Response::prepare empties the body of a HEAD answer (the routed method counts). */
function finish(response: OutgoingResponse, request: IncomingRequest): OutgoingResponse {
  if (request.method.toUpperCase() === 'HEAD') response.body = '';
  return response;
}

/**
 * JSON errors when the client expects JSON; otherwise Laravel 10's HTML answers: a redirect to
 * /auth/login for AuthenticationException, a redirect back for validation and DisplayException,
 * an HTML error page for the rest.
 */
function renderFailure(error: unknown, panel: ServicesV111, request: IncomingRequest, json: boolean): OutgoingResponse {
  if (json) return renderErrorV111(error, panel.options.debug);
  const origin = `${request.scheme}://${request.headers['host'] ?? 'localhost'}`;
  if (error instanceof PanelError && error.kind === 'authentication') return redirectAnswer(`${origin}/auth/login`, 'symfony-6');
  if (error instanceof ValidationFailure || (error instanceof PanelError && error.kind === 'display')) return redirectAnswer(request.headers['referer'] ?? origin, 'symfony-6');
  return htmlErrorAnswer(renderErrorV111(error, panel.options.debug));
}
