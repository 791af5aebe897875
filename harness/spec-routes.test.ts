import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { OperationIndex } from './operation-index.ts';
import { stockPanelRoutes, stockPanelRoutesV111 } from './panel-routes.ts';
import { loadSpec } from './spec-source.ts';

const SPEC_V111_PATH = fileURLToPath(new URL('../spec/pterodactyl-v1.11.yaml', import.meta.url));

const routeKeys = stockPanelRoutes().map((r) => `${r.method} ${r.path}`);

let index: OperationIndex;
beforeAll(async () => {
  index = new OperationIndex(await loadSpec());
});

describe('the spec lists exactly the routes of a stock v0.7.19 panel', () => {
  it('has the 46 method + path pairs of spec/panel-routes-v0.7.19.yaml (41 application, 5 client), no more, no fewer', () => {
    const specKeys = index.operations.map((o) => `${o.method.toUpperCase()} ${o.path}`);
    expect(stockPanelRoutes().filter((r) => r.api === 'application')).toHaveLength(41);
    expect(stockPanelRoutes().filter((r) => r.api === 'client')).toHaveLength(5);
    expect(new Set(routeKeys).size).toBe(46);
    expect([...specKeys].sort()).toEqual([...routeKeys].sort());
  });

  it("cites each operation's route line in its x-source", () => {
    for (const route of stockPanelRoutes()) {
      const op = index.operations.find((o) => o.method.toUpperCase() === route.method && o.path === route.path);
      expect((op?.operation as { 'x-source'?: string[] } | undefined)?.['x-source'], `${route.method} ${route.path}`).toContain(route.source);
    }
  });

  it('gives every operation a unique operationId, a category tag and its key scheme', () => {
    const allowedTags = ['application/users', 'application/servers', 'application/nodes', 'application/locations', 'application/nests', 'client/servers'];
    for (const op of index.operations) {
      expect(op.tags, op.operationId).toHaveLength(1);
      expect(allowedTags, op.operationId).toContain(op.tags[0]);
      expect(op.tags[0]?.startsWith(op.api), op.operationId).toBe(true);
      const scheme = op.api === 'application' ? 'applicationKey' : 'clientKey';
      expect(op.operation.security, op.operationId).toEqual([{ [scheme]: [] }]);
    }
    expect(new Set(index.operations.map((o) => o.operationId)).size).toBe(46);
  });

  it('gives every application operation the x-acl its method needs', () => {
    for (const op of index.operations.filter((o) => o.api === 'application')) {
      expect(op.acl, op.operationId).toBeDefined();
      expect(op.acl?.column, op.operationId).toMatch(/^r_(servers|nodes|allocations|users|locations|nests|eggs|database_hosts|server_databases|packs)$/);
      expect(op.acl?.bit, op.operationId).toBe(op.method === 'get' ? 'read' : 'write');
    }
  });
});

describe('the v1.11 spec lists exactly the routes of a stock v1.11.8 panel', () => {
  const routes = stockPanelRoutesV111();
  let index: OperationIndex;
  let tags: Set<string>;
  beforeAll(async () => {
    const doc = await loadSpec(SPEC_V111_PATH);
    index = new OperationIndex(doc);
    tags = new Set((doc.tags ?? []).map((t) => t.name));
  });
  const keysOf = (api: string) => ({
    panel: routes.filter((r) => r.api === api).map((r) => `${r.method} ${r.path}`).sort(),
    spec: index.operations.filter((o) => o.api === api).map((o) => `${o.method.toUpperCase()} ${o.path}`).sort(),
  });

  it('has the 111 method + path pairs of spec/panel-routes-v1.11.8.yaml (42 application, 69 client)', () => {
    expect(routes.filter((r) => r.api === 'application')).toHaveLength(42);
    expect(routes.filter((r) => r.api === 'client')).toHaveLength(69);
    expect(new Set(routes.map((r) => `${r.method} ${r.path}`)).size).toBe(111);
  });

  // Compared per API, so a difference says which half of the document it is in.
  it('has an operation for each application route, no more, no fewer', () => {
    const { panel, spec } = keysOf('application');
    expect(spec).toEqual(panel);
  });

  it('has an operation for each client route, no more, no fewer', () => {
    const { panel, spec } = keysOf('client');
    expect(spec).toEqual(panel);
  });

  it("cites each operation's route line in its x-source", () => {
    for (const route of routes) {
      const op = index.operations.find((o) => o.method.toUpperCase() === route.method && o.path === route.path);
      if (!op) continue; // a missing operation fails the comparison above
      expect((op.operation as { 'x-source'?: string[] })['x-source'], `${route.method} ${route.path}`).toContain(route.source);
    }
  });

  it('gives every operation a unique operationId, one category tag of its API and its key scheme', () => {
    for (const op of index.operations) {
      expect(op.tags, op.operationId).toHaveLength(1);
      expect(tags.has(op.tags[0] ?? ''), `${op.operationId} ${op.tags[0]}`).toBe(true);
      expect(op.tags[0]?.startsWith(`${op.api}/`), op.operationId).toBe(true);
      const scheme = op.api === 'application' ? 'applicationKey' : 'clientKey';
      expect(op.operation.security, op.operationId).toEqual([{ [scheme]: [] }]);
    }
    expect(new Set(index.operations.map((o) => o.operationId)).size).toBe(index.operations.length);
  });

  it('gives every application operation the x-acl its method needs', () => {
    for (const op of index.operations.filter((o) => o.api === 'application')) {
      expect(op.acl?.column, op.operationId).toMatch(/^r_(servers|nodes|allocations|users|locations|nests|eggs|database_hosts|server_databases)$/);
      expect(op.acl?.bit, op.operationId).toBe(op.method === 'get' ? 'read' : 'write');
    }
  });
});

describe('matching a request to its operation', () => {
  it.each([
    ['GET', '/api/application/users/external/abc', 'getUserByExternalId', { external_id: 'abc' }],
    ['GET', '/api/application/users/12', 'getUser', { user: '12' }],
    ['DELETE', '/api/application/servers/5', 'deleteServer', { server: '5' }],
    ['DELETE', '/api/application/servers/5/force', 'forceDeleteServer', { server: '5', force: 'force' }],
    ['PATCH', '/api/application/servers/5/details', 'updateServerDetails', { server: '5' }],
    ['GET', '/api/application/servers/5/databases', 'listServerDatabases', { server: '5' }],
    ['GET', '/api/client', 'listClientServers', {}],
    ['GET', '/api/client/', 'listClientServers', {}],
    ['POST', '/api/client/servers/1a7ce997/power?x=1', 'sendClientServerPower', { server: '1a7ce997' }],
  ])('%s %s is %s', (method, path, operationId, params) => {
    const match = index.match(method, path);
    expect(match?.info.operationId).toBe(operationId);
    expect(match?.params).toEqual(params);
  });

  it('finds nothing for an unknown path or a known path with another method', () => {
    expect(index.match('GET', '/api/application/nope')).toBeUndefined();
    expect(index.match('PUT', '/api/application/users/1')).toBeUndefined();
    expect(index.matchPath('/api/application/users/1').map((m) => m.info.method).sort()).toEqual(['delete', 'get', 'patch']);
  });
});
