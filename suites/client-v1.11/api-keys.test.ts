// Client API, the account's API keys beyond what account.test.ts covers (listing, one create/delete):
// allowed IPs, the 25-key limit and deleting keys that are not the account's (legacy docs page
// client/account; v1.11.8:routes/api-client.php#L35-L37, v1.11.8:app/Http/Controllers/Api/Client/ApiKeyController.php).
// Statements say what a stock v1.11.8 panel MUST do. Every behaviour here sends POST or DELETE: they
// need PTERO_ALLOW_WRITES=1 on a live panel. Each key the suite creates is in the ledger the moment
// the panel answers it, so a failure or an interruption still removes it.
import { conformance } from '../support/conformance.ts';
import { violate } from '../../harness/failure.ts';
import type { KeyRole } from '../../harness/run-config.ts';
import { call } from '../support/call.ts';
import { attributeFindings, expectNone, validationFindings } from '../support/client-v111-findings.ts';
import { createRecorded, runName } from '../support/created-resources.ts';
import type { Session } from '../support/session.ts';

const V111 = ['v1.11'];
const CATEGORY = 'client/account';
/** ApiKeyController::store refuses the 26th key of an account (v1.11.8:app/Http/Controllers/Api/Client/ApiKeyController.php#L30-L34). */
const KEY_LIMIT = 25;

/** Creates a client key through the ledger; the answer is not judged here. */
function createKey(s: Session, body: Record<string, unknown>) {
  return createRecorded(s, 'createApiKey', { as: 'client', body }, (created) => ({ kind: 'api-key', name: String(body['description']), deleteOperation: 'deleteApiKey', params: { identifier: String(created.attributes['identifier']) } }), ['created_at']);
}

async function deleteKey(s: Session, identifier: string): Promise<void> {
  (await call(s, 'deleteApiKey', { as: 'client', params: { identifier } })).status(204);
  s.ledger.forget('deleteApiKey', { identifier });
}

async function keyCount(s: Session): Promise<number> {
  return ((await call(s, 'listApiKeys', { as: 'client' })).status(200).json.data as unknown[]).length;
}

/** The identifier of a role's key: its first 16 characters, ptlc_ included (v1.11.8:app/Models/ApiKey.php#L179-L189). */
function identifierOf(s: Session, role: KeyRole): string {
  return (s.config.keys[role] as string).slice(0, 16);
}

conformance(
  'POST /api/client/account/api-keys MUST store the allowed IPs and CIDR ranges given and answer them in allowed_ips',
  { operation: 'createApiKey', behaviour: 'client.account.api-keys.allowed-ips', effect: 'write', category: CATEGORY, keys: ['client'], profiles: V111 },
  async (s) => {
    const allowed = ['192.0.2.0/24', '198.51.100.7'];
    // StoreApiKeyRequest (v1.11.8:app/Http/Requests/Api/Client/Account/StoreApiKeyRequest.php#L12-L46); createToken stores them (v1.11.8:app/Models/Traits/HasAccessTokens.php#L27-L41).
    const created = (await createKey(s, { description: runName(s, 'ips'), allowed_ips: allowed })).status(200);
    expectNone(attributeFindings(created.json, 'allowed_ips', allowed), created.exchange);
    await deleteKey(s, String(created.json.attributes.identifier));
  },
);

conformance(
  'POST /api/client/account/api-keys MUST answer 422 for allowed_ips.0 to an entry that is no IP address or CIDR range (an after-hook error: meta.rule empty), and create no key',
  { operation: 'createApiKey', behaviour: 'client.account.api-keys.allowed-ips-invalid', effect: 'write', category: CATEGORY, keys: ['client'], profiles: V111 },
  async (s) => {
    const before = await keyCount(s);
    // Range::parse in the request's after-hook (v1.11.8:app/Http/Requests/Api/Client/Account/StoreApiKeyRequest.php#L26-L46).
    const answer = await createKey(s, { description: runName(s, 'bad-ips'), allowed_ips: ['not-an-ip'] });
    expectNone(validationFindings(answer.exchange.response.status, answer.json, 'allowed_ips.0', '', '"not-an-ip" is not a valid IP address or CIDR range.'), answer.exchange);
    const after = await keyCount(s);
    if (after !== before) violate(`the account had ${before} keys and has ${after} now`, { kind: 'listing', expected: String(before), actual: String(after) });
  },
);

conformance(
  'POST /api/client/account/api-keys without a description MUST answer 422 for description (rule required)',
  { operation: 'createApiKey', behaviour: 'client.account.api-keys.description-required', effect: 'write', category: CATEGORY, keys: ['client'], profiles: V111 },
  async (s) => {
    // 'description' => ApiKey::getRules()['memo'], required|nullable|string|max:500 (StoreApiKeyRequest.php#L12-L21, v1.11.8:app/Models/ApiKey.php#L142).
    const answer = await createKey(s, { allowed_ips: [] });
    expectNone(validationFindings(answer.exchange.response.status, answer.json, 'description', 'required'), answer.exchange);
  },
);

conformance(
  `POST /api/client/account/api-keys MUST refuse an account's key beyond ${KEY_LIMIT} with 400 DisplayException (the keys made to reach the limit are deleted again)`,
  { operation: 'createApiKey', behaviour: 'client.account.api-keys.limit', effect: 'write', category: CATEGORY, keys: ['client'], profiles: V111 },
  async (s) => {
    const made: string[] = [];
    try {
      const missing = Math.max(0, KEY_LIMIT - (await keyCount(s)));
      for (let i = 0; i < missing; i++) {
        const created = (await createKey(s, { description: runName(s, `limit-${i}`), allowed_ips: [] })).status(200);
        made.push(String(created.json.attributes.identifier));
      }
      // v1.11.8:app/Http/Controllers/Api/Client/ApiKeyController.php#L30-L34
      (await createKey(s, { description: runName(s, 'limit-over'), allowed_ips: [] })).error({ code: 'DisplayException', status: 400, detail: 'You have reached the account limit for number of API keys.' });
    } finally {
      // Deleted here rather than left to teardown: later behaviours create keys of their own.
      for (const identifier of made) await deleteKey(s, identifier);
    }
  },
);

conformance(
  "DELETE /api/client/account/api-keys/{identifier} MUST answer 404 for an identifier the account does not own (another user's key stays usable)",
  { operation: 'deleteApiKey', behaviour: 'client.account.api-keys.delete-foreign', effect: 'write', category: CATEGORY, keys: ['client', 'client-stranger'], profiles: V111, concerns: 'access' },
  async (s) => {
    // `$request->user()->apiKeys()->…->firstOrFail()` (v1.11.8:app/Http/Controllers/Api/Client/ApiKeyController.php#L55-L70).
    (await call(s, 'deleteApiKey', { as: 'client', params: { identifier: identifierOf(s, 'client-stranger') } })).status(404);
    (await call(s, 'deleteApiKey', { as: 'client', params: { identifier: 'ptlc_conformnone' } })).status(404);
    (await call(s, 'getAccount', { as: 'client-stranger' })).status(200);
  },
);
