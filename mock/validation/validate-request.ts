import { ValidationFailure } from '../errors/panel-error.ts';
import type { BoundModels, RequestContext } from '../pipeline/request-context.ts';
import { resolveModelPlaceholders, ruleSetFor, type RuleSet } from './rule-sets.ts';
import { CUSTOM_RULES } from './rules-custom.ts';
import { Validator } from './validator.ts';

export { validateEggEnvironment } from './egg-environment.ts';

/**
 * The FormRequest's rules for this operation (rules/*.yaml) run against the request input
 * (query and body merged, strings trimmed, "" → null); throws ValidationFailure (422) listing
 * every failed rule. Operations without a rule set validate nothing.
 */
export function validateRequest(ctx: RequestContext): void {
  const set = ruleSetFor(ctx.operationId);
  if (!set) return;
  const validator = requestValidator(ctx, set);
  if (validator.fails()) throw new ValidationFailure(validator.errors());
}

/** The validator a FormRequest builds: rules with the route model ids filled in, then withValidator(). */
export function requestValidator(ctx: RequestContext, set: RuleSet): Validator {
  const modelId = (name: string): number | undefined => {
    const model = ctx.models[name as keyof BoundModels];
    return model ? model.id : undefined;
  };
  const resolve = (rules: [string, string][]): [string, string][] =>
    rules.map(([attribute, rule]) => [attribute, resolveModelPlaceholders(rule, modelId)]);
  const validator = new Validator(ctx.input, resolve(set.rules), {
    labels: set.labels,
    store: ctx.panel.store,
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
