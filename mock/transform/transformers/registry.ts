import type { TransformerRegistry } from '../fractal.ts';
import { allocationTransformer } from './allocation.ts';
import { clientServerTransformer } from './client-server.ts';
import { databaseHostTransformer } from './database-host.ts';
import { eggVariableTransformer } from './egg-variable.ts';
import { eggTransformer } from './egg.ts';
import { locationTransformer } from './location.ts';
import { nestTransformer } from './nest.ts';
import { nodeTransformer } from './node.ts';
import { packTransformer } from './pack.ts';
import { serverDatabaseTransformer } from './server-database.ts';
import { serverVariableTransformer } from './server-variable.ts';
import { serverTransformer } from './server.ts';
import { statsTransformer } from './stats.ts';
import { subuserTransformer } from './subuser.ts';
import { userTransformer } from './user.ts';

/** The v0.7.19 panel's transformers by name; includes resolve through it at render time. */
export const V07_TRANSFORMERS: TransformerRegistry = {
  allocation: allocationTransformer,
  client_server: clientServerTransformer,
  database_host: databaseHostTransformer,
  egg: eggTransformer,
  egg_variable: eggVariableTransformer,
  location: locationTransformer,
  nest: nestTransformer,
  node: nodeTransformer,
  pack: packTransformer,
  server: serverTransformer,
  server_database: serverDatabaseTransformer,
  server_variable: serverVariableTransformer,
  stats: statsTransformer,
  subuser: subuserTransformer,
  user: userTransformer,
};
