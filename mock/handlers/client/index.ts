import type { HandlerTable } from '../handler.ts';
import { sendClientServerCommand } from './command.ts';
import { sendClientServerPower } from './power.ts';
import { getClientServerUtilization } from './utilization.ts';

/** Client API operations that talk to the server's daemon. */
export const clientDaemonHandlers: HandlerTable = {
  getClientServerUtilization,
  sendClientServerCommand,
  sendClientServerPower,
};
