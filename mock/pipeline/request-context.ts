import type { OperationInfo } from '../../harness/operation-index.ts';
import type { IncomingRequest } from '../http/messages.ts';
import type { PanelServices } from '../panel-services.ts';
import type { StoreSeed } from '../store/panel-store.ts';
import type { AllocationRow, ApiKeyRow, DatabaseRow, EggRow, LocationRow, NestRow, NodeRow, Seed, ServerRow, UserRow } from '../store/rows.ts';

/** Route models the binders resolve; `null` when the id matched no row. */
export interface BoundModels {
  user?: UserRow | null;
  node?: NodeRow | null;
  location?: LocationRow | null;
  server?: ServerRow | null;
  allocation?: AllocationRow | null;
  database?: DatabaseRow | null;
  nest?: NestRow | null;
  egg?: EggRow | null;
}

/**
 * What differs per profile in a request's context: the panel's seed (its tables), the route the
 * router matched, the route models the bindings resolve, and the key and user rows.
 */
export interface ContextProfile {
  seed: StoreSeed;
  route: { readonly operationId: string; readonly api: 'application' | 'client' };
  models: object;
  apiKey: object;
  user: object;
}

/** v0.7.19's: the spec's operation is the route; models bound by name. */
export interface ContextV07 {
  seed: Seed;
  route: OperationInfo;
  models: BoundModels;
  apiKey: ApiKeyRow;
  user: UserRow;
}

/**
 * Everything the pipeline learns about one routed request, stage by stage. One class for every
 * profile's pipeline, typed by the profile's part (`RequestContext` is v0.7.19's).
 */
export class RequestContext<P extends ContextProfile = ContextV07> {
  /** Route models bound by SubstituteBindings (by parameter name). */
  readonly models = {} as P['models'];
  /** 0.7's ApiSubstituteBindings `is_missing_model` flag (1.x's bindings answer 404 at once). */
  missingModel = false;
  apiKey: P['apiKey'] | undefined;
  user: P['user'] | undefined;
  /** Headers the throttles add to whatever the route answers. */
  readonly rateLimitHeaders: Record<string, string> = {};

  constructor(
    readonly panel: PanelServices<P['seed']>,
    readonly request: IncomingRequest,
    readonly route: P['route'],
    /** Raw (decoded) route parameters. */
    readonly params: Record<string, string>,
    /** The query string alone (`$request->query()`). */
    readonly query: Record<string, unknown>,
    /** Query and body merged, the body winning (Laravel's input()), after TrimStrings and ConvertEmptyStringsToNull. */
    readonly input: Record<string, unknown>,
    readonly clientIp: string,
  ) {}

  get operationId(): string {
    return this.route.operationId;
  }

  get api(): 'application' | 'client' {
    return this.route.api;
  }

  /** `scheme://host` of the request, as Laravel's url() builds it (meta.resource, pagination links). */
  get origin(): string {
    return `${this.request.scheme}://${this.request.headers['host'] ?? 'localhost'}`;
  }

  /** The request path without its query string. */
  get path(): string {
    return this.request.url.split('?')[0] ?? '';
  }

  /** Laravel's `$request->input(key)` for a top-level key. */
  inputValue(key: string): unknown {
    return this.input[key];
  }

  has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.input, key);
  }

  /** A bound route model; its absence is a mock bug (the binding stage answers 404 first). */
  model<T>(name: string): T {
    const model = (this.models as Record<string, unknown>)[name];
    if (model === undefined || model === null) throw new Error(`${this.operationId}: route model "${name}" is not bound`);
    return model as T;
  }

  /** The authenticated user; its absence past authentication is a mock bug. */
  get actor(): P['user'] {
    if (!this.user) throw new Error(`${this.operationId}: no authenticated user`);
    return this.user;
  }
}
