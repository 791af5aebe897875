// Before any behaviour: can this run test the panel at all? The preflight reaches the panel and
// checks each given key: its type, that the panel accepts it, and what it may read, so that a broken
// setup (swapped keys, a revoked key, a panel that is down) ends the run with one paragraph and
// exit 2 instead of hundreds of "expected 200, got 403" failures.
//
// What v0.7.19 answers (v0.7.19:app/Http/Kernel.php#L75-L89, the `api` and `client-api` groups):
// - AuthenticateKey looks a key up by identifier AND key type: an application key on /api/client, a
//   client key on /api/application, an unknown or revoked key all get 403
//   (v0.7.19:app/Http/Middleware/Api/AuthenticateKey.php#L59-L87). With APP_DEBUG off every 403 has
//   the same generic body, so a key's type shows only by trying it on both APIs.
// - Application requests then need a root-admin owner (AuthenticateApplicationUser) and an allowed IP
//   (AuthenticateIPAccess), both 403 as well.
// - A missing model does not 404 at once: ApiSubstituteBindings only marks it
//   (v0.7.19:app/Http/Middleware/Api/ApiSubstituteBindings.php#L48-L76), and the FormRequest answers
//   404 only after its ACL check (AdminAcl, r_<resource> & READ) passed
//   (v0.7.19:app/Http/Requests/Api/Application/ApplicationApiRequest.php#L143-L155). So GET of id 0
//   answers 404 when the key may read that resource and 403 when it may not: one request per r_*
//   column, touching no data.
import { ConnectivityError } from './connectivity-error.ts';
import type { CallOptions, PanelExchange } from './panel-client.ts';
import type { Api } from './pacer.ts';
import { panelProfile, profileDetection, profileIds, type PanelProfile } from './profiles.ts';
import { keyVariable, type KeyRole, type RunConfig } from './run-config.ts';

/**
 * Each r_* column and the application collection it guards; the nested ones are listed under a
 * parent of id 0.
 */
const READ_COLLECTIONS: readonly (readonly [column: string, collection: string, nested?: 'nested'])[] = [
  ['r_users', 'users'],
  ['r_servers', 'servers'],
  ['r_nodes', 'nodes'],
  ['r_allocations', 'nodes/0/allocations', 'nested'],
  ['r_locations', 'locations'],
  ['r_nests', 'nests'],
  ['r_eggs', 'nests/0/eggs', 'nested'],
  ['r_server_databases', 'servers/0/databases', 'nested'],
];

/** The request of each application resource whose answer (404 / 403) tells its r_* READ bit: id 0, or a nested list under id 0. */
export const READ_PROBES: readonly { column: string; path: string }[] = READ_COLLECTIONS.map(([column, collection, nested]) => ({
  column,
  path: `/api/application/${collection}${nested ? '' : '/0'}`,
}));
/**
 * On 1.x the id-0 probes cannot tell: SubstituteBindings is in the application-api group, so a
 * missing model is a 404 before the FormRequest's ACL check (v1.11.8:app/Http/Kernel.php#L72-L75,
 * v1.11.8:app/Http/Requests/Api/Application/ApplicationApiRequest.php). A list has no binding: 200
 * with READ, 403 without. Allocations, eggs and server databases are listed under a parent model,
 * so only the five top-level columns are probed there.
 */
export const READ_PROBES_V1: readonly { column: string; path: string }[] = READ_COLLECTIONS.filter(([, , nested]) => !nested).map(([column, collection]) => ({
  column,
  path: `/api/application/${collection}?per_page=1`,
}));
/** The read probes for a profile: 0.7's by id 0, 1.x's by list. */
export function readProbesFor(profile: string): readonly { column: string; path: string }[] {
  return profile === 'v0.7.19' ? READ_PROBES : READ_PROBES_V1;
}
const CLIENT_PROBE = '/api/client';

