import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ResponseContract } from '../../../harness/response-contract.ts';
import { MockPanel } from '../../panel.ts';
import { errorOf, send, storeState, type TestResponse } from './account-test-requests.ts';
import { SERVER_USING_ALLOCATION } from './allocations.ts';

let contract: ResponseContract;
let panel: MockPanel;

beforeAll(async () => {
  contract = await ResponseContract.load();
});
beforeEach(async () => {
  panel = await MockPanel.create();
});

function conforms(operationId: string, response: TestResponse): void {
  expect(contract.check(operationId, { status: response.status, headers: response.headers, rawBody: response.rawBody })).toEqual([]);
}

const post = (nodeId: number, body: unknown) => send(panel, 'POST', `/api/application/nodes/${nodeId}/allocations`, body);
const created = (seedCount = 48) => panel.store.all('allocations').slice(seedCount).map(({ ip, port, ip_alias, node_id, server_id }) => ({ node_id, ip, port, ip_alias, server_id }));

async function expectDisplayError(body: unknown, code: string, detail: string): Promise<void> {
  const before = storeState(panel);
  const response = await post(3, body);
  expect(response.status).toBe(400);
  conforms('createNodeAllocations', response);
  expect(response.json).toEqual({ errors: [{ code, status: '400', detail }] });
  expect(storeState(panel)).toEqual(before);
}

describe('POST /nodes/{node}/allocations', () => {
  it('creates one allocation per port, ranges expanded, alias stored as ip_alias; 204 with an empty body', async () => {
    const response = await post(3, { ip: '203.0.113.50', alias: 'sin.example.com', ports: ['25565', '25570-25572'] });
    expect(response.status).toBe(204);
    expect(response.rawBody).toBe('');
    conforms('createNodeAllocations', response);
    expect(created()).toEqual(
      [25565, 25570, 25571, 25572].map((port) => ({ node_id: 3, ip: '203.0.113.50', port, ip_alias: 'sin.example.com', server_id: null })),
    );
    const listed = await send(panel, 'GET', '/api/application/nodes/3/allocations');
    expect(listed.json.data.slice(-1)[0].attributes).toEqual({ id: 52, ip: '203.0.113.50', alias: 'sin.example.com', port: 25572, assigned: false });
  });

  it('expands a CIDR block to every address, network and broadcast included', async () => {
    expect((await post(3, { ip: '203.0.113.4/30', ports: ['30000', '30001'] })).status).toBe(204);
    const rows = created();
    expect(rows.map((r) => `${r.ip}:${r.port}`)).toEqual([
      '203.0.113.4:30000', '203.0.113.4:30001',
      '203.0.113.5:30000', '203.0.113.5:30001',
      '203.0.113.6:30000', '203.0.113.6:30001',
      '203.0.113.7:30000', '203.0.113.7:30001',
    ]);
    expect(rows.every((r) => r.ip_alias === null)).toBe(true);
  });

  it('expands a /27 to 32 addresses, starting from the network address of a host address', async () => {
    expect((await post(3, { ip: '198.18.0.77/27', ports: ['30000'] })).status).toBe(204);
    const ips = created().map((r) => r.ip);
    expect(ips).toHaveLength(32);
    expect(ips[0]).toBe('198.18.0.64');
    expect(ips[31]).toBe('198.18.0.95');
  });

  it('silently skips existing ip:port pairs and repeated ports', async () => {
    // 198.51.100.10 holds ports 25565–25579 on node 1 (seed allocations 1–15).
    expect((await post(1, { ip: '198.51.100.10', ports: ['25571', '25578-25581', '25581', '25580'] })).status).toBe(204);
    expect(created().map((r) => `${r.node_id}:${r.port}`)).toEqual(['1:25580', '1:25581']);
    // The unique key is per node: the same pair on another node is new.
    expect((await post(3, { ip: '198.51.100.10', ports: ['25571'] })).status).toBe(204);
    expect(created().map((r) => `${r.node_id}:${r.port}`)).toEqual(['1:25580', '1:25581', '3:25571']);
  });

  it('resolves localhost to 127.0.0.1', async () => {
    expect((await post(3, { ip: 'localhost', ports: ['30000'] })).status).toBe(204);
    expect(created()).toEqual([{ node_id: 3, ip: '127.0.0.1', port: 30000, ip_alias: null, server_id: null }]);
  });

  it('stores an IPv6 address in inet_ntop form', async () => {
    expect((await post(3, { ip: '2001:DB8:0:0:0:0:0:10', ports: ['30000'] })).status).toBe(204);
    expect(created()[0]?.ip).toBe('2001:db8::10');
  });

  it('accepts the port bounds 1025 and 65535, and a range whose ends pass', async () => {
    expect((await post(3, { ip: '192.0.2.9', ports: ['1025', '65535', '65000-65535'] })).status).toBe(204);
    expect(created()).toHaveLength(2 + 536 - 1);
  });

  it('refuses a CIDR mask outside /27–/32 with the /25 message (checked first)', async () => {
    const message = 'CIDR notation only allows masks between /25 and /32.';
    await expectDisplayError({ ip: '203.0.113.0/26', ports: ['30000'] }, 'CidrOutOfRangeException', message);
    await expectDisplayError({ ip: '203.0.113.0/33', ports: ['bad'] }, 'CidrOutOfRangeException', message);
    await expectDisplayError({ ip: '203.0.113.0/', ports: ['30000'] }, 'CidrOutOfRangeException', message);
    await expectDisplayError({ ip: 'not-an-ip/x', ports: ['30000'] }, 'CidrOutOfRangeException', message);
  });

  it('refuses a port that is neither digits nor NNNN-NNNNN, naming it', async () => {
    await expectDisplayError({ ip: '192.0.2.1', ports: ['25565:25570'] }, 'InvalidPortMappingException', 'The mapping provided for 25565:25570 was invalid and could not be processed.');
    await expectDisplayError({ ip: '192.0.2.1', ports: ['30000', '100-200'] }, 'InvalidPortMappingException', 'The mapping provided for 100-200 was invalid and could not be processed.');
  });

  it('refuses a range of more than 1000 ports before checking its bounds', async () => {
    const message = 'Adding more than 1000 ports in a single range at once is not supported.';
    await expectDisplayError({ ip: '192.0.2.1', ports: ['30000-31000'] }, 'TooManyPortsInRangeException', message);
    await expectDisplayError({ ip: '192.0.2.1', ports: ['1000-2000'] }, 'TooManyPortsInRangeException', message);
  });

  it('refuses ports ≤ 1024 or > 65535 (for a range, only its ends)', async () => {
    const message = 'Ports in an allocation must be greater than 1024 and less than or equal to 65535.';
    await expectDisplayError({ ip: '192.0.2.1', ports: ['1024'] }, 'PortOutOfRangeException', message);
    await expectDisplayError({ ip: '192.0.2.1', ports: ['65536'] }, 'PortOutOfRangeException', message);
    await expectDisplayError({ ip: '192.0.2.1', ports: ['1000-1999'] }, 'PortOutOfRangeException', message);
    await expectDisplayError({ ip: '192.0.2.1', ports: ['65000-65536'] }, 'PortOutOfRangeException', message);
  });

  it('leaves nothing behind when a later port fails after earlier ones were inserted', async () => {
    await expectDisplayError({ ip: '192.0.2.0/30', ports: ['30000', '30001-30003', '70000'] }, 'PortOutOfRangeException', 'Ports in an allocation must be greater than 1024 and less than or equal to 65535.');
  });

  it('answers an unparsable ip with the IP library’s 500 Exception (detail in debug only)', async () => {
    for (const ip of ['not-an-ip', '300.1.1.1', 'node.example.com']) {
      const before = storeState(panel);
      const response = await post(3, { ip, ports: ['30000'] });
      expect(response.status).toBe(500);
      conforms('createNodeAllocations', response);
      expect(errorOf(response)).toEqual({ code: 'Exception', status: '500', detail: 'An error was encountered while processing this request.' });
      expect(response.headers['x-ratelimit-limit']).toBe('120');
      expect(storeState(panel)).toEqual(before);
    }
    panel = await MockPanel.create({ debug: true });
    const response = await post(3, { ip: 'not-an-ip', ports: ['30000'] });
    expect(response.status).toBe(500);
    conforms('createNodeAllocations', response);
    expect(errorOf(response)).toMatchObject({ code: 'Exception', detail: 'Invalid IP address format' });
  });

  it('reports the IP error before any port error', async () => {
    const response = await post(3, { ip: 'bogus', ports: ['1'] });
    expect(response.status).toBe(500);
    expect(errorOf(response).code).toBe('Exception');
  });

  it('rolls back a network ending at 255.255.255.255 (the iterator overruns: 500 ErrorException)', async () => {
    const before = storeState(panel);
    const response = await post(3, { ip: '255.255.255.254/31', ports: ['30000'] });
    expect(response.status).toBe(500);
    conforms('createNodeAllocations', response);
    expect(errorOf(response).code).toBe('ErrorException');
    expect(storeState(panel)).toEqual(before);
  });

  it('answers a block too large to walk with PHP’s fatal time-limit error, creating nothing', async () => {
    const before = storeState(panel);
    const response = await post(3, { ip: '2001:db8::/32', ports: ['30000'] });
    expect(response.status).toBe(500);
    conforms('createNodeAllocations', response);
    expect(errorOf(response).code).toBe('FatalErrorException');
    expect(storeState(panel)).toEqual(before);
  });
});

