import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ResponseContract } from '../../../harness/response-contract.ts';
import { MockPanel } from '../../panel.ts';
import { expectConforms, get, idsOf, NULL_RESOURCE } from './test-support.ts';

let contract: ResponseContract;
let panel: MockPanel;
beforeAll(async () => {
  contract = await ResponseContract.load();
  panel = await MockPanel.create();
});
beforeEach(() => panel.reset());

const app = (url: string, key = 'app-full') => get(panel, key, `/api/application${url}`);

describe('nodes', () => {
  it('lists and searches nodes', async () => {
    const all = await app('/nodes?include=location,allocations');
    expectConforms(contract, 'listNodes', all);
    expect(idsOf(all.json)).toEqual([1, 2, 3]);
    const found = await app('/nodes?search=frankfurt');
    expectConforms(contract, 'listNodes', found);
    expect(idsOf(found.json)).toEqual([2]);
  });

  it('shows one node without its daemon secret', async () => {
    const response = await app('/nodes/1?include=servers,location', 'app-users-read-only');
    // users-read-only cannot read nodes: the route itself is forbidden.
    expect(response.status).toBe(403);
    const full = await app('/nodes/1?include=servers,location');
    expectConforms(contract, 'getNode', full);
    expect(full.body).not.toContain('daemonSecret');
    expect(full.json.attributes.relationships.location.attributes.short).toBe('us.nyc');
  });

  it('pages a node allocations; include=server fails on an unassigned one', async () => {
    const list = await app('/nodes/1/allocations');
    expectConforms(contract, 'listNodeAllocations', list);
    expect(list.json.meta.pagination).toMatchObject({ total: 20, count: 20, per_page: 50 });
    expect(list.json.data.find((a: { attributes: { id: number } }) => a.attributes.id === 16).attributes.alias).toBe('mc.example.com');

    const failing = await app('/nodes/1/allocations?include=server');
    expect(failing.status).toBe(500);
    expectConforms(contract, 'listNodeAllocations', failing);
    expect(failing.json.errors[0].code).toBe('FatalThrowableError');
  });

  it('allocation include node is fine on every allocation', async () => {
    const response = await app('/nodes/2/allocations?include=node');
    expectConforms(contract, 'listNodeAllocations', response);
    expect(response.json.data[0].attributes.relationships.node.attributes.id).toBe(2);
  });
});

describe('locations', () => {
  it('accepts and ignores search', async () => {
    const response = await app('/locations?search=zzz&include=nodes,servers');
    expectConforms(contract, 'listLocations', response);
    expect(idsOf(response.json)).toEqual([1, 2, 3, 4]);
    // au.syd has no nodes.
    expect(response.json.data[3].attributes.relationships.nodes).toEqual({ object: 'list', data: [] });
  });

  it('an array search is a 500 FatalThrowableError', async () => {
    const response = await app('/locations?search[]=x');
    expect(response.status).toBe(500);
    expect(response.json.errors[0].code).toBe('FatalThrowableError');
  });

  it('shows one location with its servers through its nodes', async () => {
    const response = await app('/locations/2?include=servers,nodes');
    expectConforms(contract, 'getLocation', response);
    expect(idsOf(response.json.attributes.relationships.servers)).toEqual([5, 6]);
    const limited = await app('/locations/2?include=servers', 'app-read-only');
    expect(limited.json.attributes.relationships.servers.object).toBe('list');
    expect((await app('/locations/2?include=servers', 'app-write-only')).status).toBe(403);
    expect(NULL_RESOURCE.object).toBe('null_resource');
  });
});
