import { mysqlIdMatch } from '../php-coercion.ts';
import type { BoundModels, RequestContext } from './request-context.ts';

const TABLE_OF = {
  allocation: 'allocations',
  database: 'databases',
  egg: 'eggs',
  location: 'locations',
  nest: 'nests',
  node: 'nodes',
  server: 'servers',
  user: 'users',
} as const;

/**
 * ApiSubstituteBindings / SubstituteClientApiBindings: bind route parameters to rows. A miss never
 * fails here; it sets `is_missing_model` and the parameter becomes null (v0.7.19:app/Http/Middleware/Api/ApiSubstituteBindings.php#L48-L76).
 */
export function bindModels(ctx: RequestContext): void {
  const store = ctx.panel.store;
  for (const [param, raw] of Object.entries(ctx.params)) {
    if (!(param in TABLE_OF)) continue;
    const name = param as keyof typeof TABLE_OF;
    let row: unknown;
    if (ctx.api === 'client' && name === 'server') {
      // uuidShort under utf8mb4_unicode_ci: case-insensitive, trailing spaces ignored.
      const wanted = raw.replace(/ +$/, '').toLowerCase();
      row = store.first('servers', (s) => s.uuidShort.toLowerCase() === wanted);
    } else {
      const id = mysqlIdMatch(raw);
      row = id === undefined ? undefined : store.find(TABLE_OF[name], id);
    }
    (ctx.models as Record<keyof BoundModels, unknown>)[name] = row ?? null;
    if (!row) ctx.missingModel = true;
  }
}
