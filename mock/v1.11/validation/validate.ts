import { fileURLToPath } from 'node:url';
import type { PanelStore } from '../../store/panel-store.ts';
import { loadRuleSets, type RuleSet } from '../../validation/rule-sets.ts';
import { ruleSetValidator, validateRuleSet, type ValidationSubject } from '../../validation/validate-request.ts';
import type { Validator } from '../../validation/validator.ts';
import type { ContextV111 } from '../pipeline/context.ts';

let loaded: Map<string, RuleSet> | undefined;

/** The v1.11 FormRequests' rules by operationId (validation/rules/*.yaml, the 0.7 format). */
export function ruleSetsV111(): ReadonlyMap<string, RuleSet> {
  loaded ??= loadRuleSets(fileURLToPath(new URL('./rules/', import.meta.url)));
  return loaded;
}

/**
 * The FormRequest's validation after authorize(): the shared validation engine with the 1.11 rules
 * (the rule semantics and the panel's English lines are the same in 1.11's Laravel 10 for the rules
 * these requests use; v1.11.8:lang/en/validation.php only adds `invalid_password`); the 1.x
 * renderer gives the failures their ValidationException entries.
 */
export function validateV111(ctx: ContextV111): void {
  validateRuleSet(ruleSetsV111().get(ctx.operationId), subjectOf(ctx));
}

export function validatorFor(ctx: ContextV111, set: RuleSet): Validator {
  return ruleSetValidator(set, subjectOf(ctx));
}

function subjectOf(ctx: ContextV111): ValidationSubject {
  return {
    input: ctx.input,
    modelId: (name) => (ctx.models[name] as { id?: number } | undefined)?.id,
    // The presence verifier counts rows by table and column name; the tables and columns the 1.11
    // rules name (users, locations, servers, nodes, eggs, nests, allocations, databases,
    // database_hosts) have the same names in both stores.
    store: ctx.panel.store as unknown as PanelStore,
  };
}
