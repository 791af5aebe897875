/**
 * ValidationRuleParser (Laravel 5.7): exploding `a|b:c` rule strings, parsing one rule into its
 * Studly name and parameters, and expanding wildcard keys (`ports.*`) over the data.
 */
import { gatherData, escapeRegExp } from './arr.ts';
import { studly } from './str.ts';
import type { CustomRule, RuleItem } from './types.ts';

export interface ParsedRule {
  /** Studly rule name (`Required`, `RequiredWith`, `Integer`), or the rule object itself. */
  rule: string | CustomRule;
  parameters: string[];
}

/** Rule strings as written (`required|max:255`), or already-exploded lists. */
export type RuleSpec = string | readonly RuleItem[];

/** explode('|', $rule) for strings; lists are taken as they are. */
export function explodeRule(spec: RuleSpec, customRules: ReadonlyMap<string, CustomRule> = new Map()): RuleItem[] {
  const items = typeof spec === 'string' ? spec.split('|') : [...spec];
  return items.map((item) => (typeof item === 'string' ? (customRules.get(item) ?? item) : item));
}

/** ValidationRuleParser::parse. */
export function parseRule(item: RuleItem): ParsedRule {
  if (typeof item !== 'string') return { rule: item, parameters: [] };
  let name = item;
  let parameters: string[] = [];
  const colon = item.indexOf(':');
  if (colon !== -1) {
    name = item.slice(0, colon);
    const parameter = item.slice(colon + 1);
    parameters = ['regex', 'not_regex', 'notregex'].includes(name.toLowerCase()) ? [parameter] : strGetCsv(parameter);
  }
  let rule = studly(name.trim());
  if (rule === 'Int') rule = 'Integer';
  else if (rule === 'Bool') rule = 'Boolean';
  return { rule, parameters };
}

/** str_getcsv with the default delimiter `,`, enclosure `"` and escape `\`. */
export function strGetCsv(text: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      while (i < text.length) {
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else field += text[i++];
      }
      while (i < text.length && text[i] !== ',') field += text[i++];
    } else {
      while (i < text.length && text[i] !== ',') field += text[i++];
    }
    fields.push(field);
    if (i >= text.length) return fields;
    i++; // the comma
  }
}

export interface ExplodedRules {
  /** Attribute → its rules, in validation order. */
  rules: Map<string, RuleItem[]>;
  /** Wildcard rule key → the concrete attributes it expanded to (Laravel's implicitAttributes). */
  implicitAttributes: Map<string, string[]>;
}

/**
 * ValidationRuleParser::explode: explicit keys keep their place; a wildcard key is removed and its
 * expansions are appended (or merged into an existing key), in data order.
 */
export function explodeRules(
  rules: Iterable<[string, RuleSpec]>,
  data: unknown,
  customRules: ReadonlyMap<string, CustomRule> = new Map(),
): ExplodedRules {
  const out = new Map<string, RuleItem[]>();
  const implicitAttributes = new Map<string, string[]>();
  const entries = [...rules];
  // Explicit keys first take their slots in declaration order; wildcard expansions land after them.
  // (An explicit key overwrites whatever an earlier wildcard merged into it, as the PHP loop does.)
  for (const [key] of entries) if (!key.includes('*')) out.set(key, []);
  for (const [key, spec] of entries) {
    if (!key.includes('*')) {
      out.set(key, explodeRule(spec, customRules));
      continue;
    }
    const pattern = new RegExp(`^${escapeRegExp(key).split('\\*').join('[^.]*')}$`);
    for (const candidate of gatherData(key, data).keys()) {
      if (!candidate.startsWith(key) && !pattern.test(candidate)) continue;
      const implicit = implicitAttributes.get(key) ?? [];
      implicit.push(candidate);
      implicitAttributes.set(key, implicit);
      out.set(candidate, [...(out.get(candidate) ?? []), ...explodeRule(spec, customRules)]);
    }
  }
  return { rules: out, implicitAttributes };
}
