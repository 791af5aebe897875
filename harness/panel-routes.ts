import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { PanelRoute } from './panel-routes-extract.ts';
import { selectedProfile } from './selected-profile.ts';

export interface StockRoute extends PanelRoute {
  /** The URI in the spec's form: an optional segment `{force?}` written `{force}`, a binding field `{user:id}` written `{user}`. */
  path: string;
}

const ROUTES_FILE_V111 = fileURLToPath(new URL('../spec/panel-routes-v1.11.8.yaml', import.meta.url));

const loaded = new Map<string, StockRoute[]>();

/** The API routes of a stock panel, as extracted from its route files (spec/panel-routes-<tag>.yaml); the selected profile's by default. */
export function stockPanelRoutes(file: string = selectedProfile().panelRoutes): StockRoute[] {
  let routes = loaded.get(file);
  if (!routes) {
    routes = (parse(readFileSync(file, 'utf8')) as { routes: PanelRoute[] }).routes.map((r) => ({ ...r, path: r.uri.replace(/\{(\w+)(?::\w+)?\??\}/g, '{$1}') }));
    loaded.set(file, routes);
  }
  return routes;
}

/** The API routes of a stock v1.11.8 panel (spec/panel-routes-v1.11.8.yaml). */
export function stockPanelRoutesV111(): StockRoute[] {
  return stockPanelRoutes(ROUTES_FILE_V111);
}
