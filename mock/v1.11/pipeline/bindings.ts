import { mysqlIntegerOf } from '../../pipeline/bind-models.ts';
import { modelNotFoundV111 } from '../errors/panel-error.ts';
import type { TableNameV111 } from '../store/rows.ts';
import type { ContextV111 } from './context.ts';

/** Resolves one route parameter to a row, or undefined (→ ModelNotFoundException, 404). */
export type Binder = (ctx: ContextV111, value: string) => unknown;

/** Parameter → model class and table of the application routes' `{x:id}` bindings. */
const APPLICATION_MODELS: Record<string, { model: string; table: TableNameV111; parent?: { param: string; column: string } }> = {
  user: { model: 'User', table: 'users' },
  node: { model: 'Node', table: 'nodes' },
  location: { model: 'Location', table: 'locations' },
  server: { model: 'Server', table: 'servers' },
  nest: { model: 'Nest', table: 'nests' },
  // scopeBindings(): a child is looked up through its parent's relation.
  allocation: { model: 'Allocation', table: 'allocations', parent: { param: 'node', column: 'node_id' } },
  egg: { model: 'Egg', table: 'eggs', parent: { param: 'nest', column: 'nest_id' } },
};

/**
 * Explicit binders registered with the router, which run before the implicit ones and are never
 * scoped: `Route::model('database', Database::class)` (v1.11.8:app/Providers/RouteServiceProvider.php#L30-L33)
 * resolves through Database::resolveRouteBinding: digits are the id, anything else a hashid
 * (v1.11.8:app/Models/Database.php#L84-L93). The client API's SubstituteClientBindings adds `server`
 * and `user`; their binders are registered by the client half (registerClientBinder).
 */
const explicitBinders: Record<string, Binder> = {
  database: (ctx, value) => {
    const id = /^\d+$/.test(value) ? Number(value) : decodeDatabaseHashid(value);
    return id === undefined ? undefined : ctx.panel.store.find('databases', id);
  },
};
const clientBinders: Record<string, Binder> = {};

/** The hashid decoder for database ids (the client half installs the panel's Hashids). */
let decodeDatabaseHashid: (value: string) => number | undefined = () => undefined;

export function registerDatabaseHashidDecoder(decoder: (value: string) => number | undefined): void {
  decodeDatabaseHashid = decoder;
}

/** SubstituteClientBindings' router binders (`server`, `user`) and the client routes' own parameters. */
export function registerClientBinder(param: string, binder: Binder): void {
  clientBinders[param] = binder;
}

const MODEL_OF_PARAM: Record<string, string> = { database: 'Database' };

/**
 * SubstituteBindings after the throttle: each parameter of the route, in path order, becomes its model
 * or the request ends in a 404 (ModelNotFoundException). Application routes bind `{x:id}` by id with
 * MySQL's string-to-integer comparison (`1abc` is 1), children through their parent (scopeBindings).
 * Parameters without a binder (`external_id`, `force`, `identifier`) stay strings.
 */
export function substituteBindings(ctx: ContextV111): void {
  for (const [param, value] of Object.entries(ctx.params)) {
    const explicit = explicitBinders[param] ?? (ctx.api === 'client' ? clientBinders[param] : undefined);
    if (explicit) {
      const row = explicit(ctx, value);
      if (row === undefined || row === null) throw modelNotFoundV111(MODEL_OF_PARAM[param] ?? studly(param), value);
      ctx.models[param] = row;
      continue;
    }
    if (ctx.api !== 'application') continue;
    const spec = APPLICATION_MODELS[param];
    if (!spec) continue;
    const id = mysqlIntegerOf(value);
    let row = id === undefined ? undefined : (ctx.panel.store.find(spec.table, id) as Record<string, unknown> | undefined);
    if (row && spec.parent) {
      const parent = ctx.models[spec.parent.param] as { id: number } | undefined;
      if (!parent || row[spec.parent.column] !== parent.id) row = undefined;
    }
    if (!row) throw modelNotFoundV111(spec.model, value);
    ctx.models[param] = row;
  }
}

function studly(name: string): string {
  return name.replace(/(^|_)([a-z])/g, (_m, _s, c: string) => c.toUpperCase());
}
