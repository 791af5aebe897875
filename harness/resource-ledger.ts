import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A resource the run created on the panel, with the call that removes it. */
export interface LedgerEntry {
  kind: 'user' | 'location' | 'node' | 'allocation' | 'server' | 'database' | 'api-key' | 'schedule' | 'backup' | 'file';
  /** The delete operation and its path parameters. */
  deleteOperation: string;
  params: Record<string, string | number>;
  /** The delete's JSON body, for a delete that names what it removes there (1.x's POST …/files/delete). */
  body?: Record<string, unknown>;
  name: string;
  createdAt: string;
}

/**
 * Every resource the suite creates, written to disk as soon as it exists so that an interrupted
 * run leaves a file `npm run cleanup` can consume. Removal runs newest first.
 */
export class ResourceLedger {
  private entries: LedgerEntry[] = [];

  constructor(readonly path: string) {
    if (existsSync(path)) this.entries = JSON.parse(readFileSync(path, 'utf8')) as LedgerEntry[];
  }

  record(entry: Omit<LedgerEntry, 'createdAt'>): void {
    this.entries.push({ ...entry, createdAt: new Date().toISOString() });
    this.save();
  }

  /** Forgets the entries of that delete (and that body, when given: several files of one server share the path parameters). */
  forget(deleteOperation: string, params: Record<string, string | number>, body?: Record<string, unknown>): void {
    const key = JSON.stringify(params);
    const bodyKey = body === undefined ? undefined : JSON.stringify(body);
    this.entries = this.entries.filter((e) => !(e.deleteOperation === deleteOperation && JSON.stringify(e.params) === key && (bodyKey === undefined || JSON.stringify(e.body) === bodyKey)));
    this.save();
  }

  /** Newest first: servers before the users and nodes they depend on. */
  pending(): LedgerEntry[] {
    return [...this.entries].reverse();
  }

  private save(): void {
    if (this.entries.length === 0) {
      rmSync(this.path, { force: true });
      return;
    }
    mkdirSync(dirname(this.path), { recursive: true });
    // Written aside and renamed into place: an interrupted run never leaves a half-written ledger.
    const partial = `${this.path}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(this.entries, null, 2));
    renameSync(partial, this.path);
  }
}
