/**
 * preg_match() patterns (`/…/flags`) turned into JS RegExps, with PHP's delimiter checks and the
 * PCRE behaviours that matter for the panel's rules and egg variable rules:
 * - `$` (without the D or m modifier) also matches before a final "\n";
 * - `\A`, `\z`, `\Z`, `\h`, `\pL`-style properties, POSIX classes, the x modifier;
 * - a malformed pattern is a PHP warning, which Laravel turns into an ErrorException (500).
 * Limit: PCRE without /u works on bytes, JS on UTF-16 code units; the two agree on ASCII input.
 */

/** A PHP warning raised by preg_match(); the validator reports it as a 500 ErrorException. */
export class PhpWarning extends Error {}

const CLOSING: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<': '>' };
const KNOWN_MODIFIERS = new Set(['i', 'm', 's', 'x', 'A', 'D', 'S', 'U', 'X', 'J', 'u', ' ', '\n']);
const SYNTAX = new Set([...'^$\\.*+?()[]{}|/']);
const POSIX: Record<string, string> = {
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  xdigit: '0-9A-Fa-f',
  word: '\\w',
  punct: '!-\\/:-@\\[-`{-~',
};

const cache = new Map<string, RegExp>();

/** The RegExp preg_match() would use for `pattern`; throws PhpWarning where PHP warns. */
export function compilePcre(pattern: string, fn = 'preg_match'): RegExp {
  const cached = cache.get(pattern);
  if (cached) return cached;
  const compiled = compile(pattern, fn);
  cache.set(pattern, compiled);
  return compiled;
}

/** preg_match($pattern, $subject) > 0. */
export function pregMatch(pattern: string, subject: string): boolean {
  return compilePcre(pattern).test(subject);
}

function compile(pattern: string, fn: string): RegExp {
  const start = pattern.search(/\S/);
  if (start === -1) throw new PhpWarning(`${fn}(): Empty regular expression`);
  const delimiter = pattern[start] as string;
  if (/[A-Za-z0-9\\]/.test(delimiter)) throw new PhpWarning(`${fn}(): Delimiter must not be alphanumeric or backslash`);
  const closing = CLOSING[delimiter] ?? delimiter;
  let i = start + 1;
  let depth = 1;
  for (; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\' && i + 1 < pattern.length) {
      i++;
      continue;
    }
    if (closing !== delimiter && ch === delimiter) depth++;
    else if (ch === closing && --depth === 0) break;
  }
  if (i >= pattern.length) {
    const which = closing === delimiter ? 'No ending delimiter' : 'No ending matching delimiter';
    throw new PhpWarning(`${fn}(): ${which} '${closing}' found`);
  }
  const body = pattern.slice(start + 1, i);
  const modifiers = pattern.slice(i + 1);
  for (const m of modifiers) {
    if (m === 'e') throw new PhpWarning(`${fn}(): The /e modifier is no longer supported, use preg_replace_callback instead`);
    if (!KNOWN_MODIFIERS.has(m)) throw new PhpWarning(`${fn}(): Unknown modifier '${m}'`);
  }
  const { source, unicode } = translate(body, modifiers);
  let flags = '';
  if (modifiers.includes('i')) flags += 'i';
  if (modifiers.includes('m')) flags += 'm';
  if (modifiers.includes('s')) flags += 's';
  if (modifiers.includes('u') || unicode) flags += 'u';
  try {
    return new RegExp(source, flags);
  } catch (error) {
    throw new PhpWarning(`${fn}(): Compilation failed: ${(error as Error).message}`);
  }
}

function hexEscape(ch: string): string {
  const code = ch.codePointAt(0) as number;
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`;
  return ch.length === 1 ? `\\u${code.toString(16).padStart(4, '0')}` : ch;
}

function translate(body: string, modifiers: string): { source: string; unicode: boolean } {
  const extended = modifiers.includes('x');
  const multiline = modifiers.includes('m');
  const dollarEndOnly = modifiers.includes('D');
  let out = '';
  let inClass = false;
  let classStart = false;
  let unicode = false;
  const chars = [...body];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (ch === '\\' && i + 1 < chars.length) {
      const next = chars[++i] as string;
      classStart = false;
      if ((next === 'p' || next === 'P') && i + 1 < chars.length) {
        unicode = true;
        if (chars[i + 1] === '{') {
          const close = chars.indexOf('}', i + 1);
          out += `\\${next}${chars.slice(i + 1, close + 1).join('')}`;
          i = close;
        } else {
          out += `\\${next}{${chars[++i]}}`;
        }
      } else if (/[A-Za-z0-9]/.test(next)) {
        if (!inClass && next === 'A') out += '(?<![\\s\\S])';
        else if (!inClass && next === 'z') out += '(?![\\s\\S])';
        else if (!inClass && next === 'Z') out += '(?=\\n?(?![\\s\\S]))';
        else if (next === 'h') out += inClass ? ' \\t' : '[ \\t]';
        else if (next === 'e') out += '\\x1b';
        else out += `\\${next}`;
      } else if (SYNTAX.has(next) || (inClass && next === '-')) {
        out += `\\${next}`;
      } else {
        out += hexEscape(next);
      }
      continue;
    }
    if (inClass) {
      if (ch === '[' && chars[i + 1] === ':') {
        const match = /^\[:([a-z]+):\]/.exec(chars.slice(i, i + 12).join(''));
        const posix = match ? POSIX[match[1] as string] : undefined;
        if (match && posix !== undefined) {
          out += posix;
          i += match[0].length - 1;
          classStart = false;
          continue;
        }
      }
      if (ch === ']' && !classStart) inClass = false;
      else if (ch === '^' && classStart) {
        out += ch;
        continue;
      }
      out += ch === ']' && classStart ? '\\]' : ch;
      classStart = false;
      continue;
    }
    if (extended && /\s/.test(ch)) continue;
    if (extended && ch === '#') {
      while (i + 1 < chars.length && chars[i + 1] !== '\n') i++;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      classStart = true;
      out += ch;
      continue;
    }
    if (ch === '$' && !multiline) {
      out += dollarEndOnly ? '(?![\\s\\S])' : '(?=\\n?(?![\\s\\S]))';
      continue;
    }
    out += ch === '/' ? '\\/' : ch;
  }
  return { source: out, unicode };
}
