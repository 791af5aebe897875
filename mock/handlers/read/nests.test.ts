import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ResponseContract } from '../../../harness/response-contract.ts';
import { MockPanel } from '../../panel.ts';
import { expectConforms, get, idsOf } from './test-support.ts';

let contract: ResponseContract;
let panel: MockPanel;
beforeAll(async () => {
  contract = await ResponseContract.load();
  panel = await MockPanel.create();
});
beforeEach(() => panel.reset());

const app = (url: string, key = 'app-full') => get(panel, key, `/api/application${url}`);

describe('nests', () => {
  it('lists the four seeded nests, paginated', async () => {
    const response = await app('/nests?include=eggs');
    expectConforms(contract, 'listNests', response);
    expect(response.json.data.map((n: { attributes: { name: string } }) => n.attributes.name)).toEqual(['Minecraft', 'Source Engine', 'Voice Servers', 'Rust']);
    expect(response.json.meta.pagination).toMatchObject({ total: 4, links: [] });
  });

  it('shows one nest', async () => {
    const response = await app('/nests/2?include=servers');
    expectConforms(contract, 'getNest', response);
    expect(idsOf(response.json.attributes.relationships.servers)).toEqual([5, 6]);
  });
});

describe('eggs', () => {
  it('lists a nest eggs without pagination', async () => {
    const response = await app('/nests/2/eggs?include=config,script,variables');
    expectConforms(contract, 'listNestEggs', response);
    expect(Object.keys(response.json)).toEqual(['object', 'data']);
    expect(response.json.data.every((e: { attributes: { nest: number } }) => e.attributes.nest === 2)).toBe(true);
  });

  it('egg config files: [] in the attributes, {} in the inherited config include', async () => {
    const own = await app('/nests/2/eggs/8');
    expectConforms(contract, 'getNestEgg', own);
    expect(own.body).toContain('"files":[]');
    // Egg 16, admin-made, extends Custom Source Engine Game (8) and has no config of its own.
    const child = await app('/nests/2/eggs/16?include=config,script');
    expectConforms(contract, 'getNestEgg', child);
    expect(child.json.attributes.config.files).toBeNull();
    expect(child.json.attributes.relationships.config).toMatchObject({ object: null, attributes: { files: {}, stop: 'quit' } });
    expect(child.body).toContain('"files":{}');
    expect(child.json.attributes.relationships.script.object).toBeNull();
  });
});
