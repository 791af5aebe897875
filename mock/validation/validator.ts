/**
 * Illuminate\Validation\Validator (Laravel 5.7.14) as the panel's FormRequests use it:
 * - attributes are validated in rule order, each attribute's rules in order;
 * - a rule is skipped on an absent attribute (or a blank string) unless it is implicit
 *   (required, required_with/without…, present, filled, accepted); a present `null` is validated;
 * - `sometimes`: the attribute's rules run only when the key is in the data;
 * - `nullable`: non-implicit rules are skipped while the value is null;
 * - unique / exists are skipped once the attribute already has an error;
 * - an attribute stops at its first failure with `bail`, or after a failed implicit rule;
 * - messages are de-duplicated per attribute (MessageBag), while every failed rule is recorded,
 *   and the panel's handler pairs the two lists by position to build `{code, detail, field}`.
 */
import type { FieldError } from '../errors/panel-error.ts';
import type { PanelStore } from '../store/panel-store.ts';
import { arrGet, arrHas, gatherData, MISSING, parseData, valueAt } from './arr.ts';
import { displayableAttribute, primaryAttribute, type NamingContext } from './attribute-names.ts';
import { messageLine, replaceAttribute, replaceParameters, SIZE_RULES, strReplace, type SizeType } from './messages.ts';
import { phpBoolCast, phpStringCast } from '../php-coercion.ts';
import { isPhpArray, isScalar, phpKeyExists, phpKeyGet, phpTrim } from './php.ts';
import { unknownRule } from './php-errors.ts';
import { explodeRules, parseRule, type RuleSpec } from './rule-parser.ts';
import { lookupRule } from './rule-table.ts';
import { IMPLICIT_RULES } from './rules-presence.ts';
import { NUMERIC_RULES } from './rules-types.ts';
import { snake } from './str.ts';
import type { CustomRule, RuleContext, RuleItem } from './types.ts';

/** Rules whose parameters name other fields; a wildcard attribute fills their `*` with its keys. */
const DEPENDENT_RULES = [
  'RequiredWith', 'RequiredWithAll', 'RequiredWithout', 'RequiredWithoutAll', 'RequiredIf', 'RequiredUnless',
  'Confirmed', 'Same', 'Different', 'Unique', 'Before', 'After', 'BeforeOrEqual', 'AfterOrEqual', 'Gt', 'Lt', 'Gte', 'Lte',
];

/** The panel handler's prefix for its own rule classes (`Pterodactyl\Rules\X` → `p_x`). */
const PTERODACTYL_RULE_STRING = 'pterodactyl\\_rules\\_';

export interface ValidatorOptions {
  /** attributes(): custom names for messages, by attribute or wildcard key. */
  labels?: Readonly<Record<string, string>>;
  /** The presence verifier's database (unique / exists). */
  store?: PanelStore;
  /** Rule objects by the token that stands for them in rule strings (`p_username`). */
  customRules?: ReadonlyMap<string, CustomRule>;
}

export class Validator implements RuleContext, NamingContext {
  readonly data: unknown;
  readonly store: PanelStore | undefined;
  readonly labels: Readonly<Record<string, string>>;
  rules = new Map<string, RuleItem[]>();
  implicitAttributes = new Map<string, string[]>();
  private readonly customRules: ReadonlyMap<string, CustomRule>;
  private messages = new Map<string, string[]>();
  /** attribute → failed rule (Studly name or rule class) → its parameters, in failure order. */
  private failedRules = new Map<string, Map<string, string[]>>();
  private ran = false;

  constructor(data: unknown, rules: Iterable<[string, RuleSpec]>, options: ValidatorOptions = {}) {
    this.data = parseData(data);
    this.store = options.store;
    this.labels = options.labels ?? {};
    this.customRules = options.customRules ?? new Map();
    this.addRules(rules);
  }

  /** Validator::addRules: expand, then merge (existing keys get the new rules appended). */
  addRules(rules: Iterable<[string, RuleSpec]>): void {
    const exploded = explodeRules(rules, this.data, this.customRules);
    for (const [attribute, items] of exploded.rules) this.rules.set(attribute, [...(this.rules.get(attribute) ?? []), ...items]);
    for (const [key, attributes] of exploded.implicitAttributes) this.implicitAttributes.set(key, attributes);
    this.ran = false;
  }

