import { describe, expect, it } from 'vitest';
import { MockPanel } from '../../../panel.ts';
import { profile as v111 } from '../../../profiles/v1.11.ts';
import { request as requestV111 } from '../../../testing/panel-request.ts';
import { verifyNodeJwt } from '../../wings/node-jwt.ts';
import { totpAt } from './totp.ts';

const CLOCK = '2024-06-20T12:00:00Z';
const SURVIVAL = '/api/client/servers/74755444';

async function twin() {
  return MockPanel.of(v111, { clock: CLOCK });
}

describe('client API: access to a server', () => {
  it('answers strangers 404, subusers without the permission 403, owners 200', async () => {
    const panel = await twin();
    expect((await requestV111(panel, 'GET', SURVIVAL, { key: 'client-stranger' })).status).toBe(404);
    const denied = await requestV111(panel, 'POST', `${SURVIVAL}/power`, { key: 'client-subuser', body: { signal: 'stop' } });
    expect(denied.status).toBe(403);
    expect(denied.json.errors[0].detail).toBe('This action is unauthorized.');
    expect((await requestV111(panel, 'POST', `${SURVIVAL}/power`, { key: 'client-subuser', body: { signal: 'start' } })).status).toBe(204);
    const view = await requestV111(panel, 'GET', SURVIVAL, { key: 'client-subuser' });
    expect(view.status).toBe(200);
    expect(view.json.meta.user_permissions).toContain('control.console');
    expect(view.json.attributes.relationships.variables.object).toBe('list');
  });

  it('checks the permission before validation (403 before 422) and validates after it', async () => {
    const panel = await twin();
    expect((await requestV111(panel, 'POST', `${SURVIVAL}/files/delete`, { key: 'client-subuser', body: {} })).status).toBe(403);
    const invalid = await requestV111(panel, 'POST', `${SURVIVAL}/command`, { key: 'client-owner', body: {} });
    expect(invalid.status).toBe(422);
    expect(invalid.json.errors[0].meta).toEqual({ source_field: 'command', rule: 'required' });
  });

  it('answers 409 for a suspended server except on its view, and 404 for a resource of another server', async () => {
    const panel = await twin();
    expect((await requestV111(panel, 'GET', '/api/client/servers/69a052dc', { key: 'client-owner' })).status).toBe(200);
    const conflict = await requestV111(panel, 'GET', '/api/client/servers/69a052dc/resources', { key: 'client-owner' });
    expect(conflict.status).toBe(409);
    expect(conflict.json.errors[0].code).toBe('ServerStateConflictException');
    const foreign = await requestV111(panel, 'GET', `${SURVIVAL}/schedules/2`, { key: 'client-admin' });
    expect(foreign.status).toBe(404);
    expect(foreign.json.errors[0].detail).toBe('The requested resource was not found for this server.');
  });
});

describe('client API: Wings failures', () => {
  it('turns an unreachable node into 504 and an erroring one into its status; resources are always 504', async () => {
    const panel = await twin();
    panel.store.daemon.nodes['1'] = { reachable: false };
    const power = await requestV111(panel, 'POST', `${SURVIVAL}/power`, { key: 'client-owner', body: { signal: 'start' } });
    expect(power.status).toBe(504);
    expect(power.json.errors[0]).toMatchObject({ code: 'DaemonConnectionException', detail: 'Could not establish a connection to the machine running this server. Please try again.' });
    panel.store.daemon.nodes['1'] = { reachable: true, http_error: 500 };
    expect((await requestV111(panel, 'GET', `${SURVIVAL}/files/list`, { key: 'client-owner' })).status).toBe(500);
    expect((await requestV111(panel, 'GET', `${SURVIVAL}/resources`, { key: 'client-owner' })).status).toBe(504);
  });

  it('answers 502 to a command for an offline server, 204 once it runs', async () => {
    const panel = await twin();
    await requestV111(panel, 'POST', `${SURVIVAL}/power`, { key: 'client-owner', body: { signal: 'kill' } });
    const offline = await requestV111(panel, 'POST', `${SURVIVAL}/command`, { key: 'client-owner', body: { command: 'say hi' } });
    expect(offline.status).toBe(502);
    expect(offline.json.errors[0].detail).toBe('Server must be online in order to send commands.');
    await requestV111(panel, 'POST', `${SURVIVAL}/power`, { key: 'client-owner', body: { signal: 'start' } });
    expect((await requestV111(panel, 'POST', `${SURVIVAL}/command`, { key: 'client-owner', body: { command: 'say hi' } })).status).toBe(204);
  });
});

