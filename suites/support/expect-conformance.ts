import { checkFreshTimestamps, checkRateLimitReset, type TimestampField } from '../../harness/checks/clock-check.ts';
import { checkDebugShape, checkError, checkValidationErrors, type ExpectedError, type ExpectedFieldError } from '../../harness/checks/error-check.ts';
import { checkInclude, type IncludeExpectation } from '../../harness/checks/include-check.ts';
import { checkPagination, type ExpectedPage } from '../../harness/checks/pagination-check.ts';
import { checkBearerChallenge, checkNoRateLimitHeaders, checkOwnWindow, checkRateLimitHeaders, checkThrottled } from '../../harness/checks/rate-limit-check.ts';
import { checkStatus } from '../../harness/checks/status-check.ts';
import { ConformanceError, violationRecord, where } from '../../harness/failure.ts';
import type { PanelExchange } from '../../harness/panel-client.ts';
import { redactExchange, redactViolations } from '../../harness/redaction.ts';
import type { ResponseContract } from '../../harness/response-contract.ts';
import type { Violation } from '../../harness/violation.ts';
import { formatViolations } from '../../harness/violation-report.ts';

export { ConformanceError };

/**
 * Assertions on one exchange. Every answer to a spec operation is first checked against the spec
 * (status documented, headers, content type, body schema); the chained calls add what the
 * behaviour itself requires. Failures are one readable message with a redacted curl line.
 */
export class ExchangeAssertion {
  constructor(
    readonly exchange: PanelExchange,
    private readonly contract: ResponseContract,
    private readonly secrets: readonly string[],
    panelDebug: boolean,
  ) {
    if (exchange.operationId) this.fail(this.contract.check(exchange.operationId, exchange.response).filter((v) => !isOtherLimitValue(v)), 'contract');
    this.fail(checkDebugShape(this.subject, panelDebug), 'contract');
    // Every 429, wherever it comes from: a client waits until X-RateLimit-Reset, so it must be Date + Retry-After, ahead.
    if (exchange.response.status === 429) this.fail(checkRateLimitReset(this.subject, Date.now()), 'contract');
  }

  status(expected: number): this {
    return this.fail(checkStatus(this.subject, expected));
  }

  error(expected: ExpectedError): this {
    return this.fail(checkError(this.subject, expected));
  }

  validation(...expected: ExpectedFieldError[]): this {
    return this.fail(checkValidationErrors(this.subject, expected));
  }

  paginated(expected: ExpectedPage): this {
    return this.fail(checkPagination(this.subject, expected));
  }

  include(name: string, expectation: IncludeExpectation): this {
    return this.fail(checkInclude(this.subject, name, expectation));
  }

  rateLimitHeaders(limit: number, previousRemaining?: number): this {
    return this.fail(checkRateLimitHeaders(this.subject, limit, previousRemaining));
  }

  /** Admitted by a window of its own right after another API's window was spent (checkOwnWindow). */
  ownWindow(limit: number): this {
    return this.fail(checkOwnWindow(this.subject, limit));
  }

  noRateLimitHeaders(): this {
    return this.fail(checkNoRateLimitHeaders(this.subject));
  }

  throttled(limit: number): this {
    return this.fail(checkThrottled(this.subject, limit));
  }

  /**
   * The resource was written by this very request: its timestamps agree with the answer's Date.
   * `created_at` and `updated_at` after a creation, `updated_at` after a change (only a change that
   * alters a column moves it).
   */
  freshTimestamps(...fields: TimestampField[]): this {
    return this.fail(checkFreshTimestamps(this.subject, fields));
  }

  bearerChallenge(): this {
    return this.fail(checkBearerChallenge(this.subject));
  }

  /** The parsed body, for behaviour-specific comparisons. */
  get json(): any { // any: bodies are checked by the spec first
    return this.exchange.json;
  }

  private get subject() {
    return { operationId: this.exchange.operationId, response: this.exchange.response };
  }

  /**
   * `contract`: the spec's own checks, run on every answer; `behaviour`: what the behaviour adds
   * (a status, an error code, a page…).
   */
  private fail(violations: Violation[], kind: 'contract' | 'behaviour' = 'behaviour'): this {
    if (violations.length === 0) return this;
    // The message and the violations kept on the error (vitest prints and serializes both) are redacted.
    const redacted = redactExchange(this.exchange, this.secrets);
    const safe = redactViolations(violations, this.secrets);
    const message = formatViolations(violations, redacted, this.secrets);
    throw new ConformanceError(message, safe, {
      kind,
      code: 'PTERO_CONFORMANCE',
      ...where({ ...redacted, operationId: this.exchange.operationId }, this.secrets),
      violations: safe.map(violationRecord),
      message,
    });
  }
}

/**
 * A panel whose limits were changed answers every request with another X-RateLimit-Limit. That is
 * one deviation, so it is reported once, by the rate-limit behaviours that check the value
 * (`rateLimitHeaders`), not by every behaviour's spec check; a missing or non-numeric header still is.
 */
function isOtherLimitValue(v: Violation): boolean {
  return v.kind === 'header' && v.pointer === '/headers/x-ratelimit-limit' && /^\d+$/.test(v.actual);
}
