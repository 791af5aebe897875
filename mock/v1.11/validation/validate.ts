import { fileURLToPath } from 'node:url';
import type { PanelStore } from '../../store/panel-store.ts';
import { loadRuleSets, resolveModelPlaceholders, type RuleSet } from '../../validation/rule-sets.ts';
import { CUSTOM_RULES } from '../../validation/rules-custom.ts';
import { Validator } from '../../validation/validator.ts';
import { ValidationFailureV111 } from '../errors/panel-error.ts';
import type { ContextV111 } from '../pipeline/context.ts';

let loaded: Map<string, RuleSet> | undefined;

/** The v1.11 FormRequests' rules by operationId (validation/rules/*.yaml, the 0.7 format). */
export function ruleSetsV111(): ReadonlyMap<string, RuleSet> {
  loaded ??= loadRuleSets(fileURLToPath(new URL('./rules/', import.meta.url)));
  return loaded;
}

/**
 * The FormRequest's validation after authorize(): the shared Laravel validator (the rule semantics
 * and the panel's English lines are the same in 1.11's Laravel 10 for the rules these requests use;
 * v1.11.8:lang/en/validation.php only adds `invalid_password`), failures rendered as 1.x's
 * ValidationException entries.
 */
export function validateV111(ctx: ContextV111): void {
  const set = ruleSetsV111().get(ctx.operationId);
  if (!set) return;
  const validator = validatorFor(ctx, set);
  if (validator.fails()) {
    throw new ValidationFailureV111(validator.errors().map((e) => ({ field: e.field, rule: e.code, detail: e.detail })));
  }
}

export function validatorFor(ctx: ContextV111, set: RuleSet): Validator {
  const modelId = (name: string): number | undefined => (ctx.models[name] as { id?: number } | undefined)?.id;
  const resolve = (rules: [string, string][]): [string, string][] => rules.map(([attribute, rule]) => [attribute, resolveModelPlaceholders(rule, modelId)]);
  const validator = new Validator(ctx.input, resolve(set.rules), {
    labels: set.labels,
    // The presence verifier counts rows by table and column name; the tables and columns the 1.11
    // rules name (users, locations, servers, nodes, eggs, nests, allocations, databases,
    // database_hosts) have the same names in both stores.
    store: ctx.panel.store as unknown as PanelStore,
    customRules: CUSTOM_RULES,
  });
  for (const conditional of set.sometimes) {
    const when = conditional.when;
    for (const [attribute, rules] of resolve(conditional.rules)) {
      validator.sometimes(attribute, rules, (input) => ('truthy' in when ? input.truthy(when.truthy) : !input.truthy(when.falsy)));
    }
  }
  return validator;
}
