/**
 * How Laravel 5.7 names an attribute in a message (FormatsMessages::getDisplayableAttribute):
 * 1. a custom label for the attribute, else for the wildcard key it came from (`add_allocations.*`);
 *    (the panel's lang file has no `validation.attributes` lines);
 * 2. an attribute produced by a wildcard key: its raw path, underscores kept (`ports.0`);
 * 3. otherwise Str::snake of the path with `_` turned into spaces (`limits.memory`, `first name`).
 */
import { snake } from './str.ts';

export interface NamingContext {
  /** The request's attributes() (labels), keyed by attribute or wildcard key. */
  readonly labels: Readonly<Record<string, string>>;
  /** Wildcard key → the attributes it expanded to. */
  readonly implicitAttributes: ReadonlyMap<string, readonly string[]>;
}

/** getPrimaryAttribute: the wildcard key an expanded attribute came from, else itself. */
export function primaryAttribute(naming: NamingContext, attribute: string): string {
  for (const [unparsed, parsed] of naming.implicitAttributes) if (parsed.includes(attribute)) return unparsed;
  return attribute;
}

export function displayableAttribute(naming: NamingContext, attribute: string): string {
  const primary = primaryAttribute(naming, attribute);
  for (const name of attribute !== primary ? [attribute, primary] : [attribute]) {
    const label = Object.prototype.hasOwnProperty.call(naming.labels, name) ? naming.labels[name] : undefined;
    if (label !== undefined && label !== null) return label;
  }
  if (naming.implicitAttributes.has(primary)) return attribute;
  return snake(attribute).replace(/_/g, ' ');
}
