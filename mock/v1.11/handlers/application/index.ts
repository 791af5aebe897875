import type { HandlerTableV111 } from '../handler.ts';
import { databaseHandlersV111, nestHandlersV111 } from './databases-nests.ts';
import { locationHandlersV111 } from './locations.ts';
import { nodeHandlersV111 } from './nodes.ts';
import { serverHandlersV111 } from './servers.ts';
import { userHandlersV111 } from './users.ts';

/** The application API's handlers (operationId → controller). */
export const applicationHandlersV111: HandlerTableV111 = {
  ...userHandlersV111,
  ...nodeHandlersV111,
  ...locationHandlersV111,
  ...serverHandlersV111,
  ...databaseHandlersV111,
  ...nestHandlersV111,
};
