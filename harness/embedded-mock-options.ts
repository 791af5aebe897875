import { parseClockOption, STOCK_OPTIONS, type MockOptions } from './mock-options.ts';

/**
 * PTERO_MOCK_OPTIONS: settings for the embedded mock of a conformance run, as JSON, e.g.
 * `{"debug": true}` or `{"limits": {"application": 240}}` (the other limits stay stock). Lets two
 * runs differ in one setting, to see what the behaviour document and its diff make of it. The
 * control surface stays on whatever it says. Unset or empty: the stock settings.
 */
export type EmbeddedMockOptions = Partial<Omit<MockOptions, 'control'>>;

export class MockOptionsError extends Error {
  override readonly name = 'MockOptionsError';
  readonly code = 'PTERO_CONFIG';
}

const KNOWN = ['debug', 'limits', 'clientPageSize', 'maxBodyBytes', 'seedPath', 'trustProxy', 'clock', 'installSeconds'] as const;

export function mockOptionsFromEnv(env: Record<string, string | undefined> = process.env): EmbeddedMockOptions | undefined {
  const text = env['PTERO_MOCK_OPTIONS'];
  if (text === undefined || text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new MockOptionsError(`PTERO_MOCK_OPTIONS is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new MockOptionsError('PTERO_MOCK_OPTIONS must be a JSON object, e.g. {"debug": true}');
  const input = value as Record<string, unknown>;
  const problems: string[] = [];
  const out: EmbeddedMockOptions = {};
  for (const key of Object.keys(input)) if (!(KNOWN as readonly string[]).includes(key)) problems.push(`unknown setting "${key}" (known: ${KNOWN.join(', ')})`);
  const bool = (key: 'debug' | 'trustProxy') => {
    if (input[key] === undefined) return;
    if (typeof input[key] === 'boolean') out[key] = input[key];
    else problems.push(`${key} must be true or false`);
  };
  const positive = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1;
  bool('debug');
  bool('trustProxy');
  for (const key of ['clientPageSize', 'maxBodyBytes'] as const) {
    if (input[key] === undefined) continue;
    if (positive(input[key])) out[key] = input[key] as number;
    else problems.push(`${key} must be a whole number of at least 1`);
  }
  if (input['installSeconds'] !== undefined) {
    const v = input['installSeconds'];
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) out.installSeconds = v;
    else problems.push('installSeconds must be a whole number of seconds (0 or more)');
  }
  if (input['seedPath'] !== undefined) {
    if (typeof input['seedPath'] === 'string') out.seedPath = input['seedPath'];
    else problems.push('seedPath must be a file path');
  }
  if (input['clock'] !== undefined) {
    // For tests that need a frozen clock; a run normally leaves the mock on the wall clock.
    const parsed = typeof input['clock'] === 'string' ? parseClockOption(input['clock']) : 'clock must be an ISO-8601 instant with a zone (e.g. 2020-10-05T12:00:00Z)';
    if (typeof parsed === 'string') problems.push(parsed);
    else out.clock = input['clock'] as string;
  }
  if (input['limits'] !== undefined) {
    const limits = input['limits'];
    if (limits === null || typeof limits !== 'object' || Array.isArray(limits)) problems.push('limits must be an object {application?, client?, utilization?}');
    else {
      const merged = { ...STOCK_OPTIONS.limits };
      for (const [name, v] of Object.entries(limits)) {
        if (!(name in merged)) problems.push(`limits.${name} is not a limit (application, client, utilization)`);
        else if (!positive(v)) problems.push(`limits.${name} must be a whole number of at least 1`);
        else merged[name as keyof typeof merged] = v as number;
      }
      out.limits = merged;
    }
  }
  if (problems.length > 0) throw new MockOptionsError(`PTERO_MOCK_OPTIONS: ${problems.join('; ')}`);
  return out;
}
