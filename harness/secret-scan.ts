import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, relative } from 'node:path';
import { readYamlFile } from './parsed-yaml-cache.ts';
import { secretVariants, type SecretVariant } from './redaction.ts';
import type { KeyRole, RunConfig } from './run-config.ts';

// The proof behind redaction: after a run, every file it wrote (allure-results/, the reports
// directory, run.log) is searched for every secret the run knew, in the forms secretVariants()
// lists (raw, URL/form-encoded, JSON-escaped, base64 and base64url at any alignment, a key's token
// on its own) and as fragments (any 16 characters in a row of a key's token or of another secret
// of 24 characters or more: what is left when a value is cut short). A finding names the file, the line and the
// secret's role; the secret itself is never printed.

/** A secret the run knows, and what it is (the role is what a finding prints). */
export interface KnownSecret {
  role: string;
  value: string;
}

export type FindingEncoding = SecretVariant['encoding'] | 'fragment';

export interface SecretFinding {
  file: string;
  line: number;
  role: string;
  encoding: FindingEncoding;
}

const FRAGMENT_LENGTH = 16;
/** Fragments are found from aligned chunks: any 16 characters in a row hold a whole 8-character chunk starting at a multiple of 8. */
const CHUNK = FRAGMENT_LENGTH / 2;
const PANEL_KEY = /^[A-Za-z0-9]{48}$/;

interface Pattern {
  role: string;
  encoding: FindingEncoding;
}

/** Where a chunk sits in a secret's body (a key's token, or the whole secret), to check the run around a hit. */
interface Chunk {
  role: string;
  body: string;
  offset: number;
}

interface Patterns {
  whole: Map<string, Pattern>;
  chunks: Map<string, Chunk[]>;
}

/** Every form of every secret, and the chunks of every long one, as latin1 text (byte-exact search in any file, binary or not). */
function patternsOf(secrets: readonly KnownSecret[]): Patterns {
  const latin1 = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');
  const whole = new Map<string, Pattern>();
  const chunks = new Map<string, Chunk[]>();
  for (const secret of secrets) {
    for (const v of secretVariants(secret.value)) {
      const text = latin1(v.text);
      if (!whole.has(text)) whole.set(text, { role: secret.role, encoding: v.encoding });
    }
  }
  for (const secret of secrets) {
    const body = latin1(PANEL_KEY.test(secret.value) ? secret.value.slice(16) : secret.value);
    if (body.length < 24) continue;
    for (let offset = 0; offset + CHUNK <= body.length; offset += CHUNK) {
      const text = body.slice(offset, offset + CHUNK);
      if (whole.has(text)) continue;
      const list = chunks.get(text);
      if (list) list.push({ role: secret.role, body, offset });
      else chunks.set(text, [{ role: secret.role, body, offset }]);
    }
  }
  return { whole, chunks };
}

/** Findings in one text or file content (line numbers from 1). */
export function scanContent(content: string | Buffer, secrets: readonly KnownSecret[]): Omit<SecretFinding, 'file'>[] {
  return compileScanner(secrets)(content);
}

type Scanner = (content: string | Buffer) => Omit<SecretFinding, 'file'>[];

function compileScanner(secrets: readonly KnownSecret[]): Scanner {
  const { whole, chunks } = patternsOf(secrets);
  if (whole.size === 0 && chunks.size === 0) return () => [];
  // Whole forms first (longest first), so a chunk never shadows the form it belongs to.
  const matcher = new RegExp(
    [...[...whole.keys()].sort((a, b) => b.length - a.length), ...chunks.keys()].map(escapeRegExp).join('|'),
    'g',
  );
  return (content) => {
    const text = typeof content === 'string' ? Buffer.from(content, 'utf8').toString('latin1') : content.toString('latin1');
    const out: Omit<SecretFinding, 'file'>[] = [];
    const seen = new Set<string>();
    let line = 1;
    let counted = 0;
    const report = (pattern: Pattern): void => {
      const id = `${line}|${pattern.role}|${pattern.encoding}`;
      if (seen.has(id)) return;
      seen.add(id);
      out.push({ line, ...pattern });
    };
    for (const match of text.matchAll(matcher)) {
      for (let i = counted; i < match.index; i++) if (text.charCodeAt(i) === 10) line++;
      counted = match.index;
      const pattern = whole.get(match[0]);
      if (pattern) {
        report(pattern);
        continue;
      }
      // A chunk: a fragment when at least 16 characters in a row around it belong to the secret.
      for (const chunk of chunks.get(match[0]) ?? []) {
        let left = 0;
        while (chunk.offset - left > 0 && match.index - left > 0 && text[match.index - left - 1] === chunk.body[chunk.offset - left - 1]) left++;
        let right = 0;
        const after = match.index + CHUNK;
        while (chunk.offset + CHUNK + right < chunk.body.length && text[after + right] === chunk.body[chunk.offset + CHUNK + right]) right++;
        if (left + CHUNK + right >= FRAGMENT_LENGTH) report({ role: chunk.role, encoding: 'fragment' });
      }
    }
    return out;
  };
}

