// The upgrade mapping covers exactly the 0.7 spec's 46 operations, each at its own route, and every
// v1.11 target is a route of v1.11.8's route files, cited at its line; a malformed entry is refused
// with its name.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadUpgradeMapping, MappingError, readUpgradeMapping, sourceVerdicts, worstVerdict, type OperationMapping } from './upgrade-mapping.ts';

interface RouteRow {
  api: string;
  method: string;
  uri: string;
  source: string;
}

const mapping = loadUpgradeMapping();
const spec = parse(readFileSync('spec/pterodactyl-v0.7.yaml', 'utf8')) as { paths: Record<string, Record<string, { operationId?: string }>> };
const specOps = Object.entries(spec.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
    .map(([method, op]) => ({ operationId: op.operationId as string, method: method.toUpperCase(), path })),
);
const routes = (file: string) => (parse(readFileSync(file, 'utf8')) as { routes: RouteRow[] }).routes;
// Laravel's `{user:id}` binds by that column and `{force?}` is optional: both are one path parameter.
const plain = (uri: string) => uri.replace(/\{(\w+)(?::\w+)?\??\}/g, '{$1}');
const routes07 = routes('spec/panel-routes-v0.7.19.yaml');
const routes111 = routes('spec/panel-routes-v1.11.8.yaml');

describe('spec/upgrade-v0.7.19-to-v1.11.yaml', () => {
  it('maps exactly the 46 operations of the v0.7 spec, each at its method and path', () => {
    expect(specOps).toHaveLength(46);
    expect(mapping.operations.map((o) => o.operation).sort()).toEqual(specOps.map((o) => o.operationId).sort());
    for (const op of mapping.operations) {
      const s = specOps.find((x) => x.operationId === op.operation)!;
      expect(`${op.operation}: ${op.from.method} ${op.from.path}`).toBe(`${op.operation}: ${s.method} ${s.path}`);
    }
  });

  it('cites each 0.7 operation at its route line in v0.7.19', () => {
    for (const op of mapping.operations) {
      const row = routes07.find((r) => r.method === op.from.method && plain(r.uri) === op.from.path);
      expect(row, `${op.operation}: no v0.7.19 route ${op.from.method} ${op.from.path}`).toBeDefined();
      expect(`${op.operation}: ${op.from.route}`).toBe(`${op.operation}: ${row!.source}`);
    }
  });

  it('sends every mapped operation to a route of v1.11.8, cited at its line, each target once', () => {
    expect(routes111.filter((r) => r.api === 'application')).toHaveLength(42);
    expect(routes111.filter((r) => r.api === 'client')).toHaveLength(69);
    const targets = mapping.operations.filter((o) => o.to);
    for (const op of targets) {
      const row = routes111.find((r) => r.method === op.to!.method && plain(r.uri) === op.to!.path);
      expect(row, `${op.operation}: no v1.11.8 route ${op.to!.method} ${op.to!.path}`).toBeDefined();
      expect(`${op.operation}: ${op.to!.route}`).toBe(`${op.operation}: ${row!.source}`);
    }
    const ids = targets.map((o) => o.to!.operation);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('says why an operation is gone, and that no v1.11.8 route has its method and path', () => {
    const gone = mapping.operations.filter((o) => o.gone);
    expect(gone.map((o) => o.operation)).toEqual(['rebuildServer']);
    for (const op of gone) expect(routes111.some((r) => r.method === op.from.method && plain(r.uri) === op.from.path)).toBe(false);
  });

  it('gives the verdict kinds the issue names: utilization moved, rebuild gone, the server object changed', () => {
    const byId = new Map(mapping.operations.map((o) => [o.operation, o]));
    expect(sourceVerdicts(byId.get('getClientServerUtilization')!)).toEqual(['moved', 'changed-fields', 'changed-limits']);
    expect(sourceVerdicts(byId.get('rebuildServer')!)).toEqual(['gone']);
    expect(sourceVerdicts(byId.get('getServer')!)).toEqual(['changed-fields']);
    expect(sourceVerdicts(byId.get('sendClientServerCommand')!)).toEqual(['changed-statuses', 'changed-limits']);
    expect(sourceVerdicts(byId.get('getUser')!)).toEqual(['same']);
    expect(worstVerdict(['changed-limits', 'moved'])).toBe('moved');
    expect(mapping.common.map((c) => c.id)).toEqual(expect.arrayContaining(['application-rate-limit', 'client-rate-limit', 'validation-error-envelope', 'key-format']));
  });
});

describe('readUpgradeMapping refuses a malformed entry, naming it', () => {
  const entry = (over: Partial<Record<string, unknown>> = {}) => ({
    from: 'v0.7.19',
    to: 'v1.11.8',
    operations: {
      getUser: {
        from: { method: 'GET', path: '/api/application/users/{user}', route: 'v0.7.19:routes/api-application.php#L13-L13' },
        to: { operation: 'getUser', method: 'GET', path: '/api/application/users/{user}', route: 'v1.11.8:routes/api-application.php#L17-L17' },
        ...over,
      },
    },
  });

  it('reads a well-formed entry', () => {
    const ok: OperationMapping = readUpgradeMapping(entry()).operations[0]!;
    expect(ok.to?.operation).toBe('getUser');
  });

  it.each([
    ['a citation without a line range', { changes: [{ kind: 'fields', breaking: true, summary: 'x', source: ['v1.11.8:app/Models/User.php'] }] }, /getUser\.changes\[0\]\.source\[0\]/],
    ['a citation at another tag', { changes: [{ kind: 'fields', breaking: true, summary: 'x', source: ['v1.0.0:app/Models/User.php#L1-L2'] }] }, /not a citation/],
    ['an unknown kind', { changes: [{ kind: 'colour', breaking: true, summary: 'x', source: ['v1.11.8:app/Models/User.php#L1-L2'] }] }, /kind: expected one of/],
    ['a target route in another file', { to: { operation: 'getUser', method: 'GET', path: '/api/application/users/{user}', route: 'v1.11.8:app/Models/User.php#L1-L2' } }, /getUser\.to\.route/],
    ['neither to nor gone', { to: undefined }, /names its v1\.11 counterpart/],
    ['an unknown set', { sets: ['nope'] }, /no set named "nope"/],
  ])('%s', (_name, over, message) => {
    expect(() => readUpgradeMapping(entry(over))).toThrow(MappingError);
    expect(() => readUpgradeMapping(entry(over))).toThrow(message);
  });
});
