/**
 * PHP's json_decode as the transformers call it (v0.7.19:app/Transformers/Api/Application/EggTransformer.php#L39-L67, includeConfig #L112-L128).
 * Invalid JSON or null decodes to null.
 */

/** `json_decode($json)`: objects stay objects, so a stored `{}` is `{}` again when encoded. */
export function jsonDecodeObjects(json: string | null): unknown {
  return parse(json);
}

/**
 * `json_decode($json, true)`: objects become PHP arrays. An array whose keys are 0..n-1 in order
 * (including the empty one) encodes as a JSON list, so a stored `{}` comes out as `[]`.
 */
export function jsonDecodeAssoc(json: string | null): unknown {
  return toPhpArrays(parse(json));
}

function parse(json: string | null): unknown {
  if (json === null) return null;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return null;
  }
}

function toPhpArrays(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toPhpArrays);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const isList = entries.every(([key], index) => key === String(index));
  if (isList) return entries.map(([, v]) => toPhpArrays(v));
  return Object.fromEntries(entries.map(([k, v]) => [k, toPhpArrays(v)]));
}
