// Client API, startup (legacy docs page client/startup): a server's startup variables, 1.x routes only
// (v1.11.8:routes/api-client.php#L132-L135, v1.11.8:app/Http/Controllers/Api/Client/Servers/StartupController.php).
// Statements say what a stock v1.11.8 panel MUST do, on the first server the client key owns. The reads
// run everywhere; PUT …/startup/variable needs PTERO_ALLOW_WRITES=1 on a live panel. A variable the
// suite changes is in the ledger as a restore (its original value) before the change is sent, so a
// failure or an interruption still puts the original back.
import { describe } from 'vitest';
import { unavailable } from '../../harness/failure.ts';
import { call } from '../support/call.ts';
import { attributeFindings, expectNone, objectFindings, metaKeyFindings, validationFindings, viewableVariableFindings } from '../support/client-v111-findings.ts';
import { conformance } from '../support/conformance.ts';
import { undoNow } from '../support/created-resources.ts';
import { discoverClient } from '../support/discovery.ts';
import type { Session } from '../support/session.ts';

const V111 = ['v1.11'];
const CATEGORY = 'client/startup';

type Variable = { env_variable: string; server_value: string | null; is_editable: boolean; rules: string };
type ServerVariable = { env_variable: string; user_viewable: boolean; user_editable: boolean };

async function startupOf(s: Session, server: string): Promise<Variable[]> {
  return ((await call(s, 'getStartup', { as: 'client', params: { server } })).status(200).json.data as { attributes: Variable }[]).map((d) => d.attributes);
}

/** Every variable of the server with its flags, as the application API shows them (include=variables). */
async function allVariables(s: Session, server: string): Promise<ServerVariable[]> {
  const id = (await call(s, 'getClientServer', { as: 'client', params: { server } })).status(200).json.attributes.internal_id as number;
  const answer = (await call(s, 'getServer', { as: 'application', params: { server: id }, query: { include: 'variables' } })).status(200);
  return (answer.json.attributes.relationships.variables.data as { attributes: ServerVariable }[]).map((d) => d.attributes);
}

/**
 * A value the variable's own rules accept that differs from its current one, when its rules are only
 * required / nullable / string / max:N (the stock eggs' version and build variables); undefined otherwise.
 */
function acceptedChange(variable: Variable): string | undefined {
  const rules = variable.rules.split('|');
  const max = rules.map((r) => /^max:(\d+)$/.exec(r)).find((m) => m)?.[1];
  if (!rules.every((r) => ['required', 'nullable', 'string', 'sometimes'].includes(r) || /^max:\d+$/.test(r))) return undefined;
  // An empty required variable could not be put back (its own rules refuse the empty original).
  if (rules.includes('required') && (variable.server_value ?? '') === '') return undefined;
  const value = variable.server_value === 'conformance' ? 'conformance2' : 'conformance';
  return max !== undefined && value.length > Number(max) ? undefined : value;
}

describe('GET /api/client/servers/{server}/startup', () => {
  conformance(
    'GET …/startup MUST list egg_variable objects with the startup command, the raw startup command and the egg\'s Docker images in meta',
    { operation: 'getStartup', behaviour: 'client.startup.view', effect: 'read', category: CATEGORY, keys: ['client'], profiles: V111 },
    async (s) => {
      const { ownedIdentifier: server } = await discoverClient(s);
      // v1.11.8:app/Http/Controllers/Api/Client/Servers/StartupController.php#L30-L44
      const answer = (await call(s, 'getStartup', { as: 'client', params: { server } })).status(200);
      expectNone([...objectFindings(answer.json, 'egg_variable'), ...metaKeyFindings(answer.json, ['startup_command', 'raw_startup_command', 'docker_images'])], answer.exchange);
    },
  );

  conformance(
    'GET …/startup MUST list exactly the server\'s variables that are user_viewable (the application API\'s include=variables shows them all)',
    { operation: 'getStartup', behaviour: 'client.startup.view.viewable-only', effect: 'read', category: CATEGORY, keys: ['client', 'application'], profiles: V111, concerns: 'access' },
    async (s) => {
      const { ownedIdentifier: server } = await discoverClient(s);
      const viewable = (await allVariables(s, server)).filter((v) => v.user_viewable).map((v) => v.env_variable);
      // `$server->variables()->where('user_viewable', true)` (v1.11.8:app/Http/Controllers/Api/Client/Servers/StartupController.php#L34-L36)
      const answer = (await call(s, 'getStartup', { as: 'client', params: { server } })).status(200);
      expectNone(viewableVariableFindings(answer.json, viewable), answer.exchange);
    },
  );
});

