import type { ErrorObject } from 'ajv';

/**
 * The compiled checks' kinds, then the kinds of a behaviour's own checks (harness/failure.ts
 * `violate`): `value`, a value the spec allows but the behaviour does not; `state`, what the panel
 * kept (or did not) after a request; `listing`, what a search, filter, sort or page lists; `route`,
 * a documented method and path the panel does not route.
 */
export type ViolationKind =
  | 'status'
  | 'header'
  | 'content-type'
  | 'body'
  | 'pagination'
  | 'error'
  | 'rate-limit'
  | 'include'
  | 'value'
  | 'state'
  | 'listing'
  | 'route';

/** One way a response breaks the spec. */
export interface Violation {
  operationId: string;
  status: number;
  kind: ViolationKind;
  /** JSON pointer into the body, or /headers/<name> for a header. */
  pointer: string;
  expected: string;
  actual: string;
  /** For closed objects: the property names the spec does not allow. */
  unexpectedProperties?: string[];
}

const MAX_ACTUAL = 120;

export function describeValue(value: unknown): string {
  if (value === undefined) return 'absent';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_ACTUAL ? `${text.slice(0, MAX_ACTUAL)}…` : text;
}

/**
 * Ajv's errors as violations. A failed oneOf/anyOf reports every branch; only the branch that came
 * closest (fewest errors) is kept, so "links is {} instead of []" reads as one error, not five.
 */
export function violationsFromAjv(
  errors: ErrorObject[],
  base: Pick<Violation, 'operationId' | 'status' | 'kind'>,
  pointerPrefix = '',
): Violation[] {
  const kept = pruneCompositeBranches(errors);
  const unexpected = new Map<string, string[]>();
  const out: Violation[] = [];
  for (const error of kept) {
    const pointer = pointerPrefix + error.instancePath;
    if (error.keyword === 'additionalProperties') {
      const name = String((error.params as { additionalProperty: string }).additionalProperty);
      const list = unexpected.get(pointer);
      if (list) list.push(name);
      else unexpected.set(pointer, [name]);
      continue;
    }
    out.push({ ...base, pointer, expected: expectedOf(error), actual: actualOf(error) });
  }
  for (const [pointer, names] of unexpected) {
    out.push({
      ...base,
      pointer,
      expected: 'a closed object without unexpected properties',
      actual: `unexpected ${names.map((n) => JSON.stringify(n)).join(', ')}`,
      unexpectedProperties: names,
    });
  }
  return dedupe(out);
}

function pruneCompositeBranches(errors: ErrorObject[]): ErrorObject[] {
  let remaining = errors;
  const composites = errors
    .filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf')
    .sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  for (const composite of composites) {
    if (!remaining.includes(composite)) continue;
    const prefix = composite.schemaPath + '/';
    const byBranch = new Map<string, ErrorObject[]>();
    for (const e of remaining) {
      if (!e.schemaPath.startsWith(prefix)) continue;
      const branch = e.schemaPath.slice(prefix.length).split('/')[0] ?? '';
      const list = byBranch.get(branch);
      if (list) list.push(e);
      else byBranch.set(branch, [e]);
    }
    if (byBranch.size === 0) continue; // e.g. several branches matched: keep the composite's own error
    const best = [...byBranch.values()].sort((a, b) => a.length - b.length)[0] ?? [];
    remaining = remaining.filter((e) => e === composite ? false : !e.schemaPath.startsWith(prefix) || best.includes(e));
  }
  return remaining;
}

function expectedOf(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return String(p['type']);
    case 'enum':
      return `one of ${describeValue(p['allowedValues'])}`;
    case 'const':
      return describeValue(p['allowedValue']);
    case 'required':
      return `property "${String(p['missingProperty'])}"`;
    case 'pattern':
      return `a string matching ${String(p['pattern'])}`;
    case 'format':
      return `a string in format ${String(p['format'])}`;
    default:
      return error.message ?? error.keyword;
  }
}

function actualOf(error: ErrorObject): string {
  if (error.keyword === 'required') return 'absent';
  return describeValue(error.data);
}

function dedupe(violations: Violation[]): Violation[] {
  const seen = new Set<string>();
  return violations.filter((v) => {
    const key = `${v.kind}|${v.pointer}|${v.expected}|${v.actual}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
