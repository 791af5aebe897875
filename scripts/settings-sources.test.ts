// Every README variable works from `.env` and from the environment, the environment winning: one
// test per class of variable (run settings, mock options, report location, Allure, internal and
// cache), each through the function that reads it, and one run of a child process in a directory
// with a `.env` only, where every class is read through the default source (harness/run-config.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheDirectory } from '../harness/parsed-yaml-cache.ts';
import { parentGone } from '../harness/parent-liveness.ts';
import { KNOWN_VARIABLES, readRunConfig, settings, setting, type SettingsSource } from '../harness/run-config.ts';
import { allureReportDir, allureResultsDir } from '../reporters/allure-results.ts';
import { mockOptionsFromEnv } from '../harness/embedded-mock-options.ts';
import { reportsDir } from '../harness/exchange-log.ts';
import { selectionFromEnv } from '../suites/support/selection.ts';

const KEY = 'A'.repeat(48);
const OTHER_KEY = 'B'.repeat(48);

function dotEnvFile(values: Record<string, string>): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ptero-settings-')), '.env');
  writeFileSync(path, Object.entries(values).map(([name, value]) => `${name}=${value}\n`).join(''));
  return path;
}

/** The same values as `.env` only, as the environment only, and both with the environment's winning. */
function sources(values: Record<string, string>, overrides: Record<string, string>): { fromFile: SettingsSource; fromEnv: SettingsSource; both: SettingsSource } {
  const path = dotEnvFile(values);
  return { fromFile: settings({}, path), fromEnv: settings(values, '/nonexistent/.env'), both: settings(overrides, path) };
}

