// Application API, users (legacy docs page application/users). Statements say what a stock v0.7.19 panel MUST do;
// those marked SHARED_PROFILES hold for a stock v1.11.8 panel too, with the values that differ by profile
// (suites/support/per-profile.ts). 1.x no longer reads ?search= (Spatie QueryBuilder filters instead,
// v1.11.8:app/Http/Controllers/Api/Application/Users/UserController.php#L36-L46): the search behaviours are
// 0.7's, the filter behaviours 1.x's.
import { unavailable, violate } from '../../harness/failure.ts';
import { describe } from 'vitest';
import { call } from '../support/call.ts';
import { conformance } from '../support/conformance.ts';
import { perProfile, SHARED_PROFILES } from '../support/per-profile.ts';
import { createRecorded, runName } from '../support/created-resources.ts';
import { discover } from '../support/discovery.ts';
import type { Session } from '../support/session.ts';
import { walkAllPages } from '../support/page-walk.ts';
import { expectPartialFilter } from '../support/list-filters.ts';

const app = ['application' as const];
const V111 = ['v1.11'];
/** UserController's allowedFilters (v1.11.8:app/Http/Controllers/Api/Application/Users/UserController.php#L38-L41). */
const USER_FILTERS = ['email', 'uuid', 'username', 'external_id'];
type Item = { attributes: Record<string, unknown> };

/** The p_username message (app/Rules/Username.php): a literal line break and the source's indentation. */
const USERNAME_RULE_MESSAGE =
  'The username must start and end with alpha-numeric characters and\n                contain only letters, numbers, dashes, underscores, and periods.';
/** The longest first or last name (v0.7.19:app/Models/User.php#L158-L159, v1.11.8:app/Models/User.php#L164-L165). */
const NAME_MAX = perProfile({ 'v0.7.19': 255, 'v1.11': 191 });
/** A language other than the default that the panel offers: 1.x ships English only (v1.11.8:resources/lang/en), so en. */
const OTHER_LANGUAGE = perProfile({ 'v0.7.19': 'de', 'v1.11': 'en' });
const SECOND_LANGUAGE = perProfile({ 'v0.7.19': 'fr', 'v1.11': 'en' });
const USER_HAS_SERVERS = 'Cannot delete a user with active servers attached to their account. Please delete their servers before continuing.';

function userBody(s: Session, label: string, extra: Record<string, unknown> = {}) {
  const username = runName(s, label);
  return { email: `${username}@example.com`, username, first_name: 'Conformance', last_name: label, ...extra };
}

/** POST /users through the ledger, so anything the panel creates is removed in teardown. */
function createUser(s: Session, body: Record<string, unknown>, query?: Record<string, string>) {
  return createRecorded(s, 'createUser', { body, ...(query ? { query } : {}) }, (created) => ({
    kind: 'user',
    deleteOperation: 'deleteUser',
    params: { user: Number(created.attributes['id']) },
    name: String(created.attributes['username']),
  }));
}

const sharedUsers = new WeakMap<Session, Promise<{ id: number; email: string; username: string; externalId: string; firstName: string }>>();

/**
 * A user of this run for the behaviours whose changes the panel refuses (a taken email, username or
 * external_id, a PATCH missing required fields): made once per run by the first that needs it, since
 * a user costs a create and a delete of the live panel's 120 requests a minute. Teardown removes it.
 */
function refusalsUser(s: Session): Promise<{ id: number; email: string; username: string; externalId: string; firstName: string }> {
  let pending = sharedUsers.get(s);
  if (!pending) {
    pending = (async () => {
      const externalId = runName(s, 'ext-shared');
      const a = (await createUser(s, userBody(s, 'shared', { external_id: externalId }))).status(201).json.attributes;
      return { id: Number(a.id), email: String(a.email), username: String(a.username), externalId, firstName: String(a.first_name) };
    })();
    sharedUsers.set(s, pending);
    // A failed create is not cached: the next behaviour tries again (and reports its own failure).
    pending.catch(() => sharedUsers.delete(s));
  }
  return pending;
}

/** Every id a search answers, over all of its pages (the relevance order may put a row past page 1). */
async function searchIds(s: Session, term: string): Promise<number[]> {
  const { items } = await walkAllPages(s, 'listUsers', { query: { search: term }, perPage: 50, maxPages: 20 });
  return items.map((d) => Number(d.attributes['id']));
}