describe('DELETE /nodes/{node}/allocations/{allocation}', () => {
  it('deletes an unassigned allocation: 204, empty body', async () => {
    const response = await send(panel, 'DELETE', '/api/application/nodes/1/allocations/7');
    expect(response.status).toBe(204);
    expect(response.rawBody).toBe('');
    conforms('deleteNodeAllocation', response);
    expect(panel.store.find('allocations', 7)).toBeUndefined();
  });

  it('refuses an allocation a server uses: 400 ServerUsingAllocationException, nothing changed', async () => {
    const before = storeState(panel);
    const response = await send(panel, 'DELETE', '/api/application/nodes/1/allocations/1');
    expect(response.status).toBe(400);
    conforms('deleteNodeAllocation', response);
    expect(response.json).toEqual({ errors: [{ code: 'ServerUsingAllocationException', status: '400', detail: SERVER_USING_ALLOCATION }] });
    expect(SERVER_USING_ALLOCATION).toBe(
      'A server is currently assigned to this allocation. An allocation can only be deleted if no server is currently assigned.',
    );
    expect(storeState(panel)).toEqual(before);
  });

  it('answers 404 for an allocation of another node (the request’s resourceExists check)', async () => {
    const response = await send(panel, 'DELETE', '/api/application/nodes/2/allocations/7');
    expect(response.status).toBe(404);
    expect(panel.store.find('allocations', 7)).toBeDefined();
  });
});