/** Every file under the given paths (files or directories, recursively; missing ones are skipped). */
export function filesUnder(paths: readonly string[]): string[] {
  const files = new Set<string>();
  const walk = (path: string): void => {
    if (!existsSync(path)) return;
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return;
    if (stat.isFile()) files.add(path);
    else if (stat.isDirectory()) for (const entry of readdirSync(path).sort()) walk(join(path, entry));
  };
  for (const path of paths) walk(path);
  return [...files];
}

/** Scans every file under `paths` for every secret; an empty list means nothing leaked. */
export function scanPaths(paths: readonly string[], secrets: readonly KnownSecret[]): SecretFinding[] {
  const scan = compileScanner(secrets);
  const findings: SecretFinding[] = [];
  for (const file of filesUnder(paths)) {
    let content: Buffer;
    try {
      content = readFileSync(file);
    } catch {
      continue; // removed while scanning
    }
    for (const finding of scan(content)) findings.push({ file, ...finding });
  }
  return findings;
}

/** One line per finding: file:line, the secret's role and its form. Never the secret. */
export function formatFindings(findings: readonly SecretFinding[], base = process.cwd()): string {
  const files = new Set(findings.map((f) => f.file));
  const lines = [`secret scan: ${findings.length} secret(s) found in ${files.size} file(s) the run wrote:`];
  for (const f of findings) lines.push(`  ${relative(base, f.file) || f.file}:${f.line}  ${f.role} (${f.encoding})`);
  return lines.join('\n');
}

const ENV_OF_ROLE = (role: KeyRole): string =>
  role === 'application' ? 'PTERO_APPLICATION_KEY' : role === 'client' ? 'PTERO_CLIENT_KEY' : `PTERO_KEY_${role.toUpperCase().replace(/-/g, '_')}`;

/**
 * The secrets of a run: on a live panel the configured keys (PTERO_APPLICATION_KEY,
 * PTERO_CLIENT_KEY, PTERO_KEY_*); on the embedded mock the fixture keys its global setup hands the
 * suite (fixtures/key-roles.yaml) plus every other secret of the seed (the other keys, database
 * passwords, node daemon secrets, daemon keys).
 */
export function runSecrets(config: RunConfig): KnownSecret[] {
  if (config.target.kind === 'live') {
    return Object.entries(config.keys)
      .filter((e): e is [KeyRole, string] => typeof e[1] === 'string')
      .map(([role, value]) => ({ role: `key role ${role} (${ENV_OF_ROLE(role)})`, value }));
  }
  return fixtureSecrets();
}

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

interface SeedTables {
  tables: {
    api_keys?: { id: number; identifier: string; token: string; memo?: string | null }[];
    databases?: { id: number; password?: string }[];
    nodes?: { id: number; daemonSecret?: string }[];
    daemon_keys?: { id: number; secret?: string }[];
  };
}

/** The seed's secrets, each named by the role it plays (fixtures/key-roles.yaml) or by its table and id. */
export function fixtureSecrets(fixturesDir = FIXTURES): KnownSecret[] {
  const roles = readYamlFile(join(fixturesDir, 'key-roles.yaml')) as Record<string, string>;
  const seed = readYamlFile(join(fixturesDir, 'seed.yaml')) as SeedTables;
  const roleOfMemo = new Map(Object.entries(roles).map(([role, memo]) => [memo, role]));
  const out: KnownSecret[] = [];
  for (const key of seed.tables.api_keys ?? []) {
    const memo = /^([^:]+):/.exec(key.memo ?? '')?.[1] ?? `api_keys ${key.id}`;
    const role = roleOfMemo.get(memo);
    out.push({ role: role ? `key role ${role} (fixture key ${memo})` : `fixture key ${memo}`, value: key.identifier + key.token });
  }
  for (const db of seed.tables.databases ?? []) if (db.password) out.push({ role: `database password (seed database ${db.id})`, value: db.password });
  for (const node of seed.tables.nodes ?? []) if (node.daemonSecret) out.push({ role: `daemon secret (seed node ${node.id})`, value: node.daemonSecret });
  for (const key of seed.tables.daemon_keys ?? []) if (key.secret) out.push({ role: `daemon key (seed daemon_keys ${key.id})`, value: key.secret });
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
