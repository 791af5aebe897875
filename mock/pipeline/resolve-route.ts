import { HTTP_METHODS, type OperationIndex, type OperationMatch } from '../../harness/operation-index.ts';
import { PanelError } from '../errors/panel-error.ts';

// Laravel's Router::$verbs order, which the Allow header follows.
const VERBS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
// The spec's (lower-case) method of an upper-case request method; other names match no operation.
const LOWER_VERB = new Map(HTTP_METHODS.map((m) => [m.toUpperCase(), m]));

export type RouteResolution =
  | { kind: 'operation'; match: OperationMatch }
  | { kind: 'options'; allow: string };

/**
 * Laravel's RouteCollection::match: an unknown path is a 404 and a known path with another method
 * a 405 with `Allow`, both before any route middleware (so without rate-limit headers). HEAD runs
 * the GET route; OPTIONS on a known path answers 200 with an empty body from a middleware-less route.
 */
export function resolveRoute(index: OperationIndex, method: string, path: string): RouteResolution {
  const upper = method.toUpperCase();
  const candidates = index.matchPath(path);
  const lookup = LOWER_VERB.get(upper === 'HEAD' ? 'GET' : upper);
  const found = lookup === undefined ? undefined : candidates.find((c) => c.info.method === lookup);
  if (found) return { kind: 'operation', match: found };
  if (candidates.length === 0) {
    throw new PanelError(404, 'NotFoundHttpException', '', { sourceFile: '/vendor/laravel/framework/src/Illuminate/Routing/RouteCollection.php' });
  }
  const methods = new Set(candidates.map((c) => c.info.method.toUpperCase()));
  if (methods.has('GET')) methods.add('HEAD');
  const others = VERBS.filter((verb) => methods.has(verb) && verb !== upper);
  if (upper === 'OPTIONS') return { kind: 'options', allow: others.join(',') };
  throw new PanelError(405, 'MethodNotAllowedHttpException', '', {
    headers: { Allow: others.join(', ') },
    sourceFile: '/vendor/laravel/framework/src/Illuminate/Routing/RouteCollection.php',
  });
}
