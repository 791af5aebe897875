import type { ValidateFunction } from 'ajv';
import type { OpenAPIV3 } from 'openapi-types';
import type { RecordedResponse } from './exchange.ts';
import { OperationIndex } from './operation-index.ts';
import { SchemaCompiler } from './schema-compiler.ts';
import { loadSpec, specPath } from './spec-source.ts';
import { describeValue, violationsFromAjv, type Violation } from './violation.ts';

interface HeaderRule {
  name: string;
  required: boolean;
  schema: OpenAPIV3.SchemaObject;
  validate: ValidateFunction;
}

interface StatusRule {
  /** Media type (without parameters) → body validator. Empty for bodiless responses. */
  bodies: Map<string, ValidateFunction>;
  headers: HeaderRule[];
}

/**
 * The spec compiled into validators once per process: one per operation × status × content type
 * and one per response header. `check` returns every way a recorded response breaks the spec.
 */
export class ResponseContract {
  readonly index: OperationIndex;
  readonly compiler: SchemaCompiler;
  private readonly rules = new Map<string, Map<string, StatusRule>>();

  constructor(readonly doc: OpenAPIV3.Document) {
    this.index = new OperationIndex(doc);
    this.compiler = new SchemaCompiler(doc);
    for (const info of this.index.operations) {
      const statuses = new Map<string, StatusRule>();
      for (const [status, response] of Object.entries(info.responses)) {
        statuses.set(status, this.compileResponse(response));
      }
      this.rules.set(info.operationId, statuses);
    }
  }

  static async load(path: string = specPath()): Promise<ResponseContract> {
    return new ResponseContract(await loadSpec(path));
  }

  /** The statuses the spec documents for an operation, as strings ('200', '404', …). */
  documentedStatuses(operationId: string): string[] {
    return [...(this.statusRules(operationId).keys())];
  }

  check(operationId: string, response: RecordedResponse): Violation[] {
    const statuses = this.statusRules(operationId);
    const rule = statuses.get(String(response.status)) ?? statuses.get(`${String(response.status)[0]}XX`);
    const base = { operationId, status: response.status };
    if (!rule) {
      return [{
        ...base,
        kind: 'status',
        pointer: '',
        expected: `one of the documented statuses ${[...statuses.keys()].join(', ')}`,
        actual: String(response.status),
      }];
    }
    return [...this.checkHeaders(rule, response, base), ...this.checkBody(rule, response, base)];
  }

  private statusRules(operationId: string): Map<string, StatusRule> {
    const statuses = this.rules.get(operationId);
    if (!statuses) throw new Error(`unknown operationId "${operationId}"`);
    return statuses;
  }

  private compileResponse(response: OpenAPIV3.ResponseObject): StatusRule {
    const bodies = new Map<string, ValidateFunction>();
    for (const [mediaType, media] of Object.entries(response.content ?? {})) {
      bodies.set(mediaType, this.compiler.compile((media.schema ?? {}) as OpenAPIV3.SchemaObject));
    }
    const headers: HeaderRule[] = [];
    for (const [name, header] of Object.entries(response.headers ?? {})) {
      const h = header as OpenAPIV3.HeaderObject;
      const schema = (h.schema ?? {}) as OpenAPIV3.SchemaObject;
      headers.push({ name: name.toLowerCase(), required: h.required === true, schema, validate: this.compiler.compile(schema) });
    }
    return { bodies, headers };
  }

  private checkHeaders(rule: StatusRule, response: RecordedResponse, base: { operationId: string; status: number }): Violation[] {
    const out: Violation[] = [];
    for (const header of rule.headers) {
      const raw = response.headers[header.name];
      const pointer = `/headers/${header.name}`;
      if (raw === undefined) {
        if (header.required) out.push({ ...base, kind: 'header', pointer, expected: 'present', actual: 'absent' });
        continue;
      }
      const value = coerceHeader(raw, header.schema);
      if (!header.validate(value)) {
        out.push(...violationsFromAjv(header.validate.errors ?? [], { ...base, kind: 'header' }, pointer));
        if (!header.validate.errors?.length) out.push({ ...base, kind: 'header', pointer, expected: 'valid', actual: describeValue(raw) });
      }
    }
    return out;
  }

  private checkBody(rule: StatusRule, response: RecordedResponse, base: { operationId: string; status: number }): Violation[] {
    if (rule.bodies.size === 0) {
      return response.rawBody.length === 0
        ? []
        : [{ ...base, kind: 'body', pointer: '', expected: 'an empty body', actual: describeValue(response.rawBody) }];
    }
    const contentType = (response.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const validate = rule.bodies.get(contentType);
    if (!validate) {
      return [{
        ...base,
        kind: 'content-type',
        pointer: '/headers/content-type',
        expected: `one of ${[...rule.bodies.keys()].join(', ')}`,
        actual: contentType || 'absent',
      }];
    }
    // A text body (text/plain: the v1.11 file contents) is validated as the string it is.
    let body: unknown = response.rawBody;
    if (contentType.includes('json')) {
      try {
        body = JSON.parse(response.rawBody);
      } catch {
        return [{ ...base, kind: 'body', pointer: '', expected: 'a JSON document', actual: describeValue(response.rawBody) }];
      }
    }
    if (validate(body)) return [];
    return violationsFromAjv(validate.errors ?? [], { ...base, kind: 'body' });
  }
}

/** Header values are strings on the wire; numeric schemas get the number a well-formed value denotes. */
function coerceHeader(raw: string, schema: OpenAPIV3.SchemaObject): unknown {
  if ((schema.type === 'integer' || schema.type === 'number') && /^-?\d+(\.\d+)?$/.test(raw.trim())) return Number(raw.trim());
  return raw;
}
