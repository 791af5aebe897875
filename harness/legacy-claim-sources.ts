// What the panel source of each profile says of a documented operation, for the claims report's per-profile
// verdicts (reporters/behaviour-claims.ts). A run observes only the profile it faces; for the others (and where
// it saw nothing to judge by) the report gives this. Two sources, both data: the profile's route list
// (spec/panel-routes-<tag>.yaml: is the documented method + path routed, and where) and the profile's
// expectations (expectations/stock-*.yaml: a `legacy-docs.<operation>…` known deviation says which part of
// the claim its panel contradicts, with the link that shows it).
import { existsSync } from 'node:fs';
import { fillPath, routeFileCitation, routingOfPanel, type LegacyOperation, type ProfileSourceVerdicts, type SourceVerdict } from './legacy-claims.ts';
import { readYamlFile } from './parsed-yaml-cache.ts';
import { panelProfile, profileIds } from './profiles.ts';

/** A known deviation of a `legacy-docs.*` behaviour, as a profile's expectations list it. */
export interface DocsDeviation {
  behaviour: string;
  reason: string;
  link: string;
}

const deviations = new Map<string, DocsDeviation[]>();

/** The `legacy-docs.*` known deviations of a profile's stock expectations. */
export function docsDeviations(profileId: string): DocsDeviation[] {
  let found = deviations.get(profileId);
  if (!found) {
    const file = panelProfile(profileId).expectations;
    const data = existsSync(file) ? (readYamlFile(file) as { expectations?: Partial<DocsDeviation>[] } | null) : null;
    found = (data?.expectations ?? [])
      .filter((e) => typeof e.behaviour === 'string' && e.behaviour.startsWith('legacy-docs.'))
      .map((e) => ({ behaviour: e.behaviour as string, reason: e.reason ?? '', link: e.link ?? '' }));
    deviations.set(profileId, found);
  }
  return found;
}

// Concrete values that fit any {parameter} of a route list (only the path's shape matters for routing).
const SHAPE = new Proxy({}, { get: () => 'x1' }) as Record<string, string>;

function shapeOf(path: string): string {
  return path.replace(/\{\w+\}/g, '{}');
}

/** The panel-source citations a link names (`spec/…` rows and prose dropped). */
export function citationsIn(link: string): string[] {
  return [...link.matchAll(/\b(?:wings-)?v\d+\.\d+\.\d+:[\w./-]+#L\d+-L\d+/g)].map((m) => m[0]);
}

/** The source verdict of one documented operation on one profile's panel. */
export function operationSourceVerdict(op: LegacyOperation, profileId: string, known: readonly DocsDeviation[] = docsDeviations(profileId)): SourceVerdict {
  const profile = panelProfile(profileId);
  const routing = routingOfPanel(profile.panelRoutes, op.method, fillPath(op.path, SHAPE));
  if (routing.kind === 'unrouted') {
    return { verdict: 'false', source: [routeFileCitation(profile.panelRoutes, op.api)].filter((c): c is string => c !== undefined), note: `${profile.panel} does not route ${op.method} ${op.path}: 404` };
  }
  if (routing.kind === 'method-not-allowed') {
    return { verdict: 'false', source: routing.sources, note: `${profile.panel} routes that path for ${routing.allow} only: ${op.method} answers 405` };
  }
  const contradicted = known.filter((d) => d.behaviour === `legacy-docs.${op.id}` || d.behaviour.startsWith(`legacy-docs.${op.id}.`));
  if (contradicted.length > 0) {
    const source = [...new Set([routing.source, ...contradicted.flatMap((d) => citationsIn(d.link))])];
    const as = shapeOf(routing.template) === shapeOf(op.path) ? 'routed' : `routed only as ${routing.method} ${routing.template}`;
    return { verdict: 'false', source, note: `${as}, but ${contradicted.map((d) => d.reason).join(' ')}` };
  }
  return { verdict: 'holds', source: [routing.source], note: `${profile.panel} routes ${op.method} ${routing.template}; no documented detail of it is known to differ` };
}

/** The operation's source verdict on every registered profile. */
export function operationSourceVerdicts(op: LegacyOperation): ProfileSourceVerdicts {
  return Object.fromEntries(profileIds().map((id) => [id, operationSourceVerdict(op, id)]));
}
