// Client API, account (legacy docs page client/account), a category only 1.x routes
// (v1.11.8:routes/api-client.php#L22-L45). Statements say what a stock v1.11.8 panel MUST do. The reads
// (the account, its activity and API keys of the run's client keys) run everywhere; the one write (an API
// key created and deleted again) needs PTERO_ALLOW_WRITES=1 on a live panel, and is in the ledger from
// the moment it exists, so a failure or an interruption still gets it removed.
import { violate } from '../../harness/failure.ts';
import { describe } from 'vitest';
import type { KeyRole } from '../../harness/run-config.ts';
import { call } from '../support/call.ts';
import { conformance } from '../support/conformance.ts';
import type { Session } from '../support/session.ts';
import { createRecorded, runName } from '../support/created-resources.ts';

const V111 = ['v1.11'];
// Named here too: a run collected as v0.7.19 (whose spec lacks these operations) may still select them by category.
const CATEGORY = 'client/account';
/** ActivityLogController pages by 25 unless per_page says otherwise (v1.11.8:app/Http/Controllers/Api/Client/ActivityLogController.php#L17-L24). */
const ACTIVITY_PER_PAGE = 25;

type Item = { object: string; attributes: Record<string, unknown> };

/** The identifier of a role's key: its first 16 characters, ptlc_ included (v1.11.8:app/Models/ApiKey.php#L179-L189). */
function identifierOf(s: Session, role: KeyRole): string {
  return (s.config.keys[role] as string).slice(0, 16);
}

describe('GET /api/client/account', () => {
  conformance(
    "GET /api/client/account MUST answer the key owner's account, with admin true for a root admin's key",
    { operation: 'getAccount', behaviour: 'client.account.view.root-admin', effect: 'read', category: CATEGORY, keys: ['client-root-admin'], profiles: V111 },
    async (s) => {
      const answer = (await call(s, 'getAccount', { as: 'client-root-admin' })).status(200);
      if (answer.json.attributes.admin !== true) violate(`admin: expected true for a root admin's key, got ${JSON.stringify(answer.json.attributes.admin)}`, { kind: 'value', pointer: '/attributes/admin', expected: 'true', actual: JSON.stringify(answer.json.attributes.admin) }, answer.exchange);
    },
  );

  conformance(
    "GET /api/client/account MUST answer each key's own owner: two users' keys get two different accounts",
    { operation: 'getAccount', behaviour: 'client.account.view.own', effect: 'read', category: CATEGORY, keys: ['client', 'client-stranger'], profiles: V111 },
    async (s) => {
      const owner = (await call(s, 'getAccount', { as: 'client' })).status(200);
      const stranger = (await call(s, 'getAccount', { as: 'client-stranger' })).status(200);
      if (owner.json.attributes.id === stranger.json.attributes.id) violate(`both keys answered account ${String(owner.json.attributes.id)}`, { kind: 'value', pointer: '/attributes/id', expected: 'two different ids', actual: String(owner.json.attributes.id) }, stranger.exchange);
    },
  );
});

describe('GET /api/client/account/activity', () => {
  conformance(
    `GET /api/client/account/activity MUST answer the owner's activity as a paginated list of ${ACTIVITY_PER_PAGE} per page`,
    { operation: 'listAccountActivity', behaviour: 'client.account.activity.list', effect: 'read', category: CATEGORY, keys: ['client'], profiles: V111 },
    async (s) => {
      const answer = (await call(s, 'listAccountActivity', { as: 'client' })).status(200).paginated({ perPage: ACTIVITY_PER_PAGE, page: 1 });
      (answer.json.data as Item[]).forEach((d, i) => {
        if (d.object !== 'activity_log') violate(`item ${i} has object ${JSON.stringify(d.object)}, not "activity_log"`, { kind: 'value', pointer: `/data/${i}/object`, expected: '"activity_log"', actual: JSON.stringify(d.object) }, answer.exchange);
      });
    },
  );

  conformance(
    'GET /api/client/account/activity?filter[event]=api-key MUST answer only events whose name contains api-key (a partial filter)',
    { operation: 'listAccountActivity', behaviour: 'client.account.activity.filter-event', effect: 'read', category: CATEGORY, keys: ['client'], profiles: V111 },
    async (s) => {
      const answer = (await call(s, 'listAccountActivity', { as: 'client', query: { 'filter[event]': 'api-key' } })).status(200);
      (answer.json.data as Item[]).forEach((d, i) => {
        if (!String(d.attributes['event']).includes('api-key')) violate(`item ${i} is event ${JSON.stringify(d.attributes['event'])}, which the filter excludes`, { kind: 'listing', pointer: `/data/${i}/attributes/event` }, answer.exchange);
      });
    },
  );
});

