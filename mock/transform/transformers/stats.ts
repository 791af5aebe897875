import type { Attributes, Transformer } from '../fractal.ts';

/** Client StatsTransformer (reference 4.6 stats): the handler builds the attributes from the daemon's answer. */
export const statsTransformer: Transformer<Attributes> = {
  resourceName: 'stats',
  className: 'StatsTransformer',
  modelClass: 'Server',
  transform: (_ctx, stats) => ({ ...stats }),
};
