// Client API, databases (legacy docs page client/databases), 1.x routes only
// (v1.11.8:routes/api-client.php#L70-L75), on the discovered owned server. Statements say what a stock
// v1.11.8 panel MUST do. The reads run everywhere; the writes (a database created, its password
// rotated, deleted; refused ones) need PTERO_ALLOW_WRITES=1 on a live panel, and a database is in the
// ledger from the moment the panel answers it, so a failure or an interruption still gets it removed.
import { describe } from 'vitest';
import { unavailable, violate } from '../../harness/failure.ts';
import { call } from '../support/call.ts';
import { conformance } from '../support/conformance.ts';
import { runName } from '../support/created-resources.ts';
import type { ExchangeAssertion } from '../support/expect-conformance.ts';
import { ownedServer, subuserLacking, type OwnedServer } from '../support/owned-server.ts';
import { databaseNameProblems, firstProblem } from '../support/server-resource-checks.ts';
import type { Session } from '../support/session.ts';

const V111 = ['v1.11'];
const CATEGORY = 'client/databases';

type Item = { object: string; attributes: Record<string, unknown> & { relationships?: Record<string, { object?: string; attributes?: Record<string, unknown> }> } };

async function databases(s: Session, server: string, query: Record<string, string> = {}): Promise<{ answer: ExchangeAssertion; items: Item[] }> {
  const answer = (await call(s, 'listClientServerDatabases', { params: { server }, query })).status(200);
  return { answer, items: answer.json.data as Item[] };
}

/** POST …/databases, recorded in the ledger as soon as the panel answers it (whatever the checks say after). */
async function createDatabase(s: Session, server: OwnedServer, database: string, as: 'client' | 'client-subuser-limited' = 'client'): Promise<ExchangeAssertion> {
  const answer = await call(s, 'createClientServerDatabase', { as, params: { server: server.identifier }, body: { database, remote: '%' } });
  const id = answer.json?.attributes?.id;
  if (answer.exchange.response.status === 200 && typeof id === 'string') s.ledger.record({ kind: 'database', name: String(answer.json.attributes.name), deleteOperation: 'deleteClientServerDatabase', params: { server: server.identifier, database: id } });
  return answer;
}

/** The requested name: the run's, filled to the 48 characters the request allows, so the panel must cut it. */
function requestedName(s: Session): string {
  return `${runName(s, 'db').replace(/[^A-Za-z0-9_-]/g, '_')}_${'x'.repeat(48)}`.slice(0, 48);
}

describe('GET /api/client/servers/{server}/databases', () => {
  conformance(
    "GET …/databases MUST list the server's databases as server_database items named s{server id}_…, without their passwords unless include=password asks",
    { operation: 'listClientServerDatabases', behaviour: 'client.databases.list', effect: 'read', category: CATEGORY, keys: ['client'], profiles: V111 },
    async (s) => {
      const server = await ownedServer(s);
      const { answer, items } = await databases(s, server.identifier);
      items.forEach((item, i) => {
        if (item.object !== 'server_database') violate(`item ${i} has object ${JSON.stringify(item.object)}, not "server_database"`, { kind: 'value', pointer: `/data/${i}/object`, expected: '"server_database"', actual: item.object }, answer.exchange);
        // DatabaseManagementService::create refuses any name without the prefix (v1.11.8:app/Services/Databases/DatabaseManagementService.php#L86-L89).
        if (!String(item.attributes['name']).startsWith(`s${server.internalId}_`)) violate(`item ${i} is named ${JSON.stringify(item.attributes['name'])}, without s${server.internalId}_`, { kind: 'value', pointer: `/data/${i}/attributes/name`, expected: `s${server.internalId}_…`, actual: item.attributes['name'] }, answer.exchange);
        // DatabaseTransformer has password as an available include only (v1.11.8:app/Transformers/Api/Client/DatabaseTransformer.php#L34-L65).
        if (item.attributes.relationships?.['password'] !== undefined) violate(`item ${i} carries its password though no include asked for it`, { kind: 'include', pointer: `/data/${i}/attributes/relationships/password`, expected: 'absent' }, answer.exchange);
      });
    },
  );

  conformance(
    "GET …/databases?include=password MUST give the owner (who holds database.view_password) each database's password as a database_password",
    { operation: 'listClientServerDatabases', behaviour: 'client.databases.list.include-password', effect: 'read', category: CATEGORY, keys: ['client'], profiles: V111 },
    async (s) => {
      const server = await ownedServer(s);
      const { answer, items } = await databases(s, server.identifier, { include: 'password' });
      items.forEach((item, i) => {
        const password = item.attributes.relationships?.['password'];
        if (password?.object !== 'database_password' || typeof password.attributes?.['password'] !== 'string') violate(`item ${i} carries no database_password with a password`, { kind: 'include', pointer: `/data/${i}/attributes/relationships/password`, expected: 'a database_password' }, answer.exchange);
      });
    },
  );
});