describe('client API: account', () => {
  it('sets up and enables two-factor authentication with a TOTP of the stored secret', async () => {
    const panel = await twin();
    const setup = await requestV111(panel, 'GET', '/api/client/account/two-factor', { key: 'client-owner' });
    expect(setup.status).toBe(200);
    const secret: string = setup.json.data.secret;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.json.data.image_url_data).toBe(`otpauth://totp/Pterodactyl:jdoe%40example.com?secret=${secret}&issuer=Pterodactyl`);
    const badPassword = await requestV111(panel, 'POST', '/api/client/account/two-factor', { key: 'client-owner', body: { code: '000000', password: 'nope' } });
    expect(badPassword.status).toBe(400);
    const now = Date.parse(CLOCK) / 1000;
    const wrong = totpAt(secret, now) === '123456' ? '654321' : '123456';
    expect((await requestV111(panel, 'POST', '/api/client/account/two-factor', { key: 'client-owner', body: { code: wrong, password: 'JDoe-Passw0rd!' } })).status).toBe(400);
    const enabled = await requestV111(panel, 'POST', '/api/client/account/two-factor', { key: 'client-owner', body: { code: totpAt(secret, now), password: 'JDoe-Passw0rd!' } });
    expect(enabled.status).toBe(200);
    expect(enabled.json.attributes.tokens).toHaveLength(10);
    expect((await requestV111(panel, 'GET', '/api/client/account/two-factor', { key: 'client-owner' })).status).toBe(400);
    expect((await requestV111(panel, 'POST', '/api/client/account/two-factor/disable', { key: 'client-owner', body: { password: 'JDoe-Passw0rd!' } })).status).toBe(204);
  });

  it('checks the current password before validating a new e-mail or password', async () => {
    const panel = await twin();
    const wrong = await requestV111(panel, 'PUT', '/api/client/account/email', { key: 'client-owner', body: { email: 'not an email', password: 'wrong' } });
    expect(wrong.status).toBe(400);
    expect(wrong.json.errors[0].detail).toBe('The password provided was invalid for this account.');
    expect((await requestV111(panel, 'PUT', '/api/client/account/email', { key: 'client-owner', body: { email: 'not an email', password: 'JDoe-Passw0rd!' } })).status).toBe(422);
    expect((await requestV111(panel, 'PUT', '/api/client/account/email', { key: 'client-owner', body: { email: 'jdoe@example.com', password: 'JDoe-Passw0rd!' } })).status).toBe(204);
    const taken = await requestV111(panel, 'PUT', '/api/client/account/email', { key: 'client-owner', body: { email: 'admin@example.com', password: 'JDoe-Passw0rd!' } });
    expect(taken.status).toBe(422);
  });

  it('creates client keys with their secret once, refuses bad IPs, deletes them', async () => {
    const panel = await twin();
    const bad = await requestV111(panel, 'POST', '/api/client/account/api-keys', { key: 'client-owner', body: { description: 'x', allowed_ips: ['10.0.0.0/33'] } });
    expect(bad.status).toBe(422);
    expect(bad.json.errors[0].meta.source_field).toBe('allowed_ips.0');
    const created = await requestV111(panel, 'POST', '/api/client/account/api-keys', { key: 'client-owner', body: { description: 'bot', allowed_ips: ['10.0.0.0/8'] } });
    expect(created.status).toBe(200);
    expect(created.json.meta.secret_token).toMatch(/^[A-Za-z0-9]{32}$/);
    const bearer = `Bearer ${created.json.attributes.identifier}${created.json.meta.secret_token}`;
    expect((await requestV111(panel, 'GET', '/api/client/account', { authorization: bearer, ip: '10.1.2.3' })).status).toBe(200);
    expect((await requestV111(panel, 'DELETE', `/api/client/account/api-keys/${created.json.attributes.identifier}`, { key: 'client-owner' })).status).toBe(204);
    expect((await requestV111(panel, 'DELETE', '/api/client/account/api-keys/ptlc_nothere0000', { key: 'client-owner' })).status).toBe(404);
  });
});

