// What the shared PanelStore needs of a profile's seed, and the shape every simulated daemon shares.

/** One node's switch on the simulated daemon (the 0.6 daemon on 0.7, Wings on 1.x): the control surface sets it. */
export interface SimulatedNodeState {
  /** false: every call to this node's daemon fails to connect (the panel's connection error). */
  reachable: boolean;
  /** A reachable daemon that answers every node-level call with this HTTP error status (e.g. 500). */
  http_error?: number;
}

/** The simulated daemon's memory: per node its switch, per server the profile's own process state. */
export interface SimulatedDaemon<ServerState> {
  /** Keyed by node id (as a decimal string); one entry per node. */
  nodes: Record<string, SimulatedNodeState>;
  /** Keyed by server id (as a decimal string); one entry per server. */
  servers: Record<string, ServerState>;
}

/**
 * What every profile's seed gives the store: its tables (rows with MySQL ids, keyed by table name)
 * and the simulated daemon's state, plus the panel settings the seed records. A profile's own seed
 * type names its tables and adds its own settings (1.x's `two_factor_required`).
 */
export interface StoreSeed {
  /** When the seed was taken, ISO-8601 with offset: no seed row is dated after it (the mock's clock is the wall clock). */
  now: string;
  /** The panel's APP_TIMEZONE (IANA name), in which stored timestamps are written. */
  app_timezone: string;
  /** Every table a list of rows with an `id`, by the panel's table name. */
  tables: { [table: string]: { id: number }[] };
  daemon: SimulatedDaemon<object>;
}

/** The table names of a seed. */
export type TableOf<S extends StoreSeed> = keyof S['tables'] & string;
/** A row of one table of a seed. */
export type RowIn<S extends StoreSeed, T extends TableOf<S>> = S['tables'][T][number];
