// Client API, settings (legacy docs page client/settings): rename, reinstall and the Docker image of a
// server, 1.x routes only (v1.11.8:routes/api-client.php#L137-L141,
// v1.11.8:app/Http/Controllers/Api/Client/Servers/SettingsController.php). Statements say what a stock
// v1.11.8 panel MUST do, on the first server the client key owns. Every route here writes: they need
// PTERO_ALLOW_WRITES=1 on a live panel, and what they change (name, description, image) is in the
// ledger as a restore before the change is sent, so a failure or an interruption still puts the
// original back. A reinstall wipes the server's files on a real node: it runs against the embedded
// mock only (mockOnly), which is reset to its seed afterwards.
import { describe } from 'vitest';
import { call } from '../support/call.ts';
import { attributeFindings, expectNone, validationFindings } from '../support/client-v111-findings.ts';
import { conformance } from '../support/conformance.ts';
import { runName, undoNow } from '../support/created-resources.ts';
import { discoverClient } from '../support/discovery.ts';
import type { Session } from '../support/session.ts';

const V111 = ['v1.11'];
const CATEGORY = 'client/settings';

type ServerView = { name: string; description: string | null; docker_image: string; is_installing: boolean };

async function serverOf(s: Session, server: string): Promise<{ view: ServerView; body: unknown }> {
  const answer = (await call(s, 'getClientServer', { as: 'client', params: { server } })).status(200);
  return { view: answer.json.attributes as ServerView, body: answer.json };
}

describe('POST /api/client/servers/{server}/settings/rename', () => {
  conformance(
    'POST …/settings/rename MUST set the name and the description (204; the server then shows both); the originals are put back',
    { operation: 'renameServer', behaviour: 'client.settings.rename', effect: 'write', category: CATEGORY, keys: ['client'], profiles: V111 },
    async (s) => {
      const { ownedIdentifier: server } = await discoverClient(s);
      const { view: before } = await serverOf(s, server);
      // A null description cannot be sent back ((string) null is ''): then the description is left out, and stays.
      const original = before.description === null ? { name: before.name } : { name: before.name, description: before.description };
      s.ledger.record({ kind: 'server-setting', name: `name of ${server}`, deleteOperation: 'renameServer', params: { server }, body: original });
      try {
        const name = runName(s, 'renamed');
        const change = before.description === null ? { name } : { name, description: runName(s, 'description') };
        // v1.11.8:app/Http/Controllers/Api/Client/Servers/SettingsController.php#L35-L57
        (await call(s, 'renameServer', { as: 'client', params: { server }, body: change })).status(204);
        const after = await serverOf(s, server);
        expectNone([...attributeFindings(after.body, 'name', name), ...attributeFindings(after.body, 'description', change.description ?? before.description)]);
        (await call(s, 'renameServer', { as: 'client', params: { server }, body: original })).status(204);
        s.ledger.forget('renameServer', { server }, original);
        const restored = await serverOf(s, server);
        expectNone([...attributeFindings(restored.body, 'name', before.name), ...attributeFindings(restored.body, 'description', before.description)]);
      } finally {
        await undoNow(s, 'renameServer', { server }, original);
      }
    },
  );

  conformance(
    'POST …/settings/rename without a name MUST answer 422 for name (rule required) and leave the server as it was',
    { operation: 'renameServer', behaviour: 'client.settings.rename.name-required', effect: 'write', category: CATEGORY, keys: ['client'], profiles: V111 },
    async (s) => {
      const { ownedIdentifier: server } = await discoverClient(s);
      const { view: before } = await serverOf(s, server);
      // Server::getRules()['name'] is required|string|min:1|max:191 (v1.11.8:app/Http/Requests/Api/Client/Servers/Settings/RenameServerRequest.php#L25-L31, v1.11.8:app/Models/Server.php#L150).
      const answer = await call(s, 'renameServer', { as: 'client', params: { server }, body: { description: runName(s, 'description') } });
      expectNone(validationFindings(answer.exchange.response.status, answer.json, 'name', 'required'), answer.exchange);
      const after = await serverOf(s, server);
      expectNone([...attributeFindings(after.body, 'name', before.name), ...attributeFindings(after.body, 'description', before.description)]);
    },
  );
});

