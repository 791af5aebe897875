// The ways a conformance run gets stopped, each run the way it happens to a person or a machine, at
// a chosen moment, against `npm run mock` (writes allowed, raised limits) behind a holding proxy.
// Shared by scripts/interrupted-run.test.ts (a few deterministic moments) and
// bench/interruptions.ts (many random ones). A case's leftovers are what the panel's store still
// differs by afterwards: for an interrupt, after the run's own clean-up; for a kill, after `npm run cleanup`.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { childEnvironment } from '../harness/run-config.ts';
import { startHoldingProxy, type HoldingProxy } from './holding-proxy.ts';
import { startStandaloneMock, type StandaloneMock } from './standalone-mock.ts';

/** Creates locations, nodes and allocations. */
export const SUITE = 'suites/application/nodes.test.ts';

export const CASES = ['group-sigint', 'npm-sigterm', 'script-sigterm', 'group-sigterm', 'group-sighup', 'parent-sigkill', 'tree-sigkill'] as const;
export type CaseName = (typeof CASES)[number];
/** After the run's ledger holds `entries` entries, or while the panel's answer to the run's `nth` write is held back. */
export type Moment = { kind: 'ledger'; entries: number } | { kind: 'mid-write'; nth: number };

interface StoreSummary {
  digest: string;
  counts: Record<string, number>;
}

export interface Panel {
  mock: StandaloneMock;
  proxy: HoldingProxy;
  initial: StoreSummary;
  store(): Promise<StoreSummary>;
  /** Requests other than GET the panel served since the journal was last cleared. */
  writes(): Promise<number>;
  close(): Promise<void>;
}

export interface CaseResult {
  name: CaseName;
  moment: Moment;
  /** npm's exit code. */
  code: number | null;
  output: string;
  /** npm run cleanup's exit code and output, for the kill cases. */
  cleanup?: { code: number | null; output: string };
  /** Processes between npm and the script (0 when npm started it directly). */
  wrappers: number;
  /** Kill cases: writes the panel got after the runner was gone (its dead parent must have stopped it). */
  writesAfterStop?: number;
  /** Kill cases: how long the runner outlived its parent, in ms. */
  runnerOutlivedMs?: number;
  /** Kill cases: entries the ledger held for npm run cleanup. */
  ledgerEntries?: number;
  /** Rows of the store that differ from before the run. */
  leftovers: number;
}

const WRITE = (method: string, path: string) => method !== 'GET' && path.startsWith('/api/');

export async function startPanel(): Promise<Panel> {
  // Raised limits: the runs never wait out a rate-limit window, so the moments come quickly.
  const mock = await startStandaloneMock(['--control', '--application-limit', '100000', '--client-limit', '100000', '--utilization-limit', '100000']);
  const proxy = await startHoldingProxy(mock.url);
  const store = async () => (await mock.control.call('readStore')) as StoreSummary;
  const initial = await store();
  return {
    mock,
    proxy,
    initial,
    store,
    async writes() {
      const { entries } = (await mock.control.call('readJournal')) as { entries: { method: string; path: string }[] };
      return entries.filter((e) => WRITE(e.method, e.path)).length;
    },
    async close() {
      await proxy.close();
      await mock.stop();
    },
  };
}

/** Rows that differ from the initial store (counts per table; a changed row counts as one). */
export function leftoversOf(initial: StoreSummary, now: StoreSummary): number {
  let differ = 0;
  for (const table of new Set([...Object.keys(initial.counts), ...Object.keys(now.counts)])) {
    if (table === 'daemon_keys') continue; // created lazily by reads
    differ += Math.abs((now.counts[table] ?? 0) - (initial.counts[table] ?? 0));
  }
  return differ === 0 && now.digest !== initial.digest ? 1 : differ;
}

export function runEnv(panel: Panel, reportsDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return childEnvironment({
    PTERO_URL: panel.proxy.url,
    PTERO_APPLICATION_KEY: panel.mock.keys['app-full'] as string,
    PTERO_CLIENT_KEY: panel.mock.keys['client-owner'] as string,
    PTERO_REPORTS_DIR: reportsDir,
    ALLURE_RESULTS_DIR: join(reportsDir, 'allure-results'),
    PTERO_ALLOW_WRITES: '1',
    NO_COLOR: '1',
    ...extra,
  });
}

