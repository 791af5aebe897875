// Client API, users (legacy docs page client/users): a server's subusers and the permission strings
// they hold, 1.x routes only (v1.11.8:routes/api-client.php#L20, #L114-L120;
// v1.11.8:app/Http/Controllers/Api/Client/Servers/SubuserController.php). Statements say what a stock
// v1.11.8 panel MUST do, on the first server the client key owns. The reads run everywhere; the writes
// need PTERO_ALLOW_WRITES=1 on a live panel. They make the client-stranger key's user (an existing
// account: no new user, no invitation e-mail) a subuser for the length of one behaviour; the subuser
// is in the ledger the moment it exists, so a failure or an interruption still removes it.
import { describe } from 'vitest';
import { unavailable } from '../../harness/failure.ts';
import { call } from '../support/call.ts';
import { attributeFindings, catalogueOf, expectNone, listedFindings, objectFindings, permissionCatalogueFindings, permissionSetFindings, subuserPermissionFindings } from '../support/client-v111-findings.ts';
import { conformance } from '../support/conformance.ts';
import { createRecorded, undoNow } from '../support/created-resources.ts';
import { discoverClient } from '../support/discovery.ts';
import type { Session } from '../support/session.ts';

const V111 = ['v1.11'];
const CATEGORY = 'client/users';
/** Every subuser gets websocket.connect whatever was asked (SubuserController.php#L170-L184). */
const ALWAYS = 'websocket.connect';

/** The stranger key's user as a subuser of `server` with `permissions`, recorded in the ledger. */
async function addStranger(s: Session, server: string, permissions: unknown[]) {
  const stranger = (await call(s, 'getAccount', { as: 'client-stranger' })).status(200).json.attributes as { email: string };
  const before = (await call(s, 'listSubusers', { as: 'client', params: { server } })).status(200);
  if ((before.json.data as { attributes: { email: string } }[]).some((d) => d.attributes.email === stranger.email)) {
    unavailable(`the client-stranger key's user is already a subuser of server ${server}: use a PTERO_KEY_CLIENT_STRANGER whose user is not`);
  }
  const created = (
    await createRecorded(s, 'createSubuser', { as: 'client', params: { server }, body: { email: stranger.email, permissions } }, (body) => ({ kind: 'subuser', name: `subuser ${String(body.attributes['email'])} of ${server}`, deleteOperation: 'deleteSubuser', params: { server, user: String(body.attributes['uuid']) } }), [])
  ).status(200);
  return { created, uuid: String(created.json.attributes.uuid), email: stranger.email };
}

async function removeStranger(s: Session, server: string, uuid: string): Promise<void> {
  const params = { server, user: uuid };
  (await call(s, 'deleteSubuser', { as: 'client', params })).status(204);
  s.ledger.forget('deleteSubuser', params);
}

describe('GET /api/client/permissions', () => {
  conformance(
    'GET /api/client/permissions MUST answer the subuser permission catalogue (object system_permissions; groups of keys such as websocket.connect, control.console, user.read)',
    { operation: 'getClientPermissions', behaviour: 'client.users.permissions.catalogue', effect: 'read', category: CATEGORY, keys: ['client'], profiles: V111 },
    async (s) => {
      // v1.11.8:app/Http/Controllers/Api/Client/ClientController.php#L72-L80, v1.11.8:app/Models/Permission.php#L101-L218
      const answer = (await call(s, 'getClientPermissions', { as: 'client' })).status(200);
      expectNone(permissionCatalogueFindings(answer.json, [ALWAYS, 'control.console', 'control.start', 'user.create', 'user.read', 'user.update', 'user.delete', 'allocation.read', 'startup.read', 'settings.rename', 'activity.read']), answer.exchange);
    },
  );
});

describe('GET /api/client/servers/{server}/users', () => {
  conformance(
    "GET …/users MUST list the server's subusers as server_subuser objects, each holding permission strings of the catalogue only",
    { operation: 'listSubusers', behaviour: 'client.users.list', effect: 'read', category: CATEGORY, keys: ['client'], profiles: V111 },
    async (s) => {
      const { ownedIdentifier: server } = await discoverClient(s);
      const catalogue = catalogueOf((await call(s, 'getClientPermissions', { as: 'client' })).status(200).json);
      const answer = (await call(s, 'listSubusers', { as: 'client', params: { server } })).status(200);
      // v1.11.8:app/Http/Controllers/Api/Client/Servers/SubuserController.php#L38-L43
      expectNone([...objectFindings(answer.json, 'server_subuser'), ...subuserPermissionFindings(answer.json, catalogue)], answer.exchange);
    },
  );
});

conformance(
  'POST …/users MUST make an existing account a subuser with the known permissions asked for plus websocket.connect (unknown strings dropped); GET …/users/{user} shows them, POST …/users/{user} replaces them, DELETE …/users/{user} removes the subuser (204, then 404)',
  { operation: 'createSubuser', behaviour: 'client.users.create-view-update-delete', effect: 'write', category: CATEGORY, keys: ['client', 'client-stranger'], profiles: V111 },
  async (s) => {
    const { ownedIdentifier: server } = await discoverClient(s);
    // SubuserCreationService finds the user by e-mail (v1.11.8:app/Services/Subusers/SubuserCreationService.php#L39-L72);
    // getDefaultPermissions keeps the catalogue's strings and adds websocket.connect (SubuserController.php#L170-L184).
    const { created, uuid, email } = await addStranger(s, server, ['control.console', 'not.a-permission']);
    const params = { server, user: uuid };
    try {
      expectNone([...attributeFindings(created.json, 'email', email), ...permissionSetFindings(created.json, ['control.console', ALWAYS])], created.exchange);
      const viewed = (await call(s, 'getSubuser', { as: 'client', params })).status(200);
      expectNone(permissionSetFindings(viewed.json, ['control.console', ALWAYS]), viewed.exchange);
      // SubuserController::update stores the new set (v1.11.8:app/Http/Controllers/Api/Client/Servers/SubuserController.php#L89-L134).
      const updated = (await call(s, 'updateSubuser', { as: 'client', params, body: { permissions: ['control.start', 'control.console'] } })).status(200);
      expectNone(permissionSetFindings(updated.json, ['control.start', 'control.console', ALWAYS]), updated.exchange);
      await removeStranger(s, server, uuid);
    } finally {
      await undoNow(s, 'deleteSubuser', params);
    }
    const listed = (await call(s, 'listSubusers', { as: 'client', params: { server } })).status(200);
    expectNone(listedFindings(listed.json, 'uuid', uuid, false), listed.exchange);
    // No subuser row any more: ResourceBelongsToServer answers 404 (v1.11.8:app/Http/Middleware/Api/Client/Server/ResourceBelongsToServer.php#L60-L67).
    (await call(s, 'getSubuser', { as: 'client', params })).status(404);
  },
);

