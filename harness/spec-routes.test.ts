import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { OperationIndex } from './operation-index.ts';
import { loadSpec } from './spec-source.ts';

const routesFile = fileURLToPath(new URL('../spec/reference-routes.yaml', import.meta.url));
const referenceFile = fileURLToPath(new URL('../../shared/reference/pterodactyl-v0.7-api.md', import.meta.url));
const routes = parse(readFileSync(routesFile, 'utf8')) as { application: [string, string][]; client: [string, string][] };
const routeKeys = [...routes.application, ...routes.client].map(([m, p]) => `${m} ${p}`);

let index: OperationIndex;
beforeAll(async () => {
  index = new OperationIndex(await loadSpec());
});

describe('the spec lists exactly the routes of a stock v0.7.19 panel', () => {
  it('has the 46 method + path pairs of reference-routes.yaml, no more, no fewer', () => {
    const specKeys = index.operations.map((o) => `${o.method.toUpperCase()} ${o.path}`);
    expect(routeKeys).toHaveLength(46);
    expect([...specKeys].sort()).toEqual([...routeKeys].sort());
  });

  it.runIf(existsSync(referenceFile))('reference-routes.yaml matches the route tables of the reference', () => {
    const text = readFileSync(referenceFile, 'utf8');
    const section = (from: string, to: string) => text.slice(text.indexOf(from), text.indexOf(to));
    const rows = (body: string, prefix: string) =>
      [...body.matchAll(/^\| \d+ \| (GET|POST|PATCH|DELETE) \| (\S+)/gm)].map(([, method, path]) => {
        const full = path === '/' ? prefix : prefix + (path as string).replace('{force?}', '{force}');
        return `${method} ${full}`;
      });
    const application = rows(section('### 1.2', '### 1.3'), '/api/application');
    const client = rows(section('### 1.3', '### 1.4'), '/api/client');
    expect(application).toHaveLength(41);
    expect(client).toHaveLength(5);
    expect([...application, ...client].sort()).toEqual([...routeKeys].sort());
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
