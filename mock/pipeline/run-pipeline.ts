import { PanelError, ValidationFailure } from '../errors/panel-error.ts';
import { renderError } from '../errors/render-error.ts';
import { expectsJson } from '../http/accept.ts';
import { clientIpOf, htmlErrorAnswer, redirectAnswer } from '../http/html-answers.ts';
import type { IncomingRequest, OutgoingResponse } from '../http/messages.ts';
import { phpJson } from '../http/php-json.ts';
import { handlerFor } from '../handlers/registry.ts';
import type { PanelServices } from '../panel-services.ts';
import type { PipelineOutcome } from '../profile.ts';
import { validateRequest } from '../validation/validate-request.ts';
import { authenticateClientAccess } from './authenticate-client-access.ts';
import { authenticateIp, authenticateKey, requireRootAdmin } from './authenticate-key.ts';
import { authorizeRequest } from './authorize-request.ts';
import { bindModels } from './bind-models.ts';
import { ensureModelExists } from './ensure-model-exists.ts';
import { parseInput } from './parse-input.ts';
import { RequestContext } from './request-context.ts';
import { resolveRoute } from './resolve-route.ts';
import { groupRateLimitHeaders, throttleGroup } from './throttle-group.ts';
import { throttleUtilization } from './throttle-utilization.ts';

/**
 * The panel's request handling in its own order, one stage per line:
 * global middleware → routing → controller construction → group throttle → bindings → key →
 * root admin → IP → client access → utilization throttle → authorize → existence → validation →
 * handler. Everything after the group throttle carries its rate-limit headers, errors included.
 */
export function runPipeline(panel: PanelServices, request: IncomingRequest): PipelineOutcome {
  const clientIp = clientIpOf(panel.options.trustProxy, request);
  const json = expectsJson(request.headers);
  let ctx: RequestContext | undefined;
  let routed = request;
  try {
    const { query, input, method } = parseInput(request, panel.options.maxBodyBytes);
    // From here on the request carries the method the router matched (a POST may override it).
    routed = method === request.method ? request : { ...request, method };
    const route = resolveRoute(panel.index, method, request.url.split('?')[0] ?? '');
    if (route.kind === 'options') {
      return { response: { status: 200, headers: { Allow: route.allow }, body: '' }, operationId: null, clientIp };
    }
    ctx = new RequestContext(panel, routed, route.match.info, route.match.params, query, input, clientIp);
    rejectArrayInclude(ctx);
  } catch (error) {
    const response = renderFailure(error, panel, request, json);
    if (routed.method.toUpperCase() === 'HEAD') response.body = '';
    return { response, operationId: ctx?.operationId ?? null, clientIp };
  }

  let response: OutgoingResponse;
  try {
    throttleGroup(ctx);
    response = runRoute(ctx);
  } catch (error) {
    response = renderFailure(error, panel, request, json);
  }
  Object.assign(response.headers, groupRateLimitHeaders(ctx));
  // Response::prepare empties the body when isMethod('HEAD'), the overridden method included.
  if (routed.method.toUpperCase() === 'HEAD') response.body = '';
  return { response, operationId: ctx.operationId, clientIp };
}

function runRoute(ctx: RequestContext): OutgoingResponse {
  bindModels(ctx);
  authenticateKey(ctx);
  if (ctx.api === 'application') requireRootAdmin(ctx);
  authenticateIp(ctx);
  if (ctx.api === 'client' && ctx.route.path.startsWith('/api/client/servers/')) {
    authenticateClientAccess(ctx);
    if (ctx.operationId === 'getClientServerUtilization') throttleUtilization(ctx);
  }
  authorizeRequest(ctx);
  ensureModelExists(ctx);
  validateRequest(ctx);
  const result = handlerFor(ctx.operationId)(ctx);
  if (result.body === undefined) return { status: result.status, headers: {}, body: '' };
  return { status: result.status, headers: { 'Content-Type': 'application/json' }, body: phpJson(result.body) };
}

/** ApplicationApiController's constructor: an array `include` raises a PHP warning (500) before any middleware. */
function rejectArrayInclude(ctx: RequestContext): void {
  const include = ctx.inputValue('include');
  if (include !== undefined && include !== null && typeof include === 'object') {
    throw new PanelError(500, 'ErrorException', 'explode() expects parameter 2 to be string, array given', {
      sourceFile: '/app/Http/Controllers/Api/Application/ApplicationApiController.php',
    });
  }
}

/** JSON errors for a JSON Accept header; otherwise Laravel's HTML pages and redirects back. */
function renderFailure(error: unknown, panel: PanelServices, request: IncomingRequest, json: boolean): OutgoingResponse {
  if (json) return renderError(error, panel.options.debug);
  if (error instanceof ValidationFailure || (error instanceof PanelError && error.display)) {
    return redirectAnswer(request.headers['referer'] ?? `${request.scheme}://${request.headers['host'] ?? 'localhost'}`, 'symfony-4');
  }
  return htmlErrorAnswer(renderError(error, panel.options.debug));
}
