// The options of `npm run conformance`: parsing (pure, unit-tested), --help, --list, and the checks
// that a selection or a file filter matches something (a run that selects nothing is an error, not
// a pass: CI would read "no test files found" as conforming). Nothing here writes a file.
import { readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { TestModule } from 'vitest/node';
import { PACKAGE_ROOT } from '../harness/package-paths.ts';
import { ConfigError, editDistance, KNOWN_VARIABLES, nearestName, readRunConfig, setSetting, type KeyRole, type RunConfig } from '../harness/run-config.ts';
import type { BehaviourMeta, SideEffect } from '../harness/behaviour-meta.ts';
import { reasonNotRun } from '../harness/run-gate.ts';
import { isEmptySelection, SELECTION_VARIABLE, selects, type Selection } from '../suites/support/selection.ts';
import { LEFT_OUT_VARIABLE, type LeftOut } from '../harness/left-out.ts';

export class UsageError extends Error {}

export interface ConformanceOptions {
  help: boolean;
  list: boolean;
  selection: Selection;
  /** Stop after this many failed behaviours. */
  bail: number | undefined;
  /** File filters (substrings of suite paths, as vitest takes them). */
  files: string[];
}

/** Suite files that vitest could not load (a defect of the suite, not of the panel). */
export class SuiteLoadError extends Error {
  override readonly name = 'SuiteLoadError';
  readonly code = 'PTERO_SUITE_LOAD';
  constructor(readonly problems: readonly string[]) {
    super(`${problems.length} suite file(s) could not be loaded:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

const EFFECTS: readonly SideEffect[] = ['read', 'write', 'destructive'];
const VALUE_OPTIONS = { '--category': 'categories', '--operation': 'operations', '--behaviour': 'behaviours', '--behavior': 'behaviours', '--effect': 'effects' } as const;
const KNOWN_OPTIONS = ['--help', '--list', '--bail', ...Object.keys(VALUE_OPTIONS)];

const USAGE = 'npm run conformance [-- OPTIONS] [FILE FILTER ...]';

export const HELP = `usage: ${USAGE}

Runs the behaviours of suites/ against the target: the embedded mock, or the live panel PTERO_URL
names (see README, "Testing a live panel"). Exit codes: 0 conforms, 1 deviates, 2 usage or
configuration error (also: a selection or file filter that matches nothing), 3 a secret was found
in what the run wrote.

Selecting (each option may repeat or take a comma-separated list; all given options must hold):
  --category C      behaviours of a legacy-docs category, e.g. application/users (or application)
  --operation ID    behaviours of a spec operation, e.g. getUser
  --behaviour ID    a behaviour id or a prefix of ids, e.g. users.view or users.view.unknown-id
  --effect E        read, write or destructive
  FILE FILTER       suite files whose path contains it, e.g. suites/application/users
Running:
  --bail N          stop after N failed behaviours
Listing (writes nothing, sends no request):
  --list            every selected behaviour: id, side effect, and whether it runs against the
                    configured target (and if not, what to set)
  --help            this text

Settings (environment or .env; an unknown PTERO_* name is an error):
${Object.entries(KNOWN_VARIABLES)
  .filter(([, meaning]) => !meaning.startsWith('internal'))
  .map(([name, meaning]) => `  ${name.padEnd(38)}${meaning}`)
  .join('\n')}
`;

/** Parses the command's arguments; a mistake is a UsageError naming the nearest valid option. */
export function parseConformanceArgs(argv: readonly string[]): ConformanceOptions {
  const options: ConformanceOptions = { help: false, list: false, selection: {}, bail: undefined, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') continue;
    if (!arg.startsWith('-')) {
      options.files.push(arg);
      continue;
    }
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (name === '--help' || name === '-h') options.help = true;
    else if (name === '--list') options.list = true;
    else if (name === '--bail' || name in VALUE_OPTIONS) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) throw new UsageError(`${name} needs a value (npm run conformance -- --help)`);
      if (name === '--bail') {
        if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`--bail needs a whole number of failures (1 or more), got "${value}"`);
        options.bail = Number(value);
        continue;
      }
      const key = VALUE_OPTIONS[name as keyof typeof VALUE_OPTIONS];
      const values = value.split(',').map((v) => v.trim()).filter((v) => v !== '');
      if (key === 'effects') {
        const wrong = values.find((v) => !EFFECTS.includes(v as SideEffect));
        if (wrong !== undefined) throw new UsageError(`--effect takes read, write or destructive, not "${wrong}"`);
      }
      (options.selection[key] ??= [] as never[]).push(...(values as never[]));
    } else throw new UsageError(`unknown option ${name}; did you mean ${nearestName(name, KNOWN_OPTIONS)}? (usage: ${USAGE}; --help for the options)`);
  }
  return options;
}

/** One collected behaviour with what the list shows. */
export interface ListedBehaviour {
  meta: BehaviourMeta & { category: string; otherProfile?: boolean };
  statement: string;
  file: string;
}

/**
 * The criteria of a selection that match none of `behaviours`: each is an error naming the value
 * and the nearest one that exists.
 */
export function unmatchedCriteria(selection: Selection, behaviours: readonly ListedBehaviour[]): string[] {
  const problems: string[] = [];
  const check = (option: string, values: readonly string[] | undefined, matches: (value: string, b: ListedBehaviour) => boolean, candidates: () => string[]) => {
    for (const value of values ?? []) {
      if (behaviours.some((b) => matches(value, b))) continue;
      const nearest = nearestName(value, [...new Set(candidates())]);
      problems.push(`${option} ${value} matches no behaviour${nearest ? ` (nearest: ${nearest})` : ''}`);
    }
  };
  check('--category', selection.categories, (v, b) => selects({ categories: [v] }, b.meta), () => behaviours.map((b) => b.meta.category));
  check('--operation', selection.operations, (v, b) => b.meta.operation === v, () => behaviours.flatMap((b) => (b.meta.operation ? [b.meta.operation] : [])));
  check('--behaviour', selection.behaviours, (v, b) => b.meta.behaviour.startsWith(v), () => behaviours.flatMap((b) => b.meta.behaviour.split('.').map((_, i, parts) => parts.slice(0, i + 1).join('.'))));
  check('--effect', selection.effects, (v, b) => b.meta.effect === v, () => [...EFFECTS]);
  if (problems.length === 0 && !behaviours.some((b) => selects(selection, b.meta))) {
    problems.push(`no behaviour matches all of ${describeSelection(selection)} together`);
  }
  return problems;
}

export function describeSelection(selection: Selection): string {
  const parts: string[] = [];
  for (const [option, values] of [
    ['--category', selection.categories],
    ['--operation', selection.operations],
    ['--behaviour', selection.behaviours],
    ['--effect', selection.effects],
  ] as const) {
    if (values?.length) parts.push(`${option} ${values.join(',')}`);
  }
  return parts.join(' ');
}

/** The file filters that match no suite file, each with the nearest suite path. */
export function unmatchedFiles(filters: readonly string[], suiteFiles: readonly string[]): string[] {
  return filters
    .filter((filter) => !suiteFiles.some((file) => file.includes(filter) || resolve(file).includes(filter) || file.includes(filter.replace(/^\.\//, ''))))
    .map((filter) => {
      const candidates = [...new Set(suiteFiles.flatMap((f) => f.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'))))];
      const nearest = candidates.reduce((best, c) => (editDistance(filter, c) < editDistance(filter, best) ? c : best), candidates[0] ?? '');
      return `the file filter ${filter} matches no suite file${nearest ? ` (nearest: ${nearest})` : ''}`;
    });
}

/** The --list lines: per behaviour its id, side effect, whether it runs here (or why not), and its statement. */
export function listLines(behaviours: readonly ListedBehaviour[], config: RunConfig): string[] {
  const mock = config.target.kind === 'mock';
  const target = { mock, config: mock ? { ...config, allowWrites: true, allowDestructive: true, probeRateLimit: true, allowServerErrors: true } : config, hasKey: (role: KeyRole) => mock || config.keys[role] !== undefined };
  const where = mock ? 'the embedded mock' : `live panel ${config.target.kind === 'live' ? config.target.url : ''}`;
  const lines: string[] = [];
  let runs = 0;
  for (const b of behaviours) {
    const reason = reasonNotRun(target, b.meta);
    if (!reason) runs++;
    lines.push(`${b.meta.behaviour}  ${b.meta.effect}  ${reason ? `not run: ${reason}` : 'runs'}`, `    ${b.statement}`);
  }
  lines.push('', `${behaviours.length} behaviours; against ${where}: ${runs} would run, ${behaviours.length - runs} not run.`);
  return lines;
}

/** "file: error" for every collected suite file that failed to load. */
export function loadErrors(modules: ReadonlyArray<Pick<TestModule, 'moduleId' | 'errors'>>): string[] {
  return modules.flatMap((module) => module.errors().map((e) => `${relative(process.cwd(), module.moduleId)}: ${e.message}`));
}

/**
 * The behaviours vitest collected (no test runs; the global setup does nothing in this mode). A suite
 * file that fails to load holds no behaviour a selection could name, so it would silently drop out of
 * a selected run: refused instead (SuiteLoadError, naming the file and its error).
 */
export async function collectBehaviours(files: readonly string[]): Promise<ListedBehaviour[]> {
  const modules = await withVitest((vitest) => vitest.collect([...files]).then((r) => r.testModules));
  const out: ListedBehaviour[] = [];
  const broken = loadErrors(modules as TestModule[]);
  if (broken.length > 0) throw new SuiteLoadError(broken);
  for (const module of modules as TestModule[]) {
    for (const test of module.children.allTests()) {
      const meta = test.meta().behaviour;
      if (meta) out.push({ meta, statement: test.name, file: relative(process.cwd(), module.moduleId) });
    }
  }
  return out;
}

/**
 * The suite files of the conformance project (relative paths), as vitest.config.ts includes them:
 * every .test.ts under suites/ outside suites/support. Read from disk: starting vitest only to glob is slow.
 */
export function suiteFiles(root = 'suites'): string[] {
  return (readdirSync(join(PACKAGE_ROOT, root), { recursive: true, encoding: 'utf8' }) as string[])
    .map((f) => join(root, f).split(sep).join('/'))
    .filter((f) => f.endsWith('.test.ts') && !f.startsWith(`${root}/support/`))
    .sort();
}

/** The suites and the vitest config are the package's own, wherever it is installed. */
const PROJECT_ARGS = ['--root', PACKAGE_ROOT, '--config', join(PACKAGE_ROOT, 'vitest.config.ts'), '--project', 'conformance'];

async function withVitest<T>(use: (vitest: import('vitest/node').Vitest) => Promise<T>): Promise<T> {
  const { createVitest } = await import('vitest/node');
  // In-process, without reporters: collecting must not write reports, clear results or start the mock.
  setSetting('PTERO_LIST_ONLY', '1');
  const vitest = await createVitest('test', { root: PACKAGE_ROOT, config: join(PACKAGE_ROOT, 'vitest.config.ts'), project: ['conformance'], watch: false, reporters: [], passWithNoTests: true }, {});
  try {
    return await use(vitest);
  } finally {
    await vitest.close();
    setSetting('PTERO_LIST_ONLY', undefined);
  }
}

/** What the run hands vitest: its arguments and the environment it adds. */
export interface PreparedRun {
  vitestArgs: string[];
  env: Record<string, string>;
}

/**
 * Handles --help and --list (printing, then exiting without writing anything) and checks that the
 * selection and file filters match something; returns what the run hands vitest. Exits 2 (one
 * line) on a usage error.
 */
export async function prepareRun(argv: readonly string[], print: (line: string) => void = console.log): Promise<PreparedRun> {
  let options: ConformanceOptions;
  try {
    options = parseConformanceArgs(argv);
  } catch (error) {
    return usageExit(error);
  }
  if (options.help) {
    print(HELP);
    process.exit(0);
  }
  const selecting = !isEmptySelection(options.selection);
  let files = options.files;
  let leftOut: LeftOut = { notSelected: 0, otherProfiles: 0 };
  if (files.length > 0) {
    const problems = unmatchedFiles(files, suiteFiles());
    if (problems.length > 0) usageExit(new UsageError(problems.join('; ')));
  }
  if (options.list || selecting) {
    let config: RunConfig | undefined;
    try {
      config = options.list ? readRunConfig() : undefined;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      console.error(error.message);
      process.exit(2);
    }
    let all: ListedBehaviour[];
    try {
      all = await collectBehaviours(files);
    } catch (error) {
      if (!(error instanceof SuiteLoadError)) throw error;
      console.error(`npm run conformance: ${error.message}`);
      process.exit(2);
    }
    const chosen = selecting ? all.filter((b) => selects(options.selection, b.meta)) : all;
    if (selecting) {
      const problems = unmatchedCriteria(options.selection, all);
      if (problems.length > 0) usageExit(new UsageError(problems.join('; ')));
    }
    if (options.list && config) {
      // A behaviour of other panel profiles is not this run's: listed nowhere.
      for (const line of listLines(chosen.filter((b) => !b.meta.otherProfile), config)) print(line);
      process.exit(0);
    }
    // Only the files holding a selected behaviour: the others' hooks (discovery) need not run. Behaviours of
    // other profiles count here: a live run may detect another profile than the configured one it collected.
    files = [...new Set(chosen.map((b) => b.file))];
    // What the selection leaves out of those files is never registered in the run: counted here, said in the counts line.
    const loaded = all.filter((b) => files.includes(b.file));
    leftOut = {
      notSelected: loaded.filter((b) => !b.meta.otherProfile && !selects(options.selection, b.meta)).length,
      otherProfiles: loaded.filter((b) => b.meta.otherProfile).length,
    };
  }
  return {
    vitestArgs: ['run', ...PROJECT_ARGS, ...files, ...(options.bail ? ['--bail', String(options.bail)] : [])],
    env: selecting ? { [SELECTION_VARIABLE]: JSON.stringify(options.selection), [LEFT_OUT_VARIABLE]: JSON.stringify(leftOut) } : {},
  };
}

function usageExit(error: unknown): never {
  if (!(error instanceof UsageError)) throw error;
  console.error(`npm run conformance: ${error.message}`);
  process.exit(2);
}

