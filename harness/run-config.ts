import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

/** Who a request is sent as. Live runs get the first two from PTERO_*_KEY; others from PTERO_KEY_<ROLE>. */
export const KEY_ROLES = [
  'application', // full application key of a root admin
  'client', // client key of a server owner
  'application-read-only',
  'application-none',
  'application-write-only',
  'application-non-root',
  'application-users-read-only',
  'client-subuser-limited',
  'client-stranger',
  'client-root-admin',
] as const;
export type KeyRole = (typeof KEY_ROLES)[number];

export type Target = { kind: 'mock' } | { kind: 'live'; url: string };

export interface RunConfig {
  target: Target;
  keys: Partial<Record<KeyRole, string>>;
  allowWrites: boolean;
  allowDestructive: boolean;
  probeRateLimit: boolean;
  strictDocs: boolean;
  /** APP_DEBUG of the panel (PTERO_PANEL_DEBUG=1); off, the shipped default, error bodies must not carry source or a trace. */
  panelDebug: boolean;
  expectationsPath: string | undefined;
  timeoutMs: number;
  /** Prefix of every name the run gives a resource it creates, so cleanup finds them and nothing else. */
  runId: string;
  /** Ids a user pinned instead of letting discovery choose (PTERO_PIN_SERVER etc.). */
  pins: Partial<Record<PinName, string>>;
}

export const PIN_NAMES = ['user', 'server', 'node', 'location', 'nest', 'egg'] as const;
export type PinName = (typeof PIN_NAMES)[number];

export class ConfigError extends Error {}

/** The environment variable that gives a role's key. */
export function keyVariable(role: KeyRole): string {
  if (role === 'application') return 'PTERO_APPLICATION_KEY';
  if (role === 'client') return 'PTERO_CLIENT_KEY';
  return `PTERO_KEY_${role.toUpperCase().replace(/-/g, '_')}`;
}

const KEY_PATTERN = /^[A-Za-z0-9]{48}$/;
export const RUN_ID_PREFIX = 'ptero-conformance-';

/**
 * The run's configuration from the environment (and a .env file, which the environment overrides).
 * A partial or invalid configuration is refused before any request, with every problem named.
 */
export function readRunConfig(env: Record<string, string | undefined> = process.env, dotEnvPath = '.env'): RunConfig {
  const merged = { ...readDotEnv(dotEnvPath), ...definedOnly(env) };
  const problems: string[] = [];
  const url = merged['PTERO_URL'];
  const keys: Partial<Record<KeyRole, string>> = {};
  const keyVars = KEY_ROLES.map((r): [string, KeyRole] => [keyVariable(r), r]);
  for (const [variable, role] of keyVars) {
    const value = merged[variable];
    if (value === undefined || value === '') continue;
    if (!KEY_PATTERN.test(value)) problems.push(`${variable} must be the 48-character key (16-character identifier + 32-character token, letters and digits only)`);
    else keys[role] = value;
  }
  let target: Target = { kind: 'mock' };
  if (url) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      problems.push(`PTERO_URL "${url}" is not a URL (expected e.g. https://panel.example.com)`);
    }
    if (parsed && parsed.protocol !== 'http:' && parsed.protocol !== 'https:') problems.push(`PTERO_URL must use http or https, not ${parsed.protocol}`);
    if (parsed && (parsed.username || parsed.password)) problems.push('PTERO_URL must not carry credentials; pass keys in PTERO_APPLICATION_KEY / PTERO_CLIENT_KEY');
    if (!keys.application && !keys.client && !problems.some((p) => p.includes('_KEY'))) {
      problems.push('PTERO_URL is set but neither PTERO_APPLICATION_KEY nor PTERO_CLIENT_KEY is: give at least one');
    }
    if (parsed) target = { kind: 'live', url: parsed.origin + parsed.pathname.replace(/\/+$/, '') };
  } else if (Object.keys(keys).length > 0) {
    problems.push('keys are set but PTERO_URL is not: set PTERO_URL to test a live panel, or unset the keys to test the embedded mock');
  }
  const allowWrites = flag(merged, 'PTERO_ALLOW_WRITES', problems);
  const allowDestructive = flag(merged, 'PTERO_ALLOW_DESTRUCTIVE', problems);
  if (allowDestructive && !allowWrites) problems.push('PTERO_ALLOW_DESTRUCTIVE=1 needs PTERO_ALLOW_WRITES=1 as well');
  const timeoutText = merged['PTERO_TIMEOUT_MS'];
  const timeoutMs = timeoutText === undefined ? 10_000 : Number(timeoutText);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100) problems.push(`PTERO_TIMEOUT_MS must be a whole number of milliseconds (at least 100), got "${timeoutText}"`);
  const expectationsPath = merged['PTERO_EXPECTATIONS'];
  if (expectationsPath && !existsSync(expectationsPath)) problems.push(`PTERO_EXPECTATIONS names ${expectationsPath}, which does not exist`);
  const pins: Partial<Record<PinName, string>> = {};
  for (const name of PIN_NAMES) {
    const value = merged[`PTERO_PIN_${name.toUpperCase()}`];
    if (value) pins[name] = value;
  }
  if (problems.length > 0) throw new ConfigError(`The run configuration is incomplete or invalid; no request was sent:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return {
    target,
    keys,
    allowWrites: target.kind === 'mock' || allowWrites,
    allowDestructive: target.kind === 'mock' || allowDestructive,
    probeRateLimit: target.kind === 'mock' || flag(merged, 'PTERO_PROBE_RATE_LIMIT', problems),
    strictDocs: flag(merged, 'PTERO_STRICT_DOCS', problems),
    panelDebug: flag(merged, 'PTERO_PANEL_DEBUG', problems),
    expectationsPath,
    timeoutMs,
    runId: merged['PTERO_RUN_ID'] ?? `${RUN_ID_PREFIX}${randomBytes(4).toString('hex')}`,
    pins,
  };
}

function flag(env: Record<string, string>, name: string, problems: string[]): boolean {
  const value = env[name];
  if (value === undefined || value === '' || value === '0') return false;
  if (value === '1') return true;
  problems.push(`${name} must be 1 or 0, got "${value}"`);
  return false;
}

/** KEY=VALUE lines; # comments; optional quotes. Missing file: nothing. */
export function readDotEnv(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match || line.trimStart().startsWith('#')) continue;
    out[match[1] as string] = (match[2] as string).replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}
