// How the panel decides between a JSON and an HTML error: the exception handler asks
// `$request->expectsJson()` (laravel/framework v5.7.14:src/Illuminate/Foundation/Exceptions/Handler.php#L186,
// #L219, #L237; the panel's own render() defers to it, v0.7.19:app/Exceptions/Handler.php#L140-L178).
// Every comparison below is case-sensitive, as PHP's are: `Accept: APPLICATION/JSON` gets HTML.

/**
 * Laravel's expectsJson(): `(ajax() && !pjax() && acceptsAnyContentType()) || wantsJson()`
 * (laravel/framework v5.7.14:src/Illuminate/Http/Concerns/InteractsWithContentTypes.php#L42-L57, #L126-L133).
 */
export function expectsJson(headers: Record<string, string | undefined>): boolean {
  const acceptable = acceptableOf(headers['accept']);
  const top = acceptable[0];
  // wantsJson: Str::contains($acceptable[0], ['/json', '+json']), mb_strpos, case-sensitive.
  if (top !== undefined && (top.includes('/json') || top.includes('+json'))) return true;
  const acceptsAny = acceptable.length === 0 || top === '*/*' || top === '*';
  return isAjax(headers) && !isPjax(headers) && acceptsAny;
}

// A client sends the same few Accept headers over and over; the parse is a pure function of the text.
const ACCEPT_MEMO_LIMIT = 256;
const acceptMemo = new Map<string, readonly string[]>();

function acceptableOf(accept: string | undefined): readonly string[] {
  const key = accept ?? '';
  let acceptable = acceptMemo.get(key);
  if (acceptable === undefined) {
    acceptable = Object.freeze(acceptableContentTypes(accept));
    if (acceptMemo.size >= ACCEPT_MEMO_LIMIT) acceptMemo.clear();
    acceptMemo.set(key, acceptable);
  }
  return acceptable;
}

/** Symfony isXmlHttpRequest(): `'XMLHttpRequest' == X-Requested-With` (symfony/http-foundation v4.1.7:Request.php#L1674-L1677). */
function isAjax(headers: Record<string, string | undefined>): boolean {
  return headers['x-requested-with'] === 'XMLHttpRequest';
}

/** Laravel pjax(): `X-PJAX == true`, PHP truthiness: absent, "" and "0" are false (v5.7.14:src/Illuminate/Http/Request.php#L241-L244). */
function isPjax(headers: Record<string, string | undefined>): boolean {
  const value = headers['x-pjax'];
  return value !== undefined && value !== '' && value !== '0';
}

/**
 * Symfony's getAcceptableContentTypes(): `array_keys(AcceptHeader::fromString(Accept)->all())`
 * (symfony/http-foundation v4.1.7:Request.php#L1655-L1662): the media ranges as written (never
 * lower-cased), best `q` first, header order breaking ties; a repeated range keeps its last entry.
 */
export function acceptableContentTypes(accept: string | undefined): string[] {
  const items = new Map<string, { quality: number; index: number }>();
  let index = 0;
  // AcceptHeader::fromString (v4.1.7:AcceptHeader.php#L51-L66): split on `,`, then `;` and `=`.
  for (const subParts of splitHeader(accept ?? '', ',;=') as string[][][]) {
    const part = subParts.shift();
    // A part of separators only (`Accept: ;`) gives PHP a null value and a TypeError in
    // AcceptHeaderItem's constructor; not modelled, the part is skipped.
    if (part === undefined) continue;
    const value = part[0] ?? '';
    let quality = 1;
    // HeaderUtils::combine lower-cases attribute names; AcceptHeaderItem::setAttribute casts q with (float).
    for (const attribute of subParts) {
      if ((attribute[0] ?? '').toLowerCase() === 'q') quality = attribute.length > 1 ? phpFloat(attribute[1] ?? '') : 1;
    }
    // $this->items[$value] = $item: a repeat replaces the earlier item (its q and index).
    items.delete(value);
    items.set(value, { quality, index: index++ });
  }
  // AcceptHeader::sort (v4.1.7:AcceptHeader.php#L156-L172): q descending, then index ascending.
  return [...items.entries()].sort(([, a], [, b]) => (a.quality === b.quality ? a.index - b.index : b.quality - a.quality)).map(([value]) => value);
}

