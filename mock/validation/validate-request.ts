import { ValidationFailure } from '../errors/panel-error.ts';
import type { BoundModels, RequestContext } from '../pipeline/request-context.ts';
import type { PanelStore } from '../store/panel-store.ts';
import { resolveModelPlaceholders, ruleSetFor, type RuleSet } from './rule-sets.ts';
import { CUSTOM_RULES } from './rules-custom.ts';
import { Validator } from './validator.ts';

export { validateEggEnvironment } from './egg-environment.ts';

/**
 * What a FormRequest's validation reads of a request, whichever profile's pipeline made it: the
 * input (query and body merged, strings trimmed, "" → null), the ids of the route models bound for
 * it (`{model:user}` placeholders) and the store its unique / exists rules count rows in.
 */
export interface ValidationSubject {
  readonly input: unknown;
  modelId(name: string): number | undefined;
  readonly store: PanelStore;
}

/**
 * The FormRequest's rules for this operation (rules/*.yaml) run against the request input;
 * throws ValidationFailure (422) listing every failed rule. Operations without a rule set validate nothing.
 */
export function validateRequest(ctx: RequestContext): void {
  const set = ruleSetFor(ctx.operationId);
  if (set) validateRuleSet(set, subjectOf(ctx));
}

/** The validation engine every profile runs: its rule set (if any) against the subject, or a 422. */
export function validateRuleSet(set: RuleSet | undefined, subject: ValidationSubject): void {
  if (!set) return;
  const validator = ruleSetValidator(set, subject);
  if (validator.fails()) throw new ValidationFailure(validator.errors());
}

/** The validator a FormRequest builds: rules with the route model ids filled in, then withValidator(). */
export function requestValidator(ctx: RequestContext, set: RuleSet): Validator {
  return ruleSetValidator(set, subjectOf(ctx));
}

export function ruleSetValidator(set: RuleSet, subject: ValidationSubject): Validator {
  const modelId = (name: string) => subject.modelId(name);
  const resolve = (rules: [string, string][]): [string, string][] =>
    rules.map(([attribute, rule]) => [attribute, resolveModelPlaceholders(rule, modelId)]);
  const validator = new Validator(subject.input, resolve(set.rules), {
    labels: set.labels,
    store: subject.store,
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

function subjectOf(ctx: RequestContext): ValidationSubject {
  return {
    input: ctx.input,
    modelId: (name) => {
      const model = ctx.models[name as keyof BoundModels];
      return model ? model.id : undefined;
    },
    store: ctx.panel.store,
  };
}
