import { refuseDeletionWhile } from '../../../errors/panel-error.ts';
import { randomUUID } from 'node:crypto';
import type { ContextV111 } from '../../pipeline/context.ts';
import type { UserRow } from '../../store/rows.ts';
import { applyQuery } from '../../transform/query.ts';
import { itemBody, pageBody } from '../../transform/serialize.ts';
import { userTransformer } from '../../transform/transformers.ts';
import { noContentV111, type HandlerTableV111 } from '../handler.ts';
import { insertUser } from '../new-user.ts';
import { byExternalId, resourceUrl, strRandom } from './common.ts';

/** Users\UserController + ExternalUserController (v1.11.8:app/Http/Controllers/Api/Application/Users/UserController.php). */
export const userHandlersV111: HandlerTableV111 = {
  listUsers: (ctx) => {
    const rows = applyQuery(ctx.panel.store.all('users'), ctx.query, { filters: { email: 'partial', uuid: 'partial', username: 'partial', external_id: 'partial' }, sorts: ['id', 'uuid'] });
    return { status: 200, body: pageBody(ctx, userTransformer, rows) };
  },
  getUser: (ctx) => ({ status: 200, body: itemBody(ctx, userTransformer, ctx.model<UserRow>('user')) }),
  getUserByExternalId: (ctx) => ({ status: 200, body: itemBody(ctx, userTransformer, byExternalId(ctx, 'users', 'User')) }),
  createUser: (ctx) => {
    const now = ctx.panel.clock.dbTimestamp();
    const password = ctx.inputValue('password');
    const user = insertUser(ctx.panel.store, {
      external_id: (ctx.inputValue('external_id') as string | null | undefined) ?? null,
      uuid: randomUUID(),
      username: String(ctx.inputValue('username')).toLowerCase(),
      email: String(ctx.inputValue('email')).toLowerCase(),
      name_first: String(ctx.inputValue('first_name')),
      name_last: String(ctx.inputValue('last_name')),
      // No password: a random one and a reset token mailed to the user (UserCreationService).
      password: typeof password === 'string' && password !== '' ? password : strRandom(30),
      language: (ctx.inputValue('language') as string | undefined) ?? 'en',
      root_admin: booleanOf(ctx.inputValue('root_admin')),
    }, now);
    return { status: 201, body: itemBody(ctx, userTransformer, user, { resource: resourceUrl(ctx, `/users/${user.id}`) }) };
  },
  updateUser: (ctx) => {
    const user = ctx.model<UserRow>('user');
    // UserUpdateService forceFills the validated data (first_name/last_name mapped to the columns by
    // StoreUserRequest::validated); an empty password leaves the old one.
    const password = ctx.inputValue('password');
    if (ctx.has('email')) user.email = String(ctx.inputValue('email')).toLowerCase();
    if (ctx.has('username')) user.username = String(ctx.inputValue('username')).toLowerCase();
    if (ctx.has('external_id')) user.external_id = (ctx.inputValue('external_id') as string | null) ?? null;
    if (ctx.has('language')) user.language = String(ctx.inputValue('language'));
    if (ctx.has('root_admin')) user.root_admin = booleanOf(ctx.inputValue('root_admin'));
    if (typeof password === 'string' && password !== '') user.password = password;
    user.name_first = String(ctx.inputValue('first_name'));
    user.name_last = String(ctx.inputValue('last_name'));
    user.updated_at = ctx.panel.clock.dbTimestamp();
    return { status: 200, body: itemBody(ctx, userTransformer, user) };
  },
  deleteUser: (ctx) => {
    const user = ctx.model<UserRow>('user');
    refuseDeletionWhile(ctx.panel.store.first('servers', (s) => s.owner_id === user.id), 'DisplayException', 'Cannot delete a user with active servers attached to their account. Please delete their servers before continuing.', '/app/Services/Users/UserDeletionService.php');
    deleteUserRows(ctx, user.id);
    return noContentV111();
  },
};

/** The user's row and what its foreign keys cascade to (api keys, ssh keys, subusers, recovery tokens). */
function deleteUserRows(ctx: ContextV111, userId: number): void {
  const store = ctx.panel.store;
  store.remove('users', (u) => u.id === userId);
  store.remove('api_keys', (k) => k.user_id === userId);
  store.remove('user_ssh_keys', (k) => k.user_id === userId);
  store.remove('subusers', (s) => s.user_id === userId);
  store.remove('recovery_tokens', (t) => t.user_id === userId);
}

/** A validated `boolean` value as the model's cast stores it. */
export function booleanOf(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}
