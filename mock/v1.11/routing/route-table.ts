import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { PanelErrorV111 } from '../errors/panel-error.ts';

export type ApiV111 = 'application' | 'client';
export type AclResourceV111 = 'servers' | 'nodes' | 'allocations' | 'users' | 'locations' | 'nests' | 'eggs' | 'database_hosts' | 'server_databases';

/** One route of the v1.11.8 API (routes.yaml). */
export interface RouteV111 {
  api: ApiV111;
  method: string;
  /** Full path with Laravel parameters, e.g. `/api/application/users/{user}`. */
  path: string;
  operationId: string;
  /** The application FormRequest's AdminAcl resource and permission. */
  acl?: { resource: AclResourceV111; permission: 'read' | 'write' };
  /** Registered withoutMiddleware(RequireTwoFactorAuthentication). */
  noTwoFactor: boolean;
  /** The route's own throttle middleware. */
  throttle?: { max: number; decayMinutes: number };
  params: string[];
  regex: RegExp;
}

interface RawRoute {
  method: string;
  path: string;
  operationId: string;
  acl?: { resource: AclResourceV111; permission: 'read' | 'write' };
  no_two_factor?: boolean;
  throttle?: { max: number; decay_minutes: number };
}

const PREFIX: Record<ApiV111, string> = { application: '/api/application', client: '/api/client' };

/** Laravel's Router::$verbs, the order `Allow` lists methods in. */
const VERBS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

let loaded: RouteV111[] | undefined;

/** Every route, application first then client, each in registration order. */
export function routesV111(): readonly RouteV111[] {
  loaded ??= loadRoutes(fileURLToPath(new URL('./routes.yaml', import.meta.url)));
  return loaded;
}

export function loadRoutes(file: string): RouteV111[] {
  const raw = parse(readFileSync(file, 'utf8')) as Record<ApiV111, RawRoute[]>;
  const out: RouteV111[] = [];
  for (const api of ['application', 'client'] as const) {
    for (const route of raw[api]) {
      const path = `${PREFIX[api]}${route.path === '/' ? '' : route.path}`;
      const { regex, params } = compile(path);
      out.push({
        api,
        method: route.method,
        path,
        operationId: route.operationId,
        ...(route.acl ? { acl: route.acl } : {}),
        noTwoFactor: route.no_two_factor === true,
        ...(route.throttle ? { throttle: { max: route.throttle.max, decayMinutes: route.throttle.decay_minutes } } : {}),
        params,
        regex,
      });
    }
  }
  return out;
}

/** Symfony's RouteCompiler for these paths: `{x}` is `[^/]++`, a trailing `{x?}` may be absent with its slash. */
function compile(path: string): { regex: RegExp; params: string[] } {
  const params: string[] = [];
  let pattern = '';
  for (const segment of path.split('/').slice(1)) {
    const optional = /^\{(\w+)\?\}$/.exec(segment);
    const required = /^\{(\w+)\}$/.exec(segment);
    if (optional) {
      params.push(optional[1] as string);
      pattern += '(?:/([^/]+))?';
    } else if (required) {
      params.push(required[1] as string);
      pattern += '/([^/]+)';
    } else {
      pattern += `/${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
    }
  }
  return { regex: new RegExp(`^${pattern}$`), params };
}

export type RouteMatchV111 =
  | { kind: 'route'; route: RouteV111; params: Record<string, string> }
  | { kind: 'options'; allow: string };

/**
 * RouteCollection::match (laravel-v10.1.4:src/Illuminate/Routing/AbstractRouteCollection.php#L29-L131):
 * the first route (registration order) whose method and path match; else a 405 listing the methods
 * other routes accept on this path (OPTIONS: 200 with `Allow`), else a 404 naming the path. The path
 * is matched rawurldecoded and without its trailing slash; HEAD runs the GET route.
 */
export function matchRouteV111(method: string, rawPath: string): RouteMatchV111 {
  const path = rawUrlDecode(rawPath.replace(/\/+$/, '') || '/');
  const upper = method.toUpperCase();
  const lookup = upper === 'HEAD' ? 'GET' : upper;
  for (const route of routesV111()) {
    if (route.method !== lookup) continue;
    const match = route.regex.exec(path);
    if (match) return { kind: 'route', route, params: paramsOf(route, match) };
  }
  const others = VERBS.filter((verb) => verb !== upper && routesV111().some((r) => (r.method === verb || (verb === 'HEAD' && r.method === 'GET')) && r.regex.test(path)));
  // Request::path(): the raw (still encoded) path without its surrounding slashes.
  const bare = rawPath.replace(/^\/+|\/+$/g, '') || '/';
  if (others.length === 0) {
    throw new PanelErrorV111('http', 404, 'NotFoundHttpException', `The route ${bare} could not be found.`, {}, '/vendor/laravel/framework/src/Illuminate/Routing/AbstractRouteCollection.php');
  }
  if (upper === 'OPTIONS') return { kind: 'options', allow: others.join(',') };
  throw new PanelErrorV111(
    'http',
    405,
    'MethodNotAllowedHttpException',
    `The ${upper} method is not supported for route ${bare}. Supported methods: ${others.join(', ')}.`,
    { Allow: others.join(', ') },
    '/vendor/laravel/framework/src/Illuminate/Routing/AbstractRouteCollection.php',
  );
}

function paramsOf(route: RouteV111, match: RegExpExecArray): Record<string, string> {
  const out: Record<string, string> = {};
  route.params.forEach((name, i) => {
    const value = match[i + 1];
    if (value !== undefined) out[name] = value;
  });
  return out;
}

/** PHP's rawurldecode: every valid %XX becomes its byte, a malformed one stays; bytes read as UTF-8. */
export function rawUrlDecode(path: string): string {
  if (!path.includes('%')) return path;
  const bytes: number[] = [];
  for (let i = 0; i < path.length; i++) {
    const hex = path.slice(i + 1, i + 3);
    if (path[i] === '%' && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(path[i] as string, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

export function routeByOperationV111(operationId: string): RouteV111 | undefined {
  return routesV111().find((r) => r.operationId === operationId);
}
