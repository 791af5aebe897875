import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { PanelRoute } from '../scripts/panel-routes-extract.ts';

const ROUTES_FILE = fileURLToPath(new URL('../spec/panel-routes-v0.7.19.yaml', import.meta.url));
const ROUTES_FILE_V111 = fileURLToPath(new URL('../spec/panel-routes-v1.11.8.yaml', import.meta.url));

export interface StockRoute extends PanelRoute {
  /** The URI in the spec's form: an optional segment `{force?}` written `{force}`, a binding field `{user:id}` written `{user}`. */
  path: string;
}

const loaded = new Map<string, StockRoute[]>();

function routesOf(file: string): StockRoute[] {
  let routes = loaded.get(file);
  if (!routes) {
    routes = (parse(readFileSync(file, 'utf8')) as { routes: PanelRoute[] }).routes.map((r) => ({ ...r, path: r.uri.replace(/\{(\w+)(?::\w+)?\??\}/g, '{$1}') }));
    loaded.set(file, routes);
  }
  return routes;
}

/** The API routes of a stock v0.7.19 panel, as extracted from its route files (spec/panel-routes-v0.7.19.yaml). */
export function stockPanelRoutes(): StockRoute[] {
  return routesOf(ROUTES_FILE);
}

/** The API routes of a stock v1.11.8 panel (spec/panel-routes-v1.11.8.yaml). */
export function stockPanelRoutesV111(): StockRoute[] {
  return routesOf(ROUTES_FILE_V111);
}
