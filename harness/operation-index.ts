import type { OpenAPIV3 } from 'openapi-types';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface Acl {
  column: string;
  bit: 'read' | 'write';
}

export interface OperationInfo {
  operationId: string;
  method: HttpMethod;
  /** The full path template, e.g. /api/application/users/{user}. */
  path: string;
  tags: string[];
  api: 'application' | 'client';
  acl: Acl | undefined;
  operation: OpenAPIV3.OperationObject;
  /** Path-level and operation-level parameters, operation-level winning. */
  parameters: OpenAPIV3.ParameterObject[];
  responses: Record<string, OpenAPIV3.ResponseObject>;
}

export interface OperationMatch {
  info: OperationInfo;
  params: Record<string, string>;
}

interface CompiledTemplate {
  info: OperationInfo;
  segments: string[];
  literalCount: number;
  /** Per segment: the parameter's name, or undefined for a literal segment. */
  paramNames: (string | undefined)[];
}

/** Operations of the spec by operationId and by method + concrete path. */
export class OperationIndex {
  readonly operations: readonly OperationInfo[];
  private readonly byId = new Map<string, OperationInfo>();
  /** The path templates by segment count (only those can fit a path), most literal segments first. */
  private readonly bySegmentCount = new Map<number, CompiledTemplate[]>();

  constructor(doc: OpenAPIV3.Document) {
    const all: OperationInfo[] = [];
    const templates: CompiledTemplate[] = [];
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      if (!item) continue;
      for (const method of HTTP_METHODS) {
        const operation = item[method];
        if (!operation) continue;
        const info = describeOperation(path, method, item, operation);
        if (this.byId.has(info.operationId)) throw new Error(`duplicate operationId ${info.operationId}`);
        this.byId.set(info.operationId, info);
        all.push(info);
        const segments = splitPath(path);
        const paramNames = segments.map((s) => (isParam(s) ? s.slice(1, -1) : undefined));
        templates.push({ info, segments, literalCount: paramNames.filter((n) => n === undefined).length, paramNames });
      }
    }
    // A concrete segment wins over a parameter, as in Laravel's route order for these paths
    // (/users/external/{id} before /users/{user}; /servers/{server}/details before /{force}).
    templates.sort((a, b) => b.literalCount - a.literalCount);
    for (const template of templates) {
      const bucket = this.bySegmentCount.get(template.segments.length);
      if (bucket) bucket.push(template);
      else this.bySegmentCount.set(template.segments.length, [template]);
    }
    this.operations = all;
  }

  get(operationId: string): OperationInfo {
    const info = this.byId.get(operationId);
    if (!info) throw new Error(`unknown operationId "${operationId}"`);
    return info;
  }

  has(operationId: string): boolean {
    return this.byId.has(operationId);
  }

  /** The operation serving method + path (query string ignored), or undefined. */
  match(method: string, path: string): OperationMatch | undefined {
    const wanted = method.toLowerCase();
    for (const candidate of this.matchPath(path)) {
      if (candidate.info.method === wanted) return candidate;
    }
    return undefined;
  }

  /** Every operation whose template fits the path, whatever its method. */
  matchPath(path: string): OperationMatch[] {
    const query = path.indexOf('?');
    const segments = splitPath(query === -1 ? path : path.slice(0, query));
    const found: OperationMatch[] = [];
    // Every request is routed: only templates of the same length are tried, literals first, and
    // a parameter object is built only for a template that fits.
    for (const template of this.bySegmentCount.get(segments.length) ?? []) {
      if (!literalsMatch(template, segments) || hasMethod(found, template.info.method)) continue;
      found.push({ info: template.info, params: paramsOf(template, segments) });
    }
    return found;
  }
}

function describeOperation(
  path: string,
  method: HttpMethod,
  item: OpenAPIV3.PathItemObject,
  operation: OpenAPIV3.OperationObject,
): OperationInfo {
  if (!operation.operationId) throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
  const parameters = new Map<string, OpenAPIV3.ParameterObject>();
  for (const p of [...(item.parameters ?? []), ...(operation.parameters ?? [])] as OpenAPIV3.ParameterObject[]) {
    parameters.set(`${p.in}:${p.name}`, p);
  }
  const extensions = operation as unknown as Record<string, unknown>;
  return {
    operationId: operation.operationId,
    method,
    path,
    tags: operation.tags ?? [],
    api: path.startsWith('/api/client') ? 'client' : 'application',
    acl: extensions['x-acl'] as Acl | undefined,
    operation,
    parameters: [...parameters.values()],
    responses: operation.responses as Record<string, OpenAPIV3.ResponseObject>,
  };
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

function isParam(segment: string): boolean {
  return segment.startsWith('{') && segment.endsWith('}');
}

/** The template's literal segments equal the path's (same length, checked by the caller). */
function literalsMatch(template: CompiledTemplate, actual: string[]): boolean {
  for (let i = 0; i < actual.length; i++) {
    if (template.paramNames[i] === undefined && template.segments[i] !== actual[i]) return false;
  }
  return true;
}

function hasMethod(found: readonly OperationMatch[], method: HttpMethod): boolean {
  for (const match of found) if (match.info.method === method) return true;
  return false;
}

function paramsOf(template: CompiledTemplate, actual: string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (let i = 0; i < actual.length; i++) {
    const name = template.paramNames[i];
    if (name !== undefined) params[name] = safeDecode(actual[i] as string);
  }
  return params;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