/** `npm run …` as a terminal starts it: in a process group of its own (the terminal's foreground group). */
export function npmRun(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string; exit: Promise<number | null>; closed: Promise<unknown> } {
  const child = spawn('npm', ['run', '--silent', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const guard = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 240_000);
  const exit = once(child, 'exit').then(([code]) => {
    clearTimeout(guard);
    return code as number | null;
  });
  // 'close': every holder of npm's output pipes is done with them (the script too, when it outlives npm).
  const closed = once(child, 'close');
  return { child, output: () => output, exit, closed };
}

/** Runs one case at one moment; the store is restored afterwards whatever happened (npm run cleanup). */
export async function runCase(panel: Panel, name: CaseName, moment: Moment, reportsDir: string): Promise<CaseResult> {
  await panel.mock.control.call('clearJournal');
  await panel.mock.control.call('resetRateLimits');
  const runId = `ptero-conformance-${name.replace(/-/g, '')}${Date.now().toString(16)}`;
  const ledger = join(reportsDir, `ledger-${runId}.json`);
  const held = moment.kind === 'mid-write' ? panel.proxy.holdNext(WRITE, moment.nth) : undefined;
  const run = npmRun(['conformance', '--', SUITE], runEnv(panel, reportsDir, { PTERO_RUN_ID: runId }));
  const npmPid = run.child.pid as number;
  let exited = false;
  void run.exit.then(() => (exited = true));

  // The moment: from the run's own ledger, or the proxy holding an answer; never a sleep.
  if (held) await Promise.race([held, run.exit.then(() => Promise.reject(new Error(`the run ended before its write ${moment.kind === 'mid-write' ? moment.nth : ''}:\n${run.output()}`)))]);
  else await until(() => ledgerSize(ledger) >= (moment as { entries: number }).entries, () => exited, `the ledger to hold ${(moment as { entries: number }).entries} entries`, run.output);

  const script = childrenOf(npmPid);
  const scriptPid = script.find((p) => commandOf(p).includes('scripts/conformance.ts'));
  const wrappers = scriptPid === undefined ? 1 : 0;
  const target = scriptPid ?? descendantRunning(npmPid, 'scripts/conformance.ts');
  const runner = target === undefined ? undefined : childrenOf(target).find((p) => commandOf(p).includes('vitest'));
  if (target === undefined || runner === undefined) throw new Error(`no conformance process or runner under npm (${npmPid}):\n${run.output()}`);

  const result: CaseResult = { name, moment, code: null, output: '', wrappers, leftovers: 0 };
  switch (name) {
    case 'group-sigint':
      killGroup(npmPid, 'SIGINT');
      break;
    case 'group-sigterm':
      killGroup(npmPid, 'SIGTERM');
      break;
    case 'group-sighup':
      killGroup(npmPid, 'SIGHUP');
      break;
    case 'npm-sigterm':
      process.kill(npmPid, 'SIGTERM');
      break;
    case 'script-sigterm':
      process.kill(target, 'SIGTERM');
      break;
    case 'parent-sigkill': {
      const killed = performance.now();
      process.kill(target, 'SIGKILL');
      await until(() => !groupAlive(runner), () => false, 'the orphaned runner to stop');
      result.runnerOutlivedMs = Math.round(performance.now() - killed);
      break;
    }
    case 'tree-sigkill':
      killGroup(runner, 'SIGKILL');
      killGroup(npmPid, 'SIGKILL');
      await until(() => !groupAlive(runner), () => false, 'the runner to die');
      break;
  }
  result.code = await run.exit;
  // npm may be gone before the script (SIGHUP kills npm; the script goes on cleaning up): wait for the script.
  await until(() => !alive(target), () => false, 'the conformance process to end');
  await run.closed;
  result.output = run.output();
  if (name === 'parent-sigkill' || name === 'tree-sigkill') {
    const writes = await panel.writes();
    panel.proxy.release();
    result.ledgerEntries = ledgerSize(ledger);
    // A moment more for a write still on its way; nothing should come.
    await panel.mock.control.call('readStore');
    result.writesAfterStop = (await panel.writes()) - writes;
    await panel.mock.control.call('resetRateLimits');
    const cleanup = npmRun(['cleanup'], runEnv(panel, reportsDir));
    result.cleanup = { code: await cleanup.exit, output: cleanup.output() };
  } else {
    panel.proxy.release();
    await until(() => !groupAlive(runner), () => false, 'the runner to be gone');
  }
  result.leftovers = leftoversOf(panel.initial, await panel.store());
  if (result.leftovers > 0 || ledgerFiles(reportsDir).length > 0) {
    // Put the panel back for the next case (the result keeps what this case left).
    await panel.mock.control.call('resetRateLimits');
    await npmRun(['cleanup'], runEnv(panel, reportsDir)).exit;
  }
  return result;
}

export function ledgerFiles(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => /^ledger-.+\.json$/.test(f));
  } catch {
    return [];
  }
}

function ledgerSize(path: string): number {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as unknown[]).length;
  } catch {
    return 0; // not written yet (or being renamed into place)
  }
}

async function until(condition: () => boolean, gaveUp: () => boolean, what: string, output: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (!condition()) {
    if (gaveUp() || Date.now() > deadline) throw new Error(`gave up waiting for ${what}:\n${output()}`);
    await sleep(10);
  }
}

/** The processes whose parent is `pid` (from /proc: Linux). */
export function childrenOf(pid: number): number[] {
  return processes().filter((p) => p.ppid === pid && p.state !== 'Z').map((p) => p.pid);
}

function descendantRunning(pid: number, text: string): number | undefined {
  for (const child of childrenOf(pid)) {
    if (commandOf(child).includes(text)) return child;
    const deeper = descendantRunning(child, text);
    if (deeper !== undefined) return deeper;
  }
  return undefined;
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

function killGroup(pgid: number | undefined, signal: NodeJS.Signals): void {
  if (pgid === undefined) return;
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

/** A process of group `pgid` still runs (zombies waiting for a reaper do not count: they send nothing). */
function groupAlive(pgid: number): boolean {
  return processes().some((p) => p.pgrp === pgid && p.state !== 'Z');
}

function alive(pid: number): boolean {
  return processes().some((p) => p.pid === pid && p.state !== 'Z');
}

function processes(): { pid: number; ppid: number; pgrp: number; state: string }[] {
  const out: { pid: number; ppid: number; pgrp: number; state: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid pgrp …: comm may hold spaces and parentheses, so split after the last ')'.
      const [state, ppid, pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({ pid: Number(entry), ppid: Number(ppid), pgrp: Number(pgrp), state: state ?? '' });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

