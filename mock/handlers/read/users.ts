import type { HandlerTable } from '../handler.ts';
import type { RequestContext } from '../../pipeline/request-context.ts';
import { relevanceSearch, searchTermOf } from '../../transform/search.ts';
import { serializeItem, serializePage } from '../../transform/serialize.ts';
import { APPLICATION_PAGE_SIZE, boundModel } from './common.ts';

/** Users\UserController@index / @view and ExternalUserController@index (v0.7.19:routes/api-application.php#L12-L14). */
export const userReadHandlers: HandlerTable = {
  listUsers: (ctx) => {
    const term = searchTermOf(ctx.inputValue('search'), 'UserRepository');
    const store = ctx.panel.store;
    const rows = term === undefined ? store.all('users') : relevanceSearch(store, 'users', store.all('users'), term);
    return { status: 200, body: serializePage(ctx, 'user', rows, APPLICATION_PAGE_SIZE) };
  },
  getUser: (ctx) => ({ status: 200, body: serializeItem(ctx, 'user', boundModel(ctx, 'user')) }),
  getUserByExternalId: (ctx) => ({ status: 200, body: serializeItem(ctx, 'user', userByExternalId(ctx)) }),
};

/** GetExternalUserRequest::getUserModel(): the first user with that external_id (existence was checked). */
function userByExternalId(ctx: RequestContext) {
  const externalId = ctx.params['external_id'];
  return ctx.panel.store.first('users', (u) => u.external_id === externalId);
}
