import type { Attributes, Transformer } from '../fractal.ts';

/** Client StatsTransformer (v0.7.19:app/Transformers/Api/Client/StatsTransformer.php#L40-L66): the handler builds the attributes from the daemon's answer. */
export const statsTransformer: Transformer<Attributes> = {
  resourceName: 'stats',
  className: 'StatsTransformer',
  modelClass: 'Server',
  transform: (_ctx, stats) => ({ ...stats }),
};
