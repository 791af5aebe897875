import type { HandlerTable } from '../handler.ts';
import type { RequestContext } from '../../pipeline/request-context.ts';
import { serializeItem } from '../../transform/serialize.ts';
import { boundModel, searchedPage } from './common.ts';

/** Users\UserController@index / @view and ExternalUserController@index (v0.7.19:routes/api-application.php#L12-L14). */
export const userReadHandlers: HandlerTable = {
  listUsers: (ctx) => searchedPage(ctx, 'users', 'user', 'UserRepository'),
  getUser: (ctx) => ({ status: 200, body: serializeItem(ctx, 'user', boundModel(ctx, 'user')) }),
  getUserByExternalId: (ctx) => ({ status: 200, body: serializeItem(ctx, 'user', userByExternalId(ctx)) }),
};

/** GetExternalUserRequest::getUserModel(): the first user with that external_id (existence was checked). */
function userByExternalId(ctx: RequestContext) {
  const externalId = ctx.params['external_id'];
  return ctx.panel.store.first('users', (u) => u.external_id === externalId);
}