  /**
   * Validator::sometimes: add rules when the callback, given the top-level input (a Fluent), says so.
   * `truthy(input.deploy)` is how the panel's withValidator() conditions read.
   */
  sometimes(attributes: string | string[], rules: RuleSpec, callback: (input: FluentInput) => boolean): this {
    if (callback(new FluentInput(this.data))) {
      for (const attribute of Array.isArray(attributes) ? attributes : [attributes]) this.addRules([[attribute, rules]]);
    }
    return this;
  }

  passes(): boolean {
    this.messages = new Map();
    this.failedRules = new Map();
    for (const [attribute, items] of this.rules) {
      for (const item of items) {
        this.validateAttribute(attribute, item);
        if (this.shouldStopValidating(attribute)) break;
      }
    }
    this.ran = true;
    return this.messages.size === 0;
  }

  fails(): boolean {
    return !this.passes();
  }

  /** The panel's 422 error list: one entry per message, its code the failed rule at that position. */
  errors(): FieldError[] {
    if (!this.ran) this.passes();
    const codes = new Map<string, string[]>();
    for (const [attribute, reasons] of this.failedRules) {
      codes.set(attribute.replace(/\./g, '_'), [...reasons.keys()].map((reason) => snake(reason)));
    }
    const out: FieldError[] = [];
    for (const [field, messages] of this.messages) {
      const fieldCodes = codes.get(field.replace(/\./g, '_')) ?? [];
      messages.forEach((detail, i) => {
        out.push({ code: (fieldCodes[i] ?? '').split(PTERODACTYL_RULE_STRING).join('p_'), detail, field });
      });
    }
    return out;
  }

  /** Validator::failed(): attribute → failed rule names (Studly, or rule class names). */
  failed(): Map<string, string[]> {
    if (!this.ran) this.passes();
    return new Map([...this.failedRules].map(([attribute, reasons]) => [attribute, [...reasons.keys()]]));
  }

  /* ---------------------------------------------------------------------------------------- */
  /* RuleContext                                                                               */
  /* ---------------------------------------------------------------------------------------- */

  getValue(attribute: string): unknown {
    return valueAt(this.data, attribute);
  }

  hasValue(attribute: string): boolean {
    return arrHas(this.data, attribute);
  }

  hasRule(attribute: string, rules: readonly string[]): boolean {
    const items = this.rules.get(attribute);
    if (!items) return false;
    return items.some((item) => {
      const { rule } = parseRule(item);
      return typeof rule === 'string' && rules.includes(rule);
    });
  }

  isWildcardAttribute(attribute: string): boolean {
    for (const parsed of this.implicitAttributes.values()) if (parsed.includes(attribute)) return true;
    return false;
  }

  /* ---------------------------------------------------------------------------------------- */
  /* One rule of one attribute                                                                 */
  /* ---------------------------------------------------------------------------------------- */

  private validateAttribute(attribute: string, item: RuleItem): void {
    const parsed = parseRule(item);
    const { rule } = parsed;
    let { parameters } = parsed;
    if (rule === '') return;
    if (typeof rule === 'string' && DEPENDENT_RULES.includes(rule)) {
      const keys = this.explicitKeys(attribute);
      if (keys.length > 0) parameters = parameters.map((p) => keys.reduce((acc, key) => acc.replace('*', key), p));
    }
    const value = this.getValue(attribute);
    const validatable = this.isValidatable(rule, attribute, value);
    if (typeof rule !== 'string') {
      if (validatable && !rule.passes(attribute, value)) {
        this.recordFailure(attribute, rule.className, []);
        this.addMessage(attribute, this.makeReplacements(rule.message(), attribute, rule.className, []));
      }
      return;
    }
    const lookup = lookupRule(rule);
    if (lookup.kind === 'unknown') throw unknownRule(rule);
    if (lookup.kind === 'unmodelled') throw new Error(`the mock does not model Laravel's "${snake(rule)}" validation rule`);
    if (validatable && !lookup.fn(this, attribute, value, parameters)) this.addFailure(attribute, rule, parameters);
  }

  private explicitKeys(attribute: string): string[] {
    const primary = primaryAttribute(this, attribute);
    const pattern = new RegExp(`^${primary.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('([^.]+)')}`);
    const match = pattern.exec(attribute);
    return match ? match.slice(1) : [];
  }

