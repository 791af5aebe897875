import type { RequestContext } from '../pipeline/request-context.ts';

/** What a controller returns: a status and a JSON body (undefined for an empty body, e.g. 204). */
export interface HandlerResult {
  status: number;
  body?: unknown;
}

/** One operation's controller + service, after the pipeline authenticated, authorized and validated it. */
/** Synchronous, as every stage: the mock answers within the request event, with no await in between. */
export type OperationHandler = (ctx: RequestContext) => HandlerResult;

export type HandlerTable = Record<string, OperationHandler>;

export const noContent = (): HandlerResult => ({ status: 204 });
