// The checks that differ by panel profile (harness/selected-profile.ts): 0.7's one generic error detail
// and its empty pagination links `[]`; 1.x keeps an exception's own detail (its spec pins it) and
// encodes empty links as `{}`; 1.x's validation meta {source_field, rule} is not debug output.
import { afterAll, describe, expect, it } from 'vitest';
import type { RecordedResponse } from '../exchange.ts';
import { adoptRunProfile, selectedProfile } from '../selected-profile.ts';
import type { CheckedResponse } from './check-context.ts';
import { checkDebugShape, checkError, checkValidationErrors } from './error-check.ts';
import { checkPagination } from './pagination-check.ts';

const before = selectedProfile().id;
const previousEnv = process.env['PTERO_PROFILE'];
afterAll(() => {
  adoptRunProfile(before);
  if (previousEnv === undefined) delete process.env['PTERO_PROFILE'];
  else process.env['PTERO_PROFILE'] = previousEnv;
});

function subject(status: number, body: unknown): CheckedResponse {
  const response: RecordedResponse = { status, headers: { 'content-type': 'application/json' }, rawBody: JSON.stringify(body) };
  return { operationId: 'listUsers', response };
}
const lastPage = (links: unknown) => subject(200, { object: 'list', data: [{ object: 'user', attributes: {} }], meta: { pagination: { total: 1, count: 1, per_page: 50, current_page: 1, total_pages: 1, links } } });
const unauthenticated = subject(401, { errors: [{ code: 'AuthenticationException', status: '401', detail: 'Unauthenticated.' }] });

describe('checks by profile', () => {
  it('v0.7.19: the generic detail and [] links are required', () => {
    adoptRunProfile('v0.7.19');
    expect(checkError(unauthenticated, { code: 'AuthenticationException', status: 401 })).toMatchObject([{ pointer: '/errors/0/detail' }]);
    expect(checkPagination(lastPage([]), { perPage: 50, page: 1 })).toEqual([]);
    expect(checkPagination(lastPage({}), { perPage: 50, page: 1 })).toMatchObject([{ pointer: '/meta/pagination/links', expected: '[] (no previous and no next page)' }]);
  });

  it('v1.11: the exception\'s own detail passes, empty links are {} and [] deviates', () => {
    adoptRunProfile('v1.11');
    expect(checkError(unauthenticated, { code: 'AuthenticationException', status: 401 })).toEqual([]);
    expect(checkError(unauthenticated, { code: 'AccessDeniedHttpException', status: 403 })).toMatchObject([{ kind: 'status' }, { pointer: '/errors/0/code' }, { pointer: '/errors/0/status' }]);
    expect(checkPagination(lastPage({}), { perPage: 50, page: 1 })).toEqual([]);
    expect(checkPagination(lastPage([]), { perPage: 50, page: 1 })).toMatchObject([{ pointer: '/meta/pagination/links', expected: '{} (no previous and no next page)' }]);
  });

  it('a 1.x validation error\'s meta {source_field, rule} is not debug output; a trace is', () => {
    const validation = subject(422, { errors: [{ code: 'ValidationException', status: '422', detail: 'The short field is required.', meta: { source_field: 'short', rule: 'required' } }] });
    expect(checkDebugShape(validation, false)).toEqual([]);
    const traced = subject(500, { errors: [{ code: 'ErrorException', status: '500', detail: 'x', meta: { trace: [] } }] });
    expect(checkDebugShape(traced, false)).toMatchObject([{ pointer: '/errors/0/meta' }]);
  });
});

describe('validation errors by profile', () => {
  const v07 = subject(422, { errors: [{ code: 'required', status: '422', detail: 'The short field is required.', source: { field: 'short' } }] });
  const v111 = subject(422, { errors: [{ code: 'ValidationException', status: '422', detail: 'The short field is required.', meta: { source_field: 'short', rule: 'required' } }] });
  const wanted = { code: 'required', field: 'short', detail: 'The short field is required.' };

  it('v0.7.19: the rule is the code and the field source.field; the 1.x shape deviates', () => {
    adoptRunProfile('v0.7.19');
    expect(checkValidationErrors(v07, [wanted])).toEqual([]);
    expect(checkValidationErrors(v111, [wanted])).toMatchObject([{ pointer: '/errors', expected: 'an error with code "required" and source.field "short"' }]);
  });

  it('v1.11: code ValidationException, the rule and field in meta; the 0.7 shape and another code deviate', () => {
    adoptRunProfile('v1.11');
    expect(checkValidationErrors(v111, [wanted])).toEqual([]);
    expect(checkValidationErrors(v07, [wanted])).toMatchObject([{ pointer: '/errors', expected: 'an error with code "ValidationException", with meta.rule "required" and meta.source_field "short"' }]);
    const recoded = subject(422, { errors: [{ code: 'required', status: '422', detail: 'x', meta: { source_field: 'short', rule: 'required' } }] });
    expect(checkValidationErrors(recoded, [wanted])).toHaveLength(1);
    expect(checkValidationErrors(v111, [{ ...wanted, detail: 'other' }])).toMatchObject([{ pointer: '/errors/0/detail' }]);
  });
});