  private isImplicit(rule: string | CustomRule): boolean {
    return typeof rule === 'string' && IMPLICIT_RULES.includes(rule);
  }

  private isValidatable(rule: string | CustomRule, attribute: string, value: unknown): boolean {
    return (
      this.presentOrRuleIsImplicit(rule, attribute, value) &&
      this.passesOptionalCheck(attribute) &&
      this.isNotNullIfMarkedAsNullable(rule, attribute) &&
      this.hasNotFailedPreviousRuleIfPresenceRule(rule, attribute)
    );
  }

  private presentOrRuleIsImplicit(rule: string | CustomRule, attribute: string, value: unknown): boolean {
    if (typeof value === 'string' && phpTrim(value) === '') return this.isImplicit(rule);
    return this.hasValue(attribute) || this.isImplicit(rule);
  }

  /** `sometimes`: the key must be in the data (a nested key whose value is a non-empty array is not). */
  private passesOptionalCheck(attribute: string): boolean {
    if (!this.hasRule(attribute, ['Sometimes'])) return true;
    return gatherData(attribute, this.data).has(attribute) || (isPhpArray(this.data) && phpKeyExists(this.data, attribute));
  }

  private isNotNullIfMarkedAsNullable(rule: string | CustomRule, attribute: string): boolean {
    if (this.isImplicit(rule) || !this.hasRule(attribute, ['Nullable'])) return true;
    const value = arrGet(this.data, attribute);
    return value === MISSING || value !== null;
  }

  private hasNotFailedPreviousRuleIfPresenceRule(rule: string | CustomRule, attribute: string): boolean {
    return rule === 'Unique' || rule === 'Exists' ? !this.messages.has(attribute) : true;
  }

  private shouldStopValidating(attribute: string): boolean {
    if (this.hasRule(attribute, ['Bail'])) return this.messages.has(attribute);
    const failed = this.failedRules.get(attribute);
    return (
      this.hasRule(attribute, IMPLICIT_RULES) && failed !== undefined && [...failed.keys()].some((rule) => IMPLICIT_RULES.includes(rule))
    );
  }

  /* ---------------------------------------------------------------------------------------- */
  /* Messages                                                                                  */
  /* ---------------------------------------------------------------------------------------- */

  private addFailure(attribute: string, rule: string, parameters: string[]): void {
    this.addMessage(attribute, this.makeReplacements(this.getMessage(attribute, rule), attribute, rule, parameters));
    this.recordFailure(attribute, rule, parameters);
  }

  private recordFailure(attribute: string, rule: string, parameters: string[]): void {
    const reasons = this.failedRules.get(attribute) ?? new Map<string, string[]>();
    reasons.set(rule, parameters);
    this.failedRules.set(attribute, reasons);
  }

  /** MessageBag::add: a message already listed for the attribute is not added again. */
  private addMessage(attribute: string, message: string): void {
    const list = this.messages.get(attribute) ?? [];
    if (!list.includes(message)) list.push(message);
    this.messages.set(attribute, list);
  }

  private getMessage(attribute: string, rule: string): string {
    return messageLine(rule, SIZE_RULES.has(rule) ? this.attributeType(attribute) : 'string');
  }

  /** getAttributeType: from the attribute's rules, not its value. */
  private attributeType(attribute: string): SizeType {
    if (this.hasRule(attribute, NUMERIC_RULES)) return 'numeric';
    if (this.hasRule(attribute, ['Array'])) return 'array';
    return 'string';
  }

  private makeReplacements(message: string, attribute: string, rule: string, parameters: string[]): string {
    let out = replaceAttribute(message, displayableAttribute(this, attribute));
    const actual = this.getValue(attribute);
    if (actual === null || isScalar(actual)) out = strReplace(out, [':input'], [phpStringCast(actual)]);
    return replaceParameters(out, rule, parameters, (other) => displayableAttribute(this, other));
  }
}

/** Illuminate\Support\Fluent over the validator's data, as `sometimes()` callbacks receive it. */
export class FluentInput {
  constructor(private readonly data: unknown) {}

  /** `$input->key`: the top-level value, or null. */
  get(key: string): unknown {
    return isPhpArray(this.data) && phpKeyExists(this.data, key) ? phpKeyGet(this.data, key) : null;
  }

  /** PHP truthiness of `$input->key`. */
  truthy(key: string): boolean {
    return phpBoolCast(this.get(key));
  }
}
