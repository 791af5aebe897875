import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { PanelRoute } from './panel-routes-extract.ts';
import { selectedProfile } from './selected-profile.ts';


export interface StockRoute extends PanelRoute {
  /** The URI in the spec's form: an optional segment `{force?}` written `{force}`. */
  path: string;
}

let routes: StockRoute[] | undefined;

/** The API routes of the selected profile's stock panel, as extracted from its route files (spec/panel-routes-<tag>.yaml). */
export function stockPanelRoutes(): StockRoute[] {
  routes ??= (parse(readFileSync(selectedProfile().panelRoutes, 'utf8')) as { routes: PanelRoute[] }).routes.map((r) => ({ ...r, path: r.uri.replace(/\{(\w+)\?\}/g, '{$1}') }));
  return routes;
}
