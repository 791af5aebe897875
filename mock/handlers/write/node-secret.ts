import { randomInt } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Node::DAEMON_SECRET_LENGTH. */
export const DAEMON_SECRET_LENGTH = 36;

/** Laravel's str_random(): letters and digits from a CSPRNG. */
export function randomAlphanumeric(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return out;
}

/** A fresh node daemon secret (NodeCreationService, NodeUpdateService with reset_secret). */
export function newDaemonSecret(): string {
  return randomAlphanumeric(DAEMON_SECRET_LENGTH);
}
