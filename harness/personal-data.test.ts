import { describe, expect, it } from 'vitest';
import { fieldRecord, fieldTypesOf } from './behaviour-sample.ts';
import { exchangeLogLine } from './exchange-log.ts';
import { redactingWriter } from '../reporters/allure-results.ts';
import type { PanelExchange } from './panel-client.ts';
import { maskPersonalData, maskPersonalPath, maskPersonalText } from './personal-data.ts';
import { masksPersonalData, readRunConfig } from './run-config.ts';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const user = {
  object: 'user',
  attributes: {
    id: 7, external_id: 'crm-000417', uuid: '5f2a1c3e-9b7d-4e1f-8a2b-0c3d4e5f6a7b', username: 'janec1984', email: 'jane.customer@example.org',
    first_name: 'Janet', last_name: 'Customerson', language: 'en', root_admin: false, '2fa': false, created_at: '2020-09-14T04:31:10-04:00',
  },
};
const server = {
  object: 'server',
  attributes: { id: 3, external_id: null, name: 'Customerson Minecraft', description: 'for Janet', limits: { memory: 1024 }, node: 2, allocation: 5 },
};
const node = { object: 'node', attributes: { id: 2, name: 'fra-customer-01', fqdn: 'node7.customer-hosting.example.com', memory: 8192, daemon_listen: 8080 } };
const allocation = { object: 'allocation', attributes: { id: 5, ip: '203.0.113.77', alias: null, ip_alias: 'play.customer.example', port: 25565, assigned: true } };
const egg = { object: 'egg', attributes: { id: 1, name: 'Vanilla Minecraft', author: 'support@pterodactyl.io' } };
const body = { object: 'list', data: [user, server, node, allocation, egg] };

const PERSONAL = ['crm-000417', 'janec1984', 'jane.customer@example.org', 'Janet', 'Customerson', 'fra-customer-01', 'node7.customer-hosting.example.com', '203.0.113.77', 'play.customer.example', 'support@pterodactyl.io'];

describe('personal data masking keeps each value\'s type and shape', () => {
  const masked = maskPersonalData(body) as typeof body;
  const text = JSON.stringify(masked);

  it('replaces e-mails, names, user names, host names, IPs, external ids, server and node names', () => {
    for (const value of PERSONAL) expect(text.includes(value), value).toBe(false);
    const [u, s, n, a] = masked.data as [typeof user, typeof server, typeof node, typeof allocation];
    expect(u.attributes.email).toMatch(/^user-[0-9a-f]{6}@example\.invalid$/);
    expect(u.attributes.username).toMatch(/^user-[0-9a-f]{6}$/);
    expect(u.attributes.first_name).toMatch(/^name-[0-9a-f]{6}$/);
    expect(u.attributes.external_id).toMatch(/^ext-[0-9a-f]{6}$/);
    expect(s.attributes.name).toMatch(/^name-[0-9a-f]{6}$/);
    expect(n.attributes.fqdn).toMatch(/^host-[0-9a-f]{6}\.example\.invalid$/);
    expect(a.attributes.ip).toMatch(/^192\.0\.2\.\d{1,3}$/);
  });

  it('keeps types, null, numbers, ids, timestamps and the operator\'s catalogue (eggs)', () => {
    expect(fieldRecord(fieldTypesOf(masked, ''))).toEqual(fieldRecord(fieldTypesOf(body, '')));
    const [u, s, n, a, e] = masked.data as [typeof user, typeof server, typeof node, typeof allocation, typeof egg];
    expect(s.attributes.external_id).toBeNull();
    expect(a.attributes.alias).toBeNull();
    expect(a.attributes.port).toBe(25565);
    expect(s.attributes.node).toBe(2);
    expect(n.attributes.memory).toBe(8192);
    expect(u.attributes.uuid).toBe(user.attributes.uuid);
    expect(u.attributes.created_at).toBe(user.attributes.created_at);
    expect(e.attributes.name).toBe('Vanilla Minecraft');
  });

  it('one value, one pseudonym; free text and paths too', () => {
    expect(maskPersonalText('mail jane.customer@example.org twice: jane.customer@example.org')).toMatch(/^mail (user-[0-9a-f]{6}@example\.invalid) twice: \1$/);
    expect(maskPersonalText('at 04:31:10, version 0.7.19, from 203.0.113.77')).toMatch(/^at 04:31:10, version 0\.7\.19, from 192\.0\.2\.\d+$/);
    expect(maskPersonalPath('/api/application/users/external/crm-000417')).toMatch(/^\/api\/application\/users\/external\/ext-[0-9a-f]{6}$/);
  });
});

describe('which runs mask', () => {
  it('a live run by default; PTERO_KEEP_PERSONAL_DATA=1 keeps; the mock does not', () => {
    const live = { PTERO_URL: 'https://panel.example.com', PTERO_APPLICATION_KEY: 'A'.repeat(48) };
    expect(masksPersonalData(readRunConfig(live, '/nonexistent/.env'))).toBe(true);
    expect(masksPersonalData(readRunConfig({ ...live, PTERO_KEEP_PERSONAL_DATA: '1' }, '/nonexistent/.env'))).toBe(false);
    expect(masksPersonalData(readRunConfig({}, '/nonexistent/.env'))).toBe(false);
  });
});

describe('where masking applies', () => {
  const exchange = {
    request: { method: 'GET', url: 'http://127.0.0.1:1/api/application/users/external/crm-000417', headers: {} },
    response: { status: 200, headers: { 'content-type': 'application/json' }, rawBody: JSON.stringify(user) },
    json: user,
    operationId: 'getUserByExternalId',
    suiteCaused429: false,
  } as unknown as PanelExchange;

  it('the exchange log (the behaviour document\'s example bodies and paths) when asked, not otherwise', () => {
    const masked = JSON.stringify(exchangeLogLine(exchange, [], 'b.masked', true));
    for (const value of ['crm-000417', 'janec1984', 'jane.customer@example.org', 'Customerson']) expect(masked.includes(value), value).toBe(false);
    const kept = JSON.stringify(exchangeLogLine({ ...exchange, operationId: 'getUserByExternalIdKept' } as PanelExchange, [], 'b.kept', false));
    expect(kept).toContain('jane.customer@example.org');
  });

  it('Allure attachments and results when asked, not otherwise', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ptero-personal-'));
    try {
      const attachment = Buffer.from(JSON.stringify({ status: 200, headers: {}, body: body }, null, 2));
      redactingWriter(join(dir, 'masked'), () => [], () => true).writeAttachment('a-attachment.json', attachment);
      redactingWriter(join(dir, 'kept'), () => [], () => false).writeAttachment('a-attachment.json', attachment);
      const masked = readFileSync(join(dir, 'masked', 'a-attachment.json'), 'utf8');
      for (const value of PERSONAL) expect(masked.includes(value), value).toBe(false);
      expect(readFileSync(join(dir, 'kept', 'a-attachment.json'), 'utf8')).toContain('jane.customer@example.org');
      redactingWriter(join(dir, 'masked'), () => [], () => true).writeResult({ uuid: 'r', name: 'GET /api/application/users/external/crm-000417 → 200', statusDetails: { message: 'got jane.customer@example.org' } } as never);
      const result = readFileSync(join(dir, 'masked', readdirSync(join(dir, 'masked')).find((f) => f.endsWith('-result.json'))!), 'utf8');
      expect(result).not.toContain('crm-000417');
      expect(result).not.toContain('jane.customer@example.org');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
