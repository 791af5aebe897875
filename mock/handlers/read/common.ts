import type { BoundModels, RequestContext } from '../../pipeline/request-context.ts';

/** Every paginated application list has 50 per page (`paginated(50)` in each index action). */
export const APPLICATION_PAGE_SIZE = 50;

/** A route model the pipeline bound and checked; its absence here is a mock bug. */
export function boundModel<K extends keyof BoundModels>(ctx: RequestContext, name: K): NonNullable<BoundModels[K]> {
  const model = ctx.models[name];
  if (model === undefined || model === null) throw new Error(`${ctx.operationId}: route model "${name}" is not bound`);
  return model as NonNullable<BoundModels[K]>;
}
