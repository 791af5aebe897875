/**
 * Loads the v1.11 twin's seed (`fixtures/v1.11/seed.yaml`): YAML, its JSON Schema
 * (`fixtures/v1.11/seed.schema.json`), the stock nests/eggs/variables merged in from the file it
 * names, then cross-row integrity. Every problem found is reported in one Error.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { parseSeedYaml, REPO_ROOT, SeedValidationError } from '../../store/seed-loader.ts';
import type { EggRow, EggVariableRow, NestRow, SeedV111, TablesV111, TableNameV111, WingsState } from './rows.ts';

const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

export const DEFAULT_SEED_PATH_V111: string = fileURLToPath(new URL('../../../fixtures/v1.11/seed.yaml', import.meta.url));
export const SEED_SCHEMA_PATH_V111: string = fileURLToPath(new URL('../../../fixtures/v1.11/seed.schema.json', import.meta.url));

/** The file's shape: Wings' state under `wings`, which the store keeps as its simulated daemon. */
interface SeedFile extends Omit<SeedV111, 'tables' | 'daemon'> {
  wings: WingsState;
  stock_eggs: { file: string; seeded_at: string };
  tables: Omit<TablesV111, 'nests' | 'eggs' | 'egg_variables'>;
}

interface StockEggs {
  nests: Omit<NestRow, 'uuid' | 'created_at' | 'updated_at'>[];
  eggs: (Omit<EggRow, 'uuid' | 'created_at' | 'updated_at'> & { source?: string })[];
  egg_variables: Omit<EggVariableRow, 'created_at' | 'updated_at'>[];
}

const cache = new Map<string, SeedV111>();

/** Reads and validates a seed; a relative path is resolved against the repository root. Returns a fresh copy. */
export function loadSeedV111(path?: string): SeedV111 {
  const file = path === undefined ? DEFAULT_SEED_PATH_V111 : isAbsolute(path) ? path : resolve(REPO_ROOT, path);
  let seed = cache.get(file);
  if (!seed) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new SeedValidationError(file, [`cannot read the file: ${(error as Error).message}`]);
    }
    seed = buildSeed(parseSeedYaml(text, file), file);
    cache.set(file, seed);
  }
  return structuredClone(seed);
}

let validator: ValidateFunction | undefined;

