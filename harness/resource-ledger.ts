import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A resource the run created on the panel, with the call that removes it; or a change the run made to
 * something that existed (`server-setting`: a name, a Docker image, a startup variable), with the call
 * that puts the original back.
 */
export interface LedgerEntry {
  kind: 'user' | 'location' | 'node' | 'allocation' | 'server' | 'database' | 'api-key' | 'schedule' | 'backup' | 'file' | 'subuser' | 'ssh-key' | 'server-setting';
  /** The delete (or restoring) operation and its path parameters. */
  deleteOperation: string;
  params: Record<string, string | number>;
  /** The JSON body that call needs (1.x's POST …/files/delete names the files; 1.x removes an SSH key by POSTing its fingerprint; a restore sends the original values). */
  body?: Record<string, unknown>;
  name: string;
  createdAt: string;
}

/**
 * Whether a ledger entry's call did its work: a delete answers 204 (404: already gone); a restore
 * answers its operation's success (1.x's startup variable 200, rename and Docker image 204).
 */
export function settled(entry: Pick<LedgerEntry, 'kind'>, status: number): boolean {
  if (entry.kind === 'server-setting') return status >= 200 && status < 300;
  return status === 204 || status === 404;
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

  /** Drops the entry of this call; entries whose call carries a body (SSH keys, restores) are told apart by it too. */
  forget(deleteOperation: string, params: Record<string, string | number>, body?: Record<string, unknown>): void {
    const key = JSON.stringify([params, body ?? null]);
    this.entries = this.entries.filter((e) => !(e.deleteOperation === deleteOperation && JSON.stringify([e.params, e.body ?? null]) === key));
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
