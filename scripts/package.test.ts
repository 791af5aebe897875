// The packed package as a user gets it: `npm pack`, then installed into an empty folder, then
// `npx pterodactyl-conformance --help` and a short run of one suite file against the embedded mock
// from there. Proves the files list carries everything a run needs (and no unit test), that the
// package finds its suites, spec and fixtures from its own directory, and that the run writes its
// reports in the user's directory.
//
// The install: the tarball is unpacked as npm unpacks it (node_modules/pterodactyl-conformance and the
// node_modules/.bin link) and the dependencies are this repository's installed ones, linked beside it
// as npm hoists them. No registry is needed, so this works offline. With PTERO_PACKAGE_TEST_INSTALL=npm
// (CI with registry access) the tarball is installed by `npm install` instead (slower: it downloads
// every dependency).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../harness/package-paths.ts';

const BIN = 'pterodactyl-conformance';
let work: string;
let project: string;
let packed: string[];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'ptero-package-'));
  const output = execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: PACKAGE_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const [info] = JSON.parse(output) as { filename: string; files: { path: string }[] }[];
  if (!info) throw new Error(`npm pack said nothing usable: ${output}`);
  packed = info.files.map((f) => f.path).sort();
  const tarball = join(work, info.filename);
  project = join(work, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), '{"name":"uses-the-suite","version":"1.0.0","private":true}\n');
  if (process.env['PTERO_PACKAGE_TEST_INSTALL'] === 'npm') {
    execFileSync('npm', ['install', '--no-audit', '--no-fund', tarball], { cwd: project, stdio: 'inherit' });
    return;
  }
  const modules = join(project, 'node_modules');
  mkdirSync(join(modules, '.bin'), { recursive: true });
  const installed = join(PACKAGE_ROOT, 'node_modules');
  for (const name of readdirSync(installed)) {
    if (name === '.bin' || name.startsWith('.')) continue;
    symlinkSync(realpathSync(join(installed, name)), join(modules, name));
  }
  const own = join(modules, 'pterodactyl-conformance');
  mkdirSync(own);
  execFileSync('tar', ['-xzf', tarball, '-C', own, '--strip-components=1']);
  // What npm does when it links a bin: the link, and the target made executable.
  symlinkSync('../pterodactyl-conformance/bin/pterodactyl-conformance.mjs', join(modules, '.bin', BIN));
  chmodSync(join(own, 'bin', 'pterodactyl-conformance.mjs'), 0o755);
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function npx(args: string[], env: Record<string, string> = {}): { code: number | null; output: string } {
  const result = spawnSync('npx', ['--offline', BIN, ...args], {
    cwd: project,
    encoding: 'utf8',
    // The user's environment, minus anything that would point the run at this repository's panel or reports.
    env: { ...withoutPtero(process.env), NO_COLOR: '1', FORCE_COLOR: '0', ...env },
    timeout: 240_000,
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

function withoutPtero(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && !/^(PTERO_|ALLURE_|VITEST)/.test(k)) out[k] = v;
  return out;
}

describe('the packed package', () => {
  it('lists exactly the files a run needs: the suites as the product, no unit test, no repository tooling', () => {
    const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { name: string; bin: Record<string, string> };
    expect(manifest.name).toBe('pterodactyl-conformance');
    expect(manifest.bin).toEqual({ [BIN]: 'bin/pterodactyl-conformance.mjs' });
    for (const needed of [
      'bin/pterodactyl-conformance.mjs',
      'package.json',
      'README.md',
      'vitest.config.ts',
      'allurerc.mjs',
      'spec/pterodactyl-v0.7.yaml',
      'spec/legacy-docs-claims.yaml',
      'fixtures/seed.yaml',
      'fixtures/seed.schema.json',
      'fixtures/key-roles.yaml',
      'expectations/stock-v0.7.19.yaml',
      'reporters/allure-categories.json',
      'mock/validation/rules/servers.yaml',
      'mutation/catalogue.yaml',
      'scripts/conformance.ts',
      'scripts/cleanup.ts',
      'scripts/diff.ts',
      'scripts/upgrade-check.ts',
      'spec/upgrade-v0.7.19-to-v1.11.yaml',
      'scripts/report.ts',
      'mock/cli.ts',
      'suites/contract/routing.test.ts',
      'suites/support/global-setup.ts',
      'examples/ci/conformance.github-actions.yml',
      'examples/ci/conformance.gitlab-ci.yml',
    ]) {
      expect(packed, needed).toContain(needed);
    }
    const tests = packed.filter((f) => f.endsWith('.test.ts'));
    const suiteFiles = readdirSync(join(PACKAGE_ROOT, 'suites'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.test.ts') && !f.startsWith('support/'))
      .map((f) => `suites/${f}`)
      .sort();
    expect(tests).toEqual(suiteFiles);
    const unwanted = packed.filter((f) => /^(bench|node_modules|reports|allure-results|allure-report)\//.test(f) || /^scripts\/(mutation|standalone-mock|broken-panel-server)\.ts$/.test(f) || f === 'package-lock.json');
    expect(unwanted).toEqual([]);
  });

  it('npx pterodactyl-conformance --help names every command', () => {
    const help = npx(['--help']);
    expect(help.code, help.output).toBe(0);
    for (const command of ['conformance', 'mock', 'report', 'diff', 'upgrade-check', 'cleanup']) expect(help.output).toMatch(new RegExp(`^\\s+${command}\\s`, 'm'));
    const unknown = npx(['no-such-command']);
    expect(unknown.code).toBe(2);
    expect(unknown.output).toContain('unknown command "no-such-command"');
  }, 60_000);

  it('runs one suite file against the embedded mock from the installed package, writing reports in the user\'s directory', () => {
    const run = npx(['conformance', 'suites/contract/routing.test.ts']);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/Tests\s+5 passed/);
    expect(run.output).toContain('secret scan: no secret');
    for (const file of ['junit.xml', 'behavior.json', 'behavior.md', 'coverage.md', 'run.log']) expect(existsSync(join(project, 'reports', file)), file).toBe(true);
    expect(readdirSync(join(project, 'allure-results')).some((f) => f.endsWith('-result.json'))).toBe(true);
    // Nothing of the run's output inside the package.
    const own = join(project, 'node_modules', 'pterodactyl-conformance');
    expect(existsSync(join(own, 'reports'))).toBe(false);
    expect(existsSync(join(own, 'allure-results'))).toBe(false);
  }, 300_000);
});