conformance(
  'POST …/databases MUST create a database named s{server id}_ and the name cut to 48 characters, with a u{server id}_ user and its password, while the server is under its database limit, and refuse one more at the limit (400 TooManyDatabasesException); …/rotate-password MUST answer a new password and DELETE MUST remove it (204)',
  { operation: 'createClientServerDatabase', behaviour: 'client.databases.create-rotate-delete', effect: 'write', category: CATEGORY, keys: ['client'], profiles: V111 },
  async (s) => {
    const server = await ownedServer(s);
    const limit = server.featureLimits.databases;
    const before = (await databases(s, server.identifier)).items.length;
    const requested = requestedName(s);
    // v1.11.8:app/Services/Databases/DatabaseManagementService.php#L78-L84: a null limit is no limit.
    if (limit !== null && before >= limit) {
      (await createDatabase(s, server, requested)).error({ code: 'TooManyDatabasesException', status: 400 });
      const after = await databases(s, server.identifier);
      if (after.items.length !== before) violate(`the refused database was created anyway (${after.items.length} databases, ${before} before)`, { kind: 'state', pointer: '/data', expected: before, actual: after.items.length }, after.answer.exchange);
      return;
    }
    const created = await createDatabase(s, server, requested);
    if (created.exchange.response.status === 400 && created.json?.errors?.[0]?.code === 'NoSuitableDatabaseHostException') unavailable('discovery: the panel has no database host for the server (NoSuitableDatabaseHostException)', created.exchange);
    created.status(200);
    const problem = firstProblem(databaseNameProblems(created.json.attributes, server.internalId, requested));
    if (problem) violate(problem.message, problem.violation, created.exchange);
    const id = String(created.json.attributes.id);
    // The store answer includes the password (DatabaseController.php#L58-L61).
    const password = created.json.attributes.relationships?.password?.attributes?.password;
    if (typeof password !== 'string' || password.length === 0) violate('the created database carries no password', { kind: 'include', pointer: '/attributes/relationships/password', expected: 'a database_password' }, created.exchange);
    if (limit !== null && before + 1 >= limit) {
      const refused = await createDatabase(s, server, `${requested.slice(0, 40)}_more`);
      refused.error({ code: 'TooManyDatabasesException', status: 400 });
    }
    const rotated = (await call(s, 'rotateClientServerDatabasePassword', { params: { server: server.identifier, database: id } })).status(200);
    const next = rotated.json.attributes?.relationships?.password?.attributes?.password;
    if (typeof next !== 'string' || next === password) violate('rotate-password answered no new password', { kind: 'value', pointer: '/attributes/relationships/password/attributes/password', expected: 'a password other than the one before' }, rotated.exchange);
    (await call(s, 'deleteClientServerDatabase', { params: { server: server.identifier, database: id } })).status(204);
    s.ledger.forget('deleteClientServerDatabase', { server: server.identifier, database: id });
    const after = await databases(s, server.identifier);
    if (after.items.some((item) => item.attributes['id'] === id)) violate(`the deleted database ${id} is still listed`, { kind: 'listing', pointer: '/data' }, after.answer.exchange);
  },
);

conformance(
  'POST …/databases MUST validate the name before anything is created: 422 naming the database field with its min (3) and alpha_dash rules',
  { operation: 'createClientServerDatabase', behaviour: 'client.databases.create.validation', effect: 'write', category: CATEGORY, keys: ['client'], profiles: V111 },
  async (s) => {
    const server = await ownedServer(s);
    // StoreDatabaseRequest: required|alpha_dash|min:3|max:48 (v1.11.8:app/Http/Requests/Api/Client/Servers/Databases/StoreDatabaseRequest.php#L28-L43).
    const answer = (await createDatabase(s, server, 'a!')).status(422);
    const rules = ((answer.json.errors ?? []) as Array<{ meta?: { source_field?: string; rule?: string } }>).filter((e) => e.meta?.source_field === 'database').map((e) => e.meta?.rule);
    for (const rule of ['alpha_dash', 'min']) {
      if (!rules.includes(rule)) violate(`no validation error names the database field's ${rule} rule (got ${JSON.stringify(rules)})`, { kind: 'error', pointer: '/errors', expected: `meta.source_field "database", meta.rule "${rule}"`, actual: JSON.stringify(rules) }, answer.exchange);
    }
  },
);

conformance(
  'POST …/databases MUST refuse a subuser without database.create with 403 (the request authorizes before it validates) and create nothing',
  { operation: 'createClientServerDatabase', behaviour: 'client.databases.create.permission', effect: 'write', category: CATEGORY, keys: ['client', 'client-subuser-limited'], profiles: V111, concerns: 'access' },
  async (s) => {
    const server = await ownedServer(s);
    await subuserLacking(s, server, 'database.create');
    const before = (await databases(s, server.identifier)).items.length;
    // ClientApiRequest::authorize checks permission() (v1.11.8:app/Http/Requests/Api/Client/ClientApiRequest.php#L17-L27).
    (await createDatabase(s, server, 'denied', 'client-subuser-limited')).error({ code: 'AccessDeniedHttpException', status: 403 });
    const after = await databases(s, server.identifier);
    if (after.items.length !== before) violate(`a database was created for the subuser (${after.items.length}, ${before} before)`, { kind: 'state', pointer: '/data', expected: before, actual: after.items.length }, after.answer.exchange);
  },
);