describe('PUT /api/client/servers/{server}/settings/docker-image', () => {
  conformance(
    "PUT …/settings/docker-image MUST set one of the egg's images (204; the server then shows it), or answer 400 BadRequestHttpException when an administrator set an image the egg does not offer; the original is put back",
    { operation: 'updateDockerImage', behaviour: 'client.settings.docker-image', effect: 'write', category: CATEGORY, keys: ['client'], profiles: V111 },
    async (s) => {
      const { ownedIdentifier: server } = await discoverClient(s);
      const { view: before } = await serverOf(s, server);
      const images = Object.values((await call(s, 'getStartup', { as: 'client', params: { server } })).status(200).json.meta.docker_images as Record<string, string>);
      const image = images.find((i) => i !== before.docker_image) ?? before.docker_image;
      const original = { docker_image: before.docker_image };
      // v1.11.8:app/Http/Controllers/Api/Client/Servers/SettingsController.php#L78-L94
      if (!images.includes(before.docker_image)) {
        (await call(s, 'updateDockerImage', { as: 'client', params: { server }, body: { docker_image: image } })).error({
          code: 'BadRequestHttpException',
          status: 400,
          detail: "This server's Docker image has been manually set by an administrator and cannot be updated.",
        });
        expectNone(attributeFindings((await serverOf(s, server)).body, 'docker_image', before.docker_image));
        return;
      }
      s.ledger.record({ kind: 'server-setting', name: `Docker image of ${server}`, deleteOperation: 'updateDockerImage', params: { server }, body: original });
      try {
        (await call(s, 'updateDockerImage', { as: 'client', params: { server }, body: { docker_image: image } })).status(204);
        expectNone(attributeFindings((await serverOf(s, server)).body, 'docker_image', image));
        (await call(s, 'updateDockerImage', { as: 'client', params: { server }, body: original })).status(204);
        s.ledger.forget('updateDockerImage', { server }, original);
        expectNone(attributeFindings((await serverOf(s, server)).body, 'docker_image', before.docker_image));
      } finally {
        await undoNow(s, 'updateDockerImage', { server }, original);
      }
    },
  );

  conformance(
    "PUT …/settings/docker-image with an image the egg does not offer MUST answer 422 for docker_image (rule in) and leave the image as it was",
    { operation: 'updateDockerImage', behaviour: 'client.settings.docker-image.not-offered', effect: 'write', category: CATEGORY, keys: ['client'], profiles: V111 },
    async (s) => {
      const { ownedIdentifier: server } = await discoverClient(s);
      const { view: before } = await serverOf(s, server);
      // Rule::in(array_values($server->egg->docker_images)) (v1.11.8:app/Http/Requests/Api/Client/Servers/Settings/SetDockerImageRequest.php#L19-L29).
      const answer = await call(s, 'updateDockerImage', { as: 'client', params: { server }, body: { docker_image: 'example.invalid/conformance:not-offered' } });
      expectNone(validationFindings(answer.exchange.response.status, answer.json, 'docker_image', 'in'), answer.exchange);
      expectNone(attributeFindings((await serverOf(s, server)).body, 'docker_image', before.docker_image));
    },
  );
});

conformance(
  'POST …/settings/reinstall MUST answer 202 and put the server into installing (embedded mock only: on a real node it wipes the server\'s files)',
  { operation: 'reinstallClientServer', behaviour: 'client.settings.reinstall', effect: 'write', mockOnly: true, category: CATEGORY, keys: ['client'], profiles: V111 },
  async (s) => {
    const { ownedIdentifier: server } = await discoverClient(s);
    try {
      // ReinstallServerService sets the status, then asks Wings (v1.11.8:app/Http/Controllers/Api/Client/Servers/SettingsController.php#L64-L71,
      // v1.11.8:app/Services/Servers/ReinstallServerService.php#L25-L34).
      (await call(s, 'reinstallClientServer', { as: 'client', params: { server } })).status(202);
      expectNone(attributeFindings((await serverOf(s, server)).body, 'is_installing', true));
    } finally {
      // The seed again: the server is installed, as every later behaviour expects.
      await s.control?.reset();
    }
  },
);
