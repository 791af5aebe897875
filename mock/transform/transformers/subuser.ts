import type { SubuserRow } from '../../store/rows.ts';
import { guarded, item, type Transformer } from '../fractal.ts';
import { atomUtc } from '../timestamps.ts';

/** SubuserTransformer (v0.7.19:app/Transformers/Api/Application/SubuserTransformer.php#L34-L46); include only, keyed `subuser` by the server include. */
export const subuserTransformer: Transformer<SubuserRow> = {
  resourceName: 'server_subuser',
  className: 'SubuserTransformer',
  modelClass: 'Subuser',
  transform: (_ctx, subuser) => ({
    id: subuser.id,
    user_id: subuser.user_id,
    server_id: subuser.server_id,
    permissions: [...subuser.permissions],
    created_at: atomUtc(subuser.created_at),
    updated_at: atomUtc(subuser.updated_at),
  }),
  includes: [
    ['user', guarded('r_users', (ctx, subuser) => item('user', ctx.store.find('users', subuser.user_id), 'user'))],
    ['server', guarded('r_servers', (ctx, subuser) => item('server', ctx.store.find('servers', subuser.server_id), 'server'))],
  ],
};
