import type { PanelStore } from '../store/panel-store.ts';

/**
 * A rule object (Illuminate\Contracts\Validation\Rule): validated through passes()/message(), its
 * failure recorded under its class name. The panel's only one in these APIs is Pterodactyl\Rules\Username.
 */
export interface CustomRule {
  readonly kind: 'custom';
  /** The token that stands for the object in the rule files (its __toString), e.g. `p_username`. */
  readonly token: string;
  /** Fully qualified PHP class name; the 422 `code` is derived from it. */
  readonly className: string;
  passes(attribute: string, value: unknown): boolean;
  message(): string;
}

/** One rule of an attribute after exploding `a|b|c`: a rule string (`max:255`) or a rule object. */
export type RuleItem = string | CustomRule;

/** What a rule implementation may ask of the validator running it. */
export interface RuleContext {
  /** The validator's data (after parseData). */
  readonly data: unknown;
  /** The panel database, for unique / exists (Laravel's presence verifier). */
  readonly store: PanelStore | undefined;
  /** Arr::get($data, $attribute) with a null default. */
  getValue(attribute: string): unknown;
  /** Arr::has($data, $attribute). */
  hasValue(attribute: string): boolean;
  /** Whether the attribute's rules include one of the (Studly) rule names. */
  hasRule(attribute: string, rules: readonly string[]): boolean;
  /** Whether the attribute was produced by expanding a wildcard rule key (`ports.*` → `ports.0`). */
  isWildcardAttribute(attribute: string): boolean;
}

/** A `validate{Rule}` method: true when the value passes. */
export type RuleFn = (v: RuleContext, attribute: string, value: unknown, parameters: string[]) => boolean;
