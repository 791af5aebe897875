import { atomZoned } from '../../../transform/timestamps.ts';
import type { DbTimestamp } from './client-rows.ts';

/**
 * The panel's Fractal serializer (v1.11.8:app/Extensions/League/Fractal/Serializers/PterodactylSerializer.php#L7-L45):
 * an item is `{object, attributes}`, a collection `{object: 'list', data}`, a null resource
 * `{object: 'null_resource', attributes: null}`; includes go under `attributes.relationships`.
 */

export type Attributes = Record<string, unknown>;

export interface ItemEnvelope {
  readonly object: string;
  readonly attributes: Attributes;
}

export interface ListEnvelope {
  readonly object: 'list';
  readonly data: ItemEnvelope[];
}

export const NULL_RESOURCE = Object.freeze({ object: 'null_resource' as const, attributes: null });

export function item(object: string, attributes: Attributes): ItemEnvelope {
  return { object, attributes };
}

export function list(object: string, rows: readonly Attributes[]): ListEnvelope {
  return { object: 'list', data: rows.map((attributes) => ({ object, attributes })) };
}

/** Adds the rendered includes under `relationships`, in the order given (mergeIncludes). */
export function withRelationships(attributes: Attributes, relationships: ReadonlyArray<readonly [string, unknown]>): Attributes {
  if (relationships.length === 0) return attributes;
  return { ...attributes, relationships: Object.fromEntries(relationships) };
}

/** Carbon's toAtomString() of a model date: ISO-8601 in APP_TIMEZONE with its offset (`+00:00` for UTC, never `Z`). */
export function atom(value: DbTimestamp, timezone: string): string {
  return atomZoned(value, timezone);
}

export function atomOrNull(value: DbTimestamp | null | undefined, timezone: string): string | null {
  return value === null || value === undefined ? null : atomZoned(value, timezone);
}
