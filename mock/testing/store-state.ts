import type { MockPanel } from '../panel.ts';

/**
 * Everything a request may change, for "an error changed nothing" assertions: every table, the
 * id counters and the daemon state, without authentication's bookkeeping (api_keys.last_used_at)
 * and, when asked, without the daemon keys client access creates lazily.
 */
export function storeState(panel: MockPanel, options: { withoutDaemonKeys?: boolean } = {}): unknown {
  const snapshot = panel.store.snapshot();
  const tables: Record<string, unknown> = {
    ...snapshot.tables,
    api_keys: snapshot.tables.api_keys.map(({ last_used_at: _used, ...rest }) => rest),
  };
  const nextIds: Record<string, number> = { ...snapshot.nextIds };
  if (options.withoutDaemonKeys) {
    delete tables['daemon_keys'];
    delete nextIds['daemon_keys'];
  }
  return { tables, daemon: snapshot.daemon, nextIds };
}
