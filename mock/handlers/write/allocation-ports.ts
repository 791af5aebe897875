import { displayException } from '../../errors/panel-error.ts';

/**
 * The port side of AssignmentService (v0.7.19:app/Services/Allocations/AssignmentService.php#L56-L112). Each `ports` entry is digits or a range
 * `^(\d{4,5})-(\d{4,5})$`; for a range the size (> 1000 ports) is checked before the bounds, and only
 * its two ends are bounded (start ≤ 1024 or end > 65535 is refused). A range may run downwards
 * (PHP's range()), so `1100-1000` passes both checks and yields ports 1100 down to 1000.
 */

const SOURCE = '/app/Services/Allocations/AssignmentService.php';
const PORT_FLOOR = 1024;
const PORT_CEIL = 65535;
const PORT_RANGE_LIMIT = 1000;
const PORT_RANGE = /^(\d{4,5})-(\d{4,5})$/;

export const CIDR_OUT_OF_RANGE = 'CIDR notation only allows masks between /25 and /32.';
export const PORT_OUT_OF_RANGE = 'Ports in an allocation must be greater than 1024 and less than or equal to 65535.';
export const TOO_MANY_PORTS = 'Adding more than 1000 ports in a single range at once is not supported.';
export const invalidMappingMessage = (port: string) => `The mapping provided for ${port} was invalid and could not be processed.`;

export const cidrOutOfRange = () => displayException(400, 'CidrOutOfRangeException', CIDR_OUT_OF_RANGE, SOURCE);
const invalidPortMapping = (port: string) => displayException(400, 'InvalidPortMappingException', invalidMappingMessage(port), SOURCE);
const portOutOfRange = () => displayException(400, 'PortOutOfRangeException', PORT_OUT_OF_RANGE, SOURCE);
const tooManyPorts = () => displayException(400, 'TooManyPortsInRangeException', TOO_MANY_PORTS, SOURCE);

/**
 * The mask check made before anything else: when `ip` holds a `/`, the text after the first `/`
 * must be digits between 27 and 32.
 */
export function checkCidrMask(ip: string): void {
  const parts = ip.split('/');
  if (parts.length === 1) return;
  const mask = parts[1] ?? '';
  if (!/^\d+$/.test(mask) || Number(mask) > 32 || Number(mask) < 27) throw cidrOutOfRange();
}

/** PHP's (string) of a validated `ports.*` value (strings; anything else is defensive). */
function portText(port: unknown): string {
  if (typeof port === 'string') return port;
  if (typeof port === 'number') return String(port);
  if (port === true) return '1';
  return '';
}

/** PHP's (int) of a digit string: saturates instead of overflowing. */
function phpInt(digits: string): number {
  const n = Number(digits);
  return Number.isFinite(n) ? n : Number.MAX_SAFE_INTEGER;
}

/** One `ports` entry after its checks: the ports it adds, from `first` to `last` (either direction). */
export interface PortSpan {
  first: number;
  last: number;
}

/**
 * Checks every `ports` entry in turn, as the panel does for the first address (the same entries
 * are checked for every address, so the first failure is the same), and returns what each adds.
 * Throws the entry's 400.
 */
export function checkPorts(ports: readonly unknown[]): PortSpan[] {
  const out: PortSpan[] = [];
  for (const raw of ports) {
    const port = portText(raw);
    const range = PORT_RANGE.exec(port);
    if (!/^\d+$/.test(port) && !range) throw invalidPortMapping(port);
    if (range) {
      const first = phpInt(range[1] ?? '');
      const last = phpInt(range[2] ?? '');
      if (Math.abs(last - first) + 1 > PORT_RANGE_LIMIT) throw tooManyPorts();
      if (first <= PORT_FLOOR || last > PORT_CEIL) throw portOutOfRange();
      out.push({ first, last });
    } else {
      const value = phpInt(port);
      if (value <= PORT_FLOOR || value > PORT_CEIL) throw portOutOfRange();
      out.push({ first: value, last: value });
    }
  }
  return out;
}

/** How many ports the spans add (repeats included). */
export function spanCount(spans: readonly PortSpan[]): number {
  return spans.reduce((sum, span) => sum + Math.abs(span.last - span.first) + 1, 0);
}

/** The ports one address receives, in insertion order. */
export function* portsOf(spans: readonly PortSpan[]): Generator<number> {
  for (const { first, last } of spans) {
    const step = last >= first ? 1 : -1;
    for (let port = first; port !== last + step; port += step) yield port;
  }
}

/** The ports one address receives, as a list (checks included). */
export function expandPorts(ports: readonly unknown[]): number[] {
  return [...portsOf(checkPorts(ports))];
}
