/**
 * Reads the API route list out of a panel's own files: the RouteServiceProvider says which route
 * file is mounted under which prefix; each route file nests groups around Route::<verb>() calls.
 * Understood: the v0.7 shapes (`Route::group(['prefix' => …], function () {`, `'Controller@action'`)
 * and the 1.x ones (`Route::prefix('/x')->…->group(function () {`, `[Controller::class, 'method']`,
 * an invokable `Controller::class`, chained ->name()/->middleware()/->withoutMiddleware()). Any other
 * `Route::` statement is an error, so a changed layout cannot go unnoticed.
 */

export interface PanelRoute {
  api: string;
  method: string;
  /** Laravel's URI, optional parameters (`{force?}`) and binding fields (`{user:id}`) kept. */
  uri: string;
  action: string;
  /** `<tag>:routes/<file>#L<a>-L<b>`: the Route::<verb> statement, up to its `;`. */
  source: string;
}

/** The prefix each `routes/<file>` is mounted under, from RouteServiceProvider::map(). */
export function routeFilePrefixes(provider: string): Map<string, string> {
  const prefixes = new Map<string, string>();
  for (const statement of provider.split(/;\s*\n/)) {
    const file = /group\(base_path\('routes\/([^']+)'\)\)/.exec(statement)?.[1];
    if (!file) continue;
    prefixes.set(file, /->prefix\('([^']*)'\)/.exec(statement)?.[1] ?? '');
  }
  return prefixes;
}

// One alternative per statement shape: (1) an array group, (2) a chained group, (3) a verb call, (4) a group's end.
const TOKEN = new RegExp(
  [
    String.raw`Route::group\(\[([\s\S]*?)\]\s*,\s*function\s*\(\)\s*\{`,
    String.raw`Route::((?:\w+\([^()]*\)\s*->\s*)+)group\(\s*function\s*\(\)\s*\{`,
    String.raw`Route::(get|post|put|patch|delete|options)\(\s*'([^']*)'\s*,\s*(?:'([^']*)'|\[\s*([\w\\]+)::class\s*,\s*'(\w+)'\s*\]|([\w\\]+)::class)\s*\)`,
    String.raw`^\s*\}\);`,
  ].join('|'),
  'gm',
);
const PREFIX = /'prefix'\s*=>\s*'([^']*)'|(?:^|->)prefix\('([^']*)'\)/;

function join(...parts: string[]): string {
  const path = parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter((p) => p !== '').join('/');
  return `/${path}`;
}

/** The routes of one route file, with the file's mount prefix. */
export function routesOfFile(text: string, file: string, prefix: string, tag: string, api: string): PanelRoute[] {
  const routes: PanelRoute[] = [];
  const groups: string[] = [];
  const understood = new Set<number>();
  const lineOf = (index: number) => text.slice(0, index).split('\n').length;
  for (const match of text.matchAll(TOKEN)) {
    const [, groupArray, groupChain, verb, uri, legacyAction, controller, method, invokable] = match;
    if (groupArray !== undefined || groupChain !== undefined) {
      const found = PREFIX.exec(groupArray ?? groupChain ?? '');
      groups.push(found?.[1] ?? found?.[2] ?? '');
    } else if (verb !== undefined) {
      routes.push({
        api,
        method: verb.toUpperCase(),
        uri: join(prefix, ...groups, uri ?? ''),
        action: legacyAction ?? (controller !== undefined ? `${controller}@${method}` : `${invokable}@__invoke`),
        source: `${tag}:routes/${file}#L${lineOf(match.index)}-L${lineOf(text.indexOf(';', match.index))}`,
      });
    } else {
      if (groups.length === 0) throw new Error(`routes/${file}:${lineOf(match.index)}: a closing "});" outside any group`);
      groups.pop();
    }
    if (!match[0].trimStart().startsWith('}')) understood.add(match.index + match[0].indexOf('Route::'));
  }
  if (groups.length !== 0) throw new Error(`routes/${file}: ${groups.length} group(s) not closed`);
  // Every Route:: statement must be one of the shapes above; an unknown one would silently drop routes.
  for (const other of text.matchAll(/Route::/g)) {
    if (!understood.has(other.index)) throw new Error(`routes/${file}:${lineOf(other.index)}: a Route:: statement of a shape not understood`);
  }
  return routes;
}

/** The application and client API routes, in file order. */
export function extractApiRoutes(read: (path: string) => string, tag: string): PanelRoute[] {
  const prefixes = routeFilePrefixes(read('app/Providers/RouteServiceProvider.php'));
  const routes: PanelRoute[] = [];
  for (const [api, file] of [['application', 'api-application.php'], ['client', 'api-client.php']] as const) {
    const prefix = prefixes.get(file);
    if (prefix === undefined) throw new Error(`RouteServiceProvider does not mount routes/${file}`);
    routes.push(...routesOfFile(read(`routes/${file}`), file, prefix, tag, api));
  }
  return routes;
}

/** The YAML document spec/panel-routes-<tag>.yaml holds: a header saying how it was made, then one flow mapping per route. */
export function renderRoutesYaml(routes: PanelRoute[], tag: string): string {
  const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const lines = [
    `# The application and client API routes of Pterodactyl Panel ${tag}, extracted from the panel's own`,
    `# source by scripts/panel-routes.ts (\`npm run panel-routes -- <panel checkout or git dir> [--tag ${tag}]\`):`,
    '# app/Providers/RouteServiceProvider.php gives the prefix each route file is mounted under',
    '# (/api/application, /api/client); routes/api-application.php and routes/api-client.php give the',
    "# group prefixes and the Route::<verb>('uri', action) calls (`Controller@method`, `@__invoke` for an",
    '# invokable controller). `source` is the line range of the call. A GET route also answers HEAD;',
    '# `{force?}` is an optional segment, `{user:id}` binds by that column. Do not edit by hand:',
    '# regenerate, and harness/spec-routes.test.ts compares the spec with this list.',
    `tag: ${tag}`,
    'routes:',
    ...routes.map((r) => `  - {api: ${r.api}, method: ${r.method}, uri: ${quote(r.uri)}, action: ${quote(r.action)}, source: ${quote(r.source)}}`),
  ];
  return `${lines.join('\n')}\n`;
}