// PCRE's \s without /u: space, \t, \n, \v, \f, \r (JavaScript's \s also takes NBSP and others).
const PCRE_SPACE = new Set([' ', '\t', '\n', '\x0b', '\f', '\r']);

export interface HeaderMatch {
  text: string;
  separator: string | undefined;
}

/**
 * HeaderUtils::split (symfony/http-foundation v4.1.7:HeaderUtils.php#L43-L66, groupParts #L146-L173):
 * tokens and quoted strings around separators; empty parts (`a,,b`) vanish. Symfony matches
 * `(?!\s)(?:"(?:[^"\\]|\\.)*(?:"|\\|$)|[^"SEP]+)+(?<!\s) | \s*(?<separator>[SEP])\s*` with
 * preg_match_all; that pattern backtracks exponentially in V8 on whitespace before a separator,
 * so this scanner yields the same matches in one pass: a token is the longest run of quoted
 * strings and other non-separator characters, less its trailing whitespace.
 */
export function splitHeader(header: string, separators: string): unknown[] {
  return groupParts(headerMatches(header, separators), separators);
}

/** The matches preg_match_all finds in the trimmed header, in order. */
export function headerMatches(header: string, separators: string): HeaderMatch[] {
  const text = phpTrim(header);
  const matches: HeaderMatch[] = [];
  let pos = 0;
  while (pos < text.length) {
    const c = text[pos] as string;
    if (PCRE_SPACE.has(c) || separators.includes(c)) {
      let next = pos;
      while (next < text.length && PCRE_SPACE.has(text[next] as string)) next++;
      const separator = text[next];
      // Whitespace not followed by a separator matches nothing here; preg_match_all moves on.
      if (separator === undefined || !separators.includes(separator)) {
        pos = next > pos ? next : pos + 1;
        continue;
      }
      let end = next + 1;
      while (end < text.length && PCRE_SPACE.has(text[end] as string)) end++;
      matches.push({ text: text.slice(pos, end), separator });
      pos = end;
      continue;
    }
    let end = pos;
    let lastSolid = pos;
    while (end < text.length) {
      const ch = text[end] as string;
      if (ch === '"') {
        end = quotedEnd(text, end);
        lastSolid = end;
      } else if (separators.includes(ch)) break;
      else {
        end++;
        if (!PCRE_SPACE.has(ch)) lastSolid = end;
      }
    }
    matches.push({ text: text.slice(pos, lastSolid), separator: undefined });
    pos = lastSolid;
  }
  return matches;
}

/** Where `"(?:[^"\\]|\\.)*(?:"|\\|$)` starting at `start` ends (PCRE's `.` stops only at \n). */
function quotedEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') return i + 1;
    if (ch === '\\') {
      if (i + 1 < text.length && text[i + 1] !== '\n') i += 2;
      else return i + 1;
    } else i++;
  }
  return text.length;
}

function groupParts(matches: HeaderMatch[], separators: string): unknown[] {
  const separator = separators[0];
  const rest = separators.slice(1);
  const groups = new Map<number, typeof matches>();
  let i = 0;
  for (const match of matches) {
    if (match.separator !== undefined && match.separator === separator) i++;
    else {
      const group = groups.get(i) ?? [];
      group.push(match);
      groups.set(i, group);
    }
  }
  if (rest !== '') return [...groups.values()].map((group) => groupParts(group, rest));
  return [...groups.values()].map((group) => unquote(group[0]?.text ?? ''));
}

/** HeaderUtils::unquote: `preg_replace('/\\\\(.)|"/', '$1', $s)`; PCRE's `.` stops only at \n. */
function unquote(text: string): string {
  return text.replace(/\\([^\n])|"/g, (_m, escaped: string | undefined) => escaped ?? '');
}

/** PHP trim()'s default characters: space, \t, \n, \r, \0, \x0B. */
function phpTrim(text: string): string {
  return text.replace(/^[ \t\n\r\0\x0b]+|[ \t\n\r\0\x0b]+$/g, '');
}

/**
 * PHP's (float) cast of a string (zend_strtod): the longest decimal prefix, else 0; no hex, no
 * INF/NAN. The split above never leaves whitespace around a value.
 */
export function phpFloat(text: string): number {
  const match = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)/.exec(text);
  return match?.[1] === undefined ? 0 : Number(match[1]);
}