function shapeProblems(data: unknown): string[] {
  if (!validator) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats(ajv);
    validator = ajv.compile(JSON.parse(readFileSync(SEED_SCHEMA_PATH_V111, 'utf8')) as object);
  }
  if (validator(data)) return [];
  return (validator.errors ?? []).map((e) => `${e.instancePath || '(root)'}: ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
}

/** Validates parsed seed data and returns the full seed (stock rows merged in). */
export function buildSeed(data: unknown, source = '<seed>'): SeedV111 {
  const shape = shapeProblems(data);
  if (shape.length > 0) throw new SeedValidationError(source, shape);
  const file = data as SeedFile;
  const stockPath = resolve(dirname(source === '<seed>' ? DEFAULT_SEED_PATH_V111 : source), file.stock_eggs.file);
  const stock = JSON.parse(readFileSync(stockPath, 'utf8')) as StockEggs;
  const at = file.stock_eggs.seeded_at;
  const tables = {
    ...file.tables,
    nests: stock.nests.map((n) => ({ ...n, uuid: derivedUuid(`nest:${n.id}`), created_at: at, updated_at: at })),
    eggs: stock.eggs.map(({ source: _source, ...e }) => ({ ...e, uuid: derivedUuid(`egg:${e.id}`), created_at: at, updated_at: at })),
    egg_variables: stock.egg_variables.map((v) => ({ ...v, created_at: at, updated_at: at })),
  } as TablesV111;
  const seed: SeedV111 = { now: file.now, app_timezone: file.app_timezone, two_factor_required: file.two_factor_required, tables, daemon: file.wings };
  const problems = integrityProblems(seed);
  if (problems.length > 0) throw new SeedValidationError(source, problems);
  return seed;
}

/** A stable version-4-shaped uuid for a stock row (the panel's are random at seeding time). */
export function derivedUuid(name: string): string {
  const hex = createHash('sha1').update(`pterodactyl-v1.11-seed:${name}`).digest('hex');
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Foreign keys (table → column → referenced table), as the migrations declare them. */
const FOREIGN_KEYS: Partial<Record<TableNameV111, Record<string, TableNameV111>>> = {
  recovery_tokens: { user_id: 'users' },
  nodes: { location_id: 'locations' },
  allocations: { node_id: 'nodes', server_id: 'servers' },
  eggs: { nest_id: 'nests', config_from: 'eggs', copy_script_from: 'eggs' },
  egg_variables: { egg_id: 'eggs' },
  servers: { node_id: 'nodes', owner_id: 'users', allocation_id: 'allocations', nest_id: 'nests', egg_id: 'eggs' },
  server_variables: { server_id: 'servers', variable_id: 'egg_variables' },
  server_transfers: { server_id: 'servers', old_node: 'nodes', new_node: 'nodes', old_allocation: 'allocations', new_allocation: 'allocations' },
  subusers: { user_id: 'users', server_id: 'servers' },
  database_hosts: { node_id: 'nodes' },
  databases: { server_id: 'servers', database_host_id: 'database_hosts' },
  api_keys: { user_id: 'users' },
  schedules: { server_id: 'servers' },
  tasks: { schedule_id: 'schedules' },
  backups: { server_id: 'servers' },
  user_ssh_keys: { user_id: 'users' },
  activity_log_subjects: { activity_log_id: 'activity_logs' },
};

function integrityProblems(seed: SeedV111): string[] {
  const problems: string[] = [];
  const t = seed.tables;
  const ids = (table: TableNameV111) => new Set((t[table] as { id: number }[]).map((r) => r.id));
  for (const [table, rows] of Object.entries(t) as [TableNameV111, { id: number }[]][]) {
    const seen = new Set<number>();
    for (const row of rows) {
      if (seen.has(row.id)) problems.push(`${table}: id ${row.id} twice`);
      seen.add(row.id);
    }
  }
  for (const [table, keys] of Object.entries(FOREIGN_KEYS) as [TableNameV111, Record<string, TableNameV111>][]) {
    for (const row of t[table] as unknown as Record<string, unknown>[]) {
      for (const [column, target] of Object.entries(keys)) {
        const value = row[column];
        if (value !== null && !ids(target).has(value as number)) problems.push(`${table} id ${row.id}: ${column} ${String(value)} is no ${target} row`);
      }
    }
  }
  const unique = <T>(table: TableNameV111, of: (row: T) => string | null) => {
    const seen = new Set<string>();
    for (const row of t[table] as unknown as T[]) {
      const value = of(row);
      if (value === null) continue;
      if (seen.has(value)) problems.push(`${table}: ${value} twice`);
      seen.add(value);
    }
  };
  unique<{ email: string }>('users', (u) => u.email.toLowerCase());
  unique<{ username: string }>('users', (u) => u.username.toLowerCase());
  unique<{ external_id: string | null }>('users', (u) => u.external_id);
  unique<{ external_id: string | null }>('servers', (s) => s.external_id);
  unique<{ identifier: string }>('api_keys', (k) => k.identifier.toLowerCase());
  unique<{ short: string }>('locations', (l) => l.short.toLowerCase());
  unique<{ node_id: number; ip: string; port: number }>('allocations', (a) => `${a.node_id}|${a.ip}|${a.port}`);
  for (const server of t.servers) {
    if (server.uuidShort !== server.uuid.slice(0, 8)) problems.push(`servers id ${server.id}: uuidShort is not the uuid's first 8 characters`);
    const allocation = t.allocations.find((a) => a.id === server.allocation_id);
    if (allocation && (allocation.server_id !== server.id || allocation.node_id !== server.node_id)) {
      problems.push(`servers id ${server.id}: its allocation ${server.allocation_id} is not assigned to it on its node`);
    }
    const egg = t.eggs.find((e) => e.id === server.egg_id);
    if (egg && egg.nest_id !== server.nest_id) problems.push(`servers id ${server.id}: egg ${egg.id} is not in nest ${server.nest_id}`);
    if (!seed.daemon.servers[String(server.id)]) problems.push(`wings.servers: no entry for server ${server.id}`);
  }
  for (const key of t.api_keys) {
    const prefix = key.identifier.slice(0, 5);
    if ((prefix === 'ptla_' && key.key_type !== 2) || (prefix === 'ptlc_' && key.key_type !== 1)) problems.push(`api_keys id ${key.id}: prefix ${prefix} on key_type ${key.key_type}`);
  }
  for (const node of t.nodes) if (!seed.daemon.nodes[String(node.id)]) problems.push(`wings.nodes: no entry for node ${node.id}`);
  const now = Date.parse(seed.now);
  for (const [table, rows] of Object.entries(t)) {
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value) && column.endsWith('_at') || column === 'timestamp') {
          const ms = Date.parse(`${String(value).replace(' ', 'T')}Z`);
          if (column.startsWith('expires') || column.startsWith('next_run')) continue;
          if (Number.isNaN(ms) || ms > now) problems.push(`${table} id ${row.id}: ${column} ${String(value)} is after the seed's now`);
        }
      }
    }
  }
  return problems;
}
