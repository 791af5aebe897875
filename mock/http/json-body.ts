/**
 * A JSON request body as Laravel 5.7.14 (the panel's composer.lock at v0.7.19) reads it:
 * `new ParameterBag((array) json_decode($this->getContent(), true))`
 * (laravel/framework v5.7.14:src/Illuminate/Http/Request.php#L333-L344), PHP 7's json_decode with its
 * default depth of 512, then PHP's `(array)` cast.
 */

/**
 * PHP's json_decode depth counts the top-level value as level 1, so `depth` nested containers are
 * one too many: `json_decode('[[1]]', false, 2)` is a depth error (php-src ext/json/tests/007.phpt,
 * ext/json/json_parser.y PHP_JSON_DEPTH_INC). With the default 512, 511 nested arrays/objects
 * decode and 512 do not.
 */
export const PHP_JSON_DEFAULT_DEPTH = 512;

// PHP's scanner accepts only well-formed UTF-8 (ext/json/json_scanner.re UTF8_* classes, error
// JSON_ERROR_UTF8); the WHATWG decoder in fatal mode refuses exactly the same byte sequences.
// ignoreBOM keeps a leading BOM in the text, where JSON.parse refuses it as PHP does.
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

// A `\uD800`–`\uDFFF` escape not part of a high+low pair is JSON_ERROR_UTF16 in PHP 7
// (json_scanner.re: UTF16_3 excludes D800–DFFF, a lone UCS2 escape is an error); JSON.parse keeps it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Not decodable by PHP: json_decode returns null. */
const FAILED = Symbol('json_decode failed');

/**
 * `json_decode($raw, true)`: the decoded value, or null where PHP gives null (invalid JSON, invalid
 * UTF-8, an unpaired surrogate escape, nesting of `depth` containers or more, an empty body).
 */
export function phpJsonDecodeAssoc(raw: Buffer, depth = PHP_JSON_DEFAULT_DEPTH): unknown {
  const decoded = decode(raw, depth);
  return decoded === FAILED ? null : decoded;
}

/**
 * Laravel's JSON input bag: `(array)` of the decoded value. null (also every failed decode) is the
 * empty array; any other scalar becomes `[0 => value]` (a bare `67` is `{"0": 67}`); a list keys its
 * items 0..n-1; an object stays as it is.
 */
export function jsonInputBag(raw: Buffer): Record<string, unknown> {
  const value = phpJsonDecodeAssoc(raw);
  if (value === null) return {};
  if (Array.isArray(value)) return Object.fromEntries(value.map((item, index) => [String(index), item]));
  if (typeof value === 'object') return value as Record<string, unknown>;
  return { '0': value };
}

function decode(raw: Buffer, depth: number): unknown {
  if (raw.length === 0) return FAILED;
  let text: string;
  try {
    text = STRICT_UTF8.decode(raw);
  } catch {
    return FAILED;
  }
  // Checked before parsing: a document 10,000 deep is refused like PHP refuses it, without
  // the recursion it would cost further on.
  if (containerNesting(text) >= depth) return FAILED;
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    return FAILED;
  }
  return hasLoneSurrogate(value) ? FAILED : value;
}

/**
 * How many arrays/objects deep the document goes, counted outside strings (meaningful for valid
 * JSON only; invalid JSON fails anyway). PHP's parser starts at depth 1 and refuses to open a
 * container when the depth has reached the limit, so `depth` containers deep is too deep.
 */
function containerNesting(text: string): number {
  let level = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      level++;
      if (level > max) max = level;
    } else if (c === 0x5d || c === 0x7d) level--;
  }
  return max;
}

function hasLoneSurrogate(value: unknown): boolean {
  // Iterative: the depth check above bounds nesting, but no recursion is needed at all.
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === 'string') {
      if (LONE_SURROGATE.test(item)) return true;
    } else if (Array.isArray(item)) pending.push(...item);
    else if (item !== null && typeof item === 'object') {
      for (const [key, child] of Object.entries(item)) {
        if (LONE_SURROGATE.test(key)) return true;
        pending.push(child);
      }
    }
  }
  return false;
}
