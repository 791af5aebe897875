import type { HandlerTable } from '../handler.ts';
import type { PanelStore } from '../../store/panel-store.ts';
import type { ServerRow, UserRow } from '../../store/rows.ts';
import { serializeItem, serializeList, serializePage } from '../../transform/serialize.ts';
import { boundModel } from './common.ts';

/** ClientController@index and Client\Servers\ServerController@index. */
export const clientServerReadHandlers: HandlerTable = {
  listClientServers: (ctx) => {
    const user = ctx.user;
    if (!user) throw new Error('listClientServers: no authenticated user');
    const rows = clientServers(ctx.panel.store, user, filterLevel(ctx.inputValue('filter')));
    const perPage = ctx.panel.options.clientPageSize;
    // `$paginate ? paginate($paginate) : get()`: a page size of 0 lists everything, without meta.
    if (perPage === 0) return { status: 200, body: serializeList(ctx, 'client_server', rows) };
    return { status: 200, body: serializePage(ctx, 'client_server', rows, perPage) };
  },
  getClientServer: (ctx) => ({ status: 200, body: serializeItem(ctx, 'client_server', boundModel(ctx, 'server')) }),
};

export type FilterLevel = 'all' | 'admin' | 'owner' | 'subuser-of';

/**
 * The controller's `switch ($request->input('filter'))`: PHP 7 compares loosely, so besides the
 * exact strings a JSON `0` or `true` matches the first case, `all`; anything else is `subuser-of`.
 */
export function filterLevel(raw: unknown): FilterLevel {
  if (raw === 'all' || raw === true || raw === 0) return 'all';
  if (raw === 'admin') return 'admin';
  if (raw === 'owner') return 'owner';
  return 'subuser-of';
}

/**
 * ServerRepository::filterUserAccessServers: `owner` → owned servers; `all` / `admin` for a root
 * admin → every server / every server the admin neither owns nor sub-uses; everything else
 * (including `all` / `admin` for other users) → owned plus subuser servers. Id order.
 */
export function clientServers(store: PanelStore, user: UserRow, level: FilterLevel): ServerRow[] {
  if (level === 'owner') return store.where('servers', (s) => s.owner_id === user.id);
  const access = new Set<number>([
    ...store.where('servers', (s) => s.owner_id === user.id).map((s) => s.id),
    ...store.where('subusers', (s) => s.user_id === user.id).map((s) => s.server_id),
  ]);
  if (user.root_admin && level === 'all') return store.all('servers');
  if (user.root_admin && level === 'admin') return store.where('servers', (s) => !access.has(s.id));
  return store.where('servers', (s) => access.has(s.id));
}
