import { Ajv, type AnySchema, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { OpenAPIV3 } from 'openapi-types';

/** The $id under which the spec's component schemas are registered with ajv. */
const DEFS_ID = 'pterodactyl-v0.7';

type SchemaNode = Record<string, unknown>;

// OpenAPI keywords that are annotations only; JSON Schema validators do not know them.
const DROPPED_KEYWORDS = new Set(['example', 'discriminator', 'xml', 'externalDocs']);
const SCHEMA_MAP_KEYWORDS = new Set(['properties', 'patternProperties']);
const SCHEMA_LIST_KEYWORDS = new Set(['allOf', 'anyOf', 'oneOf']);
const SCHEMA_KEYWORDS = new Set(['items', 'additionalProperties', 'not']);

/**
 * Turns the dereferenced spec's schemas into ajv validators. Dereferencing keeps one object per
 * component (and cycles between them), so every component object is emitted once as a named
 * definition and referenced by $ref; that keeps recursive includes finite and compiles each
 * component once for the whole process.
 */
export class SchemaCompiler {
  readonly ajv: Ajv;
  private readonly componentNames = new Map<object, string>();
  private readonly cache = new WeakMap<object, ValidateFunction>();

  constructor(doc: OpenAPIV3.Document) {
    this.ajv = new Ajv({ strict: true, allErrors: true, verbose: true });
    addFormats.default(this.ajv);
    const components = doc.components?.schemas ?? {};
    for (const [name, schema] of Object.entries(components)) this.componentNames.set(schema, name);
    const defs: Record<string, unknown> = {};
    for (const [name, schema] of Object.entries(components)) defs[name] = this.convert(schema as SchemaNode, true);
    this.ajv.addSchema({ $id: DEFS_ID, $defs: defs });
  }

  /** A compiled validator for an OpenAPI schema object of the dereferenced spec (cached by identity). */
  compile(schema: OpenAPIV3.SchemaObject): ValidateFunction {
    const cached = this.cache.get(schema);
    if (cached) return cached;
    const validate = this.ajv.compile(this.convert(schema as SchemaNode, false) as AnySchema);
    this.cache.set(schema, validate);
    return validate;
  }

  /** The component name of a schema object, when it is one. */
  nameOf(schema: object): string | undefined {
    return this.componentNames.get(schema);
  }

  private convert(schema: SchemaNode, isDefinitionRoot: boolean): unknown {
    const name = this.componentNames.get(schema);
    if (name && !isDefinitionRoot) return { $ref: `${DEFS_ID}#/$defs/${encodeURIComponent(name)}` };
    const out: SchemaNode = {};
    for (const [key, value] of Object.entries(schema)) {
      if (DROPPED_KEYWORDS.has(key) || key.startsWith('x-')) continue;
      if (SCHEMA_MAP_KEYWORDS.has(key)) {
        out[key] = Object.fromEntries(
          Object.entries(value as Record<string, SchemaNode>).map(([prop, sub]) => [prop, this.convert(sub, false)]),
        );
      } else if (SCHEMA_LIST_KEYWORDS.has(key)) {
        out[key] = (value as SchemaNode[]).map((sub) => this.convert(sub, false));
      } else if (SCHEMA_KEYWORDS.has(key) && typeof value === 'object' && value !== null) {
        out[key] = this.convert(value as SchemaNode, false);
      } else {
        out[key] = value;
      }
    }
    return out;
  }
}
