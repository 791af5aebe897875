import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readYamlFile } from './parsed-yaml-cache.ts';
import { secretVariants, type SecretVariant } from './redaction.ts';
import { FragmentMatcher, type FragmentForm } from './secret-fragments.ts';
import { panelProfile, type PanelProfile } from './profiles.ts';
import type { KeyRole, RunConfig } from './run-config.ts';
import { selectedProfile } from './selected-profile.ts';

// The proof behind redaction: after a run, every file it wrote (allure-results/, the reports
// directory, run.log) is searched for every secret the run knew, in the forms secretVariants()
// lists (raw, URL/form-encoded, JSON-escaped, base64 and base64url at any alignment, a key's token
// on its own) and as pieces, with the matcher redaction uses (secret-fragments.ts): any 12
// characters in a row of a secret, of its hex (lower or upper case), of its reverse or of its
// base64, also split by spaces, dashes or line breaks. A finding names the file, the line and the
// secret's role; the secret itself is never printed.

/** A secret the run knows, and what it is (the role is what a finding prints). */
export interface KnownSecret {
  role: string;
  value: string;
}

export type FindingEncoding = SecretVariant['encoding'] | 'fragment' | 'split' | 'hex' | 'hex, split' | 'reversed' | 'reversed, split' | 'base64 fragment';

export interface SecretFinding {
  file: string;
  line: number;
  role: string;
  encoding: FindingEncoding;
}

interface Pattern {
  role: string;
  encoding: FindingEncoding;
}

const latin1 = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');

/** Findings in one text or file content (line numbers from 1). */
export function scanContent(content: string | Buffer, secrets: readonly KnownSecret[]): Omit<SecretFinding, 'file'>[] {
  return compileScanner(secrets)(content);
}

type Scanner = (content: string | Buffer) => Omit<SecretFinding, 'file'>[];

function fragmentEncoding(form: FragmentForm, split: boolean): FindingEncoding {
  if (form === 'base64') return 'base64 fragment';
  if (form === 'raw') return split ? 'split' : 'fragment';
  return split ? `${form}, split` : form;
}

/** Whole forms by one regular expression (longest first), then pieces by the matcher redaction uses; a piece inside a whole form is not reported twice. */
function compileScanner(secrets: readonly KnownSecret[]): Scanner {
  const whole = new Map<string, Pattern>();
  for (const secret of secrets) {
    for (const v of secretVariants(secret.value)) {
      const text = latin1(v.text);
      if (!whole.has(text)) whole.set(text, { role: secret.role, encoding: v.encoding });
    }
  }
  // Byte-exact search in any file, binary or not: secrets and text alike as latin1.
  const fragments = new FragmentMatcher(secrets.map((s) => latin1(s.value)));
  if (whole.size === 0 && fragments.empty) return () => [];
  const matcher = whole.size === 0 ? undefined : new RegExp([...whole.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g');
  return (content) => {
    const text = typeof content === 'string' ? latin1(content) : content.toString('latin1');
    const hits: { index: number; end: number; pattern: Pattern; piece: boolean }[] = [];
    if (matcher) for (const m of text.matchAll(matcher)) hits.push({ index: m.index, end: m.index + m[0].length, pattern: whole.get(m[0])!, piece: false });
    const wholeHits = hits.slice();
    for (const f of fragments.find(text)) {
      if (wholeHits.some((w) => w.index <= f.start && f.end <= w.end)) continue;
      hits.push({ index: f.start, end: f.end, pattern: { role: secrets[f.secret]!.role, encoding: fragmentEncoding(f.form, f.split) }, piece: true });
    }
    hits.sort((a, b) => a.index - b.index);
    const out: Omit<SecretFinding, 'file'>[] = [];
    const seen = new Set<string>();
    let line = 1;
    let counted = 0;
    for (const hit of hits) {
      for (let i = counted; i < hit.index; i++) if (text.charCodeAt(i) === 10) line++;
      counted = hit.index;
      const id = `${line}|${hit.pattern.role}|${hit.pattern.encoding}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({ line, ...hit.pattern });
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

/** The file in a results directory that says whether the run's own scan passed (read by npm run report). */
export const SCAN_VERDICT_FILE = 'ptero-secret-scan.json';

export interface ScanVerdict {
  clean: boolean;
  /** Files with findings, relative to the working directory (never a secret). */
  files: string[];
}

export function writeScanVerdict(resultsDir: string, findings: readonly SecretFinding[], base = process.cwd()): void {
  const verdict: ScanVerdict = { clean: findings.length === 0, files: [...new Set(findings.map((f) => relative(base, f.file) || f.file))] };
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, SCAN_VERDICT_FILE), `${JSON.stringify(verdict, null, 2)}\n`);
}

export function readScanVerdict(resultsDir: string): ScanVerdict | undefined {
  try {
    return JSON.parse(readFileSync(join(resultsDir, SCAN_VERDICT_FILE), 'utf8')) as ScanVerdict;
  } catch {
    return undefined;
  }
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
  return fixtureSecrets(panelProfile(config.profile));
}

interface SeedTables {
  tables: {
    api_keys?: { id: number; identifier: string; token: string; memo?: string | null }[];
    databases?: { id: number; password?: string }[];
    nodes?: { id: number; daemonSecret?: string }[];
    daemon_keys?: { id: number; secret?: string }[];
  };
}

/**
 * The seed's secrets, each named by the role it plays (the profile's key roles, fixtures/key-roles.yaml
 * for v0.7.19) or by its table and id; the selected panel profile's seed unless told another's.
 */
export function fixtureSecrets(profile: Pick<PanelProfile, 'seed' | 'keyRoles'> = selectedProfile()): KnownSecret[] {
  const roles = readYamlFile(profile.keyRoles) as Record<string, string>;
  const seed = readYamlFile(profile.seed) as SeedTables;
  const roleOfMemo = new Map(Object.entries(roles).map(([role, memo]) => [memo, role]));
  const out: KnownSecret[] = [];
  for (const key of seed.tables.api_keys ?? []) {
    const memo = /^([^:]+):/.exec(key.memo ?? '')?.[1] ?? `api_keys ${key.id}`;
    const role = roleOfMemo.get(memo);
    // A 1.x key's identifier (ptla_/ptlc_…) is public: the panel lists it to its owner
    // (v1.11.8:app/Transformers/Api/Client/ApiKeyTransformer.php#L20-L29), so only its token is a secret there.
    const value = /^ptl[ac]_/.test(key.identifier) ? key.token : key.identifier + key.token;
    out.push({ role: role ? `key role ${role} (fixture key ${memo})` : `fixture key ${memo}`, value });
  }
  for (const db of seed.tables.databases ?? []) if (db.password) out.push({ role: `database password (seed database ${db.id})`, value: db.password });
  for (const node of seed.tables.nodes ?? []) if (node.daemonSecret) out.push({ role: `daemon secret (seed node ${node.id})`, value: node.daemonSecret });
  for (const key of seed.tables.daemon_keys ?? []) if (key.secret) out.push({ role: `daemon key (seed daemon_keys ${key.id})`, value: key.secret });
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
