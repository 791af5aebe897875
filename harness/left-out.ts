import { setting } from './run-config.ts';

/**
 * Behaviours a selected run leaves out of the files it loads: never registered with vitest, so the
 * reporters learn their number from npm run conformance, which collected them before the run.
 */
export interface LeftOut {
  /** The run's profile's behaviours the selection (--category, --operation, …) does not name. */
  notSelected: number;
  /** Behaviours of other panel profiles. */
  otherProfiles: number;
}

export const LEFT_OUT_VARIABLE = 'PTERO_LEFT_OUT';

export function leftOutOfRun(): LeftOut {
  const text = setting(LEFT_OUT_VARIABLE);
  if (!text) return { notSelected: 0, otherProfiles: 0 };
  const parsed = JSON.parse(text) as Partial<LeftOut>;
  return { notSelected: Number(parsed.notSelected ?? 0), otherProfiles: Number(parsed.otherProfiles ?? 0) };
}
