// Client API, the account's SSH keys (legacy docs page client/account), 1.x routes only
// (v1.11.8:routes/api-client.php#L39-L43, v1.11.8:app/Http/Controllers/Api/Client/SSHKeyController.php).
// Statements say what a stock v1.11.8 panel MUST do. The list runs everywhere; creating and removing a
// key needs PTERO_ALLOW_WRITES=1 on a live panel. A key the suite adds is a fresh ed25519 key made for
// the run (its private half is never kept), in the ledger the moment the panel has it, by fingerprint.
import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe } from 'vitest';
import { violate } from '../../harness/failure.ts';
import { call } from '../support/call.ts';
import { attributeFindings, expectNone, listedFindings, objectFindings, validationFindings } from '../support/client-v111-findings.ts';
import { conformance } from '../support/conformance.ts';
import { createRecorded, runName } from '../support/created-resources.ts';

const V111 = ['v1.11'];
const CATEGORY = 'client/account';
/** phpseclib's getFingerprint('sha256'): SHA256: and the unpadded base64 of the key blob's digest. */
const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;

/** An OpenSSH string field: its length (4 bytes, big-endian) and its bytes. */
function sshString(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** A new OpenSSH public key line and the fingerprint the panel must compute for it. */
function newPublicKey(comment: string): { line: string; fingerprint: string } {
  const jwk = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
  const blob = Buffer.concat([sshString(Buffer.from('ssh-ed25519')), sshString(Buffer.from(String(jwk.x), 'base64url'))]);
  return { line: `ssh-ed25519 ${blob.toString('base64')} ${comment}`, fingerprint: `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}` };
}

/** An RSA key of 1024 bits, which the panel refuses (StoreSSHKeyRequest.php#L48-L50). */
function shortRsaKey(): string {
  const jwk = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
  const mpint = (b64: string) => {
    const bytes = Buffer.from(b64, 'base64url');
    return sshString((bytes[0] as number) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
  };
  return `ssh-rsa ${Buffer.concat([sshString(Buffer.from('ssh-rsa')), mpint(String(jwk.e)), mpint(String(jwk.n))]).toString('base64')} short`;
}

describe('GET /api/client/account/ssh-keys', () => {
  conformance(
    "GET /api/client/account/ssh-keys MUST list the owner's keys as ssh_key objects, each with a SHA256: fingerprint",
    { operation: 'listSshKeys', behaviour: 'client.account.ssh-keys.list', effect: 'read', category: CATEGORY, keys: ['client'], profiles: V111 },
    async (s) => {
      // v1.11.8:app/Http/Controllers/Api/Client/SSHKeyController.php#L17-L22, v1.11.8:app/Transformers/Api/Client/UserSSHKeyTransformer.php#L17-L25
      const answer = (await call(s, 'listSshKeys', { as: 'client' })).status(200);
      expectNone(objectFindings(answer.json, 'ssh_key'), answer.exchange);
      (answer.json.data as { attributes: { fingerprint: string } }[]).forEach((d, i) => {
        if (!FINGERPRINT.test(d.attributes.fingerprint)) violate(`key ${i} has fingerprint ${JSON.stringify(d.attributes.fingerprint)}, not SHA256: and 43 base64 characters`, { kind: 'value', pointer: `/data/${i}/attributes/fingerprint` }, answer.exchange);
      });
    },
  );
});

conformance(
  'POST /api/client/account/ssh-keys MUST add an OpenSSH public key (200: its name, its SHA256 fingerprint, the key as PKCS8) that POST …/ssh-keys/remove with the fingerprint removes again (204, no longer listed)',
  { operation: 'createSshKey', behaviour: 'client.account.ssh-keys.create-remove', effect: 'write', category: CATEGORY, keys: ['client'], profiles: V111 },
  async (s) => {
    const name = runName(s, 'ssh-key');
    const key = newPublicKey(name);
    // v1.11.8:app/Http/Controllers/Api/Client/SSHKeyController.php#L27-L43, v1.11.8:app/Http/Requests/Api/Client/Account/StoreSSHKeyRequest.php#L62-L77
    const created = (
      await createRecorded(s, 'createSshKey', { as: 'client', body: { name, public_key: key.line } }, (body) => ({ kind: 'ssh-key', name, deleteOperation: 'deleteSshKey', params: {}, body: { fingerprint: String(body.attributes['fingerprint']) } }), ['created_at'])
    ).status(200);
    expectNone([...attributeFindings(created.json, 'name', name), ...attributeFindings(created.json, 'fingerprint', key.fingerprint)], created.exchange);
    if (!String(created.json.attributes.public_key).startsWith('-----BEGIN PUBLIC KEY-----')) violate('public_key is not the key in PKCS8 (-----BEGIN PUBLIC KEY-----)', { kind: 'value', pointer: '/attributes/public_key', actual: String(created.json.attributes.public_key).slice(0, 40) }, created.exchange);
    const listed = (await call(s, 'listSshKeys', { as: 'client' })).status(200);
    expectNone(listedFindings(listed.json, 'fingerprint', key.fingerprint, true), listed.exchange);
    // The removal is by fingerprint in the body (SSHKeyController.php#L48-L66).
    const body = { fingerprint: String(created.json.attributes.fingerprint) };
    (await call(s, 'deleteSshKey', { as: 'client', body })).status(204);
    s.ledger.forget('deleteSshKey', {}, body);
    const after = (await call(s, 'listSshKeys', { as: 'client' })).status(200);
    expectNone(listedFindings(after.json, 'fingerprint', key.fingerprint, false), after.exchange);
  },
);

conformance(
  'POST /api/client/account/ssh-keys MUST answer 422 for public_key to text that is no public key and to an RSA key under 2048 bits (errors the request adds after its rules: meta.rule is empty)',
  { operation: 'createSshKey', behaviour: 'client.account.ssh-keys.invalid', effect: 'write', category: CATEGORY, keys: ['client'], profiles: V111 },
  async (s) => {
    const cases = [
      { key: 'ssh-ed25519 bm90IGEga2V5 not-a-key', detail: 'The public key provided is not valid.' },
      { key: shortRsaKey(), detail: 'RSA keys must be at least 2048 bytes in length.' },
    ];
    for (const { key, detail } of cases) {
      // v1.11.8:app/Http/Requests/Api/Client/Account/StoreSSHKeyRequest.php#L33-L57, v1.11.8:app/Exceptions/Handler.php#L150-L172
      const name = runName(s, 'bad-ssh-key');
      const answer = await createRecorded(s, 'createSshKey', { as: 'client', body: { name, public_key: key } }, (body) => ({ kind: 'ssh-key', name, deleteOperation: 'deleteSshKey', params: {}, body: { fingerprint: String(body.attributes['fingerprint']) } }), ['created_at']);
      expectNone(validationFindings(answer.exchange.response.status, answer.json, 'public_key', '', detail), answer.exchange);
    }
  },
);

conformance(
  'POST /api/client/account/ssh-keys/remove MUST answer 204 for a fingerprint the account does not have (nothing to remove is no error), and 422 without a fingerprint',
  { operation: 'deleteSshKey', behaviour: 'client.account.ssh-keys.remove-unknown', effect: 'write', category: CATEGORY, keys: ['client'], profiles: V111 },
  async (s) => {
    const before = (await call(s, 'listSshKeys', { as: 'client' })).status(200);
    const count = (before.json.data as unknown[]).length;
    // `first()` then delete only when found; the fingerprint is required|string (SSHKeyController.php#L48-L66).
    (await call(s, 'deleteSshKey', { as: 'client', body: { fingerprint: newPublicKey('unknown').fingerprint } })).status(204);
    const missing = await call(s, 'deleteSshKey', { as: 'client', body: {} });
    expectNone(validationFindings(missing.exchange.response.status, missing.json, 'fingerprint', 'required'), missing.exchange);
    const after = (await call(s, 'listSshKeys', { as: 'client' })).status(200);
    if ((after.json.data as unknown[]).length !== count) violate(`the account had ${count} keys and has ${(after.json.data as unknown[]).length} now`, { kind: 'listing', expected: String(count), actual: String((after.json.data as unknown[]).length) }, after.exchange);
  },
);