/**
 * A user of `users` and a piece of its username that is neither its start nor contained in any other
 * searched column (email, external_id, uuid, names): it matches the username as a substring only.
 * LIKE wildcards (`_`, `%`, `\`) are avoided.
 */
function substringOnlyCase(users: Item[]): { user: Item; term: string } | undefined {
  for (const user of users) {
    const username = String(user.attributes['username']).toLowerCase();
    const others = ['email', 'external_id', 'uuid', 'first_name', 'last_name'].map((k) => String(user.attributes[k] ?? '').toLowerCase());
    for (let start = 1; start < username.length; start++) {
      for (let end = start + 3; end <= username.length; end++) {
        const term = username.slice(start, end);
        if (/[_%\\\s"*?]/.test(term)) break;
        if (!others.some((o) => o.includes(term))) return { user, term };
      }
    }
  }
  return undefined;
}

describe('GET /api/application/users', () => {
  conformance(
    'GET /api/application/users MUST treat a page below 1 or not an integer as page 1',
    { operation: 'listUsers', behaviour: 'users.list.page-invalid', effect: 'read', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      for (const page of ['0', '-3', 'abc']) {
        (await call(s, 'listUsers', { query: { page } })).status(200).paginated({ perPage: 50, page: 1 });
      }
    },
  );

  conformance(
    'GET /api/application/users?search= MUST find a user by a prefix of its username, by its exact email and by its exact uuid',
    { operation: 'listUsers', behaviour: 'users.list.search-prefix-and-email', effect: 'read', keys: app },
    async (s) => {
      const users = (await call(s, 'listUsers')).status(200).json.data as Item[];
      const user = users.find((u) => String(u.attributes['username']).length >= 3);
      if (!user) unavailable('discovery: no user with a username of 3 characters or more on the first page');
      const id = Number(user.attributes['id']);
      const username = String(user.attributes['username']);
      const prefix = username.slice(0, username.length - 1);
      if (!(await searchIds(s, prefix)).includes(id)) violate(`search=${prefix} (a prefix of ${username}) did not find user ${id}`, { kind: 'listing' });
      const email = String(user.attributes['email']);
      if (!(await searchIds(s, email)).includes(id)) violate(`search=${email} (its exact email) did not find user ${id}`, { kind: 'listing' });
      const uuid = String(user.attributes['uuid']);
      if (!(await searchIds(s, uuid)).includes(id)) violate(`search=${uuid} (its exact uuid) did not find user ${id}`, { kind: 'listing' });
    },
  );

  conformance(
    'GET /api/application/users?search= MUST NOT find a user by a mere substring of its username that matches no other column (relevance below a quarter of the weights)',
    { operation: 'listUsers', behaviour: 'users.list.search-substring-not-enough', effect: 'read', keys: app },
    async (s) => {
      const users = (await call(s, 'listUsers')).status(200).json.data as Item[];
      const found = substringOnlyCase(users);
      if (!found) unavailable('discovery: no user on the first page has a username substring that no other column of it contains');
      const id = Number(found.user.attributes['id']);
      if ((await searchIds(s, found.term)).includes(id)) {
        violate(`search=${found.term} (inside username ${String(found.user.attributes['username'])}, a substring match only: score 100 < 110) found user ${id}`, { kind: 'listing' });
      }
    },
  );

  conformance(
    'GET /api/application/users?search= MUST answer an empty first page when nothing matches',
    { operation: 'listUsers', behaviour: 'users.list.search-no-match', effect: 'read', keys: app },
    async (s) => {
      (await call(s, 'listUsers', { query: { search: 'zzqxj-ptero-conformance-no-such-user' } })).status(200).paginated({ perPage: 50, page: 1, total: 0 });
    },
  );

  conformance(
    'GET /api/application/users?search= with an empty value MUST mean no search',
    { operation: 'listUsers', behaviour: 'users.list.search-empty', effect: 'read', keys: app },
    async (s) => {
      const all = (await call(s, 'listUsers')).status(200);
      (await call(s, 'listUsers', { query: { search: '' } })).status(200).paginated({ perPage: 50, page: 1, total: all.json.meta.pagination.total });
    },
  );

  conformance(
    'GET /api/application/users?search[]= (an array) MUST answer 500 FatalThrowableError, raised inside the route',
    { operation: 'listUsers', behaviour: 'users.list.search-array', provokes: 'server-error', effect: 'read', keys: app },
    async (s) => {
      (await call(s, 'listUsers', { query: { 'search[]': 'alpha' } })).error({ code: 'FatalThrowableError', status: 500 }).rateLimitHeaders(120);
    },
  );

  conformance(
    'GET /api/application/users?filter[username]= MUST find a user by a case-insensitive piece of its username (and filter[email] by its email), ignore search, and answer 400 InvalidFilterQuery for another filter',
    { operation: 'listUsers', behaviour: 'users.list.filter', effect: 'read', keys: app, profiles: V111 },
    async (s) => {
      const users = (await call(s, 'listUsers')).status(200).json.data as Item[];
      const user = users.find((u) => String(u.attributes['username']).length >= 4);
      if (!user) unavailable('discovery: no user with a username of 4 characters or more on the first page');
      const id = Number(user.attributes['id']);
      const username = String(user.attributes['username']);
      await expectPartialFilter(s, { operationId: 'listUsers', allowed: USER_FILTERS, filter: 'username', piece: username.slice(1, -1), id });
      const byEmail = (await call(s, 'listUsers', { query: { 'filter[email]': String(user.attributes['email']) } })).status(200);
      if (!(byEmail.json.data as Item[]).some((d) => Number(d.attributes['id']) === id)) violate(`filter[email]=${String(user.attributes['email'])} did not find user ${id}`, { kind: 'listing' }, byEmail.exchange);
    },
  );

  conformance(
    'GET /api/application/users?include=servers MUST render each user\'s servers for a key that may read servers',
    { operation: 'listUsers', behaviour: 'users.list.include-servers', effect: 'read', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const answer = (await call(s, 'listUsers', { query: { include: 'servers' } })).status(200).include('servers', 'rendered');
      // The pagination links carry only ?page=N: include is dropped from them.
      answer.paginated({ perPage: 50, page: 1 });
      for (const user of answer.json.data as Item[]) {
        const servers = (user.attributes['relationships'] as Record<string, { object: string; data: Item[] }>)['servers'];
        if (servers?.object !== 'list') violate(`user ${String(user.attributes['id'])}: the servers include is ${JSON.stringify(servers)}, not a list`, { kind: 'include' });
        for (const server of servers.data) {
          if (server.attributes['user'] !== user.attributes['id']) {
            violate(`user ${String(user.attributes['id'])} lists server ${String(server.attributes['id'])} owned by ${String(server.attributes['user'])}`, { kind: 'value' });
          }
        }
      }
    },
  );

  conformance(
    'GET /api/application/users?include=servers MUST render the servers include as a null_resource for a key that may read users only',
    { operation: 'listUsers', behaviour: 'users.list.include-servers-no-permission', concerns: 'access', effect: 'read', keys: ['application-users-read-only'], profiles: SHARED_PROFILES },
    async (s) => {
      (await call(s, 'listUsers', { query: { include: 'servers' }, as: 'application-users-read-only' })).status(200).include('servers', 'null_resource');
    },
  );
});

describe('GET /api/application/users/{user} and /users/external/{external_id}', () => {
  conformance(
    'GET /api/application/users/{user} MUST answer the user object with the documented attributes',
    { operation: 'getUser', behaviour: 'users.view', effect: 'read', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { userId } = await discover(s);
      const answer = (await call(s, 'getUser', { params: { user: userId } })).status(200).include('servers', 'absent');
      const a = answer.json.attributes;
      if (answer.json.object !== 'user') violate(`object is ${JSON.stringify(answer.json.object)}, not "user"`, { kind: 'value' });
      if (a.id !== userId) violate(`asked for user ${userId}, got ${a.id}`, { kind: 'value' });
      if (a.username !== String(a.username).toLowerCase()) violate(`username ${a.username} is not lower-case`, { kind: 'value' });
      if (Object.keys(answer.json).length !== 2) violate(`an item has exactly object and attributes; got ${Object.keys(answer.json).join(', ')}`, { kind: 'value' });
    },
  );

  conformance(
    'GET /api/application/users/{user}?include=servers MUST render the user\'s servers, and a null_resource for a key that may read users only',
    { operation: 'getUser', behaviour: 'users.view.include-servers', effect: 'read', keys: ['application', 'application-users-read-only'], profiles: SHARED_PROFILES },
    async (s) => {
      const { serverId } = await discover(s);
      const server = (await call(s, 'getServer', { params: { server: serverId } })).status(200);
      const ownerId = Number(server.json.attributes.user);
      const full = (await call(s, 'getUser', { params: { user: ownerId }, query: { include: 'servers' } })).status(200).include('servers', 'rendered');
      const ids = (full.json.attributes.relationships.servers.data as Item[]).map((d) => Number(d.attributes['id']));
      if (!ids.includes(serverId)) violate(`user ${ownerId} owns server ${serverId}, but its servers include lists [${ids.join(', ')}]`, { kind: 'include' });
      (await call(s, 'getUser', { params: { user: ownerId }, query: { include: 'servers' }, as: 'application-users-read-only' }))
        .status(200)
        .include('servers', 'null_resource');
    },
  );

  conformance(
    'GET /api/application/users/external/{external_id} MUST answer the user holding that external_id',
    { operation: 'getUserByExternalId', behaviour: 'users.view.external-id', effect: 'read', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      let { userExternalId: externalId } = await discover(s);
      if (externalId === undefined) {
        // No user on the first page has an external_id: make one, when this run may write.
        if (!s.config.allowWrites) unavailable('discovery: no user on the first page has an external_id; pin one (PTERO_PIN_USER) or set PTERO_ALLOW_WRITES=1');
        externalId = runName(s, 'ext');
        (await createUser(s, userBody(s, 'external', { external_id: externalId }))).status(201);
      }
      const answer = (await call(s, 'getUserByExternalId', { params: { external_id: externalId } })).status(200);
      if (answer.json.attributes.external_id !== externalId) violate(`asked for external_id ${externalId}, got ${JSON.stringify(answer.json.attributes.external_id)}`, { kind: 'value' });
      const byId = (await call(s, 'getUser', { params: { user: answer.json.attributes.id } })).status(200);
      if (JSON.stringify(byId.json.attributes) !== JSON.stringify(answer.json.attributes)) violate('the user by external_id differs from the same user by id', { kind: 'value' });
    },
  );
});

describe('POST /api/application/users', () => {
  conformance(
    'POST /api/application/users MUST answer 201 with the user (username lower-cased; root_admin false, language en, 2fa false, external_id null by default) and meta.resource pointing at it',
    { operation: 'createUser', behaviour: 'users.create', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const body = userBody(s, 'create');
      const created = (await createUser(s, { ...body, username: body.username.toUpperCase() })).status(201);
      const a = created.json.attributes;
      const id = a.id as number;
      if (!String(created.json.meta.resource).endsWith(`/api/application/users/${id}`)) violate(`meta.resource ${created.json.meta.resource} does not point at user ${id}`, { kind: 'value' });
      const want: Record<string, unknown> = {
        username: body.username,
        email: body.email,
        first_name: body.first_name,
        last_name: body.last_name,
        root_admin: false,
        language: 'en',
        '2fa': false,
        external_id: null,
      };
      for (const [key, value] of Object.entries(want)) {
        if (a[key] !== value) violate(`${key} is ${JSON.stringify(a[key])}, expected ${JSON.stringify(value)}`, { kind: 'value' });
      }
      const viewed = (await call(s, 'getUser', { params: { user: id } })).status(200);
      if (viewed.json.attributes.username !== body.username) violate(`GET shows username ${viewed.json.attributes.username}`, { kind: 'state' });
    },
  );

  conformance(
    'POST /api/application/users MUST store the given language, root_admin and external_id',
    { operation: 'createUser', behaviour: 'users.create.optional-fields', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const externalId = runName(s, 'ext-opt');
      const created = (await createUser(s, userBody(s, 'optional', { language: OTHER_LANGUAGE, root_admin: false, external_id: externalId, password: 'Conformance-Pass-1' }))).status(201);
      const a = created.json.attributes;
      if (a.language !== OTHER_LANGUAGE) violate(`language is ${JSON.stringify(a.language)}, expected "${OTHER_LANGUAGE}"`, { kind: 'value' });
      if (a.external_id !== externalId) violate(`external_id is ${JSON.stringify(a.external_id)}, expected ${externalId}`, { kind: 'value' });
      if ('password' in a) violate('the user object exposes a password attribute', { kind: 'value' });
    },
  );

  conformance(
    'POST /api/application/users?include=servers MUST render the (empty) servers include of the new user',
    { operation: 'createUser', behaviour: 'users.create.include', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const created = (await createUser(s, userBody(s, 'include'), { include: 'servers' })).status(201).include('servers', 'rendered');
      if (created.json.attributes.relationships.servers.data.length !== 0) violate('a new user already lists servers', { kind: 'value' });
    },
  );

  conformance(
    'POST /api/application/users MUST answer 422 required for each missing required field, with the exact messages',
    { operation: 'createUser', behaviour: 'users.create.validation-required', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      (await createUser(s, {})).validation(
        { code: 'required', field: 'email', detail: 'The email field is required.' },
        { code: 'required', field: 'username', detail: 'The username field is required.' },
        { code: 'required', field: 'first_name', detail: 'The first name field is required.' },
        { code: 'required', field: 'last_name', detail: 'The last name field is required.' },
      );
      // ConvertEmptyStringsToNull: "" on a required field fails `required`.
      (await createUser(s, userBody(s, 'empty-first', { first_name: '' }))).validation({ code: 'required', field: 'first_name', detail: 'The first name field is required.' });
    },
  );

  conformance(
    'POST /api/application/users MUST answer 422 per invalid field: email format, p_username, language in-list, root_admin boolean, name length',
    { operation: 'createUser', behaviour: 'users.create.validation-format', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      (await createUser(s, userBody(s, 'bad-email', { email: 'not-an-email' }))).validation({ code: 'email', field: 'email', detail: 'The email must be a valid email address.' });
      (await createUser(s, userBody(s, 'bad-username', { username: '-starts-with-dash' }))).validation({ code: 'p_username', field: 'username', detail: USERNAME_RULE_MESSAGE });
      (await createUser(s, userBody(s, 'short-username', { username: 'ab' }))).validation({ code: 'p_username', field: 'username', detail: USERNAME_RULE_MESSAGE });
      (await createUser(s, userBody(s, 'bad-language', { language: 'xx' }))).validation({ code: 'in', field: 'language', detail: 'The selected language is invalid.' });
      (await createUser(s, userBody(s, 'bad-root', { root_admin: 'maybe' }))).validation({
        code: 'boolean',
        field: 'root_admin',
        detail: 'The Root Administrator Status field must be true or false.',
      });
      (await createUser(s, userBody(s, 'long-name', { last_name: 'x'.repeat(NAME_MAX + 1) }))).validation({ code: 'between', field: 'last_name', detail: `The last name must be between 1 and ${NAME_MAX} characters.` });
    },
  );

  conformance(
    'POST /api/application/users MUST answer 422 unique for a taken email, username or external_id',
    { operation: 'createUser', behaviour: 'users.create.validation-unique', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const taken = await refusalsUser(s);
      const externalId = taken.externalId;
      (await createUser(s, userBody(s, 'unique-email', { email: taken.email }))).validation({ code: 'unique', field: 'email', detail: 'The email has already been taken.' });
      (await createUser(s, userBody(s, 'unique-username', { username: taken.username }))).validation({ code: 'unique', field: 'username', detail: 'The username has already been taken.' });
      (await createUser(s, userBody(s, 'unique-external', { external_id: externalId }))).validation({
        code: 'unique',
        field: 'external_id',
        detail: 'The Third Party Identifier has already been taken.',
      });
    },
  );
});

describe('PATCH and DELETE /api/application/users/{user}', () => {
  conformance(
    'PATCH /api/application/users/{user} MUST require email, username, first_name and last_name again (full replacement)',
    { operation: 'updateUser', behaviour: 'users.update.full-replacement', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const user = await refusalsUser(s);
      const id = user.id;
      (await call(s, 'updateUser', { params: { user: id }, body: { first_name: 'Only' } })).validation(
        { code: 'required', field: 'email', detail: 'The email field is required.' },
        { code: 'required', field: 'username', detail: 'The username field is required.' },
        { code: 'required', field: 'last_name', detail: 'The last name field is required.' },
      );
      const unchanged = (await call(s, 'getUser', { params: { user: id } })).status(200);
      if (unchanged.json.attributes.first_name !== user.firstName) violate('a PATCH that failed validation changed the user', { kind: 'state' });
    },
  );

  conformance(
    'PATCH /api/application/users/{user} MUST answer 200 with the changed user (unique rules ignore the user itself; username lower-cased)',
    { operation: 'updateUser', behaviour: 'users.update', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const body = userBody(s, 'patch');
      const created = (await createUser(s, body)).status(201);
      const id = created.json.attributes.id as number;
      const externalId = runName(s, 'ext-patch');
      const patch = { ...body, username: body.username.toUpperCase(), first_name: 'Renamed', language: SECOND_LANGUAGE, external_id: externalId, password: '' };
      const updated = (await call(s, 'updateUser', { params: { user: id }, body: patch })).status(200).freshTimestamps('updated_at');
      const a = updated.json.attributes;
      const want: Record<string, unknown> = { id, username: body.username, email: body.email, first_name: 'Renamed', language: SECOND_LANGUAGE, external_id: externalId, root_admin: false };
      for (const [key, value] of Object.entries(want)) {
        if (a[key] !== value) violate(`${key} is ${JSON.stringify(a[key])} after the update, expected ${JSON.stringify(value)}`, { kind: 'state' });
      }
      const viewed = (await call(s, 'getUser', { params: { user: id } })).status(200);
      if (viewed.json.attributes.first_name !== 'Renamed') violate(`GET shows first_name ${viewed.json.attributes.first_name} after the update`, { kind: 'state' });
    },
  );

  conformance(
    'PATCH /api/application/users/{user} MUST answer 422 unique when the email or username belongs to another user',
    { operation: 'updateUser', behaviour: 'users.update.unique', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const one = await refusalsUser(s);
      const otherBody = userBody(s, 'patch-two');
      const other = (await createUser(s, otherBody)).status(201);
      const id = other.json.attributes.id as number;
      (await call(s, 'updateUser', { params: { user: id }, body: { ...otherBody, email: one.email, username: one.username } })).validation(
        { code: 'unique', field: 'email', detail: 'The email has already been taken.' },
        { code: 'unique', field: 'username', detail: 'The username has already been taken.' },
      );
    },
  );

  conformance(
    'DELETE /api/application/users/{user} MUST answer 204 with an empty body, after which the user is gone',
    { operation: 'deleteUser', behaviour: 'users.delete', effect: 'write', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const created = (await createUser(s, userBody(s, 'delete'))).status(201);
      const id = created.json.attributes.id as number;
      const deleted = (await call(s, 'deleteUser', { params: { user: id } })).status(204);
      s.ledger.forget('deleteUser', { user: id });
      if (deleted.exchange.response.rawBody !== '') violate(`the 204 has a body: ${deleted.exchange.response.rawBody}`, { kind: 'body', pointer: '', expected: 'an empty body', actual: deleted.exchange.response.rawBody }, deleted.exchange);
      (await call(s, 'getUser', { params: { user: id } })).error({ code: 'NotFoundHttpException', status: 404 });
      (await call(s, 'deleteUser', { params: { user: id } })).error({ code: 'NotFoundHttpException', status: 404 });
    },
  );

  conformance(
    'DELETE /api/application/users/{user} MUST answer 400 DisplayException while the user owns servers',
    { operation: 'deleteUser', behaviour: 'users.delete.owns-servers', effect: 'destructive', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { serverId } = await discover(s);
      const server = (await call(s, 'getServer', { params: { server: serverId } })).status(200);
      const ownerId = Number(server.json.attributes.user);
      (await call(s, 'deleteUser', { params: { user: ownerId } })).error({ code: 'DisplayException', status: 400, detail: USER_HAS_SERVERS });
      (await call(s, 'getUser', { params: { user: ownerId } })).status(200);
    },
  );
});
