import type { Violation } from '../violation.ts';
import { type CheckedResponse, violation } from './check-context.ts';

/** The answer has the status the behaviour requires. */
export function checkStatus(subject: CheckedResponse, expected: number): Violation[] {
  return subject.response.status === expected ? [] : [violation(subject, 'status', '', String(expected), String(subject.response.status))];
}
