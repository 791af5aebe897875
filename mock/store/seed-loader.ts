/**
 * Loads and validates the mock panel's seed (`fixtures/seed.yaml` by default).
 *
 * Validation runs in two passes and reports every problem it finds in one Error:
 *  1. shape: JSON Schema (`fixtures/seed.schema.json`, draft 2020-12, ajv 8), closed objects,
 *     exact column types;
 *  2. integrity (only when the shape is valid): ids, foreign keys, uniqueness, allocation
 *     ownership, uuidShort, egg/variable/pack consistency, timestamps, daemon simulation entries.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { hasMarker, parseYamlCached, setMarker } from '../../harness/parsed-yaml-cache.ts';
import {
  API_KEY_PERMISSION_COLUMNS,
  KEY_TYPE,
  type Seed,
  type TableName,
  TABLE_NAMES,
} from './rows.js';

// ajv and ajv-formats are CommonJS; under "module": "NodeNext" their default export is the
// module object, whose `.default` is the real constructor / plugin.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

/** The repository root (two levels above this file), independent of process.cwd(). */
export const REPO_ROOT: string = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_SEED_PATH: string = fileURLToPath(new URL('../../fixtures/seed.yaml', import.meta.url));
export const SEED_SCHEMA_PATH: string = fileURLToPath(new URL('../../fixtures/seed.schema.json', import.meta.url));

/** Thrown when the seed cannot be read, parsed or validated; `problems` lists every finding. */
export class SeedValidationError extends Error {
  readonly source: string;
  readonly problems: readonly string[];

