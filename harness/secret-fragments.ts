// Pieces of a known secret inside a longer text: any run of FRAGMENT_LENGTH or more characters of the
// secret, of its hex encoding (lower or upper case), of its reverse or of its base64, even with
// separators inserted (spaces, dashes, line breaks, JSON's `\n` escapes…). Redaction replaces what
// this finds and the secret scan reports it: one matcher, so the scan looks for exactly what
// redaction removes.
//
// Speed: one pass over the text with a rolling hash of the last FRAGMENT_LENGTH non-separator
// characters, looked up in the set of hashes of every FRAGMENT_LENGTH-gram of every form of every
// secret (a hit is verified character by character). The cost does not grow with the number of
// grams, unlike searching for each gram in turn.

/** The shortest piece of a secret that counts as the secret. */
export const FRAGMENT_LENGTH = 12;

export type FragmentForm = 'raw' | 'hex' | 'reversed' | 'base64';

export interface FragmentMatch {
  /** Offsets in the searched text, end exclusive; separators inside are part of the match. */
  start: number;
  end: number;
  /** Index of the secret in the list the matcher was built from. */
  secret: number;
  form: FragmentForm;
  /** Whether separators were inserted into the secret's characters. */
  split: boolean;
}

interface Gram {
  secret: number;
  form: FragmentForm;
  text: string;
}

const G = FRAGMENT_LENGTH;
const BASE = 0x01000193;
const TOP = (() => {
  let p = 1;
  for (let i = 1; i < G; i++) p = Math.imul(p, BASE);
  return p;
})();

// Characters a secret can be split by, which are skipped when comparing: whitespace, dashes and
// the punctuation people and programs put between groups of characters.
const SEPARATOR = new Uint8Array(128);
for (const c of ' \t\n\r\f\v-_.:,;|/+') SEPARATOR[c.charCodeAt(0)] = 1;
const BACKSLASH = 92;
// After a backslash, an escape that stands for a separator (or for nothing a secret is made of).
const ESCAPED_SEPARATOR = new Uint8Array(128);
for (const c of 'nrtfbv/\\') ESCAPED_SEPARATOR[c.charCodeAt(0)] = 1;

function isSeparator(code: number): boolean {
  return code < 128 && SEPARATOR[code] === 1;
}

/** A form without its separators: what the rolling hash sees. */
function skeleton(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) if (!isSeparator(text.charCodeAt(i)) && text.charCodeAt(i) !== BACKSLASH) out += text[i];
  return out;
}

function hashOf(text: string, from: number): number {
  let h = 0;
  for (let i = from; i < from + G; i++) h = (Math.imul(h, BASE) + text.charCodeAt(i)) | 0;
  return h;
}

/** The forms of a secret whose pieces are looked for. */
function formsOf(secret: string): [FragmentForm, string][] {
  const bytes = Buffer.from(secret, 'utf8');
  const hex = bytes.toString('hex');
  const forms: [FragmentForm, string][] = [
    ['raw', secret],
    ['hex', hex],
    ['hex', hex.toUpperCase()],
    ['reversed', [...secret].reverse().join('')],
  ];
  // Base64 at the three byte alignments (a secret inside a longer encoded value).
  for (let shift = 0; shift < 3; shift++) {
    // Only the characters that depend on the secret's bytes alone.
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    forms.push(['base64', encoded.slice(Math.ceil((8 * shift) / 6), Math.floor((8 * (shift + bytes.length)) / 6))]);
  }
  return forms;
}

export class FragmentMatcher {
  private readonly grams = new Map<number, Gram[]>();
  // A bit per hash bucket, checked before the map: most windows of a text hit no gram.
  private readonly buckets = new Uint8Array(1 << 17);
  // The ring of the last G characters, reused by every call (find is synchronous).
  private readonly codes = new Uint16Array(G);
  private readonly starts = new Int32Array(G);

  constructor(secrets: readonly string[]) {
    secrets.forEach((secret, index) => {
      for (const [form, text] of formsOf(secret)) {
        const bare = skeleton(text);
        for (let i = 0; i + G <= bare.length; i++) {
          const gram = bare.slice(i, i + G);
          const h = hashOf(gram, 0);
          this.buckets[(h >>> 12) & 0x1ffff] = 1;
          const list = this.grams.get(h);
          if (!list) this.grams.set(h, [{ secret: index, form, text: gram }]);
          else if (!list.some((g) => g.text === gram)) list.push({ secret: index, form, text: gram });
        }
      }
    });
  }

  get empty(): boolean {
    return this.grams.size === 0;
  }

  /** Every piece of a secret in `text`, in order; overlapping and adjacent hits of one form are one match. */
  find(text: string): FragmentMatch[] {
    const out: FragmentMatch[] = [];
    if (this.grams.size === 0 || text.length < G) return out;
    // The last G non-separator characters: their codes and where each starts in the text.
    const { codes, starts } = this;
    let filled = 0;
    let head = 0; // ring index of the oldest character
    let h = 0;
    let open: FragmentMatch | undefined;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === BACKSLASH) {
        const next = text.charCodeAt(i + 1);
        if (next < 128 && ESCAPED_SEPARATOR[next] === 1) i++;
        continue;
      }
      if (isSeparator(code)) continue;
      if (filled < G) {
        codes[filled] = code;
        starts[filled] = i;
        filled++;
        h = (Math.imul(h, BASE) + code) | 0;
        if (filled < G) continue;
      } else {
        h = (Math.imul((h - Math.imul(codes[head]!, TOP)) | 0, BASE) + code) | 0;
        codes[head] = code;
        starts[head] = i;
        head = (head + 1) % G;
      }
      if (this.buckets[(h >>> 12) & 0x1ffff] === 0) continue;
      const candidates = this.grams.get(h);
      if (!candidates) continue;
      const gram = candidates.find((g) => this.same(g.text, codes, head));
      if (!gram) continue;
      const start = starts[head]!;
      const end = i + 1;
      const split = end - start > G;
      if (open && open.secret === gram.secret && open.form === gram.form && start < open.end) {
        // Same secret, same form, overlapping window: one longer piece.
        open.end = end;
        open.split ||= split;
        continue;
      }
      open = { start, end, secret: gram.secret, form: gram.form, split };
      out.push(open);
    }
    return out;
  }

  private same(gram: string, codes: Uint16Array, head: number): boolean {
    for (let k = 0; k < G; k++) if (gram.charCodeAt(k) !== codes[(head + k) % G]) return false;
    return true;
  }
}
