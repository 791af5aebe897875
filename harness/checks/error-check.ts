import type { Violation } from '../violation.ts';
import { at, bodyOf, type CheckedResponse, violation } from './check-context.ts';

import { selectedProfile } from '../selected-profile.ts';

// 0.7's renderer replaces every detail with one text when debug is off
// (v0.7.19:app/Exceptions/Handler.php#L220-L235); 1.x keeps an HTTP exception's own message and has
// several texts (v1.11.8:app/Exceptions/Handler.php#L194-L208), which its spec's error examples
// and schemas pin per response: there the response contract checks the detail.
const GENERIC_DETAIL: Record<string, string> = { 'v0.7.19': 'An error was encountered while processing this request.' };

export interface ExpectedError {
  code: string;
  /** The HTTP status, also expected as a string in the body. */
  status: number;
  /** The exact detail, for the DisplayException family whose message shows with debug off. */
  detail?: string;
}

/** The panel's error envelope: exactly one error with this code, status as a string, and the detail. */
export function checkError(subject: CheckedResponse, expected: ExpectedError): Violation[] {
  const out: Violation[] = [];
  if (subject.response.status !== expected.status) out.push(violation(subject, 'status', '', String(expected.status), String(subject.response.status)));
  const body = bodyOf(subject);
  const errors = at(body, 'errors');
  if (!Array.isArray(errors) || errors.length !== 1) {
    out.push(violation(subject, 'error', '/errors', 'an array holding exactly one error', errors));
    return out;
  }
  const code = at(errors, 0, 'code');
  if (code !== expected.code) out.push(violation(subject, 'error', '/errors/0/code', JSON.stringify(expected.code), code));
  const status = at(errors, 0, 'status');
  if (status !== String(expected.status)) out.push(violation(subject, 'error', '/errors/0/status', `the string "${expected.status}"`, status));
  const detail = at(errors, 0, 'detail');
  const debug = at(errors, 0, 'source') !== undefined;
  if (expected.detail !== undefined && detail !== expected.detail) {
    out.push(violation(subject, 'error', '/errors/0/detail', JSON.stringify(expected.detail), detail));
  } else {
    const generic = GENERIC_DETAIL[selectedProfile().id];
    if (expected.detail === undefined && !debug && generic !== undefined && detail !== generic) {
      out.push(violation(subject, 'error', '/errors/0/detail', `the generic ${JSON.stringify(generic)} (debug off)`, detail));
    }
  }
  return out;
}

export interface ExpectedFieldError {
  code: string;
  field: string;
  detail?: string;
}

/**
 * Where a validation error names its rule and field, per profile: 0.7 puts the rule in `code` and the
 * field in `source.field` (v0.7.19:app/Exceptions/Handler.php#L188-L217); 1.x codes every entry
 * `ValidationException` and moves both to `meta` {source_field, rule} (v1.11.8:app/Exceptions/Handler.php#L150-L185),
 * with the same snake-cased rule names.
 */
const FIELD_ERROR_SHAPE: Record<string, { code?: string; rule: readonly string[]; field: readonly string[] }> = {
  'v0.7.19': { rule: ['code'], field: ['source', 'field'] },
  'v1.11': { code: 'ValidationException', rule: ['meta', 'rule'], field: ['meta', 'source_field'] },
};

/** A 422 validation envelope holding these rule failures (each by rule and field, where the profile puts them). */
export function checkValidationErrors(subject: CheckedResponse, expected: ExpectedFieldError[]): Violation[] {
  const out: Violation[] = [];
  if (subject.response.status !== 422) out.push(violation(subject, 'status', '', '422', String(subject.response.status)));
  const errors = at(bodyOf(subject), 'errors');
  if (!Array.isArray(errors)) return [...out, violation(subject, 'error', '/errors', 'an array of validation errors', errors)];
  const shape = FIELD_ERROR_SHAPE[selectedProfile().id] ?? FIELD_ERROR_SHAPE['v0.7.19']!;
  const rule = (e: unknown) => at(e, ...shape.rule);
  const field = (e: unknown) => at(e, ...shape.field);
  const named = (path: readonly string[]) => path.join('.');
  for (const wanted of expected) {
    const index = errors.findIndex((e) => rule(e) === wanted.code && field(e) === wanted.field && (shape.code === undefined || at(e, 'code') === shape.code));
    if (index === -1) {
      const seen = errors.map((e) => `${shape.code === undefined ? '' : `${String(at(e, 'code'))}:`}${String(rule(e))}@${String(field(e))}`).join(', ');
      const what = `an error${shape.code === undefined ? '' : ` with code "${shape.code}",`} with ${named(shape.rule)} "${wanted.code}" and ${named(shape.field)} "${wanted.field}"`;
      out.push(violation(subject, 'error', '/errors', what, `[${seen}]`));
    } else if (wanted.detail !== undefined && at(errors, index, 'detail') !== wanted.detail) {
      out.push(violation(subject, 'error', `/errors/${index}/detail`, JSON.stringify(wanted.detail), at(errors, index, 'detail')));
    }
  }
  return out;
}

/**
 * With APP_DEBUG off (the shipped default) no error body may carry the debug members: `source`
 * (file and line) and `meta.trace` leak the panel's code, and a framework error's detail is the
 * generic text. The spec accepts both shapes because it cannot know the setting; the run does.
 */
export function checkDebugShape(subject: CheckedResponse, panelDebug: boolean): Violation[] {
  if (panelDebug || subject.response.status < 400) return [];
  const errors = at(bodyOf(subject), 'errors');
  if (!Array.isArray(errors)) return [];
  const out: Violation[] = [];
  errors.forEach((error, i) => {
    for (const member of ['source', 'meta'] as const) {
      const value = at(error, member);
      // A validation error's source is {field} (0.7) and its meta {source_field, rule} (1.x): not debug output.
      if (value === undefined || (member === 'source' && at(value, 'field') !== undefined) || (member === 'meta' && at(value, 'source_field') !== undefined)) continue;
      out.push(violation(subject, 'error', `/errors/${i}/${member}`, `absent (APP_DEBUG is off; set PTERO_PANEL_DEBUG=1 if this panel runs with debug on)`, value));
    }
  });
  return out;
}
