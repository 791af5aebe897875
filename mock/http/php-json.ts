export interface PhpJsonOptions {
  /** JSON_PRETTY_PRINT: four-space indentation, `": "` separators (PHP style). */
  pretty?: boolean;
  /** PHP escapes `/` as `\/` unless JSON_UNESCAPED_SLASHES is given. */
  escapeSlashes?: boolean;
}

const NON_ASCII_ALL = /[\u007f-\uffff]/g;

/**
 * JSON as PHP's json_encode writes it: success bodies, 422s and DisplayExceptions escape slashes
 * and are compact; framework-rendered errors are pretty-printed with unescaped slashes.
 */
export function phpJson(value: unknown, options: PhpJsonOptions = {}): string {
  if (value instanceof EncodedJson) {
    if (options.pretty || options.escapeSlashes === false) throw new Error('EncodedJson is compact with escaped slashes');
    return value.text;
  }
  let text = options.pretty ? JSON.stringify(value, null, 4) : JSON.stringify(value);
  if (text === undefined) text = 'null';
  // Most bodies have neither: a test is one scan, a replace with a callback costs far more.
  if ((options.escapeSlashes ?? true) && text.includes('/')) text = text.replaceAll('/', '\\/');
  // PHP escapes non-ASCII as \uXXXX by default (no JSON_UNESCAPED_UNICODE).
  // ASCII only (UTF-8 length = UTF-16 length) and no DEL: nothing to escape. Far cheaper than a regex scan.
  if (Buffer.byteLength(text, 'utf8') === text.length && !text.includes('\u007f')) return text;
  return text.replace(NON_ASCII_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A body already encoded as phpJson encodes by default (compact, slashes and non-ASCII escaped), so
 * that it can be assembled from pieces encoded once (mock/transform/row-json.ts). Only a whole body:
 * JSON.stringify cannot splice text into an enclosing value.
 */
export class EncodedJson {
  constructor(readonly text: string) {}

  toJSON(): never {
    throw new Error('an EncodedJson is a whole body, not a value inside one');
  }
}
