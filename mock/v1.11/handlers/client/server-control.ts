import { ValidationFailure } from '../../../errors/panel-error.ts';
import { badRequestV111, PanelErrorV111 } from '../../errors/panel-error.ts';
import type { ContextV111 } from '../../pipeline/context.ts';
import type { ServicesV111 } from '../../services.ts';
import type { ServerRow } from '../../store/rows.ts';
import { eggVariableAttributes, startupInvocation, statsAttributes } from '../../transform/client/server-transformers.ts';
import { websocketCredentials } from '../../wings/signed-urls.ts';
import { WingsError } from '../../wings/wings-failure.ts';
import { validatorFor } from '../../validation/validate.ts';
import type { HandlerTableV111 } from '../handler.ts';
import { noContentV111 } from '../handler.ts';
import { activityPage, logActivity } from './activity-log.ts';
import { clientServerAttributes, itemBody, listBody, serverVariables } from './client-views.ts';
import { authorizeInController, runningTransfer, userPermissions } from './server-access.ts';
import { callWings, daemonFailure, nodeOf, targetOf, wingsOf } from './wings-link.ts';
import { randomUniqueId } from '../../wings/node-jwt.ts';

/**
 * The server routes: view, websocket, resources, activity, command, power, startup and settings
 * (v1.11.8:app/Http/Controllers/Api/Client/Servers/{ServerController,WebsocketController,ResourceUtilizationController,
 * ActivityLogController,CommandController,PowerController,StartupController,SettingsController}.php).
 */

/** The panel's cache of Wings' answer per server uuid, 20 seconds (ResourceUtilizationController.php#L27-L36). */
const resourceCache = new WeakMap<ServicesV111, Map<string, { until: number; details: Record<string, unknown> }>>();

function cachedDetails(panel: ServicesV111, server: ServerRow): Record<string, unknown> {
  let cache = resourceCache.get(panel);
  if (!cache) resourceCache.set(panel, (cache = new Map()));
  const now = panel.clock.nowMs();
  const hit = cache.get(server.uuid);
  if (hit && hit.until > now) return hit.details;
  // getDetails wraps failures with useStatusCode false: always 504.
  const details = callWings(() => wingsOf(panel).details(targetOf(server)), false) as unknown as Record<string, unknown>;
  cache.set(server.uuid, { until: now + 20_000, details });
  return details;
}

/** config('app.url'): the twin answers as the panel reached at the request's origin. */
function appUrl(ctx: ContextV111): string {
  return ctx.origin;
}

function signingContext(ctx: ContextV111, server: ServerRow) {
  const node = nodeOf(ctx.panel, server);
  return {
    node: { scheme: node.scheme, fqdn: node.fqdn, daemonListen: node.daemonListen, daemonToken: node.daemon_token },
    appUrl: appUrl(ctx),
    user: { id: ctx.actor.id, uuid: ctx.actor.uuid },
    serverUuid: server.uuid,
    nowSeconds: ctx.panel.clock.nowSeconds(),
    uniqueId: randomUniqueId(),
  };
}

export { signingContext };

