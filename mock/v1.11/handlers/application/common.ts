import { PanelError } from '../../../errors/panel-error.ts';
import { modelNotFoundV111, PanelErrorV111 } from '../../errors/panel-error.ts';
import type { ContextV111 } from '../../pipeline/context.ts';
import type { ServerRow, UserRow } from '../../store/rows.ts';

/** `route('api.application.<name>.view', …)`: meta.resource of a created resource. */
export function resourceUrl(ctx: ContextV111, path: string): string {
  return `${ctx.origin}/api/application${path}`;
}

/**
 * Runs a helper shared with the 0.7 twin (allocation parsing, validation rules) and marks the error
 * it may raise as the 1.x one (its kind as PanelError derives it: a DisplayException stays one, a
 * server error is internal, anything else an HTTP exception), so the 1.x redirects treat it alike.
 */
export function asV111<R>(run: () => R): R {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof PanelError) || error instanceof PanelErrorV111) throw error;
    throw new PanelErrorV111(error.kind, error.status, error.code, error.message, error.headers, error.sourceFile);
  }
}

/**
 * ExternalUserController / ExternalServerController: the row whose external_id is the route's
 * (utf8mb4_unicode_ci: in any case), else ModelNotFoundException (404).
 */
export function byExternalId<T extends 'users' | 'servers'>(ctx: ContextV111, table: T, model: string): T extends 'users' ? UserRow : ServerRow {
  const id = ctx.params['external_id'] ?? '';
  const rows: readonly (UserRow | ServerRow)[] = ctx.panel.store.all(table);
  const row = rows.find((r) => r.external_id !== null && r.external_id.toLowerCase() === id.toLowerCase());
  if (!row) throw modelNotFoundV111(model, id);
  return row as T extends 'users' ? UserRow : ServerRow;
}

/** 32 random alphanumerics, Laravel's str_random. */
export function strRandom(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(Math.random() * alphabet.length)];
  return out;
}

/** Utilities::randomStringWithSpecialCharacters: str_random with 2–6 characters swapped for specials. */
export function databasePassword(length = 24): string {
  const chars = strRandom(length).split('');
  const swaps = 2 + Math.floor(Math.random() * 5);
  for (let i = 0; i < swaps; i++) chars[Math.floor(Math.random() * length)] = '!@=.+^'[Math.floor(Math.random() * 6)] as string;
  return chars.join('');
}

/** PHP's truthiness of a request value. */
export function phpTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '' || value === '0') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value as object).length > 0;
  return true;
}