/** What a role's key must be able to do; `reads` are probed, `mayNotRead` too when given. */
interface RoleNeed {
  kind: Api;
  /** Columns it must read (all READ_PROBES for the full and read-only keys). */
  reads: readonly string[];
  /** The one column probed for roles that must NOT read it (the answer is then an expected 403). */
  refused?: string;
}

const ALL = READ_PROBES.map((p) => p.column);
const NEEDS: Record<KeyRole, RoleNeed> = {
  application: { kind: 'application', reads: ALL },
  'application-read-only': { kind: 'application', reads: ALL },
  'application-users-read-only': { kind: 'application', reads: ['r_users'] },
  'application-none': { kind: 'application', reads: [], refused: 'r_users' },
  'application-write-only': { kind: 'application', reads: [], refused: 'r_users' },
  'application-non-root': { kind: 'application', reads: [], refused: 'r_users' },
  client: { kind: 'client', reads: [] },
  'client-subuser-limited': { kind: 'client', reads: [] },
  'client-stranger': { kind: 'client', reads: [] },
  'client-root-admin': { kind: 'client', reads: [] },
};

export interface KeyFinding {
  role: KeyRole;
  variable: string;
  /** What the panel says the key is: an application key, a client key, or refused on both APIs. */
  kind: 'application' | 'client' | 'refused' | 'unconfirmed';
  /** What was learnt, in words: "reads r_users, r_nodes …", "sees 2 servers". */
  note: string;
  /** Set when this key makes the run unable to test. */
  problem?: string;
}

export interface PreflightResult {
  ok: boolean;
  /** The run's panel profile and how the run knows it (runProfile). */
  profile?: { id: string; decided: ProfileDecision['decided']; note: string };
  /** A few words for the verdict line: "PTERO_APPLICATION_KEY and PTERO_CLIENT_KEY are swapped". */
  cause?: string;
  /** One paragraph: the cause and the variable to fix. */
  paragraph?: string;
  requests: number;
  keys: KeyFinding[];
}

/** The part of PanelClient the preflight uses. */
export interface PreflightSender {
  send(method: string, path: string, options?: CallOptions & { api?: Api }): Promise<PanelExchange>;
}

type Answer = { status: number; code: string | undefined; servers?: number };

/** How the run came by its profile, for the preflight's notes, the run summary and the reports. */
export interface ProfileDecision {
  profile: PanelProfile;
  /**
   * `configured`: PTERO_PROFILE (or the default) on the embedded mock, which runs that profile;
   * `detected`: PTERO_PROFILE unset, told from the live panel's answer; `confirmed`: set, and the
   * panel's answer agrees; `unconfirmed`: set, and the answer is neither profile's (the run trusts the setting).
   */
  decided: 'configured' | 'detected' | 'confirmed' | 'unconfirmed';
  /** One sentence: the profile and how the run knows it. */
  note: string;
  requests: number;
  /** Set when the run cannot test (a conflicting PTERO_PROFILE, no answer): the cause and one paragraph naming the variable. */
  problem?: { cause: string; paragraph: string };
}

/**
 * The panel profile (harness/profiles.yaml) the run checks the panel against. On the embedded mock
 * (no `sender`) the configured one: the mock runs it. On a live panel one request without a key to
 * a route only 1.x has (profiles.yaml `detection`) tells the version: with PTERO_PROFILE unset the
 * answer decides; set, it must agree, or the run cannot test. The global setup provides the result
 * to every worker and reporter (ProvidedTarget.profile, harness/selected-profile.ts adoptRunProfile).
 */
