import { unauthorizedActionV111 } from '../errors/panel-error.ts';
import { KEY_TYPE_V111 } from '../store/rows.ts';
import type { ContextV111 } from './context.ts';

const BITS = { read: 1, write: 2 } as const;

/**
 * ApplicationApiRequest::authorize (v1.11.8:app/Http/Requests/Api/Application/ApplicationApiRequest.php#L33-L50):
 * a client key (TYPE_ACCOUNT) passes every ACL (its owner is a root admin by now); an application key
 * needs the route's r_<resource> bit. Runs after the bindings: an unknown id is a 404 before any 403.
 */
export function authorizeApplication(ctx: ContextV111): void {
  const acl = ctx.route.acl;
  if (!acl || !ctx.apiKey) return;
  if (ctx.apiKey.key_type === KEY_TYPE_V111.ACCOUNT) return;
  const bits = ctx.apiKey[`r_${acl.resource}`];
  if ((bits & BITS[acl.permission]) === 0) throw unauthorizedActionV111();
}
