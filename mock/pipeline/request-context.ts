import type { OperationInfo } from '../../harness/operation-index.ts';
import type { InputValue } from '../http/php-query.ts';
import type { IncomingRequest } from '../http/messages.ts';
import type { PanelServices } from '../panel-services.ts';
import type { AllocationRow, ApiKeyRow, DatabaseRow, EggRow, LocationRow, NestRow, NodeRow, ServerRow, UserRow } from '../store/rows.ts';

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

/** Everything the pipeline learns about one routed request, stage by stage. */
export class RequestContext {
  readonly models: BoundModels = {};
  /** ApiSubstituteBindings' `is_missing_model` flag. */
  missingModel = false;
  apiKey: ApiKeyRow | undefined;
  user: UserRow | undefined;
  /** Headers the group throttle adds to whatever the route answers. */
  readonly rateLimitHeaders: Record<string, string> = {};

  constructor(
    readonly panel: PanelServices,
    readonly request: IncomingRequest,
    readonly operation: OperationInfo,
    readonly params: Record<string, string>,
    /** Query and body merged, the body winning (Laravel's input()). */
    readonly input: Record<string, InputValue | unknown>,
    readonly clientIp: string,
  ) {}

  get operationId(): string {
    return this.operation.operationId;
  }

  get api(): 'application' | 'client' {
    return this.operation.api;
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
}
