import type { IncomingRequest } from '../../http/messages.ts';
import type { ApiKeyRow, UserRow } from '../store/rows.ts';
import type { RouteV111 } from '../routing/route-table.ts';
import type { ServicesV111 } from '../services.ts';

/** Everything the v1.11 pipeline learns about one routed request, stage by stage. */
export class ContextV111 {
  /** Route models bound by SubstituteBindings (by parameter name). */
  readonly models: Record<string, unknown> = {};
  apiKey: ApiKeyRow | undefined;
  user: UserRow | undefined;
  /** Rate-limit headers the throttle adds to whatever the route answers. */
  readonly rateLimitHeaders: Record<string, string> = {};

  constructor(
    readonly panel: ServicesV111,
    readonly request: IncomingRequest,
    readonly route: RouteV111,
    /** Raw (decoded) route parameters. */
    readonly params: Record<string, string>,
    /** The query string alone (`$request->query()`). */
    readonly query: Record<string, unknown>,
    /** Query and body merged, the body winning (`$request->input()`), after TrimStrings and ConvertEmptyStringsToNull. */
    readonly input: Record<string, unknown>,
    readonly clientIp: string,
  ) {}

  get operationId(): string {
    return this.route.operationId;
  }

  get api(): 'application' | 'client' {
    return this.route.api;
  }

  /** `scheme://host`, as url() builds it. */
  get origin(): string {
    return `${this.request.scheme}://${this.request.headers['host'] ?? 'localhost'}`;
  }

  get path(): string {
    return this.request.url.split('?')[0] ?? '';
  }

  inputValue(key: string): unknown {
    return this.input[key];
  }

  has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.input, key);
  }

  /** A bound route model; its absence is a twin bug (the binding stage 404s first). */
  model<T>(name: string): T {
    const model = this.models[name];
    if (model === undefined || model === null) throw new Error(`${this.operationId}: route model "${name}" is not bound`);
    return model as T;
  }

  /** The authenticated user; its absence past authentication is a twin bug. */
  get actor(): UserRow {
    if (!this.user) throw new Error(`${this.operationId}: no authenticated user`);
    return this.user;
  }
}
