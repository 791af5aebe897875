// Every command reads its arguments the same way (harness/command-line.ts): `--help` prints its
// usage and exits 0, an unknown flag is refused with one line and exit 2 before the command does
// anything. The commands are the package.json scripts that run a module (scripts/conformance.ts
// too, with its own parser: scripts/conformance-options.ts), the scripts run by hand, and the
// package's bin. Each is a child process; a few at a time, so the suite stays fast on two cores.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runNode, type CommandOutcome } from './testing/command-child.ts';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string>; bin: Record<string, string> };
const fromPackage = Object.values(pkg.scripts)
  .map((line) => /^exec node --import tsx (\S+\.ts)$/.exec(line)?.[1])
  .filter((path): path is string => path !== undefined);
const byHand = ['scripts/derive-stock-eggs.ts', 'bench/conformance-run.ts'];
const MODULES = [...new Set([...fromPackage, ...byHand])].sort();
const BIN = Object.values(pkg.bin)[0] as string;

type Outcome = CommandOutcome;

// No PTERO_* settings leak in: a command must refuse its arguments before reading any.
function run(args: readonly string[]): Promise<Outcome> {
  return runNode(args);
}

/** A slot pool: at most `size` children at once, started in the order asked for. */
function pool(size: number): <T>(job: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (job) => {
    if (running >= size) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await job();
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  };
}

const commands = [...MODULES.map((module) => ({ name: module, argv: ['--import', 'tsx', module] })), { name: BIN, argv: [BIN] }];
// Both invocations of every command start at once (a few at a time); each test waits for its own.
const slot = pool(3);
const outcomes = new Map(
  commands.map((command) => [command.name, { help: slot(() => run([...command.argv, '--help'])), unknown: slot(() => run([...command.argv, '--no-such-flag'])) }]),
);
for (const pending of outcomes.values()) for (const outcome of [pending.help, pending.unknown]) outcome.catch(() => undefined); // reported by its test

describe('every command', () => {
  it('is found: the package scripts, the scripts run by hand and the bin', () => {
    expect(MODULES).toEqual(
      expect.arrayContaining(['scripts/conformance.ts', 'mock/cli.ts', 'scripts/diff.ts', 'scripts/report.ts', 'scripts/cleanup.ts', 'scripts/mutation.ts', 'scripts/panel-routes.ts', 'scripts/import-cycles.ts', 'bench/mock-load.ts']),
    );
    expect(BIN).toBe('bin/pterodactyl-conformance.mjs');
  });

  it.each(commands.map((c) => c.name))('%s --help prints its usage and options, exit 0', async (name) => {
    const help = await outcomes.get(name)!.help;
    expect(help.stderr).toBe('');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: \S/);
    expect(help.stdout).toContain('--help');
  });

  it.each(commands.map((c) => c.name))('%s --no-such-flag is refused with one line, exit 2', async (name) => {
    const unknown = await outcomes.get(name)!.unknown;
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    const lines = unknown.stderr.split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('--no-such-flag');
    expect(lines[0]).toContain('usage:');
  });
});
