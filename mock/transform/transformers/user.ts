import type { UserRow } from '../../store/rows.ts';
import { guarded, hasMany, type Attributes, type Transformer } from '../fractal.ts';
import { atomUtc } from '../timestamps.ts';

/** UserTransformer (v0.7.19:app/Transformers/Api/Application/UserTransformer.php#L33-L49). */
export const userTransformer: Transformer<UserRow> = {
  resourceName: 'user',
  className: 'UserTransformer',
  modelClass: 'User',
  readsRowOnly: true,
  transform: (_ctx, user) => userAttributes(user),
  includes: [
    ['servers', guarded('r_servers', hasMany('server', 'servers', 'owner_id'))],
  ],
};

/** The user's attributes; v1.11.8's UserTransformer writes the same (v1.11.8:app/Transformers/Api/Application/UserTransformer.php#L28-L44). */
export function userAttributes(user: UserRow): Attributes {
  return {
    id: user.id,
    external_id: user.external_id,
    uuid: user.uuid,
    username: user.username,
    email: user.email,
    first_name: user.name_first,
    last_name: user.name_last,
    language: user.language,
    root_admin: Boolean(user.root_admin),
    '2fa': Boolean(user.use_totp),
    created_at: atomUtc(user.created_at),
    updated_at: atomUtc(user.updated_at),
  };
}
