/**
 * Hashids (the v1 algorithm of hashids/hashids, which the panel wraps as Pterodactyl\Extensions\Hashids):
 * the client API's database ids are `encode(id)` with the panel's HASHIDS_SALT, minimum length
 * HASHIDS_LENGTH (8) and the default alphabet (v1.11.8:config/hashids.php#L1-L17), and route binding decodes them.
 */

const DEFAULT_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890';
const DEFAULT_SEPARATORS = 'cfhistuCFHISTU';
const SEPARATOR_DIV = 3.5;
const GUARD_DIV = 12;

function shuffle(alphabet: string, salt: string): string {
  if (salt.length === 0) return alphabet;
  const chars = [...alphabet];
  for (let i = chars.length - 1, v = 0, p = 0; i > 0; i -= 1, v += 1) {
    v %= salt.length;
    const integer = salt.charCodeAt(v);
    p += integer;
    const j = (integer + v + p) % i;
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}

function toAlphabet(input: number, alphabet: string): string {
  let id = '';
  let rest = input;
  do {
    id = alphabet[rest % alphabet.length] + id;
    rest = Math.floor(rest / alphabet.length);
  } while (rest > 0);
  return id;
}

function fromAlphabet(input: string, alphabet: string): number {
  let number = 0;
  for (const char of input) number = number * alphabet.length + alphabet.indexOf(char);
  return number;
}

export class Hashids {
  private readonly alphabet: string;
  private readonly separators: string;
  private readonly guards: string;

  constructor(private readonly salt = '', private readonly minLength = 0, alphabetInput = DEFAULT_ALPHABET) {
    const unique = [...new Set(alphabetInput)];
    let separators = [...DEFAULT_SEPARATORS].filter((char) => unique.includes(char)).join('');
    let alphabet = unique.filter((char) => !DEFAULT_SEPARATORS.includes(char)).join('');
    separators = shuffle(separators, salt);
    if (separators.length === 0 || alphabet.length / separators.length > SEPARATOR_DIV) {
      const separatorsLength = Math.ceil(alphabet.length / SEPARATOR_DIV);
      if (separatorsLength > separators.length) {
        const diff = separatorsLength - separators.length;
        separators += alphabet.slice(0, diff);
        alphabet = alphabet.slice(diff);
      }
    }
    alphabet = shuffle(alphabet, salt);
    const guardCount = Math.ceil(alphabet.length / GUARD_DIV);
    if (alphabet.length < 3) {
      this.guards = separators.slice(0, guardCount);
      separators = separators.slice(guardCount);
    } else {
      this.guards = alphabet.slice(0, guardCount);
      alphabet = alphabet.slice(guardCount);
    }
    this.alphabet = alphabet;
    this.separators = separators;
  }

  encode(...numbers: number[]): string {
    if (numbers.length === 0 || numbers.some((n) => !Number.isSafeInteger(n) || n < 0)) return '';
    let alphabet = this.alphabet;
    const numbersId = numbers.reduce((sum, n, i) => sum + (n % (i + 100)), 0);
    const lottery = alphabet[numbersId % alphabet.length] as string;
    let result = lottery;
    numbers.forEach((n, i) => {
      alphabet = shuffle(alphabet, `${lottery}${this.salt}${alphabet}`.slice(0, alphabet.length));
      const last = toAlphabet(n, alphabet);
      result += last;
      if (i + 1 < numbers.length) result += this.separators[(n % (last.charCodeAt(0) + i)) % this.separators.length];
    });
    if (result.length < this.minLength) {
      result = this.guards[(numbersId + result.charCodeAt(0)) % this.guards.length] + result;
      if (result.length < this.minLength) result += this.guards[(numbersId + result.charCodeAt(2)) % this.guards.length];
    }
    const half = Math.floor(alphabet.length / 2);
    while (result.length < this.minLength) {
      alphabet = shuffle(alphabet, alphabet);
      result = alphabet.slice(half) + result + alphabet.slice(0, half);
      const excess = result.length - this.minLength;
      if (excess > 0) result = result.slice(Math.floor(excess / 2), Math.floor(excess / 2) + this.minLength);
    }
    return result;
  }

  /** The numbers behind an id, or [] when it is not one this instance made (re-encoding must give it back). */
  decode(id: string): number[] {
    if (id === '') return [];
    const guarded = id.split(new RegExp(`[${escapeClass(this.guards)}]`));
    const core = guarded.length === 3 || guarded.length === 2 ? (guarded[1] as string) : (guarded[0] as string);
    if (core === '') return [];
    const lottery = core[0] as string;
    let alphabet = this.alphabet;
    const numbers: number[] = [];
    for (const part of core.slice(1).split(new RegExp(`[${escapeClass(this.separators)}]`))) {
      alphabet = shuffle(alphabet, `${lottery}${this.salt}${alphabet}`.slice(0, alphabet.length));
      if ([...part].some((char) => !alphabet.includes(char))) return [];
      numbers.push(fromAlphabet(part, alphabet));
    }
    return this.encode(...numbers) === id ? numbers : [];
  }
}

function escapeClass(chars: string): string {
  return chars.replace(/[-\\\]^]/g, '\\$&');
}