export const serverControlHandlers: HandlerTableV111 = {
  getClientServer: (ctx) => {
    const server = ctx.model<ServerRow>('server');
    return {
      status: 200,
      body: itemBody('server', clientServerAttributes(ctx, server), {
        is_server_owner: ctx.actor.id === server.owner_id,
        user_permissions: userPermissions(ctx.panel, server, ctx.actor),
      }),
    };
  },

  getClientServerWebsocket: (ctx) => {
    const server = ctx.model<ServerRow>('server');
    authorizeInController(ctx, server);
    const permissions = userPermissions(ctx.panel, server, ctx.actor);
    // A transfer: only who may see its logs (WebsocketController.php#L45-L55); the twin's transfers are never archived.
    if (runningTransfer(ctx.panel, server) && !permissions.includes('admin.websocket.transfer')) {
      throw new PanelErrorV111('http', 403, 'HttpForbiddenException', 'You do not have permission to view server transfer logs.', {}, '/app/Http/Controllers/Api/Client/Servers/WebsocketController.php');
    }
    const credentials = websocketCredentials(signingContext(ctx, server), permissions);
    return { status: 200, body: { data: credentials } };
  },

  getClientServerResources: (ctx) => {
    const server = ctx.model<ServerRow>('server');
    return { status: 200, body: itemBody('stats', statsAttributes(cachedDetails(ctx.panel, server))) };
  },

  listClientServerActivity: (ctx) => {
    const server = ctx.model<ServerRow>('server');
    authorizeInController(ctx, server);
    return { status: 200, body: activityPage(ctx, 'server', server.id) };
  },

  /** A Wings 502 (server offline) becomes the panel's own 502 HttpException (CommandController.php#L24-L44). */
  sendClientServerCommand: (ctx) => {
    const server = ctx.model<ServerRow>('server');
    const command = String(ctx.inputValue('command'));
    try {
      wingsOf(ctx.panel).commands(targetOf(server), [command]);
    } catch (error) {
      if (error instanceof WingsError && error.status === 502) {
        throw new PanelErrorV111('http', 502, 'HttpException', 'Server must be online in order to send commands.', {}, '/app/Http/Controllers/Api/Client/Servers/CommandController.php');
      }
      if (error instanceof WingsError) throw daemonFailure(error);
      throw error;
    }
    logActivity(ctx, 'server:console.command', { command });
    return noContentV111();
  },

  sendClientServerPower: (ctx) => {
    const server = ctx.model<ServerRow>('server');
    const signal = String(ctx.inputValue('signal'));
    callWings(() => wingsOf(ctx.panel).power(targetOf(server), signal));
    logActivity(ctx, `server:power.${signal.toLowerCase()}`);
    return noContentV111();
  },

  getStartup: (ctx) => {
    const server = ctx.model<ServerRow>('server');
    const egg = ctx.panel.store.find('eggs', server.egg_id);
    const variables = serverVariables(ctx.panel, server);
    const primary = ctx.panel.store.find('allocations', server.allocation_id);
    if (!egg || !primary) throw new Error(`server ${server.id} lacks its egg or allocation`);
    return {
      status: 200,
      body: listBody(
        'egg_variable',
        variables.filter((variable) => variable.user_viewable).map(eggVariableAttributes),
        { startup_command: startupInvocation(server, { primaryAllocation: primary, variables }, false), docker_images: egg.docker_images, raw_startup_command: server.startup },
      ),
    };
  },

  /** StartupController::update (StartupController.php#L52-L102): unknown key → 500, hidden → 400, read-only → 400, then the variable's own rules (422). */
  updateStartupVariable: (ctx) => {
    const server = ctx.model<ServerRow>('server');
    const store = ctx.panel.store;
    const variable = serverVariables(ctx.panel, server).find((row) => row.env_variable === ctx.inputValue('key'));
    // `$original = $variable->server_value` comes before the null check: an unknown key reads a property of null (ErrorException, 500).
    if (!variable) throw new PanelErrorV111('internal', 500, 'ErrorException', 'Attempt to read property "server_value" on null', {}, '/app/Http/Controllers/Api/Client/Servers/StartupController.php');
    if (!variable.user_viewable) throw badRequestV111('The environment variable you are trying to edit does not exist.', '/app/Http/Controllers/Api/Client/Servers/StartupController.php');
    if (!variable.user_editable) throw badRequestV111('The environment variable you are trying to edit is read-only.', '/app/Http/Controllers/Api/Client/Servers/StartupController.php');
    const validator = validatorFor(ctx, { rules: [['value', variable.rules]], labels: {}, sometimes: [] } as never);
    if (validator.fails()) throw new ValidationFailure(validator.errors());
    const value = ctx.inputValue('value');
    const now = ctx.panel.clock.dbTimestamp();
    const existing = store.first('server_variables', (row) => row.server_id === server.id && row.variable_id === variable.id);
    const stored = value === null || value === undefined ? '' : String(value);
    if (existing) {
      existing.variable_value = stored;
      existing.updated_at = now;
    } else store.insert('server_variables', { server_id: server.id, variable_id: variable.id, variable_value: stored, created_at: now, updated_at: now });
    const original = variable.server_value;
    const updated = { ...variable, server_value: value === undefined ? null : (value as string | null) };
    const variables = serverVariables(ctx.panel, server);
    const primary = store.find('allocations', server.allocation_id);
    if (!primary) throw new Error(`server ${server.id} has no primary allocation`);
    if (variable.env_variable !== value) logActivity(ctx, 'server:startup.edit', { variable: variable.env_variable, old: original, new: value });
    return {
      status: 200,
      body: itemBody('egg_variable', eggVariableAttributes(updated), {
        startup_command: startupInvocation(server, { primaryAllocation: primary, variables }, false),
        raw_startup_command: server.startup,
      }),
    };
  },

  renameServer: (ctx) => {
    const server = ctx.model<ServerRow>('server');
    const name = String(ctx.inputValue('name'));
    const description = ctx.has('description') ? String(ctx.inputValue('description') ?? '') : server.description;
    const [oldName, oldDescription] = [server.name, server.description];
    server.name = name;
    server.description = description;
    server.updated_at = ctx.panel.clock.dbTimestamp();
    if (oldName !== name) logActivity(ctx, 'server:settings.rename', { old: oldName, new: name });
    if (oldDescription !== description) logActivity(ctx, 'server:settings.description', { old: oldDescription, new: description });
    return noContentV111();
  },

  /** ReinstallServerService in a transaction: status installing, then Wings; a Wings failure rolls the status back. */
  reinstallClientServer: (ctx) => {
    const server = ctx.model<ServerRow>('server');
    ctx.panel.store.transaction(() => {
      server.status = 'installing';
      try {
        callWings(() => wingsOf(ctx.panel).reinstall(targetOf(server)));
      } catch (error) {
        server.status = null;
        throw error;
      }
    });
    logActivity(ctx, 'server:reinstall');
    return { status: 202, body: [] };
  },

  updateDockerImage: (ctx) => {
    const server = ctx.model<ServerRow>('server');
    const egg = ctx.panel.store.find('eggs', server.egg_id);
    if (!egg) throw new Error(`server ${server.id} has no egg`);
    // The FormRequest's last rules first: the regex (its `|` cannot sit in a pipe-separated rule
    // string) and Rule::in(array_values($server->egg->docker_images)).
    const image = String(ctx.inputValue('docker_image'));
    if (!/^[\w#./\- ]*\|*[\w./\-:@ ]*$/.test(image)) {
      throw new ValidationFailure([{ field: 'docker_image', code: 'regex', detail: 'The docker image format is invalid.' }]);
    }
    if (!Object.values(egg.docker_images).includes(image)) {
      throw new ValidationFailure([{ field: 'docker_image', code: 'in', detail: 'The selected docker image is invalid.' }]);
    }
    // Then the controller: an image an administrator set by hand stays.
    if (!Object.values(egg.docker_images).includes(server.image)) {
      throw badRequestV111("This server's Docker image has been manually set by an administrator and cannot be updated.", '/app/Http/Controllers/Api/Client/Servers/SettingsController.php');
    }
    const original = server.image;
    server.image = image;
    if (original !== server.image) logActivity(ctx, 'server:startup.image', { old: original, new: server.image });
    return noContentV111();
  },
};
