/**
 * dragonmantank/cron-expression as the panel uses it (Utilities::getScheduleNextRunDate,
 * v1.11.8:app/Helpers/Utilities.php#L40-L45): five fields, each `*`, numbers, ranges, lists and
 * steps (month and weekday also by name); when both day fields are restricted a day matching either
 * runs. `nextRunAfter` is the first matching minute strictly after the instant (UTC).
 */

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface Field {
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  readonly nameOffset?: number;
}

const FIELDS: readonly Field[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS, nameOffset: 1 },
  { min: 0, max: 7, names: DAYS, nameOffset: 0 },
];

function valueOf(text: string, field: Field): number | undefined {
  const upper = text.toUpperCase();
  const named = field.names?.indexOf(upper) ?? -1;
  if (named >= 0) return named + (field.nameOffset ?? 0);
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= field.min && value <= field.max ? value : undefined;
}

function parseField(text: string, field: Field): Set<number> | undefined {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/') as [string, string | undefined];
    const step = stepText === undefined ? 1 : /^\d+$/.test(stepText) && Number(stepText) > 0 ? Number(stepText) : undefined;
    if (step === undefined) return undefined;
    let from: number | undefined;
    let to: number | undefined;
    if (range === '*' || range === '?') [from, to] = [field.min, field.max];
    else if (range.includes('-')) {
      const [a, b] = range.split('-') as [string, string];
      [from, to] = [valueOf(a, field), valueOf(b, field)];
    } else {
      from = valueOf(range, field);
      to = stepText === undefined ? from : field.max;
    }
    if (from === undefined || to === undefined || from > to) return undefined;
    for (let v = from; v <= to; v += step) values.add(field === FIELDS[4] && v === 7 ? 0 : v);
  }
  return values;
}

export interface CronSchedule {
  readonly minutes: Set<number>;
  readonly hours: Set<number>;
  readonly daysOfMonth: Set<number>;
  readonly months: Set<number>;
  readonly daysOfWeek: Set<number>;
  readonly dayOfMonthRestricted: boolean;
  readonly dayOfWeekRestricted: boolean;
}

export function parseCron(expression: string): CronSchedule | undefined {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) return undefined;
  const sets = parts.map((part, index) => parseField(part, FIELDS[index] as Field));
  if (sets.some((set) => set === undefined)) return undefined;
  const [minutes, hours, daysOfMonth, months, daysOfWeek] = sets as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  return { minutes, hours, daysOfMonth, months, daysOfWeek, dayOfMonthRestricted: parts[2] !== '*' && parts[2] !== '?', dayOfWeekRestricted: parts[4] !== '*' && parts[4] !== '?' };
}

/** The next run strictly after `afterMs` (minute resolution), searched over five years; undefined when none. */
export function nextRunAfter(cron: CronSchedule, afterMs: number): number | undefined {
  let t = Math.floor(afterMs / 60_000) * 60_000 + 60_000;
  const limit = afterMs + 5 * 366 * 24 * 3600_000;
  while (t < limit) {
    const d = new Date(t);
    if (!cron.months.has(d.getUTCMonth() + 1)) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
      continue;
    }
    const dom = cron.daysOfMonth.has(d.getUTCDate());
    const dow = cron.daysOfWeek.has(d.getUTCDay());
    const dayMatches = cron.dayOfMonthRestricted && cron.dayOfWeekRestricted ? dom || dow : dom && dow;
    if (!dayMatches) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
      continue;
    }
    if (!cron.hours.has(d.getUTCHours())) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours() + 1);
      continue;
    }
    if (cron.minutes.has(d.getUTCMinutes())) return t;
    t += 60_000;
  }
  return undefined;
}
