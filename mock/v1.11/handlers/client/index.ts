import type { ContextV111 } from '../../pipeline/context.ts';
import type { HandlerTableV111 } from '../handler.ts';

/** The client API's handlers (operationId → controller), written by the client half of the twin. */
export const clientHandlersV111: HandlerTableV111 = {};

/**
 * The client routes' own middleware after the group's (ServerSubject, AuthenticateServerAccess,
 * ResourceBelongsToServer on /servers/{server}/*) and their FormRequests' authorize(): the client
 * half fills this in. Runs after SubstituteClientBindings and RequireClientApiKey.
 */
export function clientRouteMiddleware(_ctx: ContextV111): void {
  // Filled in by the client half of the twin.
}