describe('PUT /api/client/servers/{server}/startup/variable', () => {
  conformance(
    'PUT …/startup/variable MUST store a value the variable\'s rules accept and answer the variable with it (200, meta startup_command); the original value is put back',
    { operation: 'updateStartupVariable', behaviour: 'client.startup.update', effect: 'write', category: CATEGORY, keys: ['client'], profiles: V111 },
    async (s) => {
      const { ownedIdentifier: server } = await discoverClient(s);
      const variable = (await startupOf(s, server)).find((v) => v.is_editable && acceptedChange(v) !== undefined);
      if (!variable) unavailable(`server ${server} has no editable variable with plain string rules to change`);
      const value = acceptedChange(variable) as string;
      const original = { key: variable.env_variable, value: variable.server_value ?? '' };
      s.ledger.record({ kind: 'server-setting', name: `startup variable ${variable.env_variable} of ${server}`, deleteOperation: 'updateStartupVariable', params: { server }, body: original });
      try {
        // v1.11.8:app/Http/Controllers/Api/Client/Servers/StartupController.php#L53-L98
        const answer = (await call(s, 'updateStartupVariable', { as: 'client', params: { server }, body: { key: variable.env_variable, value } })).status(200);
        expectNone([...attributeFindings(answer.json, 'env_variable', variable.env_variable), ...attributeFindings(answer.json, 'server_value', value), ...metaKeyFindings(answer.json, ['startup_command', 'raw_startup_command'])], answer.exchange);
        const stored = (await startupOf(s, server)).find((v) => v.env_variable === variable.env_variable);
        expectNone(attributeFindings({ attributes: stored ?? {} }, 'server_value', value));
        (await call(s, 'updateStartupVariable', { as: 'client', params: { server }, body: original })).status(200);
        s.ledger.forget('updateStartupVariable', { server }, original);
      } finally {
        await undoNow(s, 'updateStartupVariable', { server }, original);
      }
    },
  );

  conformance(
    "PUT …/startup/variable with an empty value for a required variable MUST answer 422 for value (rule required: the variable's own rules apply)",
    { operation: 'updateStartupVariable', behaviour: 'client.startup.update.variable-rules', effect: 'write', category: CATEGORY, keys: ['client'], profiles: V111 },
    async (s) => {
      const { ownedIdentifier: server } = await discoverClient(s);
      const variable = (await startupOf(s, server)).find((v) => v.is_editable && v.rules.split('|').includes('required'));
      if (!variable) unavailable(`server ${server} has no editable required variable`);
      // `$this->validate($request, ['value' => $variable->rules])`; the empty string arrives as null (ConvertEmptyStringsToNull)
      // (v1.11.8:app/Http/Controllers/Api/Client/Servers/StartupController.php#L65-L66).
      const answer = await call(s, 'updateStartupVariable', { as: 'client', params: { server }, body: { key: variable.env_variable, value: '' } });
      expectNone(validationFindings(answer.exchange.response.status, answer.json, 'value', 'required'), answer.exchange);
      const after = (await startupOf(s, server)).find((v) => v.env_variable === variable.env_variable);
      expectNone(attributeFindings({ attributes: after ?? {} }, 'server_value', variable.server_value));
    },
  );

  conformance(
    'PUT …/startup/variable for a variable that is not user_viewable MUST answer 400 BadRequestHttpException ("does not exist") and change nothing',
    { operation: 'updateStartupVariable', behaviour: 'client.startup.update.hidden', effect: 'write', category: CATEGORY, keys: ['client', 'application'], profiles: V111, concerns: 'access' },
    async (s) => {
      const { ownedIdentifier: server } = await discoverClient(s);
      const hidden = (await allVariables(s, server)).find((v) => !v.user_viewable);
      if (!hidden) unavailable(`server ${server} has no hidden (not user_viewable) variable`);
      // v1.11.8:app/Http/Controllers/Api/Client/Servers/StartupController.php#L56-L63
      (await call(s, 'updateStartupVariable', { as: 'client', params: { server }, body: { key: hidden.env_variable, value: 'conformance' } })).error({
        code: 'BadRequestHttpException',
        status: 400,
        detail: 'The environment variable you are trying to edit does not exist.',
      });
    },
  );
});
