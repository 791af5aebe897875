import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { setting, settings, type SettingsSource } from './run-config.ts';

/**
 * YAML files parsed once per content, not once per process: the spec takes ~0.5 s to parse as YAML
 * and 10 ms as JSON, and a run parses it in several processes. The parsed form is kept as JSON
 * under the user's cache directory (XDG_CACHE_HOME or ~/.cache), named by the SHA-256 of the text,
 * so an edited file is parsed again. Set PTERO_PARSE_CACHE=0 to parse every time. Any cache
 * problem (no home, read-only disk, a damaged entry) falls back to parsing: the cache only saves time.
 */
const FORMAT = 'yaml-json-1';

export function cacheDirectory(source: SettingsSource = settings()): string | undefined {
  if (setting('PTERO_PARSE_CACHE', source) === '0') return undefined;
  const base = setting('XDG_CACHE_HOME', source) || (homedir() ? join(homedir(), '.cache') : '');
  return base ? join(base, 'pterodactyl-conformance') : undefined;
}

/** The text's cache key: what it says, and the format the entry is written in. */
export function contentKey(text: string): string {
  return createHash('sha256').update(FORMAT).update('\0').update(text).digest('hex').slice(0, 32);
}

/** A fresh object every call (callers may mutate it). */
export function readYamlFile(path: string): unknown {
  return parseYamlCached(readFileSync(path, 'utf8'));
}

/**
 * `parser` (plain YAML parsing by default) runs only when the text is not cached; what it throws is
 * thrown. A stricter parser names itself (`kind`), so a text only it rejects is never taken from an
 * entry the plain parser wrote.
 */
export function parseYamlCached(text: string, parser: (text: string) => unknown = parse, kind = 'yaml'): unknown {
  const dir = cacheDirectory();
  const entry = dir ? join(dir, `${kind}-${contentKey(text)}.json`) : undefined;
  if (entry) {
    try {
      return JSON.parse(readFileSync(entry, 'utf8')) as unknown;
    } catch {
      // Not cached yet (or damaged): parse below and write it.
    }
  }
  const value: unknown = parser(text);
  if (entry && dir) writeEntry(dir, entry, JSON.stringify(value));
  return value;
}

/** Whether a marker for this text exists (e.g. "this spec text was validated"). */
export function hasMarker(kind: string, text: string): boolean {
  const dir = cacheDirectory();
  if (!dir) return false;
  try {
    return statSync(join(dir, `${kind}-${contentKey(text)}`)).isFile();
  } catch {
    return false;
  }
}

export function setMarker(kind: string, text: string): void {
  const dir = cacheDirectory();
  if (dir) writeEntry(dir, join(dir, `${kind}-${contentKey(text)}`), '');
}

/** Written beside, then renamed: processes reading at the same time see the whole entry or none. */
function writeEntry(dir: string, entry: string, content: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const temporary = `${entry}.${process.pid}.tmp`;
    writeFileSync(temporary, content, { mode: 0o600 });
    renameSync(temporary, entry);
  } catch {
    // No cache this time.
  }
}
