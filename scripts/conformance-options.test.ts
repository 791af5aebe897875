import { describe, expect, it } from 'vitest';
import { readRunConfig } from '../harness/run-config.ts';
import { HELP, listLines, loadErrors, parseConformanceArgs, SuiteLoadError, suiteFiles, unmatchedCriteria, unmatchedFiles, UsageError, type ListedBehaviour } from './conformance-options.ts';

const behaviour = (id: string, category: string, effect: 'read' | 'write' | 'destructive', extra: Partial<ListedBehaviour['meta']> = {}): ListedBehaviour => ({
  meta: { behaviour: id, category, effect, ...extra },
  statement: `${id} MUST hold`,
  file: `suites/${category}.test.ts`,
});

const BEHAVIOURS = [
  behaviour('users.view.unknown-id', 'application/users', 'read', { operation: 'getUser', keys: ['application'] }),
  behaviour('users.create.ok', 'application/users', 'write', { operation: 'createUser', keys: ['application'] }),
  behaviour('users.list.search-array', 'application/users', 'read', { operation: 'listUsers', provokes: 'server-error' }),
  behaviour('permissions.read-only', 'application/users', 'read', { operation: 'listUsers', keys: ['application-read-only'] }),
  behaviour('client.power.ok', 'client/servers', 'destructive', { operation: 'sendClientServerPower' }),
];

describe('npm run conformance: option parsing', () => {
  it('reads the selection options, repeated or comma-separated, with = or a separate value', () => {
    const options = parseConformanceArgs(['--category', 'application/users', '--operation=getUser,listUsers', '--behaviour', 'users.view', '--effect', 'read', '--effect=write', '--bail', '3', 'suites/application']);
    expect(options.selection).toEqual({ categories: ['application/users'], operations: ['getUser', 'listUsers'], behaviours: ['users.view'], effects: ['read', 'write'] });
    expect(options.bail).toBe(3);
    expect(options.files).toEqual(['suites/application']);
    expect(options.list).toBe(false);
  });

  it('reads --list and --help, and skips a bare --', () => {
    expect(parseConformanceArgs(['--', '--list'])).toMatchObject({ list: true, help: false, files: [] });
    expect(parseConformanceArgs(['-h']).help).toBe(true);
  });

  it('refuses an unknown option with the nearest known one, a missing value, a bad --bail or --effect', () => {
    expect(() => parseConformanceArgs(['--lsit'])).toThrow(new UsageError('unknown option --lsit; did you mean --list? (usage: npm run conformance [-- OPTIONS] [FILE FILTER ...]; --help for the options)'));
    expect(() => parseConformanceArgs(['--categroy', 'x'])).toThrow(/did you mean --category\?/);
    expect(() => parseConformanceArgs(['--operation'])).toThrow('--operation needs a value');
    expect(() => parseConformanceArgs(['--operation', '--list'])).toThrow('--operation needs a value');
    expect(() => parseConformanceArgs(['--bail', '0'])).toThrow('--bail needs a whole number');
    expect(() => parseConformanceArgs(['--effect', 'delete'])).toThrow('--effect takes read, write or destructive, not "delete"');
  });

  it('names a criterion that matches no behaviour, with the nearest value', () => {
    expect(unmatchedCriteria({ categories: ['application/userz'] }, BEHAVIOURS)).toEqual(['--category application/userz matches no behaviour (nearest: application/users)']);
    expect(unmatchedCriteria({ operations: ['getUsr'] }, BEHAVIOURS)).toEqual(['--operation getUsr matches no behaviour (nearest: getUser)']);
    expect(unmatchedCriteria({ behaviours: ['users.veiw'] }, BEHAVIOURS)).toEqual(['--behaviour users.veiw matches no behaviour (nearest: users.view)']);
    expect(unmatchedCriteria({ categories: ['client/servers'], effects: ['read'] }, BEHAVIOURS)).toEqual([
      'no behaviour matches all of --category client/servers --effect read together',
    ]);
    expect(unmatchedCriteria({ categories: ['application'], behaviours: ['users.view'] }, BEHAVIOURS)).toEqual([]);
  });

  it('names a file filter that matches no suite file, with the nearest path', () => {
    const files = suiteFiles();
    expect(files).toContain('suites/application/users.test.ts');
    expect(files.some((f) => f.startsWith('suites/support/'))).toBe(false);
    expect(unmatchedFiles(['suites/aplication'], files)).toEqual(['the file filter suites/aplication matches no suite file (nearest: suites/application)']);
    expect(unmatchedFiles(['suites/application/users', 'routing.test.ts'], files)).toEqual([]);
  });

  it('lists whether each behaviour runs against a read-only live panel, and what to set', () => {
    const config = readRunConfig({ PTERO_URL: 'https://panel.example.com', PTERO_APPLICATION_KEY: 'A'.repeat(48) }, '/nonexistent/.env');
    const lines = listLines(BEHAVIOURS, config);
    expect(lines).toContain('users.view.unknown-id  read  runs');
    expect(lines).toContain('users.create.ok  write  not run: creates or changes resources: set PTERO_ALLOW_WRITES=1');
    expect(lines).toContain('users.list.search-array  read  not run: provokes a server error (5xx) the panel logs as an exception: set PTERO_ALLOW_SERVER_ERRORS=1');
    expect(lines).toContain('permissions.read-only  read  not run: needs the key role(s) application-read-only: set PTERO_KEY_APPLICATION_READ_ONLY');
    expect(lines.at(-1)).toBe('5 behaviours; against live panel https://panel.example.com: 1 would run, 4 not run.');
  });

  it('lists every behaviour as run on the embedded mock', () => {
    expect(listLines(BEHAVIOURS, readRunConfig({}, '/nonexistent/.env')).at(-1)).toBe('5 behaviours; against the embedded mock: 5 would run, 0 not run.');
  });

  it('documents its own options and the settings in --help, not vitest\'s', () => {
    for (const option of ['--category', '--operation', '--behaviour', '--effect', '--bail', '--list', 'PTERO_ALLOW_SERVER_ERRORS', 'PTERO_KEY_APPLICATION_READ_ONLY']) expect(HELP).toContain(option);
    expect(HELP).not.toContain('PTERO_SELECTION');
    expect(HELP).not.toContain('--reporter');
  });
});

describe('npm run conformance: suite files that fail to load', () => {
  it('names each broken file with its error, and nothing for files that loaded', () => {
    const modules = [
      { moduleId: `${process.cwd()}/suites/application/users.test.ts`, errors: () => [] },
      { moduleId: `${process.cwd()}/suites/application/servers.test.ts`, errors: () => [{ message: 'no operation rebuildServer in this profile' }] },
    ];
    const problems = loadErrors(modules as unknown as Parameters<typeof loadErrors>[0]);
    expect(problems).toEqual(['suites/application/servers.test.ts: no operation rebuildServer in this profile']);
    const error = new SuiteLoadError(problems);
    expect(error).toMatchObject({ name: 'SuiteLoadError', code: 'PTERO_SUITE_LOAD' });
    expect(error.message).toContain('suites/application/servers.test.ts: no operation rebuildServer');
  });
});
