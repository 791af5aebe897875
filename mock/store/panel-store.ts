import type { Seed } from './rows.ts';
import type { RowIn, StoreSeed, TableOf } from './store-seed.ts';

export type { RowIn, StoreSeed, TableOf };

/**
 * The mock panel's database: a profile's seed tables, kept in memory, with auto-increment ids as
 * MySQL hands them out (never reused after a delete). One class for every profile, typed by its
 * seed: `PanelStore` is v0.7.19's (the default), `PanelStore<SeedV111>` the 1.11 twin's.
 * `snapshot`/`restore` back the control surface's reset and let tests prove a request changed nothing.
 */
export class PanelStore<S extends StoreSeed = Seed> {
  tables: S['tables'];
  daemon: S['daemon'];
  private nextIds: Record<TableOf<S>, number>;

  constructor(readonly seed: S) {
    this.tables = structuredClone(seed.tables);
    this.daemon = structuredClone(seed.daemon);
    this.nextIds = nextIdsOf<TableOf<S>>(this.tables);
  }

  all<T extends TableOf<S>>(table: T): RowIn<S, T>[] {
    return this.rows(table);
  }

  find<T extends TableOf<S>>(table: T, id: number): RowIn<S, T> | undefined {
    return this.rows(table).find((row) => row.id === id);
  }

  where<T extends TableOf<S>>(table: T, predicate: (row: RowIn<S, T>) => boolean): RowIn<S, T>[] {
    return this.rows(table).filter(predicate);
  }

  first<T extends TableOf<S>>(table: T, predicate: (row: RowIn<S, T>) => boolean): RowIn<S, T> | undefined {
    return this.rows(table).find(predicate);
  }

  /** Inserts a row with the next id and returns it. */
  insert<T extends TableOf<S>>(table: T, row: Omit<RowIn<S, T>, 'id'>): RowIn<S, T> {
    const id = this.nextIds[table];
    this.nextIds[table] = id + 1;
    const stored = { id, ...row } as RowIn<S, T>;
    this.rows(table).push(stored);
    return stored;
  }

  remove<T extends TableOf<S>>(table: T, predicate: (row: RowIn<S, T>) => boolean): number {
    const rows = this.rows(table);
    const kept = rows.filter((row) => !predicate(row));
    this.tables[table] = kept as S['tables'][T];
    return rows.length - kept.length;
  }

  snapshot(): StoreSnapshot<S> {
    return structuredClone({ tables: this.tables, daemon: this.daemon, nextIds: this.nextIds });
  }

  restore(snapshot: StoreSnapshot<S>): void {
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

  private rows<T extends TableOf<S>>(table: T): RowIn<S, T>[] {
    return this.tables[table] as RowIn<S, T>[];
  }
}

export interface StoreSnapshot<S extends StoreSeed = Seed> {
  tables: S['tables'];
  daemon: S['daemon'];
  nextIds: Record<TableOf<S>, number>;
}

function nextIdsOf<N extends string>(tables: object): Record<N, number> {
  const out = {} as Record<N, number>;
  for (const [name, rows] of Object.entries(tables) as [N, { id: number }[]][]) {
    out[name] = rows.reduce((max, row) => Math.max(max, row.id), 0) + 1;
  }
  return out;
}
