import type { HandlerTableV111 } from '../handler.ts';

/** The application API's handlers (operationId → controller). */
export const applicationHandlersV111: HandlerTableV111 = {};
