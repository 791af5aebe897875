import { PanelError, unauthorizedAction } from '../errors/panel-error.ts';
import type { ApiKeyPermissionColumn } from '../store/rows.ts';
import type { RequestContext } from './request-context.ts';

const BITS = { read: 1, write: 2 } as const;

/**
 * The FormRequest's authorize(): on the application API the key's `r_*` bit from the spec's x-acl
 * (before existence, so 403 beats 404); on the client API the subuser permission the action needs.
 */
export function authorizeRequest(ctx: RequestContext): void {
  if (ctx.api === 'application') {
    const acl = ctx.route.acl;
    if (!acl) return;
    const bits = ctx.apiKey?.[acl.column as ApiKeyPermissionColumn] ?? 0;
    if ((bits & BITS[acl.bit]) === 0) throw unauthorizedAction();
    return;
  }
  const permission = clientPermission(ctx);
  if (permission && !userCan(ctx, permission)) throw unauthorizedAction();
}

function clientPermission(ctx: RequestContext): string | undefined {
  switch (ctx.operationId) {
    case 'sendClientServerCommand':
      return 'send-command';
    case 'sendClientServerPower': {
      // SendPowerRequest::authorize() concatenates the raw input (v0.7.19:app/Http/Requests/Api/Client/Servers/SendPowerRequest.php#L15-L18):
      // an array is PHP's "Array to string conversion" notice, raised as ErrorException for every user,
      // before the policy and the rules are reached.
      const signal = ctx.inputValue('signal');
      if (typeof signal === 'object' && signal !== null) {
        throw new PanelError(500, 'ErrorException', 'Array to string conversion', {
          sourceFile: '/app/Http/Requests/Api/Client/Servers/SendPowerRequest.php',
        });
      }
      return `power-${signal === undefined || signal === null ? '_undefined' : String(signal)}`;
    }
    default:
      return undefined;
  }
}

/** ServerPolicy: root admins and the owner may do anything; subusers what their permissions list. */
function userCan(ctx: RequestContext, permission: string): boolean {
  const { user } = ctx;
  const server = ctx.models.server;
  if (!user || !server) return false;
  if (user.root_admin || user.id === server.owner_id) return true;
  const subuser = ctx.panel.store.first('subusers', (s) => s.user_id === user.id && s.server_id === server.id);
  return subuser !== undefined && (subuser.permissions as string[]).includes(permission);
}