  constructor(source: string, problems: readonly string[]) {
    const n = problems.length;
    super(`Invalid seed ${source}: ${n} problem${n === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SeedValidationError';
    this.source = source;
    this.problems = problems;
  }
}

/**
 * Reads, parses and validates a seed file. `path` defaults to `fixtures/seed.yaml`; a relative
 * path is resolved against the repository root (not the working directory).
 * Every call returns a fresh object, so callers may mutate it.
 */
export function loadSeed(path?: string): Seed {
  const file = path === undefined ? DEFAULT_SEED_PATH : isAbsolute(path) ? path : resolve(REPO_ROOT, path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new SeedValidationError(file, [`cannot read the file: ${(err as Error).message}`]);
  }
  // Parsed and validated once per text of the seed (and of its schema): the schema's compile is slow.
  const data = parseYamlCached(text, (t) => parseSeedYaml(t, file), 'seed-yaml');
  const checked = `${text}\0${readFileSync(SEED_SCHEMA_PATH, 'utf8')}`;
  if (hasMarker('seed-valid', checked)) return data as Seed;
  const seed = validateSeed(data, file);
  setMarker('seed-valid', checked);
  return seed;
}

/** Parses seed YAML (YAML 1.2 core schema: timestamps stay strings, duplicate keys are errors). */
export function parseSeedYaml(text: string, source = '<seed>'): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const problems = [...doc.errors, ...doc.warnings].map((e) => `YAML: ${e.message}`);
  if (problems.length > 0) throw new SeedValidationError(source, problems);
  return doc.toJS({ maxAliasCount: 100 }) as unknown;
}

/** Validates already-parsed seed data (shape, then integrity) and returns it typed. */
export function validateSeed(data: unknown, source = '<seed>'): Seed {
  const shapeProblems = checkSeedShape(data);
  if (shapeProblems.length > 0) {
    throw new SeedValidationError(source, [
      ...shapeProblems,
      '(integrity checks were skipped until the schema problems above are fixed)',
    ]);
  }
  const seed = data as Seed;
  const integrityProblems = checkSeedIntegrity(seed);
  if (integrityProblems.length > 0) throw new SeedValidationError(source, integrityProblems);
  return seed;
}

/* ------------------------------------------------------------------------------------------ */
/* Shape (JSON Schema)                                                                         */
/* ------------------------------------------------------------------------------------------ */

let compiled: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  if (compiled === undefined) {
    const schema = JSON.parse(readFileSync(SEED_SCHEMA_PATH, 'utf8')) as object;
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats(ajv);
    compiled = ajv.compile(schema);
  }
  return compiled;
}

/** Problems found by the JSON Schema, one readable line each. */
export function checkSeedShape(data: unknown): string[] {
  const validate = schemaValidator();
  if (validate(data)) return [];
  return dedupe((validate.errors ?? []).map((e) => describeSchemaError(e, data)));
}

function describeSchemaError(e: ErrorObject, root: unknown): string {
  const segments = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const where = describePath(segments, root);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return segments[0] === 'tables' && segments.length === 3
        ? `${where}: unknown column "${String(params.additionalProperty)}"`
        : `${where}: unknown property "${String(params.additionalProperty)}"`;
    case 'required':
      return segments[0] === 'tables' && segments.length === 3
        ? `${where}: missing column "${String(params.missingProperty)}"`
        : `${where}: missing property "${String(params.missingProperty)}"`;
    case 'enum':
      return `${where}: must be one of ${JSON.stringify(params.allowedValues)} (got ${JSON.stringify(valueAt(root, segments))})`;
    case 'type':
    case 'pattern':
    case 'minLength':
    case 'maxLength':
    case 'minimum':
    case 'maximum':
    case 'format':
      return `${where}: ${e.message ?? e.keyword} (got ${JSON.stringify(valueAt(root, segments))})`;
    case 'propertyNames':
      return `${where}: keys must be positive integer ids`;
    default:
      return `${where}: ${e.message ?? e.keyword}`;
  }
}

/** `tables.users[3] (id 4).username` style location of a JSON path. */
function describePath(segments: string[], root: unknown): string {
  if (segments.length === 0) return '(seed root)';
  let out = '';
  let node: unknown = root;
  for (const seg of segments) {
    if (Array.isArray(node)) {
      node = node[Number(seg)];
      out += `[${seg}]`;
      const id = node !== null && typeof node === 'object' ? (node as Record<string, unknown>).id : undefined;
      if (typeof id === 'number') out += ` (id ${id})`;
    } else {
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[seg] : undefined;
      out += out === '' ? seg : `.${seg}`;
    }
  }
  return out;
}

function valueAt(root: unknown, segments: string[]): unknown {
  let node: unknown = root;
  for (const seg of segments) {
    if (node === null || typeof node !== 'object') return undefined;
    node = Array.isArray(node) ? node[Number(seg)] : (node as Record<string, unknown>)[seg];
  }
  return node;
}

/* ------------------------------------------------------------------------------------------ */
/* Integrity                                                                                    */
/* ------------------------------------------------------------------------------------------ */

const DB_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** Milliseconds since the epoch of a `YYYY-MM-DD HH:MM:SS` UTC timestamp, or NaN if not a real date. */
export function parseDbTimestamp(value: string): number {
  const m = DB_TIMESTAMP.exec(value);
  if (m === null) return Number.NaN;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? ms : Number.NaN;
}

/** Problems found by the cross-row checks; assumes the seed already has a valid shape. */
export function checkSeedIntegrity(seed: Seed): string[] {
  const problems: string[] = [];
  const add = (p: string): void => {
    problems.push(p);
  };
  const t = seed.tables;
  const label = (table: TableName, index: number): string => {
    const row = t[table][index];
    return `tables.${table}[${index}] (id ${row === undefined ? '?' : row.id})`;
  };

  // ---- seed clock and timezone
  const nowMs = Date.parse(seed.now);
  if (Number.isNaN(nowMs)) add(`now: "${seed.now}" is not a valid ISO-8601 date-time`);
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: seed.app_timezone });
  } catch {
    add(`app_timezone: "${seed.app_timezone}" is not a known IANA time zone`);
  }

  // ---- ids: unique, consecutive from 1; timestamps valid and ordered
  const ids = {} as { [T in TableName]: Map<number, number> }; // id -> index
  for (const table of TABLE_NAMES) {
    const byId = new Map<number, number>();
    const rows = t[table] as readonly { id: number; created_at: string; updated_at: string }[];
    rows.forEach((row, i) => {
      if (byId.has(row.id)) add(`${label(table, i)}: duplicate id ${row.id} (also tables.${table}[${byId.get(row.id)}])`);
      else byId.set(row.id, i);
      if (row.id !== i + 1) add(`${label(table, i)}: ids must be consecutive from 1 (expected ${i + 1})`);
      const created = parseDbTimestamp(row.created_at);
      const updated = parseDbTimestamp(row.updated_at);
      if (Number.isNaN(created)) add(`${label(table, i)}.created_at: "${row.created_at}" is not a real date`);
      if (Number.isNaN(updated)) add(`${label(table, i)}.updated_at: "${row.updated_at}" is not a real date`);
      if (!Number.isNaN(created) && !Number.isNaN(updated) && updated < created) {
        add(`${label(table, i)}: updated_at ${row.updated_at} is before created_at ${row.created_at}`);
      }
      if (!Number.isNaN(nowMs) && Math.max(created || 0, updated || 0) > nowMs) {
        add(`${label(table, i)}: timestamps must not be after the seed clock (now ${seed.now})`);
      }
    });
    ids[table] = byId;
  }

  /** Checks one foreign key; returns the referenced row or undefined. */
  function fk<T extends TableName>(
    table: TableName,
    index: number,
    column: string,
    value: number | null,
    target: T,
    nullable = false,
  ): (typeof t)[T][number] | undefined {
    if (value === null) {
      if (!nullable) add(`${label(table, index)}.${column}: must not be null`);
      return undefined;
    }
    const targetIndex = ids[target].get(value);
    if (targetIndex === undefined) {
      add(`${label(table, index)}.${column}: dangling foreign key, no ${target} row with id ${value}`);
      return undefined;
    }
    return t[target][targetIndex] as (typeof t)[T][number];
  }

  /** Reports duplicate values of `key(row)` (undefined/null keys are skipped). */
  function unique<T extends TableName>(table: T, what: string, key: (row: (typeof t)[T][number]) => string | null | undefined): void {
    const seen = new Map<string, number>();
    (t[table] as (typeof t)[T][number][]).forEach((row, i) => {
      const k = key(row);
      if (k === null || k === undefined) return;
      const first = seen.get(k);
      if (first !== undefined) add(`${label(table, i)}: duplicate ${what} "${k}" (already used by ${label(table, first)})`);
      else seen.set(k, i);
    });
  }

  // ---- users
  unique('users', 'username', (u) => u.username);
  unique('users', 'email (case-insensitive)', (u) => u.email.toLowerCase());
  unique('users', 'uuid', (u) => u.uuid);
  unique('users', 'external_id', (u) => u.external_id);

  // ---- locations, nodes
  unique('locations', 'short', (l) => l.short);
  unique('nodes', 'daemonSecret', (n) => n.daemonSecret);
  t.nodes.forEach((n, i) => fk('nodes', i, 'location_id', n.location_id, 'locations'));

  // ---- allocations
  unique('allocations', 'node/ip/port', (a) => `${a.node_id} ${a.ip}:${a.port}`);
  t.allocations.forEach((a, i) => {
    fk('allocations', i, 'node_id', a.node_id, 'nodes');
    if (isIP(a.ip) === 0) add(`${label('allocations', i)}.ip: "${a.ip}" is not an IP address`);
    const server = fk('allocations', i, 'server_id', a.server_id, 'servers', true);
    if (server !== undefined && server.node_id !== a.node_id) {
      add(`${label('allocations', i)}: assigned to server ${server.id} on node ${server.node_id}, but the allocation is on node ${a.node_id}`);
    }
  });

  // ---- nests, eggs, egg variables, packs
  unique('nests', 'uuid', (n) => n.uuid);
  unique('eggs', 'uuid', (e) => e.uuid);
  unique('packs', 'uuid', (p) => p.uuid);
  t.eggs.forEach((e, i) => {
    fk('eggs', i, 'nest_id', e.nest_id, 'nests');
    for (const column of ['config_from', 'copy_script_from'] as const) {
      const parent = fk('eggs', i, column, e[column], 'eggs', true);
      if (parent === undefined) continue;
      if (parent.id === e.id) add(`${label('eggs', i)}.${column}: an egg cannot extend itself`);
      else if (parent.nest_id !== e.nest_id) {
        add(`${label('eggs', i)}.${column}: egg ${parent.id} is in nest ${parent.nest_id}, not in this egg's nest ${e.nest_id}`);
      }
    }
    for (const column of ['config_files', 'config_startup', 'config_logs'] as const) {
      const text = e[column];
      if (text === null) continue;
      try {
        const value: unknown = JSON.parse(text);
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
          add(`${label('eggs', i)}.${column}: must be the JSON text of an object`);
        }
      } catch {
        add(`${label('eggs', i)}.${column}: not valid JSON text`);
      }
    }
    if (e.config_from === null && (e.config_files === null || e.config_startup === null || e.config_logs === null || e.config_stop === null)) {
      add(`${label('eggs', i)}: config_* may only be null when config_from names a parent egg`);
    }
    if (e.copy_script_from === null && e.script_install === null) {
      add(`${label('eggs', i)}: script_install may only be null when copy_script_from names a parent egg`);
    }
  });
  unique('egg_variables', 'env_variable within its egg', (v) => `${v.egg_id}/${v.env_variable}`);
  t.egg_variables.forEach((v, i) => fk('egg_variables', i, 'egg_id', v.egg_id, 'eggs'));
  t.packs.forEach((p, i) => fk('packs', i, 'egg_id', p.egg_id, 'eggs'));

  // ---- servers
  unique('servers', 'uuid', (s) => s.uuid);
  unique('servers', 'uuidShort', (s) => s.uuidShort);
  unique('servers', 'external_id', (s) => s.external_id);
  unique('servers', 'allocation_id', (s) => String(s.allocation_id));
  t.servers.forEach((s, i) => {
    const where = label('servers', i);
    if (s.uuidShort !== s.uuid.slice(0, 8)) add(`${where}.uuidShort: "${s.uuidShort}" must be the first 8 characters of uuid "${s.uuid}"`);
    fk('servers', i, 'node_id', s.node_id, 'nodes');
    fk('servers', i, 'owner_id', s.owner_id, 'users');
    fk('servers', i, 'nest_id', s.nest_id, 'nests');
    const egg = fk('servers', i, 'egg_id', s.egg_id, 'eggs');
    if (egg !== undefined && egg.nest_id !== s.nest_id) add(`${where}.nest_id: ${s.nest_id} differs from the nest of egg ${egg.id} (${egg.nest_id})`);
    const pack = fk('servers', i, 'pack_id', s.pack_id, 'packs', true);
    if (pack !== undefined && pack.egg_id !== s.egg_id) add(`${where}.pack_id: pack ${pack.id} belongs to egg ${pack.egg_id}, not to the server's egg ${s.egg_id}`);
    const allocation = fk('servers', i, 'allocation_id', s.allocation_id, 'allocations');
    if (allocation !== undefined) {
      if (allocation.server_id !== s.id) {
        add(`${where}.allocation_id: default allocation ${allocation.id} has server_id ${String(allocation.server_id)}, expected ${s.id}`);
      }
      if (allocation.node_id !== s.node_id) {
        add(`${where}.allocation_id: default allocation ${allocation.id} is on node ${allocation.node_id}, the server on node ${s.node_id}`);
      }
    }
  });

  // ---- server variables: one row per egg variable of the server's egg
  unique('server_variables', 'server/variable pair', (v) => `${v.server_id}/${v.variable_id}`);
  t.server_variables.forEach((v, i) => {
    const server = fk('server_variables', i, 'server_id', v.server_id, 'servers');
    const variable = fk('server_variables', i, 'variable_id', v.variable_id, 'egg_variables');
    if (server !== undefined && variable !== undefined && variable.egg_id !== server.egg_id) {
      add(`${label('server_variables', i)}: variable ${variable.id} belongs to egg ${variable.egg_id}, not to egg ${server.egg_id} of server ${server.id}`);
    }
  });
  for (const s of t.servers) {
    for (const v of t.egg_variables) {
      if (v.egg_id !== s.egg_id) continue;
      if (!t.server_variables.some((sv) => sv.server_id === s.id && sv.variable_id === v.id)) {
        add(`server ${s.id}: missing server_variables row for egg variable ${v.id} (${v.env_variable})`);
      }
    }
  }

  // ---- subusers
  unique('subusers', 'user/server pair', (u) => `${u.user_id}/${u.server_id}`);
  t.subusers.forEach((u, i) => {
    fk('subusers', i, 'user_id', u.user_id, 'users');
    const server = fk('subusers', i, 'server_id', u.server_id, 'servers');
    if (server !== undefined && server.owner_id === u.user_id) add(`${label('subusers', i)}: user ${u.user_id} owns server ${server.id} and cannot be its subuser`);
  });

  // ---- database hosts, databases
  unique('database_hosts', 'name', (h) => h.name);
  t.database_hosts.forEach((h, i) => fk('database_hosts', i, 'node_id', h.node_id, 'nodes', true));
  unique('databases', 'database name on its host', (d) => `${d.database_host_id}/${d.database}`);
  unique('databases', 'username on its host', (d) => `${d.database_host_id}/${d.username}`);
  t.databases.forEach((d, i) => {
    fk('databases', i, 'server_id', d.server_id, 'servers');
    fk('databases', i, 'database_host_id', d.database_host_id, 'database_hosts');
    if (!d.database.startsWith(`s${d.server_id}_`)) add(`${label('databases', i)}.database: "${d.database}" must start with "s${d.server_id}_"`);
    if (!d.username.startsWith(`u${d.server_id}_`)) add(`${label('databases', i)}.username: "${d.username}" must start with "u${d.server_id}_"`);
  });

  // ---- api keys
  unique('api_keys', 'identifier (compared case-insensitively, as the panel collation does)', (k) => k.identifier.toLowerCase());
  unique('api_keys', 'memo', (k) => k.memo);
  t.api_keys.forEach((k, i) => {
    const where = label('api_keys', i);
    fk('api_keys', i, 'user_id', k.user_id, 'users');
    if (k.key_type === KEY_TYPE.ACCOUNT) {
      const set = API_KEY_PERMISSION_COLUMNS.filter((c) => k[c] !== 0);
      if (set.length > 0) add(`${where}: client keys (key_type 1) must have every r_* = 0 (set: ${set.join(', ')})`);
    }
    for (const entry of k.allowed_ips ?? []) {
      if (!isIpRangeEntry(entry)) add(`${where}.allowed_ips: "${entry}" is not an IP, CIDR range, a-b range or * wildcard`);
    }
    if (k.last_used_at !== null) {
      const used = parseDbTimestamp(k.last_used_at);
      if (Number.isNaN(used)) add(`${where}.last_used_at: "${k.last_used_at}" is not a real date`);
      else if (used < parseDbTimestamp(k.created_at)) add(`${where}.last_used_at: before created_at`);
      else if (!Number.isNaN(nowMs) && used > nowMs) add(`${where}.last_used_at: after the seed clock`);
    }
  });

  // ---- daemon keys
  unique('daemon_keys', 'server/user pair', (k) => `${k.server_id}/${k.user_id}`);
  unique('daemon_keys', 'secret', (k) => k.secret);
  t.daemon_keys.forEach((k, i) => {
    const server = fk('daemon_keys', i, 'server_id', k.server_id, 'servers');
    const user = fk('daemon_keys', i, 'user_id', k.user_id, 'users');
    if (server !== undefined && user !== undefined) {
      const allowed = server.owner_id === user.id || user.root_admin || t.subusers.some((u) => u.server_id === server.id && u.user_id === user.id);
      if (!allowed) add(`${label('daemon_keys', i)}: user ${user.id} is neither owner, subuser nor root admin of server ${server.id}`);
    }
  });

  // ---- daemon simulation
  for (const key of Object.keys(seed.daemon.nodes)) {
    if (!ids.nodes.has(Number(key))) add(`daemon.nodes.${key}: no node with id ${key}`);
  }
  for (const n of t.nodes) {
    if (seed.daemon.nodes[String(n.id)] === undefined) add(`daemon.nodes: missing entry for node ${n.id}`);
  }
  for (const key of Object.keys(seed.daemon.servers)) {
    if (!ids.servers.has(Number(key))) add(`daemon.servers.${key}: no server with id ${key}`);
  }
  for (const s of t.servers) {
    const d = seed.daemon.servers[String(s.id)];
    if (d === undefined) {
      add(`daemon.servers: missing entry for server ${s.id}`);
      continue;
    }
    if (s.suspended !== (d.state === 'suspended')) {
      add(`daemon.servers.${s.id}.state: "${d.state}" does not match servers.suspended = ${String(s.suspended)} (a suspended server has state "suspended", and only it)`);
    }
    if ((s.installed === 0) !== (d.state === 'installing')) {
      add(`daemon.servers.${s.id}.state: "${d.state}" does not match servers.installed = ${s.installed} (installed 0 has state "installing", and only it)`);
    }
  }

  return problems;
}

function isIpRangeEntry(entry: string): boolean {
  if (isIP(entry) !== 0) return true;
  const cidr = /^(.+)\/(\d{1,3})$/.exec(entry);
  if (cidr !== null) {
    const family = isIP(cidr[1] ?? '');
    const bits = Number(cidr[2]);
    return (family === 4 && bits <= 32) || (family === 6 && bits <= 128);
  }
  const range = /^(.+)-(.+)$/.exec(entry);
  if (range !== null && isIP(range[1] ?? '') !== 0 && isIP(range[2] ?? '') !== 0) return true;
  return /^(\d{1,3}|\*)(\.(\d{1,3}|\*)){3}$/.test(entry) && entry.includes('*');
}

function dedupe(lines: string[]): string[] {
  return [...new Set(lines)];
}
