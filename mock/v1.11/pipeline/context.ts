import type { RequestContext } from '../../pipeline/request-context.ts';
import type { ApiKeyRow, SeedV111, UserRow } from '../store/rows.ts';
import type { RouteV111 } from '../routing/route-table.ts';

/** The v1.11 pipeline's part of the shared request context: its route table's route, models by parameter name. */
export interface ContextProfileV111 {
  seed: SeedV111;
  route: RouteV111;
  models: Record<string, unknown>;
  apiKey: ApiKeyRow;
  user: UserRow;
}

/** Everything the v1.11 pipeline learns about one routed request: the shared RequestContext. */
export type ContextV111 = RequestContext<ContextProfileV111>;
