import { PanelError } from '../errors/panel-error.ts';
import { clientDaemonHandlers } from './client/index.ts';
import type { HandlerTable, OperationHandler } from './handler.ts';
import { clientServerReadHandlers } from './read/client-servers.ts';
import { locationReadHandlers } from './read/locations.ts';
import { nestReadHandlers } from './read/nests.ts';
import { nodeReadHandlers } from './read/nodes.ts';
import { serverReadHandlers } from './read/servers.ts';
import { userReadHandlers } from './read/users.ts';
import { allocationWriteHandlers } from './write/allocations.ts';
import { locationWriteHandlers } from './write/locations.ts';
import { nodeWriteHandlers } from './write/nodes.ts';
import { serverActionHandlers } from './write/server-actions.ts';
import { serverDatabaseWriteHandlers } from './write/server-databases.ts';
import { serverWriteHandlers } from './write/servers.ts';
import { userWriteHandlers } from './write/users.ts';

// Each module exports a HandlerTable for the operations it implements.
const tables: HandlerTable[] = [
  userWriteHandlers,
  locationWriteHandlers,
  nodeWriteHandlers,
  allocationWriteHandlers,
  userReadHandlers,
  nodeReadHandlers,
  locationReadHandlers,
  serverReadHandlers,
  nestReadHandlers,
  clientServerReadHandlers,
  serverWriteHandlers,
  serverActionHandlers,
  serverDatabaseWriteHandlers,
  clientDaemonHandlers,
];

/** The v0.7.19 panel's controllers by operationId (its mock profile, mock/profiles/v0.7.19.ts). */
export const V07_HANDLERS: Readonly<HandlerTable> = Object.assign({}, ...tables);
const handlers = V07_HANDLERS;

export function handlerFor(operationId: string): OperationHandler {
  const handler = handlers[operationId];
  if (!handler) {
    return () => {
      throw new PanelError(500, 'BadMethodCallException', `The mock has no handler for ${operationId}.`);
    };
  }
  return handler;
}

export function implementedOperations(): string[] {
  return Object.keys(handlers);
}