describe('client API: files, backups, databases, subusers', () => {
  it('writes and reads a file; hands out a download URL Wings can verify', async () => {
    const panel = await twin();
    expect((await requestV111(panel, 'POST', `${SURVIVAL}/files/write?file=/notes/todo.txt`, { key: 'client-owner', rawBody: 'buy milk', headers: { 'content-type': 'text/plain' } })).status).toBe(204);
    const read = await requestV111(panel, 'GET', `${SURVIVAL}/files/contents?file=/notes/todo.txt`, { key: 'client-owner' });
    expect(read.status).toBe(200);
    expect(read.body).toBe('buy milk');
    expect(read.lowerHeaders['content-type']).toBe('text/plain; charset=UTF-8');
    expect((await requestV111(panel, 'GET', `${SURVIVAL}/files/contents?file=/nope`, { key: 'client-owner' })).status).toBe(404);
    const download = await requestV111(panel, 'GET', `${SURVIVAL}/files/download?file=/notes/todo.txt`, { key: 'client-owner' });
    const url = new URL(download.json.attributes.url);
    expect(`${url.origin}${url.pathname}`).toBe('https://node1.example.com:8080/download/file');
    const daemonToken = panel.store.find('nodes', 1)?.daemon_token ?? '';
    const verified = verifyNodeJwt(url.searchParams.get('token') ?? '', daemonToken, Date.parse(CLOCK) / 1000);
    expect(verified).toMatchObject({ claims: { file_path: '/notes/todo.txt', server_uuid: '74755444-92c0-458a-8ae1-d202a8c11f64', user_id: 2 } });
  });

  it('creates a backup that Wings completes later; enforces the limit and the throttle', async () => {
    const panel = await twin();
    const created = await requestV111(panel, 'POST', `${SURVIVAL}/backups`, { key: 'client-owner', body: { name: 'nightly' } });
    expect(created.status).toBe(200);
    expect(created.json.attributes).toMatchObject({ is_successful: false, completed_at: null });
    panel.clock.advance(5);
    const view = await requestV111(panel, 'GET', `${SURVIVAL}/backups/${created.json.attributes.uuid}`, { key: 'client-owner' });
    expect(view.json.attributes).toMatchObject({ is_successful: true, completed_at: '2024-06-20T12:00:02+00:00' });
    expect(view.json.attributes.checksum).toMatch(/^sha1:[0-9a-f]{40}$/);
    expect((await requestV111(panel, 'POST', `${SURVIVAL}/backups`, { key: 'client-owner', body: {} })).status).toBe(200);
    const throttled = await requestV111(panel, 'POST', `${SURVIVAL}/backups`, { key: 'client-owner', body: {} });
    expect(throttled.status).toBe(429);
    expect(throttled.json.errors[0].detail).toBe('Only 2 backups may be generated within a 600 second span of time.');
    panel.clock.advance(600);
    const full = await requestV111(panel, 'POST', `${SURVIVAL}/backups`, { key: 'client-owner', body: {} });
    expect(full.status).toBe(400);
    expect(full.json.errors[0].detail).toBe('Cannot create a new backup, this server has reached its limit of 3 backups.');
    const locked = await requestV111(panel, 'DELETE', `${SURVIVAL}/backups/0b5f3c6e-9a2d-4f1b-8c7e-2d4a6b8c0e12`, { key: 'client-owner' });
    expect(locked.status).toBe(400);
    expect((await requestV111(panel, 'GET', `${SURVIVAL}/backups`, { key: 'client-subuser' })).status).toBe(200);
    expect((await requestV111(panel, 'POST', `${SURVIVAL}/backups/0b5f3c6e-9a2d-4f1b-8c7e-2d4a6b8c0e12/lock`, { key: 'client-subuser' })).status).toBe(403);
  });

  it('creates, rotates and deletes a database addressed by its hashid', async () => {
    const panel = await twin();
    // The seed leaves Survival room for one more database (the conformance suite creates one); here it is full.
    panel.store.find('servers', 1)!.database_limit = 2;
    expect((await requestV111(panel, 'POST', `${SURVIVAL}/databases`, { key: 'client-owner', body: { database: 'extra', remote: '%' } })).status).toBe(400);
    await requestV111(panel, 'DELETE', `${SURVIVAL}/databases/1`, { key: 'client-owner' });
    const created = await requestV111(panel, 'POST', `${SURVIVAL}/databases`, { key: 'client-owner', body: { database: 'extra', remote: '%' } });
    expect(created.status).toBe(200);
    expect(created.json.attributes).toMatchObject({ name: 's1_extra', connections_from: '%' });
    expect(created.json.attributes.relationships.password.attributes.password).toHaveLength(24);
    const id: string = created.json.attributes.id;
    expect(id).toHaveLength(8);
    const rotated = await requestV111(panel, 'POST', `${SURVIVAL}/databases/${id}/rotate-password`, { key: 'client-owner' });
    expect(rotated.status).toBe(200);
    expect((await requestV111(panel, 'DELETE', `${SURVIVAL}/databases/${id}`, { key: 'client-owner' })).status).toBe(204);
    expect((await requestV111(panel, 'DELETE', `${SURVIVAL}/databases/${id}`, { key: 'client-owner' })).status).toBe(404);
  });

  it('adds a subuser by e-mail, refuses editing oneself and granting what one lacks', async () => {
    const panel = await twin();
    const created = await requestV111(panel, 'POST', `${SURVIVAL}/users`, { key: 'client-owner', body: { email: 'new@example.com', permissions: ['control.console', 'bogus'] } });
    expect(created.status).toBe(200);
    expect(created.json.attributes.permissions).toEqual(['control.console', 'websocket.connect']);
    expect((await requestV111(panel, 'POST', `${SURVIVAL}/users`, { key: 'client-owner', body: { email: 'jdoe@example.com', permissions: [] } })).status).toBe(422);
    expect((await requestV111(panel, 'POST', `${SURVIVAL}/users`, { key: 'client-owner', body: { email: 'jdoe@example.com', permissions: ['control.console'] } })).status).toBe(400);
    expect((await requestV111(panel, 'GET', `${SURVIVAL}/users/4877d20b-368c-471e-9724-cb539c163db7`, { key: 'client-subuser' })).status).toBe(403);
  });

  it("hands out websocket credentials signed with the node token, carrying the user's permissions", async () => {
    const panel = await twin();
    const answer = await requestV111(panel, 'GET', `${SURVIVAL}/websocket`, { key: 'client-subuser' });
    expect(answer.status).toBe(200);
    expect(answer.json.data.socket).toBe('wss://node1.example.com:8080/api/servers/74755444-92c0-458a-8ae1-d202a8c11f64/ws');
    const verified = verifyNodeJwt(answer.json.data.token, panel.store.find('nodes', 1)?.daemon_token ?? '', Date.parse(CLOCK) / 1000);
    expect(verified).toMatchObject({ claims: { server_uuid: '74755444-92c0-458a-8ae1-d202a8c11f64', user_id: 3, exp: Date.parse(CLOCK) / 1000 + 600 } });
    expect((verified as unknown as { claims: { permissions: string[] } }).claims.permissions).toContain('websocket.connect');
    expect(verifyNodeJwt(answer.json.data.token, panel.store.find('nodes', 2)?.daemon_token ?? '', Date.parse(CLOCK) / 1000)).toEqual({ invalid: 'signature' });
  });

  it("passes Wings' denylist 403 through and refuses a null folder root with the repository's TypeError", async () => {
    const panel = await twin();
    const egg = panel.store.find('eggs', 3);
    if (!egg) throw new Error('no egg 3');
    egg.file_denylist = ['*.jar'];
    const denied = await requestV111(panel, 'POST', `${SURVIVAL}/files/write?file=plugins/x.jar`, { key: 'client-owner', rawBody: 'x', headers: { 'content-type': 'text/plain' } });
    expect(denied.status).toBe(403);
    expect(denied.json.errors[0].detail).toMatch(/^An error occurred on the remote host: This file cannot be modified: present in egg denylist\.\. \(request id: .+\)$/);
    expect((await requestV111(panel, 'POST', `${SURVIVAL}/files/create-folder`, { key: 'client-owner', body: { root: null, name: 'x' } })).status).toBe(500);
    expect((await requestV111(panel, 'POST', `${SURVIVAL}/files/create-folder`, { key: 'client-owner', body: { name: 'x' } })).status).toBe(204);
  });
});
