export interface PhpJsonOptions {
  /** JSON_PRETTY_PRINT: four-space indentation, `": "` separators (PHP style). */
  pretty?: boolean;
  /** PHP escapes `/` as `\/` unless JSON_UNESCAPED_SLASHES is given. */
  escapeSlashes?: boolean;
}

/**
 * JSON as PHP's json_encode writes it: success bodies, 422s and DisplayExceptions escape slashes
 * and are compact; framework-rendered errors are pretty-printed with unescaped slashes.
 */
export function phpJson(value: unknown, options: PhpJsonOptions = {}): string {
  let text = options.pretty ? JSON.stringify(value, null, 4) : JSON.stringify(value);
  if (text === undefined) text = 'null';
  if (options.escapeSlashes ?? true) text = text.replace(/\//g, '\\/');
  // PHP escapes non-ASCII as \uXXXX by default (no JSON_UNESCAPED_UNICODE).
  return text.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
