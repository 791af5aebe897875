/** Helpers for the validation tests: request contexts as the pipeline builds them, and ad-hoc validators. */
import { ValidationFailure, type FieldError } from '../errors/panel-error.ts';
import type { MockPanel } from '../panel.ts';
import { bindModels } from '../pipeline/bind-models.ts';
import { RequestContext } from '../pipeline/request-context.ts';
import { CUSTOM_RULES } from './rules-custom.ts';
import { Validator, type ValidatorOptions } from './validator.ts';

/** A context for `operationId` with `params` bound to route models (ctx.models) as bindModels does. */
export function requestContext(
  panel: MockPanel,
  operationId: string,
  input: Record<string, unknown>,
  params: Record<string, string> = {},
): RequestContext {
  const operation = panel.index.get(operationId);
  const path = operation.path.replace(/\{(\w+)\}/g, (_m, name: string) => params[name] ?? '');
  const request = {
    method: operation.method.toUpperCase(),
    url: path,
    headers: { host: 'panel.test', accept: 'application/json' },
    body: Buffer.alloc(0),
    remoteAddress: '127.0.0.1',
    scheme: 'http',
  };
  const ctx = new RequestContext(panel, request, operation, params, {}, input, '127.0.0.1');
  bindModels(ctx);
  return ctx;
}

/** The errors a ValidationFailure thrown by `run` carries; fails the test when nothing is thrown. */
export function failureOf(run: () => void): FieldError[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationFailure) return error.errors;
    throw error;
  }
  throw new Error('expected a ValidationFailure');
}

/** Runs an ad-hoc validator (rules in order) and returns its 422 error list ([] when it passes). */
export function validate(
  data: unknown,
  rules: Record<string, string> | [string, string][],
  options: ValidatorOptions = {},
): FieldError[] {
  const entries = Array.isArray(rules) ? rules : Object.entries(rules);
  const validator = new Validator(data, entries, { customRules: CUSTOM_RULES, ...options });
  validator.passes();
  return validator.errors();
}

/** Shorthand for one expected error. */
export const err = (code: string, detail: string, field: string): FieldError => ({ code, detail, field });
