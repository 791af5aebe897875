import { displayException, PanelError } from '../../errors/panel-error.ts';
import { randomAlphanumeric } from '../../pipeline/authenticate-client-access.ts';
import type { RequestContext } from '../../pipeline/request-context.ts';
import { resourceUrl, serializeItem } from '../../transform/serialize.ts';
import { noContent, type HandlerResult, type HandlerTable } from '../handler.ts';
import { mysqlIdMatch, mysqlStringColumn, phpStringCast } from '../../php-coercion.ts';

/*
 * Application API server database writes: create, reset password, delete. The
 * database hosts themselves are not simulated: creating, re-keying and dropping always succeed there.
 */

const DUPLICATE_DATABASE = 'A database with those details already exists for the specified server.';

/** Laravel's alpha_dash: letters, marks and digits of any script, `_` and `-`. */
const ALPHA_DASH = /^[\p{L}\p{M}\p{N}_-]+$/u;

/** The panel's collation (utf8mb4_unicode_ci) compares case-insensitively. */
const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * DatabaseManagementService::create: the stored name is `s<server>_<name>`, the user
 * `u<server>_<10 alphanumerics>`, the password 24 random characters. A row with the same server,
 * host and stored name is a 400 DuplicateDatabaseNameException; then the model's own rules
 * (name alpha_dash, 3–100 characters) fail as a 500 HttpException. The limit is not enforced.
 */
function createServerDatabase(ctx: RequestContext): HandlerResult {
  const panel = ctx.panel;
  const store = panel.store;
  const server = ctx.models.server;
  if (!server) throw new PanelError(500, 'ErrorException', 'Trying to get property of non-object');
  const hostId = mysqlIdMatch(ctx.inputValue('host')) ?? 0;
  const name = `s${server.id}_${phpStringCast(ctx.inputValue('database'))}`;
  const remote = mysqlStringColumn(ctx.inputValue('remote'));

  const row = store.transaction(() => {
    if (store.first('databases', (d) => d.server_id === server.id && d.database_host_id === hostId && sameName(d.database, name))) {
      throw displayException(400, 'DuplicateDatabaseNameException', DUPLICATE_DATABASE, '/app/Repositories/Eloquent/DatabaseRepository.php');
    }
    const length = [...name].length;
    if (!ALPHA_DASH.test(name) || length < 3 || length > 100) {
      const problem = !ALPHA_DASH.test(name)
        ? 'The database may only contain letters, numbers, dashes and underscores.'
        : 'The database must be between 3 and 100 characters.';
      throw new PanelError(
        500,
        'HttpException',
        `Data integrity exception encountered while performing database write operation. {"database":["${problem}"]}`,
        { sourceFile: '/app/Exceptions/Model/DataValidationException.php' },
      );
    }
    const now = panel.clock.dbTimestamp();
    return store.insert('databases', {
      server_id: server.id,
      database_host_id: hostId,
      database: name,
      username: `u${server.id}_${randomAlphanumeric(10)}`,
      remote,
      password: randomAlphanumeric(24),
      created_at: now,
      updated_at: now,
    });
  });

  const resource = resourceUrl(ctx, `/api/application/servers/${server.id}/databases/${row.id}`);
  return { status: 201, body: serializeItem(ctx, 'server_database', row, { meta: { resource } }) };
}

/** DatabasePasswordService: a new 24-character password. No check that the database is the server's. */
function resetServerDatabasePassword(ctx: RequestContext): HandlerResult {
  const bound = ctx.models.database;
  const row = bound ? ctx.panel.store.find('databases', bound.id) : undefined;
  if (!row) throw new PanelError(500, 'ErrorException', 'Trying to get property of non-object');
  row.password = randomAlphanumeric(24);
  row.updated_at = ctx.panel.clock.dbTimestamp();
  return noContent();
}

/** DatabaseManagementService::delete: drops it on the host and deletes the row. No ownership check. */
function deleteServerDatabase(ctx: RequestContext): HandlerResult {
  const bound = ctx.models.database;
  if (!bound) throw new PanelError(500, 'ErrorException', 'Trying to get property of non-object');
  ctx.panel.store.remove('databases', (d) => d.id === bound.id);
  return noContent();
}

export const serverDatabaseWriteHandlers: HandlerTable = {
  createServerDatabase,
  resetServerDatabasePassword,
  deleteServerDatabase,
};