conformance(
  'A subuser MUST NOT view or edit its own subuser entry: with user.read and user.update it lists the subusers (200) but GET and POST …/users/{its own uuid} answer 403',
  { operation: 'updateSubuser', behaviour: 'client.users.self-edit-refused', effect: 'write', category: CATEGORY, keys: ['client', 'client-stranger'], profiles: V111, concerns: 'access' },
  async (s) => {
    const { ownedIdentifier: server } = await discoverClient(s);
    const { uuid } = await addStranger(s, server, ['user.read', 'user.update']);
    const params = { server, user: uuid };
    try {
      // The permission itself works: the list is the stranger's to read now.
      (await call(s, 'listSubusers', { as: 'client-stranger', params: { server } })).status(200);
      // SubuserRequest::authorize refuses the user's own uuid (v1.11.8:app/Http/Requests/Api/Client/Servers/Subusers/SubuserRequest.php#L21-L44).
      (await call(s, 'getSubuser', { as: 'client-stranger', params })).error({ code: 'AccessDeniedHttpException', status: 403 });
      (await call(s, 'updateSubuser', { as: 'client-stranger', params, body: { permissions: ['user.read', 'user.update', 'user.delete', 'control.console'] } })).error({ code: 'AccessDeniedHttpException', status: 403 });
      const after = (await call(s, 'getSubuser', { as: 'client', params })).status(200);
      expectNone(permissionSetFindings(after.json, ['user.read', 'user.update', ALWAYS]), after.exchange);
      await removeStranger(s, server, uuid);
    } finally {
      await undoNow(s, 'deleteSubuser', params);
    }
  },
);

conformance(
  "POST …/users with the server owner's own e-mail MUST be refused with 400 UserIsServerOwnerException and add no subuser",
  { operation: 'createSubuser', behaviour: 'client.users.create.owner-refused', effect: 'write', category: CATEGORY, keys: ['client'], profiles: V111 },
  async (s) => {
    const { ownedIdentifier: server } = await discoverClient(s);
    const owner = (await call(s, 'getAccount', { as: 'client' })).status(200).json.attributes as { email: string };
    // v1.11.8:app/Services/Subusers/SubuserCreationService.php#L43-L47, v1.11.8:resources/lang/en/exceptions.php#L35-L39
    const answer = await createRecorded(s, 'createSubuser', { as: 'client', params: { server }, body: { email: owner.email, permissions: ['control.console'] } }, (body) => ({ kind: 'subuser', name: `subuser ${String(body.attributes['email'])} of ${server}`, deleteOperation: 'deleteSubuser', params: { server, user: String(body.attributes['uuid']) } }), []);
    answer.error({ code: 'UserIsServerOwnerException', status: 400, detail: 'You cannot add the server owner as a subuser for this server.' });
    const listed = (await call(s, 'listSubusers', { as: 'client', params: { server } })).status(200);
    expectNone(listedFindings(listed.json, 'email', owner.email, false), listed.exchange);
  },
);

conformance(
  'A subuser with user.create MUST NOT assign a permission it does not hold itself: POST …/users answers 403 HttpForbiddenException before anything else',
  { operation: 'createSubuser', behaviour: 'client.users.create.no-escalation', effect: 'write', category: CATEGORY, keys: ['client', 'client-stranger'], profiles: V111, concerns: 'access' },
  async (s) => {
    const { ownedIdentifier: server } = await discoverClient(s);
    const owner = (await call(s, 'getAccount', { as: 'client' })).status(200).json.attributes as { email: string };
    const { uuid } = await addStranger(s, server, ['user.create', 'control.console']);
    try {
      // The owner's e-mail: a panel that skipped the check would still refuse it (400 UserIsServerOwnerException), so no
      // account is ever made. SubuserRequest::validatePermissionsCanBeAssigned runs in authorize(), before the rules
      // and the service (v1.11.8:app/Http/Requests/Api/Client/Servers/Subusers/SubuserRequest.php#L35-L73).
      const answer = await createRecorded(s, 'createSubuser', { as: 'client-stranger', params: { server }, body: { email: owner.email, permissions: ['control.console', 'control.stop'] } }, (body) => ({ kind: 'subuser', name: `subuser ${String(body.attributes['email'])} of ${server}`, deleteOperation: 'deleteSubuser', params: { server, user: String(body.attributes['uuid']) } }), []);
      answer.error({ code: 'HttpForbiddenException', status: 403, detail: 'Cannot assign permissions to a subuser that your account does not actively possess.' });
      await removeStranger(s, server, uuid);
    } finally {
      await undoNow(s, 'deleteSubuser', { server, user: uuid });
    }
  },
);
