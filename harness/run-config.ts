import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { defaultProfileId, profileIds } from './profiles.ts';

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
  /** PTERO_PROFILE: the panel profile (harness/profiles.yaml) the run checks against; default v0.7.19. */
  profile: string;
  /** PTERO_PROFILE was set (environment or .env): a live panel must then be that profile; unset, the preflight detects it. */
  profileConfigured?: boolean;
  keys: Partial<Record<KeyRole, string>>;
  allowWrites: boolean;
  allowDestructive: boolean;
  probeRateLimit: boolean;
  strictDocs: boolean;
  /** PTERO_ALLOW_SERVER_ERRORS=1: behaviours whose expected answer is a 5xx may run (always on the mock). */
  allowServerErrors: boolean;
  /** PTERO_FULL_AUTH_MATRIX=1: every key variant on every operation of a live panel, not one per route group. */
  fullAuthMatrix: boolean;
  /** APP_DEBUG of the panel (PTERO_PANEL_DEBUG=1); off, the shipped default, error bodies must not carry source or a trace. */
  panelDebug: boolean;
  expectationsPath: string | undefined;
  timeoutMs: number;
  /** Prefix of every name the run gives a resource it creates, so cleanup finds them and nothing else. */
  runId: string;
  /** Ids a user pinned instead of letting discovery choose (PTERO_PIN_SERVER etc.). */
  pins: Partial<Record<PinName, string>>;
  /** PTERO_KEEP_PERSONAL_DATA=1: a live run's documents keep e-mails, names, host names and addresses as the panel sent them. */
  keepPersonalData: boolean;
}

/** Whether what the run writes masks personal data (harness/personal-data.ts): live runs, unless PTERO_KEEP_PERSONAL_DATA=1. */
export function masksPersonalData(config: Pick<RunConfig, 'target' | 'keepPersonalData'>): boolean {
  return config.target.kind === 'live' && !config.keepPersonalData;
}

export const PIN_NAMES = ['user', 'server', 'node', 'location', 'nest', 'egg'] as const;
export type PinName = (typeof PIN_NAMES)[number];

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'PTERO_CONFIG';
}

/** The PTERO_* settings the suite knows, with their meaning (harness/run-variables.yaml). */
export const KNOWN_VARIABLES: Readonly<Record<string, string>> = parse(
  readFileSync(fileURLToPath(new URL('./run-variables.yaml', import.meta.url)), 'utf8'),
) as Record<string, string>;

/** The exact variable that gives a key role, e.g. PTERO_KEY_APPLICATION_READ_ONLY. */
export function keyVariable(role: KeyRole): string {
  if (role === 'application') return 'PTERO_APPLICATION_KEY';
  if (role === 'client') return 'PTERO_CLIENT_KEY';
  return `PTERO_KEY_${role.toUpperCase().replace(/-/g, '_')}`;
}

/** The known name closest to `name` by edit distance (Levenshtein), for "did you mean". */
export function nearestName(name: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(name, candidate);
    if (!best || distance < best.distance) best = { name: candidate, distance };
  }
  return best?.name;
}

export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min((previous[j] as number) + 1, (row[j - 1] as number) + 1, (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length] as number;
}

/*
 * The settings module: every module reads its settings here, never process.env itself. A setting
 * comes from the environment, else from `.env` in the current directory (read once per process);
 * readRunConfig validates them all before a run starts.
 */

/** A source of settings: names to values (undefined = unset). */
export type SettingsSource = Readonly<Record<string, string | undefined>>;

/** The `.env` files read so far, by absolute path: each is read once per process. */
const dotEnvRead = new Map<string, DotEnv>();

function dotEnvOnce(path: string): DotEnv {
  const key = resolve(path);
  let dotEnv = dotEnvRead.get(key);
  if (!dotEnv) {
    dotEnv = readDotEnvFile(path);
    dotEnvRead.set(key, dotEnv);
  }
  return dotEnv;
}

/**
 * Every setting as this process sees it: the environment over `.env`. The environment is read at
 * each call, since a command may set an internal setting for what it runs in-process (setSetting).
 */
export function settings(env: SettingsSource = process.env, dotEnvPath = '.env'): Record<string, string> {
  return { ...dotEnvOnce(dotEnvPath).values, ...definedOnly(env) };
}

/** One setting (see settings()); undefined when neither the environment nor `.env` has it. */
export function setting(name: string, source: SettingsSource = settings()): string | undefined {
  return source[name];
}

