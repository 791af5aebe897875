import { describe, expect, it } from 'vitest';
import { stockPanelRoutesV111 } from '../../../harness/panel-routes.ts';
import { PanelErrorV111 } from '../errors/panel-error.ts';
import { matchRouteV111, rawUrlDecode, routesV111 } from './route-table.ts';

describe('the v1.11 route table', () => {
  it('is the route list extracted from v1.11.8, in registration order', () => {
    const extracted = stockPanelRoutesV111().map((r) => `${r.method} ${r.uri.replace(/\{(\w+):\w+\}/g, '{$1}')}`);
    expect(routesV111().map((r) => `${r.method} ${r.path}`)).toEqual(extracted);
    expect(routesV111().filter((r) => r.api === 'application')).toHaveLength(42);
    expect(routesV111().filter((r) => r.api === 'client')).toHaveLength(69);
  });

  it('matches the first registered route: deployable before {node}, the optional {force?}', () => {
    const match = (method: string, path: string) => {
      const found = matchRouteV111(method, path);
      return found.kind === 'route' ? [found.route.operationId, found.params] : found;
    };
    expect(match('GET', '/api/application/nodes/deployable')).toEqual(['listDeployableNodes', {}]);
    expect(match('GET', '/api/application/nodes/7/')).toEqual(['getNode', { node: '7' }]);
    expect(match('DELETE', '/api/application/servers/3')).toEqual(['deleteServer', { server: '3' }]);
    expect(match('DELETE', '/api/application/servers/3/force')).toEqual(['forceDeleteServer', { server: '3', force: 'force' }]);
    expect(match('HEAD', '/api/client/servers/abc/files/list')).toEqual(['listFiles', { server: 'abc' }]);
    expect(match('OPTIONS', '/api/application/users/1')).toEqual({ kind: 'options', allow: 'GET,HEAD,PATCH,DELETE' });
  });

  it('404 names the path without its leading slash; 405 lists the other methods', () => {
    const fail = (method: string, path: string) => {
      try {
        matchRouteV111(method, path);
      } catch (error) {
        return error as PanelErrorV111;
      }
      throw new Error('matched');
    };
    expect(fail('GET', '/api/application/users/1/nope').message).toBe('The route api/application/users/1/nope could not be found.');
    const notAllowed = fail('POST', '/api/application/users/1');
    expect([notAllowed.status, notAllowed.headers['Allow']]).toEqual([405, 'GET, HEAD, PATCH, DELETE']);
  });

  it('decodes the path as rawurldecode does', () => {
    expect(rawUrlDecode('/a%20b%2Fc%zz')).toBe('/a b/c%zz');
  });
});
