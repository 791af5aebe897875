import type { RowOfV111, TableNameV111, TablesV111, WingsState } from './rows.ts';

/** What the pipeline, the handlers and the simulated Wings use of the store (the profile seam hands in a view of the shared panel's). */
export interface StoreViewV111 {
  readonly tables: TablesV111;
  wings: WingsState;
  all<T extends TableNameV111>(table: T): RowOfV111<T>[];
  find<T extends TableNameV111>(table: T, id: number): RowOfV111<T> | undefined;
  where<T extends TableNameV111>(table: T, predicate: (row: RowOfV111<T>) => boolean): RowOfV111<T>[];
  first<T extends TableNameV111>(table: T, predicate: (row: RowOfV111<T>) => boolean): RowOfV111<T> | undefined;
  insert<T extends TableNameV111>(table: T, row: Omit<RowOfV111<T>, 'id'>): RowOfV111<T>;
  remove<T extends TableNameV111>(table: T, predicate: (row: RowOfV111<T>) => boolean): number;
  transaction<R>(change: () => R): R;
}

/**
 * The v1.11 twin's database: the seed's tables in memory, ids handed out as MySQL's auto-increment
 * does (never reused after a delete). The same contract as the 0.7 PanelStore, over the 1.11 tables.
 */
export class StoreV111 implements StoreViewV111 {
  tables: TablesV111;
  wings: WingsState;
  private nextIds: Record<TableNameV111, number>;

  constructor(tables: TablesV111, wings: WingsState) {
    this.tables = structuredClone(tables);
    this.wings = structuredClone(wings);
    this.nextIds = nextIdsOf(this.tables);
  }

  all<T extends TableNameV111>(table: T): RowOfV111<T>[] {
    return this.tables[table] as RowOfV111<T>[];
  }

  find<T extends TableNameV111>(table: T, id: number): RowOfV111<T> | undefined {
    return (this.tables[table] as RowOfV111<T>[]).find((row) => row.id === id);
  }

  where<T extends TableNameV111>(table: T, predicate: (row: RowOfV111<T>) => boolean): RowOfV111<T>[] {
    return (this.tables[table] as RowOfV111<T>[]).filter(predicate);
  }

  first<T extends TableNameV111>(table: T, predicate: (row: RowOfV111<T>) => boolean): RowOfV111<T> | undefined {
    return (this.tables[table] as RowOfV111<T>[]).find(predicate);
  }

  insert<T extends TableNameV111>(table: T, row: Omit<RowOfV111<T>, 'id'>): RowOfV111<T> {
    const id = this.nextIds[table];
    this.nextIds[table] = id + 1;
    const stored = { id, ...row } as RowOfV111<T>;
    (this.tables[table] as RowOfV111<T>[]).push(stored);
    return stored;
  }

  remove<T extends TableNameV111>(table: T, predicate: (row: RowOfV111<T>) => boolean): number {
    const rows = this.tables[table] as RowOfV111<T>[];
    const kept = rows.filter((row) => !predicate(row));
    (this.tables as unknown as Record<TableNameV111, RowOfV111<T>[]>)[table] = kept;
    return rows.length - kept.length;
  }

  snapshot(): StoreSnapshotV111 {
    return structuredClone({ tables: this.tables, wings: this.wings, nextIds: this.nextIds });
  }

  restore(snapshot: StoreSnapshotV111): void {
    const copy = structuredClone(snapshot);
    this.tables = copy.tables;
    this.wings = copy.wings;
    this.nextIds = copy.nextIds;
  }

  /** A change as a transaction: on any exception every table is as it was (the panel's rollback). */
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

export interface StoreSnapshotV111 {
  tables: TablesV111;
  wings: WingsState;
  nextIds: Record<TableNameV111, number>;
}

function nextIdsOf(tables: TablesV111): Record<TableNameV111, number> {
  const out = {} as Record<TableNameV111, number>;
  for (const [name, rows] of Object.entries(tables) as [TableNameV111, { id: number }[]][]) {
    out[name] = rows.reduce((max, row) => Math.max(max, row.id), 0) + 1;
  }
  return out;
}