/** Sets (or, with undefined, removes) a setting for this process and the processes it starts. */
export function setSetting(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** The environment for a child process: this process's environment plus `extra` (which wins). */
export function childEnvironment(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}

// A 16-character identifier and a 32-character token: letters and digits in 0.7; 1.x's identifier is
// ptla_ (application) or ptlc_ (client) and 11 letters and digits (v1.11.8:app/Models/ApiKey.php).
const KEY_PATTERN = /^(?:[A-Za-z0-9]{16}|ptl[ac]_[A-Za-z0-9]{11})[A-Za-z0-9]{32}$/;
export const RUN_ID_PREFIX = 'ptero-conformance-';

/**
 * The run's configuration from the environment (and a .env file, which the environment overrides).
 * A partial or invalid configuration is refused before any request, with every problem named.
 */
export function readRunConfig(env: SettingsSource = process.env, dotEnvPath = '.env'): RunConfig {
  const dotEnv = dotEnvOnce(dotEnvPath);
  const environment = definedOnly(env);
  const merged = { ...dotEnv.values, ...environment };
  const problems: string[] = [...dotEnv.problems];
  // Where a value came from, for the messages: the environment wins, else the .env line.
  const at = (name: string): string => (name in environment || dotEnv.lineOf[name] === undefined ? '' : ` (${dotEnvPath} line ${dotEnv.lineOf[name]})`);
  problems.push(...unknownVariables(environment, dotEnv, dotEnvPath));
  const url = merged['PTERO_URL'];
  const keys: Partial<Record<KeyRole, string>> = {};
  for (const role of KEY_ROLES) {
    const variable = keyVariable(role);
    const value = merged[variable];
    if (value === undefined || value === '') continue;
    if (!KEY_PATTERN.test(value)) problems.push(`${variable}${at(variable)} must be the 48-character key (16-character identifier + 32-character token, letters and digits only; a 1.x identifier starts ptla_ or ptlc_)`);
    else keys[role] = value;
  }
  let target: Target = { kind: 'mock' };
  if (url) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      problems.push(`PTERO_URL${at('PTERO_URL')} "${url}" is not a URL (expected e.g. https://panel.example.com)`);
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
  const flagOf = (name: string): boolean => flag(merged, name, problems, at(name));
  const allowWrites = flagOf('PTERO_ALLOW_WRITES');
  const allowDestructive = flagOf('PTERO_ALLOW_DESTRUCTIVE');
  const allowServerErrors = flagOf('PTERO_ALLOW_SERVER_ERRORS');
  const probeRateLimit = flagOf('PTERO_PROBE_RATE_LIMIT');
  const fullAuthMatrix = flagOf('PTERO_FULL_AUTH_MATRIX');
  const strictDocs = flagOf('PTERO_STRICT_DOCS');
  const panelDebug = flagOf('PTERO_PANEL_DEBUG');
  // Read elsewhere (harness/parsed-yaml-cache.ts, the commands' children), validated here all the same.
  for (const name of ['PTERO_PARSE_CACHE', 'PTERO_LIST_ONLY', 'PTERO_VERDICT_BY_PARENT']) flagOf(name);
  if (allowDestructive && !allowWrites) problems.push('PTERO_ALLOW_DESTRUCTIVE=1 needs PTERO_ALLOW_WRITES=1 as well');
  const timeoutText = merged['PTERO_TIMEOUT_MS'];
  const timeoutMs = timeoutText === undefined ? 10_000 : Number(timeoutText);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100) problems.push(`PTERO_TIMEOUT_MS${at('PTERO_TIMEOUT_MS')} must be a whole number of milliseconds (at least 100), got "${timeoutText}"`);
  const expectationsPath = merged['PTERO_EXPECTATIONS'];
  if (expectationsPath && !existsSync(expectationsPath)) problems.push(`PTERO_EXPECTATIONS${at('PTERO_EXPECTATIONS')} names ${expectationsPath}, which does not exist`);
  const profile = profileProblem(merged['PTERO_PROFILE'], `PTERO_PROFILE${at('PTERO_PROFILE')}`);
  if (profile.problem) problems.push(profile.problem);
  const pins: Partial<Record<PinName, string>> = {};
  for (const name of PIN_NAMES) {
    const value = merged[`PTERO_PIN_${name.toUpperCase()}`];
    if (value) pins[name] = value;
  }
  if (problems.length > 0) throw new ConfigError(`The run configuration is incomplete or invalid; no request was sent:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return {
    target,
    profile: profile.id,
    profileConfigured: merged['PTERO_PROFILE'] !== undefined && merged['PTERO_PROFILE'] !== '',
    keys,
    allowWrites: target.kind === 'mock' || allowWrites,
    allowDestructive: target.kind === 'mock' || allowDestructive,
    probeRateLimit: target.kind === 'mock' || probeRateLimit,
    strictDocs,
    allowServerErrors: target.kind === 'mock' || allowServerErrors,
    fullAuthMatrix: target.kind === 'mock' || fullAuthMatrix,
    panelDebug,
    expectationsPath,
    timeoutMs,
    runId: merged['PTERO_RUN_ID'] ?? `${RUN_ID_PREFIX}${randomBytes(4).toString('hex')}`,
    pins,
    keepPersonalData: flag(merged, 'PTERO_KEEP_PERSONAL_DATA', problems),
  };
}

/**
 * PTERO_PROFILE alone, from the environment or .env (the environment wins): for what needs the
 * panel profile without the rest of the configuration (the spec, the claims, the expectations).
 * An unknown value is a ConfigError listing the registered profiles.
 */
export function configuredProfileId(env: Record<string, string | undefined> = process.env, dotEnvPath = '.env'): string {
  const fromEnv = env['PTERO_PROFILE'];
  const dotEnv = fromEnv === undefined ? readDotEnvFile(dotEnvPath) : undefined;
  const where = dotEnv?.lineOf['PTERO_PROFILE'] === undefined ? 'PTERO_PROFILE' : `PTERO_PROFILE (${dotEnvPath} line ${dotEnv.lineOf['PTERO_PROFILE']})`;
  const { id, problem } = profileProblem(fromEnv ?? dotEnv?.values['PTERO_PROFILE'], where);
  if (problem) throw new ConfigError(`The run configuration is incomplete or invalid; no request was sent:\n  - ${problem}`);
  return id;
}

function profileProblem(value: string | undefined, where: string): { id: string; problem?: string } {
  if (value === undefined || value === '') return { id: defaultProfileId() };
  const known = profileIds();
  if (known.includes(value)) return { id: value };
  return { id: defaultProfileId(), problem: `${where} "${value}" is not a registered panel profile (known: ${known.join(', ')}; harness/profiles.yaml)` };
}

function flag(env: Record<string, string>, name: string, problems: string[], where = ''): boolean {
  const value = env[name];
  if (value === undefined || value === '' || value === '0') return false;
  if (value === '1') return true;
  problems.push(`${name}${where} must be 1 or 0, got "${value}"`);
  return false;
}

/** Every PTERO_* name that is not a known setting: a typo must not pass silently. */
function unknownVariables(environment: Record<string, string>, dotEnv: DotEnv, dotEnvPath: string): string[] {
  const known = Object.keys(KNOWN_VARIABLES);
  const problems: string[] = [];
  const names = new Set([...Object.keys(environment), ...Object.keys(dotEnv.values)]);
  for (const name of names) {
    if (!name.startsWith('PTERO_') || name in KNOWN_VARIABLES) continue;
    const where = name in environment ? 'in the environment' : `${dotEnvPath} line ${dotEnv.lineOf[name]}`;
    problems.push(`${name} (${where}) is not a setting of this suite; did you mean ${nearestName(name, known)}?`);
  }
  return problems;
}

export interface DotEnv {
  values: Record<string, string>;
  /** The 1-based line of each name (the last one wins, as for the values). */
  lineOf: Record<string, number>;
  /** Lines that are neither KEY=VALUE, a comment nor blank. */
  problems: string[];
}

/** KEY=VALUE lines; # comments; optional quotes. Missing file: nothing. */
export function readDotEnvFile(path: string): DotEnv {
  const out: DotEnv = { values: {}, lineOf: {}, problems: [] };
  if (!existsSync(path)) return out;
  readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (line.trim() === '' || line.trimStart().startsWith('#')) return;
      const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
      if (!match) {
        out.problems.push(`${path} line ${i + 1} is not NAME=VALUE (a # starts a comment)`);
        return;
      }
      const name = match[1] as string;
      out.values[name] = (match[2] as string).replace(/^(['"])(.*)\1$/, '$2');
      out.lineOf[name] = i + 1;
    });
  return out;
}

/** The values of a .env file (see readDotEnvFile). */
export function readDotEnv(path: string): Record<string, string> {
  return readDotEnvFile(path).values;
}

function definedOnly(env: SettingsSource): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}
