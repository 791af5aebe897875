import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { PanelRoute } from './panel-routes-extract.ts';
import { selectedProfile } from './selected-profile.ts';

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

/** The API routes of the selected profile's stock panel, as extracted from its route files (spec/panel-routes-<tag>.yaml). */
export function stockPanelRoutes(): StockRoute[] {
  return routesOf(selectedProfile().panelRoutes);
}

/** The API routes of a stock v1.11.8 panel (spec/panel-routes-v1.11.8.yaml). */
export function stockPanelRoutesV111(): StockRoute[] {
  return routesOf(ROUTES_FILE_V111);
}
