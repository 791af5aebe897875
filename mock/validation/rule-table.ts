/**
 * Every modelled `validate{Rule}` method, looked up like PHP methods (case-insensitively), and the
 * rules Laravel 5.7 has but the mock does not model (their use is a mock error, not a panel answer).
 */
import { DATABASE_RULES } from './rules-database.ts';
import { FORMAT_RULES } from './rules-format.ts';
import { PRESENCE_RULES } from './rules-presence.ts';
import { SIZE_RULES_IMPL } from './rules-size.ts';
import { TYPE_RULES } from './rules-types.ts';
import type { RuleFn } from './types.ts';

const TABLE = new Map<string, RuleFn>(
  Object.entries({ ...PRESENCE_RULES, ...TYPE_RULES, ...SIZE_RULES_IMPL, ...FORMAT_RULES, ...DATABASE_RULES }).map(
    ([name, fn]) => [name.toLowerCase(), fn],
  ),
);

/** validate* methods of Laravel 5.7.14 the mock leaves out (dates, files, comparisons, …). */
const UNMODELLED = new Set(
  [
    'ActiveUrl', 'Before', 'BeforeOrEqual', 'After', 'AfterOrEqual', 'Date', 'DateFormat', 'DateEquals',
    'Dimensions', 'Distinct', 'File', 'Gt', 'Lt', 'Gte', 'Lte', 'Image', 'InArray', 'Mimes', 'Mimetypes',
    'RequiredIf', 'RequiredUnless', 'Timezone',
  ].map((name) => name.toLowerCase()),
);

export type RuleLookup = { kind: 'rule'; fn: RuleFn } | { kind: 'unmodelled' } | { kind: 'unknown' };

export function lookupRule(rule: string): RuleLookup {
  const key = rule.toLowerCase();
  const fn = TABLE.get(key);
  if (fn) return { kind: 'rule', fn };
  return UNMODELLED.has(key) ? { kind: 'unmodelled' } : { kind: 'unknown' };
}