export async function runProfile(config: Pick<RunConfig, 'profile' | 'profileConfigured'>, sender?: PreflightSender, panel = 'the panel'): Promise<ProfileDecision> {
  const configured = panelProfile(config.profile);
  if (!sender) return { profile: configured, decided: 'configured', note: `profile ${configured.id} (${configured.panel}): ${config.profileConfigured ? 'PTERO_PROFILE' : 'the default'}, which the embedded mock runs`, requests: 0 };
  const detection = profileDetection();
  const request = `${detection.method} ${detection.path}`;
  let answer: { status: number; code: string | undefined };
  try {
    const exchange = await sender.send(detection.method, detection.path, { as: 'none', api: 'client' });
    const json = exchange.json as { errors?: { code?: unknown }[] } | undefined;
    answer = { status: exchange.response.status, code: typeof json?.errors?.[0]?.code === 'string' ? (json.errors[0].code as string) : undefined };
  } catch (error) {
    if (!(error instanceof ConnectivityError)) throw error;
    const cause = `panel unreachable: ${error.plain}`;
    return { profile: configured, decided: 'configured', note: `no answer to ${request}`, requests: 1, problem: { cause, paragraph: `Preflight: the panel at ${panel} gave no usable answer to ${error.requestLine}: ${error.plain}. Check PTERO_URL: is the panel running, and is this its address? No behaviour was run.` } };
  }
  const seen = `${answer.status}${answer.code ? ` ${answer.code}` : ''}`;
  const match = detection.answers.find((a) => a.status === answer.status && a.code === answer.code);
  if (!match) {
    const expected = detection.answers.map((a) => `${a.status} ${a.code} (${a.profile})`).join(' or ');
    if (config.profileConfigured) return { profile: configured, decided: 'unconfirmed', note: `profile ${configured.id}: PTERO_PROFILE; not confirmed by the panel (${request} answered ${seen}, not ${expected})`, requests: 1 };
    const cause = 'the panel version could not be told: set PTERO_PROFILE';
    return { profile: configured, decided: 'configured', note: `${request} answered ${seen}`, requests: 1, problem: { cause, paragraph: `Preflight against ${panel}: the panel's version could not be told from its answer: ${request} without a key answered ${seen}, where a stock panel answers ${expected}. Is PTERO_URL the panel itself (not a proxy or its login page)? If it is, set PTERO_PROFILE to the panel's version (${profileIds().join(' or ')}). No behaviour was run.` } };
  }
  const detected = panelProfile(match.profile);
  const evidence = `${request} without a key answered ${seen}`;
  if (!config.profileConfigured) return { profile: detected, decided: 'detected', note: `profile ${detected.id} (${detected.panel}): detected (${evidence}); PTERO_PROFILE unset`, requests: 1 };
  if (detected.id === configured.id) return { profile: configured, decided: 'confirmed', note: `profile ${configured.id} (${configured.panel}): PTERO_PROFILE, confirmed by the panel (${evidence})`, requests: 1 };
  const cause = `PTERO_PROFILE is ${configured.id} but the panel is ${detected.id}`;
  return {
    profile: configured,
    decided: 'configured',
    note: `PTERO_PROFILE ${configured.id} conflicts with the panel (${evidence}, as ${detected.id} does)`,
    requests: 1,
    problem: { cause, paragraph: `Preflight against ${panel}: PTERO_PROFILE is ${configured.id}, but the panel answers as ${detected.panel} does (${evidence}; ${configured.id} would answer ${detection.answers.filter((a) => a.profile === configured.id).map((a) => `${a.status} ${a.code}`).join(' or ') || 'otherwise'}). Checking it against ${configured.id} would report every difference between the versions as a deviation. Set PTERO_PROFILE=${detected.id}, or unset it to use the detected version. No behaviour was run.` },
  };
}

