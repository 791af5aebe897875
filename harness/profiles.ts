// The registry of panel profiles (harness/profiles.yaml): for each panel version the suite knows,
// the files that differ per version. Everything that reads one of those files looks it up here
// through the selected profile (harness/selected-profile.ts), never by a path of its own.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { PACKAGE_ROOT } from './package-paths.ts';

/** One panel version: its id (the PTERO_PROFILE value) and its files, as absolute paths. */
export interface PanelProfile {
  readonly id: string;
  /** What the reports call the panel, e.g. `Pterodactyl Panel v0.7.19`. */
  readonly panel: string;
  readonly spec: string;
  readonly panelRoutes: string;
  readonly expectations: string;
  readonly claims: string;
  readonly seed: string;
  readonly keyRoles: string;
  /** The mock's module for this version: it exports `profile`, a MockProfile (mock/profile.ts). */
  readonly mock: string;
  /** How the panel keeps its rate-limit windows (harness/pacer.ts). */
  readonly rateLimitWindows: RateLimitWindows;
}

/** `shared`: one window for both APIs (0.7, per IP); `per-api`: one per API and user (1.x's named limiters). */
export type RateLimitWindows = 'shared' | 'per-api';

const FILE_FIELDS = ['spec', 'panelRoutes', 'expectations', 'claims', 'seed', 'keyRoles', 'mock'] as const;
const REGISTRY_FILE = fileURLToPath(new URL('./profiles.yaml', import.meta.url));

/** A profile id nobody registered: a configuration error (exit 2) that lists the known ones. */
export class UnknownProfileError extends Error {
  override readonly name = 'UnknownProfileError';
  readonly code = 'PTERO_CONFIG';
  constructor(
    readonly profile: string,
    readonly known: readonly string[],
    where = 'panel profile',
  ) {
    super(`${where} "${profile}" is not a registered panel profile (known: ${known.join(', ')})`);
  }
}

/** The request that tells a live panel's profile, and each profile's answer to it (profiles.yaml `detection`). */
export interface ProfileDetection {
  method: string;
  path: string;
  answers: { profile: string; status: number; code: string }[];
}

interface Registry {
  default: string;
  profiles: Map<string, PanelProfile>;
  detection: ProfileDetection;
}

let registry: Registry | undefined;

function load(): Registry {
  const data = parse(readFileSync(REGISTRY_FILE, 'utf8')) as {
    default?: unknown;
    profiles?: Record<string, Record<string, unknown>>;
    detection?: { request?: unknown; answers?: Record<string, { status?: unknown; code?: unknown }> };
  } | null;
  const problems: string[] = [];
  const profiles = new Map<string, PanelProfile>();
  for (const [id, entry] of Object.entries(data?.profiles ?? {})) {
    const missing = ['panel', ...FILE_FIELDS].filter((field) => typeof entry?.[field] !== 'string' || entry[field] === '');
    if (missing.length > 0) {
      problems.push(`${id}: ${missing.join(', ')} missing`);
      continue;
    }
    const windows = entry['rateLimitWindows'] ?? 'shared';
    if (windows !== 'shared' && windows !== 'per-api') problems.push(`${id}: rateLimitWindows is shared or per-api`);
    const file = (field: (typeof FILE_FIELDS)[number]) => join(PACKAGE_ROOT, entry[field] as string);
    profiles.set(id, {
      id,
      panel: entry['panel'] as string,
      spec: file('spec'),
      panelRoutes: file('panelRoutes'),
      expectations: file('expectations'),
      claims: file('claims'),
      seed: file('seed'),
      keyRoles: file('keyRoles'),
      mock: file('mock'),
      rateLimitWindows: windows as RateLimitWindows,
    });
  }
  const fallback = data?.default;
  if (typeof fallback !== 'string' || !profiles.has(fallback)) problems.push(`default ${JSON.stringify(fallback)} is not one of the profiles`);
  const [method, path, ...rest] = typeof data?.detection?.request === 'string' ? data.detection.request.split(' ') : [];
  if (!method || !path || rest.length > 0) problems.push('detection.request must be "METHOD /path"');
  const answers = Object.entries(data?.detection?.answers ?? {}).map(([profile, a]) => ({ profile, status: a?.status, code: a?.code }));
  for (const a of answers) {
    if (!profiles.has(a.profile)) problems.push(`detection.answers: ${a.profile} is not one of the profiles`);
    if (typeof a.status !== 'number' || typeof a.code !== 'string') problems.push(`detection.answers.${a.profile} needs a status (number) and a code`);
  }
  if (problems.length > 0) throw new Error(`${REGISTRY_FILE} is malformed: ${problems.join('; ')}`);
  return { default: fallback as string, profiles, detection: { method: method as string, path: path as string, answers: answers as ProfileDetection['answers'] } };
}

/** The registered profile ids, in registry order. */
export function profileIds(): string[] {
  registry ??= load();
  return [...registry.profiles.keys()];
}

/** The profile a run uses when PTERO_PROFILE is unset. */
export function defaultProfileId(): string {
  registry ??= load();
  return registry.default;
}

/** The registered profile `id`; an unknown id is an UnknownProfileError naming the known ones. */
export function panelProfile(id: string): PanelProfile {
  registry ??= load();
  const found = registry.profiles.get(id);
  if (!found) throw new UnknownProfileError(id, profileIds());
  return found;
}

/** The request that tells a live panel's profile and what each profile answers to it. */
export function profileDetection(): ProfileDetection {
  registry ??= load();
  return registry.detection;
}
