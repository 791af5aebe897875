// Keys that are data, not API: where the spec's response schema declares an object as a map
// (`additionalProperties: <schema>`, e.g. a server's container.environment, one key per egg
// variable), the keys it does not declare are collapsed into one `<key>` token, so that two panels
// with different eggs do not diff as fields added and removed. Declared keys stay as they are.

type Schema = Record<string, unknown>;

/** The token that stands for every undeclared key of a map. */
export const MAP_KEY = '<key>';

export class MapKeyCollapser {
  private readonly cache = new Map<string, string>();

  constructor(
    private readonly spec: unknown,
    private readonly root: unknown,
  ) {}

  /** The spec's JSON response schema of an operation × status, or undefined. */
  static forResponse(spec: unknown, operation: { responses: Record<string, unknown> }, status: string): MapKeyCollapser | undefined {
    const response = deref(spec, operation.responses[status]) as { content?: Record<string, { schema?: unknown }> } | undefined;
    const schema = Object.values(response?.content ?? {})[0]?.schema;
    return schema === undefined ? undefined : new MapKeyCollapser(spec, schema);
  }

  /** The field map with every undeclared map key replaced by `<key>` (types of merged fields joined). */
  collapse(fields: Record<string, string>): Record<string, string> {
    const out = new Map<string, Set<string>>();
    for (const [pointer, types] of Object.entries(fields)) {
      const key = this.pointer(pointer);
      const set = out.get(key) ?? new Set<string>();
      for (const t of types.split('|')) set.add(t);
      out.set(key, set);
    }
    const order = ['object', 'array', 'string', 'integer', 'number', 'boolean', 'text', 'empty', 'null'];
    return Object.fromEntries(
      [...out].map(([p, set]) => {
        if (set.has('number')) set.delete('integer');
        return [p, order.filter((t) => set.has(t)).join('|')];
      }),
    );
  }

  pointer(pointer: string): string {
    const cached = this.cache.get(pointer);
    if (cached !== undefined) return cached;
    const tokens = pointer === '' ? [] : pointer.slice(1).split('/');
    let schemas = expand(this.spec, [this.root]);
    const out: string[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] as string;
      if (schemas.length === 0) {
        out.push(...tokens.slice(i));
        break;
      }
      const declared: unknown[] = [];
      const mapped: unknown[] = [];
      for (const s of schemas) {
        if (token === '*' && s['items'] !== undefined) declared.push(s['items']);
        const properties = s['properties'] as Record<string, unknown> | undefined;
        const name = token.replace(/~1/g, '/').replace(/~0/g, '~');
        if (properties && name in properties) declared.push(properties[name]);
        else if (token !== '*' && s['additionalProperties'] !== null && typeof s['additionalProperties'] === 'object') mapped.push(s['additionalProperties']);
      }
      if (declared.length > 0) {
        out.push(token);
        schemas = expand(this.spec, declared);
      } else if (mapped.length > 0) {
        out.push(MAP_KEY);
        schemas = expand(this.spec, mapped);
      } else {
        out.push(token);
        schemas = [];
      }
    }
    const result = out.length === 0 ? '' : `/${out.join('/')}`;
    this.cache.set(pointer, result);
    return result;
  }
}

/** Follows a local `$ref` (`#/components/…`). */
function deref(spec: unknown, value: unknown): unknown {
  let current = value;
  for (let depth = 0; depth < 16; depth++) {
    const ref = (current as { $ref?: unknown } | null)?.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#/')) return current;
    current = ref
      .slice(2)
      .split('/')
      .reduce<unknown>((node, token) => (node as Record<string, unknown> | undefined)?.[token.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
  }
  return current;
}

/** The schemas a value may be checked against: references followed, allOf/oneOf/anyOf spread. */
function expand(spec: unknown, schemas: unknown[], depth = 0): Schema[] {
  const out: Schema[] = [];
  for (const raw of schemas) {
    const s = deref(spec, raw);
    if (s === null || typeof s !== 'object') continue;
    const schema = s as Schema;
    out.push(schema);
    if (depth < 8) {
      for (const key of ['allOf', 'oneOf', 'anyOf']) {
        const parts = schema[key];
        if (Array.isArray(parts)) out.push(...expand(spec, parts, depth + 1));
      }
    }
  }
  return out;
}