describe('GET /api/client/account/api-keys', () => {
  conformance(
    'GET /api/client/account/api-keys MUST list the requesting key by its identifier, and no key of another user',
    { operation: 'listApiKeys', behaviour: 'client.account.api-keys.list', effect: 'read', category: CATEGORY, keys: ['client', 'client-stranger'], profiles: V111 },
    async (s) => {
      const answer = (await call(s, 'listApiKeys', { as: 'client' })).status(200);
      const listed = (answer.json.data as Item[]).map((d) => String(d.attributes['identifier']));
      const own = identifierOf(s, 'client');
      if (!listed.includes(own)) violate(`the requesting key ${own} is not listed (listed: ${listed.join(', ')})`, { kind: 'listing', expected: own, actual: listed.join(', ') }, answer.exchange);
      const stranger = identifierOf(s, 'client-stranger');
      if (listed.includes(stranger)) violate(`another user's key ${stranger} is listed`, { kind: 'listing' }, answer.exchange);
    },
  );
});

conformance(
  'POST /api/client/account/api-keys MUST create a client key (ptlc_ identifier, its 32-character token once in meta.secret_token) that DELETE …/api-keys/{identifier} removes again (204)',
  { operation: 'createApiKey', behaviour: 'client.account.api-keys.create-delete', effect: 'write', category: CATEGORY, keys: ['client'], profiles: V111 },
  async (s) => {
    const description = runName(s, 'key');
    // In the ledger from the raw answer, before its spec check: the checks may fail, the key must still go.
    const created = (
      await createRecorded(s, 'createApiKey', { as: 'client', body: { description, allowed_ips: [] } }, (body) => ({ kind: 'api-key', name: description, deleteOperation: 'deleteApiKey', params: { identifier: String(body.attributes['identifier']) } }), ['created_at'])
    ).status(200);
    const identifier = String(created.json.attributes.identifier);
    if (!/^ptlc_[A-Za-z0-9]{11}$/.test(identifier)) violate(`identifier ${JSON.stringify(identifier)} is not ptlc_ and 11 letters or digits`, { kind: 'value', pointer: '/attributes/identifier' }, created.exchange);
    const token = created.json.meta?.secret_token;
    if (typeof token !== 'string' || !/^[A-Za-z0-9]{32}$/.test(token)) violate('meta.secret_token is not a 32-character token', { kind: 'value', pointer: '/meta/secret_token' }, created.exchange);
    const listed = (await call(s, 'listApiKeys', { as: 'client' })).status(200);
    if (!(listed.json.data as Item[]).some((d) => d.attributes['identifier'] === identifier)) violate(`the new key ${identifier} is not listed`, { kind: 'listing', expected: identifier }, listed.exchange);
    (await call(s, 'deleteApiKey', { as: 'client', params: { identifier } })).status(204);
    s.ledger.forget('deleteApiKey', { identifier });
    const after = (await call(s, 'listApiKeys', { as: 'client' })).status(200);
    if ((after.json.data as Item[]).some((d) => d.attributes['identifier'] === identifier)) violate(`the deleted key ${identifier} is still listed`, { kind: 'listing' }, after.exchange);
  },
);
