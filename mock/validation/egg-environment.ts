import { ValidationFailure } from '../errors/panel-error.ts';
import type { RequestContext } from '../pipeline/request-context.ts';
import { setOwn, valueAt } from './arr.ts';
import { isPhpArray } from './php.ts';
import { Validator } from './validator.ts';

/**
 * VariableValidatorService at admin level (v0.7.19:app/Services/Servers/VariableValidatorService.php#L73-L113): every variable of the egg is
 * validated, its own `rules` string against `environment.<ENV_NAME>` (a missing key is validated
 * as null, so `required` fails and a bare `string` fails too), named "<variable name> variable" in
 * messages (validation.internal.variable_value). Throws ValidationFailure (422) with
 * `source.field` = `environment.<ENV_NAME>`.
 */
export function validateEggEnvironment(ctx: RequestContext, eggId: number, environment: unknown): void {
  const fields = isPhpArray(environment) ? environment : {};
  const values: Record<string, unknown> = {};
  const rules = new Map<string, string>();
  const labels: Record<string, string> = {};
  for (const variable of ctx.panel.store.where('egg_variables', (v) => v.egg_id === eggId)) {
    setOwn(values, variable.env_variable, valueAt(fields, variable.env_variable));
    rules.set(`environment.${variable.env_variable}`, variable.rules);
    labels[`environment.${variable.env_variable}`] = `${variable.name} variable`;
  }
  const data = rules.size > 0 ? { environment: values } : {};
  const validator = new Validator(data, rules, { labels, store: ctx.panel.store });
  if (validator.fails()) throw new ValidationFailure(validator.errors());
}
