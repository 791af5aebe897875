import type { RecordedResponse } from '../exchange.ts';
import { describeValue, type Violation, type ViolationKind } from '../violation.ts';

/** What every check receives: the operation (when known) and the recorded answer. */
export interface CheckedResponse {
  operationId: string | undefined;
  response: RecordedResponse;
}

export function violation(subject: CheckedResponse, kind: ViolationKind, pointer: string, expected: string, actual: unknown): Violation {
  return {
    operationId: subject.operationId ?? '(no operation)',
    status: subject.response.status,
    kind,
    pointer,
    expected,
    actual: typeof actual === 'string' && kind !== 'body' ? actual : describeValue(actual),
  };
}

export function bodyOf(subject: CheckedResponse): unknown {
  try {
    return subject.response.rawBody ? JSON.parse(subject.response.rawBody) : undefined;
  } catch {
    return undefined;
  }
}

export function at(value: unknown, ...path: (string | number)[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}
