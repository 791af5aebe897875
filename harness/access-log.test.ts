// Reading an operator's access log: combined and common format lines, nginx and Apache escapes, each
// /api request mapped to its v0.7 operation; junk lines counted, never fatal; a file that is not a
// log (binary, broken gzip, nothing in the format, empty) refused with one sentence.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { AccessLogError, operationOfRequest, parseLogLine, readAccessLog, templateOfPath } from './access-log.ts';
import { loadUpgradeMapping } from './upgrade-mapping.ts';

const templates = loadUpgradeMapping().operations.map((o) => ({ operation: o.operation, method: o.from.method, path: o.from.path }));
const FIXTURE = 'examples/upgrade/access-log.txt';
const dir = mkdtempSync(join(tmpdir(), 'ptero-access-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseLogLine', () => {
  it('reads a combined-format line (nginx and Apache write the same)', () => {
    expect(parseLogLine('203.0.113.10 - frank [01/Dec/2026:10:00:01 +0000] "GET /api/application/users?page=2 HTTP/1.1" 200 512 "-" "WHMCS/8.1"')).toEqual({
      client: '203.0.113.10',
      time: '01/Dec/2026:10:00:01 +0000',
      method: 'GET',
      target: '/api/application/users?page=2',
      status: 200,
      userAgent: 'WHMCS/8.1',
    });
  });

  it('reads the common format (no referer, no agent), an IPv6 client, a "-" size and escaped quotes', () => {
    expect(parseLogLine('2001:db8::5 - - [01/Dec/2026:10:00:01 +0000] "DELETE /api/application/users/7 HTTP/2.0" 204 -')).toMatchObject({ client: '2001:db8::5', method: 'DELETE', status: 204 });
    expect(parseLogLine('1.2.3.4 - - [x] "GET /api/application/nodes?search=\\x22a\\x22 HTTP/1.1" 200 9 "-" "a \\"quoted\\" agent"')).toMatchObject({ target: '/api/application/nodes?search=\\x22a\\x22' });
  });

  it('keeps a log line whose request the server could not read, without a request', () => {
    expect(parseLogLine('192.0.2.45 - - [x] "\\x16\\x03\\x01" 400 157 "-" "-"')).toMatchObject({ method: '', target: '', status: 400 });
  });

  it.each(['', 'this line is not a log line', '2026/12/01 10:05:00 [error] 1234#1234: *1 connect() failed', '1.2.3.4 - - [x] "GET / HTTP/1.1" 200'])('refuses %j', (line) => {
    expect(parseLogLine(line)).toBeUndefined();
  });
});

describe('operationOfRequest', () => {
  it.each([
    ['GET', '/api/application/users/external/whmcs-client-7', 'getUserByExternalId'],
    ['GET', '/api/application/users/7?include=servers', 'getUser'],
    ['HEAD', '/api/client/', 'listClientServers'],
    ['GET', '/api/client/servers/1a7ce997/utilization', 'getClientServerUtilization'],
    ['DELETE', '/api/application/servers/12/force', 'forceDeleteServer'],
    ['DELETE', '/api/application/servers/12/databases/3', 'deleteServerDatabase'],
    ['POST', '/api/application/servers/12/rebuild', 'rebuildServer'],
    ['GET', 'https://panel.example.com/api/application/nodes', 'listNodes'],
  ])('%s %s → %s', (method, target, operation) => {
    expect(operationOfRequest(method, target, templates)).toBe(operation);
  });

  it('has none for a route 0.7 does not have, or another method', () => {
    expect(operationOfRequest('GET', '/api/client/account', templates)).toBeUndefined();
    expect(operationOfRequest('PUT', '/api/application/users/7', templates)).toBeUndefined();
  });

  it('replaces ids in the path of an unknown call, and leaves the query out', () => {
    expect(templateOfPath('/api/client/servers/1a7ce997/files/list?directory=%2F')).toBe('/api/client/servers/{id}/files/list');
    expect(templateOfPath('/api/application/users/12/sessions')).toBe('/api/application/users/{id}/sessions');
  });
});

describe('readAccessLog', () => {
  it('maps each /api request to its operation, with the clients; counts other requests and junk lines', async () => {
    const usage = await readAccessLog(FIXTURE, templates);
    expect(usage).toMatchObject({ lines: 25, unknownLines: 3, otherRequests: 3, apiRequests: 19, gzip: false, firstTime: '01/Dec/2026:10:00:01 +0000' });
    expect(usage.operations['getClientServerUtilization']).toEqual({ calls: 4, clients: { '198.51.100.7': 3, '198.51.100.8': 1 }, statuses: { '200': 4 } });
    expect(usage.operations['rebuildServer']?.calls).toBe(2);
    expect(usage.operations['listClientServers']?.clients).toEqual({ '2001:db8::5': 1 });
    expect(usage.operations['forceDeleteServer']?.calls).toBe(1);
    expect(usage.unmapped).toEqual({ 'GET /api/client/account': 1, 'GET /api/client/servers/{id}/files/list': 1 });
    expect(Object.values(usage.operations).reduce((n, o) => n + o.calls, 0)).toBe(17);
  });

  it('reads a gzip-compressed log the same', async () => {
    const gz = join(dir, 'access.log.1.gz');
    writeFileSync(gz, gzipSync(readFileSync(FIXTURE)));
    const usage = await readAccessLog(gz, templates);
    expect(usage.gzip).toBe(true);
    expect(usage.apiRequests).toBe(19);
    expect(usage.operations['getClientServerUtilization']?.calls).toBe(4);
  });

  it('refuses a binary file with one sentence', async () => {
    const bin = join(dir, 'panel.sqlite');
    writeFileSync(bin, Buffer.from([0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x00, 0x01, 0x02, 0x00, 0xff, 0xfe]));
    await expect(readAccessLog(bin, templates)).rejects.toThrow(AccessLogError);
    await expect(readAccessLog(bin, templates)).rejects.toThrow(/is not an access log: it holds binary data/);
  });

  it('refuses a file without a single log line, a broken gzip file, an empty file and a missing one', async () => {
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'remember to upgrade\nthe panel\n');
    await expect(readAccessLog(text, templates)).rejects.toThrow(/notes\.txt is not an access log: none of its 2 line\(s\)/);
    const broken = join(dir, 'broken.gz');
    writeFileSync(broken, Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('not really gzip at all, just text')]));
    await expect(readAccessLog(broken, templates)).rejects.toThrow(/starts like gzip but does not decompress/);
    const empty = join(dir, 'empty.log');
    writeFileSync(empty, '');
    await expect(readAccessLog(empty, templates)).rejects.toThrow(/is empty/);
    await expect(readAccessLog(join(dir, 'missing.log'), templates)).rejects.toThrow(/cannot read the access log/);
  });
});

describe('readAccessLog on binary data inside gzip', () => {
  it('refuses it like a plain binary file', async () => {
    const gz = join(dir, 'image.gz');
    writeFileSync(gz, gzipSync(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d])));
    await expect(readAccessLog(gz, templates)).rejects.toThrow(/image\.gz is not an access log: it holds binary data/);
  });
});