/** Runs the preflight for every key of `config` against the panel behind `sender`. */
export async function preflight(sender: PreflightSender, config: Pick<RunConfig, 'keys'> & Partial<Pick<RunConfig, 'profile'>>, panel: string): Promise<PreflightResult> {
  const profile = config.profile ?? 'v0.7.19';
  let requests = 0;
  const ask = async (path: string, key: string): Promise<Answer> => {
    requests++;
    const exchange = await sender.send('GET', path, { as: { authorization: `Bearer ${key}` } });
    const json = exchange.json as { errors?: { code?: unknown }[]; data?: unknown[] } | undefined;
    const code = typeof json?.errors?.[0]?.code === 'string' ? (json.errors[0].code as string) : undefined;
    return { status: exchange.response.status, code, ...(Array.isArray(json?.data) ? { servers: json.data.length } : {}) };
  };
  const findings: KeyFinding[] = [];
  try {
    for (const [role, key] of Object.entries(config.keys) as [KeyRole, string | undefined][]) {
      if (!key) continue;
      findings.push(await checkKey(role, key, ask, profile));
    }
  } catch (error) {
    if (!(error instanceof ConnectivityError)) throw error;
    const variable = error.kind === 'timeout' ? 'PTERO_URL (or PTERO_TIMEOUT_MS)' : 'PTERO_URL';
    const cause = `panel unreachable: ${error.plain}`;
    const advice =
      error.kind === 'throttled'
        ? 'Another client shares this IP\'s rate-limit window: wait for it to end (or stop that client) and run again; PTERO_URL is right.'
        : `Check ${variable}: is the panel running, and is this its address?`;
    return {
      ok: false,
      cause,
      paragraph: `Preflight: the panel at ${panel} gave no usable answer to ${error.requestLine}: ${error.plain}. ${advice} No behaviour was run.`,
      requests,
      keys: findings,
    };
  }
  const problems = findings.filter((f) => f.problem !== undefined);
  if (problems.length === 0) return { ok: true, requests, keys: findings };
  const app = findings.find((f) => f.role === 'application');
  const client = findings.find((f) => f.role === 'client');
  let cause: string;
  let fix: string;
  if (app?.kind === 'client' && client?.kind === 'application') {
    cause = 'PTERO_APPLICATION_KEY and PTERO_CLIENT_KEY are swapped';
    fix = `PTERO_APPLICATION_KEY is a client key and PTERO_CLIENT_KEY an application key (each is refused with 403 on its own API and accepted on the other): swap their values.`;
  } else {
    cause = problems.map((p) => `${p.variable} ${shortProblem(p)}`).join('; ');
    fix = problems.map((p) => p.problem).join(' ');
  }
  return { ok: false, cause, paragraph: `Preflight against ${panel}: ${fix} No behaviour was run.`, requests, keys: findings };
}

function shortProblem(f: KeyFinding): string {
  if (f.kind === 'client') return 'is a client key';
  if (f.kind === 'application') return f.problem?.includes('cannot read') ? 'lacks read permissions' : f.problem?.includes('can read') ? 'has more permissions than its role' : 'is an application key';
  return 'is refused by the panel';
}

