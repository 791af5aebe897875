import type { DbTimestamp } from '../store/rows.ts';

/**
 * Timestamp formats of the transformers (v0.7.19:app/Transformers/Api/Application/BaseTransformer.php#L109-L114). Rows store `YYYY-MM-DD HH:MM:SS` in UTC.
 * - `atomUtc`: BaseTransformer::formatTimestamp, ISO-8601 in UTC with `+00:00` (never `Z`);
 * - `atomZoned`: ServerDatabase / DatabaseHost transformers, ISO-8601 in APP_TIMEZONE with its offset;
 * - `rawZoned`: raw model arrays (egg and server variables), `YYYY-MM-DD HH:MM:SS` in APP_TIMEZONE.
 */

const DB_FORMAT = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** Milliseconds since the epoch of a stored UTC timestamp. */
export function dbTimestampToMs(value: DbTimestamp): number {
  const match = DB_FORMAT.exec(value);
  if (!match) throw new Error(`not a database timestamp: ${JSON.stringify(value)}`);
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** atomUtc's answers by stored value: every list renders the same timestamps again (bounded, cleared when full). */
const atomUtcMemo = new Map<string, string>();
const ATOM_UTC_MEMO_LIMIT = 50_000;

export function atomUtc(value: DbTimestamp): string {
  let formatted = atomUtcMemo.get(value);
  if (formatted === undefined) {
    formatted = `${value.replace(' ', 'T')}+00:00`;
    if (atomUtcMemo.size >= ATOM_UTC_MEMO_LIMIT) atomUtcMemo.clear();
    atomUtcMemo.set(value, formatted);
  }
  return formatted;
}

export function atomZoned(value: DbTimestamp, timeZone: string): string {
  const { local, offsetMinutes } = toZone(dbTimestampToMs(value), timeZone);
  return `${local.replace(' ', 'T')}${formatOffset(offsetMinutes)}`;
}

export function rawZoned(value: DbTimestamp, timeZone: string): string {
  return toZone(dbTimestampToMs(value), timeZone).local;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock time (`YYYY-MM-DD HH:MM:SS`) and UTC offset of an instant in a time zone. */
export function toZone(epochMs: number, timeZone: string): { local: string; offsetMinutes: number } {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(epochMs))) parts[part.type] = part.value;
  const year = Number(parts['year']);
  const fields = [parts['month'], parts['day'], parts['hour'], parts['minute'], parts['second']].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const [month, day, hour, minute, second] = fields;
  const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const offsetMinutes = Math.round((wallAsUtc - Math.floor(epochMs / 1000) * 1000) / 60_000);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return {
    local: `${pad(year, 4)}-${pad(month)}-${pad(day)} ${pad(hour)}:${pad(minute)}:${pad(second)}`,
    offsetMinutes,
  };
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