describe('every README variable, from .env and from the environment', () => {
  it('run settings: every PTERO_* the run configuration reads', () => {
    const expectations = join(mkdtempSync(join(tmpdir(), 'ptero-settings-')), 'expectations.yaml');
    writeFileSync(expectations, 'deviations: []\n');
    const values: Record<string, string> = {
      PTERO_URL: 'https://panel.example.com',
      PTERO_APPLICATION_KEY: KEY,
      PTERO_CLIENT_KEY: KEY,
      PTERO_ALLOW_WRITES: '1',
      PTERO_ALLOW_DESTRUCTIVE: '1',
      PTERO_ALLOW_SERVER_ERRORS: '1',
      PTERO_PROBE_RATE_LIMIT: '1',
      PTERO_FULL_AUTH_MATRIX: '1',
      PTERO_STRICT_DOCS: '1',
      PTERO_EXPECTATIONS: expectations,
      PTERO_TIMEOUT_MS: '2500',
      PTERO_PANEL_DEBUG: '1',
      PTERO_RUN_ID: 'ptero-conformance-settings',
      PTERO_KEEP_PERSONAL_DATA: '1',
    };
    for (const name of Object.keys(KNOWN_VARIABLES)) {
      if (name.startsWith('PTERO_KEY_')) values[name] = KEY;
      if (name.startsWith('PTERO_PIN_')) values[name] = '7';
    }
    const path = dotEnvFile(values);
    const fromFile = readRunConfig({}, path);
    const fromEnv = readRunConfig(values, '/nonexistent/.env');
    expect(fromFile).toEqual(fromEnv);
    expect(fromFile).toMatchObject({
      target: { kind: 'live', url: 'https://panel.example.com' },
      allowWrites: true,
      allowDestructive: true,
      allowServerErrors: true,
      probeRateLimit: true,
      fullAuthMatrix: true,
      strictDocs: true,
      panelDebug: true,
      keepPersonalData: true,
      expectationsPath: expectations,
      timeoutMs: 2500,
      runId: 'ptero-conformance-settings',
      pins: { user: '7', server: '7', node: '7', location: '7', nest: '7', egg: '7' },
    });
    expect(Object.keys(fromFile.keys)).toHaveLength(10);
    const both = readRunConfig({ PTERO_TIMEOUT_MS: '3000', PTERO_CLIENT_KEY: OTHER_KEY }, path);
    expect(both.timeoutMs).toBe(3000);
    expect(both.keys.client).toBe(OTHER_KEY);
  });

  it('mock options: PTERO_MOCK_OPTIONS', () => {
    const { fromFile, fromEnv, both } = sources({ PTERO_MOCK_OPTIONS: '{"debug": true}' }, { PTERO_MOCK_OPTIONS: '{"clientPageSize": 5}' });
    expect(mockOptionsFromEnv(fromFile)).toEqual({ debug: true });
    expect(mockOptionsFromEnv(fromEnv)).toEqual({ debug: true });
    expect(mockOptionsFromEnv(both)).toEqual({ clientPageSize: 5 });
  });

  it('report location: PTERO_REPORTS_DIR', () => {
    const { fromFile, fromEnv, both } = sources({ PTERO_REPORTS_DIR: 'elsewhere' }, { PTERO_REPORTS_DIR: 'other' });
    expect([reportsDir(fromFile), reportsDir(fromEnv), reportsDir(both)]).toEqual(['elsewhere', 'elsewhere', 'other']);
    expect(allureResultsDir(fromFile)).toBe(join('elsewhere', 'allure-results'));
    expect(reportsDir(settings({}, '/nonexistent/.env'))).toBe('reports');
  });

  it('Allure: ALLURE_RESULTS_DIR and ALLURE_REPORT_DIR', () => {
    const { fromFile, fromEnv, both } = sources({ ALLURE_RESULTS_DIR: 'results', ALLURE_REPORT_DIR: 'report' }, { ALLURE_RESULTS_DIR: 'r2', ALLURE_REPORT_DIR: 'p2' });
    for (const source of [fromFile, fromEnv]) expect([allureResultsDir(source), allureReportDir(source)]).toEqual(['results', 'report']);
    expect([allureResultsDir(both), allureReportDir(both)]).toEqual(['r2', 'p2']);
  });

  it('internal and cache settings: PTERO_SELECTION, PTERO_PARENT_PID, PTERO_PARSE_CACHE, XDG_CACHE_HOME', () => {
    const selection = JSON.stringify({ operations: ['getUser'] });
    const gone = '2147483646'; // no such process
    const { fromFile, fromEnv, both } = sources(
      { PTERO_SELECTION: selection, PTERO_PARENT_PID: gone, XDG_CACHE_HOME: '/cache-a' },
      { PTERO_SELECTION: JSON.stringify({ effects: ['read'] }), PTERO_PARENT_PID: String(process.pid), PTERO_PARSE_CACHE: '0' },
    );
    for (const source of [fromFile, fromEnv]) {
      expect(selectionFromEnv(source)).toEqual({ operations: ['getUser'] });
      expect(parentGone(source)).toBe(true);
      expect(cacheDirectory(source)).toBe(join('/cache-a', 'pterodactyl-conformance'));
    }
    expect(selectionFromEnv(both)).toEqual({ effects: ['read'] });
    expect(parentGone(both)).toBe(false);
    expect(cacheDirectory(both)).toBeUndefined();
    expect(setting('PTERO_PARENT_PID', both)).toBe(String(process.pid));
  });

  it('a command reads them from the .env of its directory by default, the environment winning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ptero-settings-cwd-'));
    writeFileSync(
      join(dir, '.env'),
      ['PTERO_REPORTS_DIR=from-file', 'ALLURE_REPORT_DIR=report-from-file', 'PTERO_MOCK_OPTIONS={"debug": true}', 'PTERO_TIMEOUT_MS=4000', 'PTERO_PARSE_CACHE=0', ''].join('\n'),
    );
    const root = resolve('.');
    const program = `
      const { reportsDir } = await import(${JSON.stringify(join(root, 'harness/exchange-log.ts'))});
      const { allureReportDir, allureResultsDir } = await import(${JSON.stringify(join(root, 'reporters/allure-results.ts'))});
      const { mockOptionsFromEnv } = await import(${JSON.stringify(join(root, 'harness/embedded-mock-options.ts'))});
      const { readRunConfig } = await import(${JSON.stringify(join(root, 'harness/run-config.ts'))});
      const { cacheDirectory } = await import(${JSON.stringify(join(root, 'harness/parsed-yaml-cache.ts'))});
      console.log(JSON.stringify({ reports: reportsDir(), results: allureResultsDir(), report: allureReportDir(), mock: mockOptionsFromEnv() ?? null, timeout: readRunConfig().timeoutMs, cache: cacheDirectory() ?? null }));`;
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PTERO_') && !name.startsWith('ALLURE_')));
    const run = (extra: Record<string, string>) => {
      const child = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), '--input-type=module', '-e', program], { cwd: dir, env: { ...env, ...extra }, encoding: 'utf8' });
      expect(child.stderr).toBe('');
      return JSON.parse(child.stdout) as unknown;
    };
    expect(run({})).toEqual({ reports: 'from-file', results: join('from-file', 'allure-results'), report: 'report-from-file', mock: { debug: true }, timeout: 4000, cache: null });
    expect(run({ PTERO_REPORTS_DIR: 'from-env', PTERO_TIMEOUT_MS: '5000', ALLURE_RESULTS_DIR: 'results-from-env' })).toMatchObject({
      reports: 'from-env',
      results: 'results-from-env',
      timeout: 5000,
    });
  }, 60_000);
});
