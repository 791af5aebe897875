/** Illuminate\Support\Str helpers as Laravel 5.7 defines them (rule and attribute naming). */

/** PHP ucwords() with its default delimiters (space, \t, \r, \n, \f, \v); ASCII letters only. */
function ucwords(text: string): string {
  return text.replace(/(^|[ \t\r\n\f\v])([a-z])/g, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
}

/** Str::snake: `RequiredWith` → `required_with`, `limits.memory` unchanged, `daemonBase` → `daemon_base`. */
export function snake(value: string, delimiter = '_'): string {
  if (/^[a-z]+$/.test(value)) return value; // ctype_lower
  const squashed = ucwords(value).replace(/\s+/gu, '');
  return squashed.replace(/(.)(?=[A-Z])/gu, `$1${delimiter}`).toLowerCase();
}

/** Str::studly: `required_with` → `RequiredWith`, `alpha-dash` → `AlphaDash`. */
export function studly(value: string): string {
  return ucwords(value.replace(/[-_]/g, ' ')).replace(/ /g, '');
}

/** Str::ucfirst (multibyte). */
export function ucfirst(value: string): string {
  const chars = [...value];
  return (chars[0] ?? '').toUpperCase() + chars.slice(1).join('');
}
