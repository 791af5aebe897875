import type { DaemonState, RowOf, Seed, TableName, Tables } from './rows.ts';

/**
 * The mock panel's database: the seed's tables, kept in memory, with auto-increment ids as
 * MySQL hands them out (never reused after a delete). `snapshot`/`restore` back the control
 * surface's reset and let tests prove a request changed nothing.
 */
export class PanelStore {
  tables: Tables;
  daemon: DaemonState;
  private nextIds: Record<TableName, number>;

  constructor(readonly seed: Seed) {
    this.tables = structuredClone(seed.tables);
    this.daemon = structuredClone(seed.daemon);
    this.nextIds = nextIdsOf(this.tables);
  }

  all<T extends TableName>(table: T): RowOf<T>[] {
    return this.tables[table] as RowOf<T>[];
  }

  find<T extends TableName>(table: T, id: number): RowOf<T> | undefined {
    return (this.tables[table] as RowOf<T>[]).find((row) => row.id === id);
  }

  where<T extends TableName>(table: T, predicate: (row: RowOf<T>) => boolean): RowOf<T>[] {
    return (this.tables[table] as RowOf<T>[]).filter(predicate);
  }

  first<T extends TableName>(table: T, predicate: (row: RowOf<T>) => boolean): RowOf<T> | undefined {
    return (this.tables[table] as RowOf<T>[]).find(predicate);
  }

  /** Inserts a row with the next id and returns it. */
  insert<T extends TableName>(table: T, row: Omit<RowOf<T>, 'id'>): RowOf<T> {
    const id = this.nextIds[table];
    this.nextIds[table] = id + 1;
    const stored = { id, ...row } as RowOf<T>;
    (this.tables[table] as RowOf<T>[]).push(stored);
    return stored;
  }

  remove<T extends TableName>(table: T, predicate: (row: RowOf<T>) => boolean): number {
    const rows = this.tables[table] as RowOf<T>[];
    const kept = rows.filter((row) => !predicate(row));
    (this.tables as unknown as Record<TableName, RowOf<T>[]>)[table] = kept;
    return rows.length - kept.length;
  }

  snapshot(): StoreSnapshot {
    return structuredClone({ tables: this.tables, daemon: this.daemon, nextIds: this.nextIds });
  }

  restore(snapshot: StoreSnapshot): void {
    const copy = structuredClone(snapshot);
    this.tables = copy.tables;
    this.daemon = copy.daemon;
    this.nextIds = copy.nextIds;
  }

  /** Runs a change as a transaction: on any exception every table is as it was (the handler's rollback). */
  transaction<R>(change: () => R): R {
    const before = this.snapshot();
    try {
      return change();
    } catch (error) {
      this.restore(before);
      throw error;
    }
  }
}

export interface StoreSnapshot {
  tables: Tables;
  daemon: DaemonState;
  nextIds: Record<TableName, number>;
}

function nextIdsOf(tables: Tables): Record<TableName, number> {
  const out = {} as Record<TableName, number>;
  for (const [name, rows] of Object.entries(tables) as [TableName, { id: number }[]][]) {
    out[name] = rows.reduce((max, row) => Math.max(max, row.id), 0) + 1;
  }
  return out;
}
