import { resourceNotFound } from '../errors/panel-error.ts';
import type { RequestContext } from './request-context.ts';

/**
 * The FormRequest's missing-model check (after authorize): any unbound route model is a 404, and
 * some requests add a resourceExists() check of parenthood.
 */
export function ensureModelExists(ctx: RequestContext): void {
  if (ctx.api !== 'application') return;
  if (ctx.missingModel) throw resourceNotFound();
  const { models, panel } = ctx;
  switch (ctx.operationId) {
    case 'getNestEgg':
      if (models.egg?.nest_id !== models.nest?.id) throw resourceNotFound();
      break;
    case 'getServerDatabase':
      if (models.database?.server_id !== models.server?.id) throw resourceNotFound();
      break;
    case 'deleteNodeAllocation':
      if (models.allocation?.node_id !== models.node?.id) throw resourceNotFound();
      break;
    case 'getUserByExternalId':
      if (!panel.store.first('users', (u) => u.external_id === ctx.params['external_id'])) throw resourceNotFound();
      break;
    case 'getServerByExternalId':
      if (!panel.store.first('servers', (s) => s.external_id === ctx.params['external_id'])) throw resourceNotFound();
      break;
    default:
      break;
  }
}
