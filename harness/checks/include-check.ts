import type { Violation } from '../violation.ts';
import { at, bodyOf, type CheckedResponse, violation } from './check-context.ts';

export type IncludeExpectation = 'rendered' | 'null_resource' | 'absent';

/**
 * An include on an item, or on every item of a list: rendered (the key may read it), the
 * null_resource (it may not; never an error), or absent (not requested or unknown).
 */
export function checkInclude(subject: CheckedResponse, name: string, expectation: IncludeExpectation): Violation[] {
  const body = bodyOf(subject);
  const items = at(body, 'object') === 'list' ? ((at(body, 'data') as unknown[]) ?? []) : [body];
  const base = at(body, 'object') === 'list' ? '/data' : '';
  const out: Violation[] = [];
  items.forEach((item, i) => {
    const pointer = `${base}${base ? `/${i}` : ''}/attributes/relationships/${name}`;
    const value = at(item, 'attributes', 'relationships', name);
    const isNull = at(value, 'object') === 'null_resource' && at(value, 'attributes') === null;
    if (expectation === 'absent' && value !== undefined) out.push(violation(subject, 'include', pointer, 'absent', value));
    if (expectation === 'null_resource' && !isNull) out.push(violation(subject, 'include', pointer, '{"object":"null_resource","attributes":null}', value));
    if (expectation === 'rendered' && (value === undefined || value === null || isNull)) out.push(violation(subject, 'include', pointer, 'the included resource', value ?? 'absent'));
  });
  return out;
}
