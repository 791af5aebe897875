import type { ContextV111 } from '../pipeline/context.ts';

/** What a v1.11 controller returns: a status, a JSON body (undefined: empty) and extra headers. */
export interface HandlerResultV111 {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type HandlerV111 = (ctx: ContextV111) => HandlerResultV111 | Promise<HandlerResultV111>;
export type HandlerTableV111 = Record<string, HandlerV111>;

export const noContentV111 = (): HandlerResultV111 => ({ status: 204 });