async function checkKey(role: KeyRole, key: string, ask: (path: string, key: string) => Promise<Answer>, profile: string): Promise<KeyFinding> {
  const variable = keyVariable(role);
  const probesOfProfile = readProbesFor(profile);
  const probed = new Set(probesOfProfile.map((p) => p.column));
  // A role's needs, as far as this profile's probes can tell them.
  const need = { ...NEEDS[role], reads: NEEDS[role].reads.filter((c) => probed.has(c)) };
  const unexpected = (path: string, answer: Answer) => unexpectedAnswer(path, answer, profile);
  const panelName = profile === 'v0.7.19' ? 'a Pterodactyl v0.7 panel' : `a Pterodactyl ${profile} panel`;
  const finding = (kind: KeyFinding['kind'], note: string, problem?: string): KeyFinding => ({ role, variable, kind, note, ...(problem ? { problem } : {}) });
  const refusedEverywhere = `${variable} is refused by the panel: ${profile === 'v0.7.19' ? '403 on /api/application and on /api/client' : '401, no key with that identifier and token'}. It is not a key of this panel, was deleted, or its allowed IPs exclude this machine${need.kind === 'application' ? ', or its owner is not a root admin' : ''}. Set ${variable} to ${need.kind === 'application' ? 'an application key (Admin → Application API) of a root admin' : 'a client key (Account → API Credentials)'}.`;

  // 1.x's auth:sanctum answers 401 to a key it cannot find (0.7 answers 403 and tells it by trying both APIs).
  const notFound = (answer: Answer) => profile !== 'v0.7.19' && answer.status === 401;
  if (need.kind === 'client') {
    const answer = await ask(CLIENT_PROBE, key);
    if (notFound(answer)) return finding('refused', 'refused: 401, no such key', refusedEverywhere);
    if (answer.status === 200) return finding('client', `client key; sees ${answer.servers ?? 0} server(s) on GET /api/client`);
    if (answer.status !== 403) return finding('unconfirmed', unexpected(CLIENT_PROBE, answer), `${variable}: ${unexpected(CLIENT_PROBE, answer)}; is PTERO_URL ${panelName}?`);
    const other = await ask(probesOfProfile[0]!.path, key);
    if (other.status === 404 || other.status === 200) {
      return finding('application', 'application key', `${variable} is an application key: the panel refuses it on /api/client (403) and accepts it on /api/application. Set ${variable} to a client key (Account → API Credentials).`);
    }
    return finding('refused', 'refused on both APIs', refusedEverywhere);
  }

  // An application role: the columns it must read, then the one it must not.
  const probes = probesOfProfile.filter((p) => need.reads.includes(p.column) || p.column === need.refused);
  const readable: string[] = [];
  const unreadable: string[] = [];
  for (const probe of probes) {
    const answer = await ask(probe.path, key);
    if (notFound(answer)) return finding('refused', 'refused: 401, no such key', refusedEverywhere);
    // 0.7's id-0 probe answers 404 with READ; 1.x's list 200.
    if (answer.status === 404 || (answer.status === 200 && profile !== 'v0.7.19')) readable.push(probe.column);
    else if (answer.status === 403) unreadable.push(probe.column);
    else return finding('unconfirmed', unexpected(probe.path, answer), `${variable}: ${unexpected(probe.path, answer)}; is PTERO_URL ${panelName}?`);
  }
  if (readable.length === 0) {
    // 403 everywhere: not an application key of a root admin (or one without any read permission); the client API tells which.
    const other = await ask(CLIENT_PROBE, key);
    if (other.status === 200) {
      return finding('client', 'client key', `${variable} is a client key: the panel refuses it on /api/application (403) and accepts it on /api/client. Set ${variable} to an application key (Admin → Application API) of a root admin.`);
    }
    if (need.reads.length === 0) return finding('unconfirmed', `403 on ${need.refused} as its role expects (with debug off a 403 cannot tell a key without that permission from one the panel refuses)`);
    // 1.x found the key (no 401): an application key that may read nothing, or whose owner is no root admin.
    if (profile !== 'v0.7.19') {
      return finding('application', 'reads nothing', `${variable} cannot read ${need.reads.join(', ')} (403 where a key with READ gets 200), or its owner is not a root admin; its role needs READ on ${need.reads.length === probed.size ? 'every resource' : need.reads.join(', ')}: edit the key's permissions (Admin → Application API) or set ${variable} to another key.`);
    }
    return finding('refused', 'refused on both APIs', refusedEverywhere);
  }
  const missing = need.reads.filter((c) => !readable.includes(c));
  if (missing.length > 0) {
    return finding('application', `reads ${readable.join(', ')}`, `${variable} cannot read ${missing.join(', ')} (403 where a key with READ gets ${profile === 'v0.7.19' ? '404' : '200'}); its role needs READ on ${need.reads.length === probed.size ? 'every resource' : need.reads.join(', ')}: edit the key's permissions (Admin → Application API) or set ${variable} to another key.`);
  }
  if (need.refused && readable.includes(need.refused)) {
    return finding('application', `reads ${readable.join(', ')}`, `${variable} can read ${need.refused}, which its role (${role}) must not: set ${variable} to a key with the permissions the role names.`);
  }
  return finding('application', `application key; reads ${readable.join(', ')}`);
}

function unexpectedAnswer(path: string, answer: Answer, profile: string): string {
  return `GET ${path} answered ${answer.status}${answer.code ? ` ${answer.code}` : ''}, which no ${profile} panel answers there`;
}
