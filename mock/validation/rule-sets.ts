/**
 * The FormRequest rules per operation, read from `rules/*.yaml` (data: Laravel rule strings,
 * labels, and the `Validator::sometimes()` additions of a request's withValidator()).
 *
 * File format, one mapping per operationId:
 *
 *   createUser:
 *     source: 'v0.7.19:app/…/StoreUserRequest.php#L27-L44'  # the request's rules() in the panel
 *     rules:                           # attribute → Laravel rule string, in the request's order
 *       email: required|email|unique:users,email
 *     labels:                          # attributes(): custom names in messages
 *       external_id: Third Party Identifier
 *     sometimes:                       # optional; applied in order after the base rules
 *       - when: { falsy: deploy }      # or { truthy: deploy }: PHP truthiness of the top-level input
 *         rules: { allocation.default: required|integer }
 *
 * Placeholders in rule strings: `{model:user}` (and location, node, server) is the id of the route
 * model bound for the request, for unique rules that ignore the row being updated; `{input:path??d}`
 * (unique/exists extra condition) is described in rules-database.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export interface ConditionalRules {
  /** The top-level input key whose PHP truthiness decides. */
  when: { truthy: string } | { falsy: string };
  rules: [string, string][];
}

export interface RuleSet {
  operationId: string;
  source: string;
  rules: [string, string][];
  labels: Record<string, string>;
  sometimes: ConditionalRules[];
}

const RULES_DIR = new URL('./rules/', import.meta.url);

let loaded: Map<string, RuleSet> | undefined;

/** Every operation's rule set (loaded once). */
export function ruleSets(): ReadonlyMap<string, RuleSet> {
  loaded ??= loadRuleSets(fileURLToPath(RULES_DIR));
  return loaded;
}

export function ruleSetFor(operationId: string): RuleSet | undefined {
  return ruleSets().get(operationId);
}

export function loadRuleSets(directory: string): Map<string, RuleSet> {
  const out = new Map<string, RuleSet>();
  for (const file of readdirSync(directory).filter((name) => name.endsWith('.yaml')).sort()) {
    const document: unknown = parse(readFileSync(`${directory}/${file}`, 'utf8'));
    if (!isRecord(document)) throw new Error(`${file}: expected a mapping of operationIds`);
    for (const [operationId, raw] of Object.entries(document)) {
      if (out.has(operationId)) throw new Error(`${file}: ${operationId} is defined twice`);
      out.set(operationId, parseRuleSet(`${file}: ${operationId}`, operationId, raw));
    }
  }
  return out;
}

function parseRuleSet(where: string, operationId: string, raw: unknown): RuleSet {
  if (!isRecord(raw)) throw new Error(`${where}: expected a mapping`);
  const unknownKeys = Object.keys(raw).filter((key) => !['source', 'rules', 'labels', 'sometimes'].includes(key));
  if (unknownKeys.length > 0) throw new Error(`${where}: unknown keys ${unknownKeys.join(', ')}`);
  const sometimes = raw['sometimes'] ?? [];
  if (!Array.isArray(sometimes)) throw new Error(`${where}: sometimes must be a list`);
  return {
    operationId,
    source: String(raw['source'] ?? ''),
    rules: ruleEntries(`${where} rules`, raw['rules']),
    labels: Object.fromEntries(stringEntries(`${where} labels`, raw['labels'] ?? {})),
    sometimes: sometimes.map((entry, i) => {
      const at = `${where} sometimes[${i}]`;
      if (!isRecord(entry) || !isRecord(entry['when'])) throw new Error(`${at}: expected { when, rules }`);
      const when = entry['when'];
      const truthy = when['truthy'];
      const falsy = when['falsy'];
      let condition: ConditionalRules['when'];
      if (typeof truthy === 'string' && falsy === undefined) condition = { truthy };
      else if (typeof falsy === 'string' && truthy === undefined) condition = { falsy };
      else throw new Error(`${at}: when needs exactly one of truthy / falsy`);
      return { when: condition, rules: ruleEntries(`${at} rules`, entry['rules']) };
    }),
  };
}

function ruleEntries(where: string, raw: unknown): [string, string][] {
  // An empty rule string is the placeholder a request declares for rules added by sometimes().
  return stringEntries(where, raw ?? {}, true);
}

function stringEntries(where: string, raw: unknown, allowNull = false): [string, string][] {
  if (!isRecord(raw)) throw new Error(`${where}: expected a mapping`);
  return Object.entries(raw).map(([key, value]) => {
    if (value === null && allowNull) return [key, ''];
    if (typeof value !== 'string') throw new Error(`${where}.${key}: expected a string`);
    return [key, value];
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Substitutes `{model:name}` with the bound model's id (`NULL` when none is bound). */
export function resolveModelPlaceholders(rule: string, modelId: (name: string) => number | undefined): string {
  return rule.replace(/\{model:([a-z_]+)\}/g, (_match, name: string) => {
    const id = modelId(name);
    return id === undefined ? 'NULL' : String(id);
  });
}
