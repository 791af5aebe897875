import type { ServerRow } from '../../store/rows.ts';
import type { Transformer } from '../fractal.ts';
import { serverFeatureLimits, serverLimits } from './server.ts';

/**
 * Client ServerTransformer (v0.7.19:app/Transformers/Api/Client/ServerTransformer.php#L24-L44): `server_owner` compares the key's user with the owner.
 * No timestamps, no suspended / installed flag, no includes.
 */
export const clientServerTransformer: Transformer<ServerRow> = {
  resourceName: 'server',
  className: 'ServerTransformer',
  modelClass: 'Server',
  transform: (ctx, server) => ({
    server_owner: (ctx.apiKey?.user_id ?? ctx.user?.id) === server.owner_id,
    identifier: server.uuidShort,
    uuid: server.uuid,
    name: server.name,
    description: server.description,
    limits: serverLimits(server),
    feature_limits: serverFeatureLimits(server),
  }),
};
