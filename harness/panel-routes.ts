import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { PanelRoute } from './panel-routes-extract.ts';

const ROUTES_FILE = fileURLToPath(new URL('../spec/panel-routes-v0.7.19.yaml', import.meta.url));

export interface StockRoute extends PanelRoute {
  /** The URI in the spec's form: an optional segment `{force?}` written `{force}`. */
  path: string;
}

let routes: StockRoute[] | undefined;

/** The API routes of a stock v0.7.19 panel, as extracted from its route files (spec/panel-routes-v0.7.19.yaml). */
export function stockPanelRoutes(): StockRoute[] {
  routes ??= (parse(readFileSync(ROUTES_FILE, 'utf8')) as { routes: PanelRoute[] }).routes.map((r) => ({ ...r, path: r.uri.replace(/\{(\w+)\?\}/g, '{$1}') }));
  return routes;
}
