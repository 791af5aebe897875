import type { OpenAPIV3 } from 'openapi-types';

/**
 * The spec's `x-source` entries (`<tag>:<path>#L<a>-L<b>`) as links to the public source at that tag.
 * Tags: the panel releases the specs describe, the daemon each ships with, and the vendor versions each
 * panel's composer.lock pins (framework, Fractal, and for v1.11 spatie/laravel-query-builder).
 * spec/spectral.yaml checks the same format.
 */
const REPOSITORIES: Record<string, { repository: string; ref: string }> = {
  'v0.7.19': { repository: 'pterodactyl/panel', ref: 'v0.7.19' },
  'daemon-v0.6.13': { repository: 'pterodactyl/daemon', ref: 'v0.6.13' },
  'laravel-v5.7.14': { repository: 'laravel/framework', ref: 'v5.7.14' },
  'fractal-0.17.0': { repository: 'thephpleague/fractal', ref: '0.17.0' },
  'v1.11.8': { repository: 'pterodactyl/panel', ref: 'v1.11.8' },
  'wings-v1.11.8': { repository: 'pterodactyl/wings', ref: 'v1.11.8' },
  'laravel-v10.1.4': { repository: 'laravel/framework', ref: 'v10.1.4' },
  'fractal-0.20.1': { repository: 'thephpleague/fractal', ref: '0.20.1' },
  'query-builder-5.1.2': { repository: 'spatie/laravel-query-builder', ref: '5.1.2' },
};

const SOURCE = /^([a-z0-9.-]+):([A-Za-z0-9_./-]+)#L([1-9]\d*)-L([1-9]\d*)$/;

export interface SourceLink {
  /** The x-source entry as written in the spec. */
  source: string;
  url: string;
}

export class SourceRefError extends Error {
  override readonly name = 'SourceRefError';
  readonly code = 'PTERO_SOURCE_REF';
}

/** The GitHub URL of one x-source entry; throws on an entry of another shape or an unknown tag. */
export function sourceUrl(source: string): string {
  const match = SOURCE.exec(source);
  if (!match) throw new SourceRefError(`x-source entry ${JSON.stringify(source)} is not <tag>:<path>#L<a>-L<b>`);
  const [, tag, path, from, to] = match as unknown as [string, string, string, string, string];
  const target = REPOSITORIES[tag];
  if (!target) throw new SourceRefError(`x-source entry ${JSON.stringify(source)} names an unknown tag ${tag} (known: ${Object.keys(REPOSITORIES).join(', ')})`);
  if (Number(to) < Number(from)) throw new SourceRefError(`x-source entry ${JSON.stringify(source)} ends before it starts`);
  return `https://github.com/${target.repository}/blob/${target.ref}/${path}#L${from}-L${to}`;
}

/** The links of an object's `x-source` (none when it has none). */
export function sourceLinksOf(object: unknown): SourceLink[] {
  const sources = (object as { 'x-source'?: unknown } | null | undefined)?.['x-source'];
  if (sources === undefined) return [];
  if (!Array.isArray(sources)) throw new SourceRefError(`x-source must be a list, got ${JSON.stringify(sources)}`);
  return sources.map((source) => ({ source: String(source), url: sourceUrl(String(source)) }));
}

export interface QuirkLink {
  /** Where in the operation: `operation`, `response <status>` or `parameter <name>`. */
  where: string;
  kind: 'quirk' | 'uncertain';
  text: string;
  sources: SourceLink[];
}

/**
 * The x-quirk and x-uncertain statements of one operation, with their sources. `document` (the spec)
 * resolves `#/…` references the operation still holds (a shared response, a shared parameter).
 */
export function quirksOf(operation: OpenAPIV3.OperationObject, parameters: readonly OpenAPIV3.ParameterObject[] = [], document?: unknown): QuirkLink[] {
  const resolve = (object: unknown) => resolveLocalRef(object, document);
  const places: [string, unknown][] = [
    ['operation', operation],
    ...parameters.map(resolve).map((p): [string, unknown] => [`parameter ${(p as OpenAPIV3.ParameterObject).name}`, p]),
    ...Object.entries(operation.responses ?? {}).map(([status, response]): [string, unknown] => [`response ${status}`, resolve(response)]),
  ];
  const quirks: QuirkLink[] = [];
  for (const [where, object] of places) {
    const o = object as Record<string, unknown>;
    for (const kind of ['quirk', 'uncertain'] as const) {
      const text = o[`x-${kind}`];
      if (typeof text === 'string') quirks.push({ where, kind, text: text.trim(), sources: sourceLinksOf(o) });
    }
  }
  return quirks;
}

/** The object a local `$ref` (`#/components/…`) points at, or the object itself. */
function resolveLocalRef(object: unknown, document: unknown): unknown {
  const ref = (object as { $ref?: unknown } | null | undefined)?.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/') || document === undefined) return object;
  let target: unknown = document;
  for (const part of ref.slice(2).split('/')) target = (target as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return target ?? object;
}
