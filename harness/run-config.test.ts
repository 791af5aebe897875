import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, editDistance, keyVariable, nearestName, readRunConfig } from './run-config.ts';

const KEY = 'A'.repeat(48);
const NO_ENV_FILE = '/nonexistent/.env';

function problemsOf(env: Record<string, string>, dotEnv = NO_ENV_FILE): string {
  try {
    readRunConfig(env, dotEnv);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return '';
}

function dotEnvFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ptero-env-')), '.env');
  writeFileSync(path, text);
  return path;
}

describe('run configuration: settings validation', () => {
  it('refuses an unknown PTERO_* variable and suggests the nearest known name', () => {
    const message = problemsOf({ PTERO_ALLOW_WRITE: '1' });
    expect(message).toContain('PTERO_ALLOW_WRITE (in the environment) is not a setting of this suite; did you mean PTERO_ALLOW_WRITES?');
    expect(problemsOf({ PTERO_KEY_APPLICATION_READONLY: KEY, PTERO_URL: 'https://panel.example.com', PTERO_APPLICATION_KEY: KEY })).toContain(
      'did you mean PTERO_KEY_APPLICATION_READ_ONLY?',
    );
  });

  it('leaves variables of other tools alone', () => {
    expect(problemsOf({ PATH: '/usr/bin', NODE_ENV: 'test', PTERO_ALLOW_WRITES: '0' })).toBe('');
  });

  it('names the .env line of an unknown name, a malformed line and a bad value', () => {
    const path = dotEnvFile('# comment\nPTERO_URL=https://panel.example.com\nPTERO_APPLICATION_KEY=' + KEY + '\n\nPTERO_ALOW_WRITES=1\nthis is not an assignment\nPTERO_TIMEOUT_MS=fast\n');
    const message = problemsOf({}, path);
    expect(message).toContain(`PTERO_ALOW_WRITES (${path} line 5) is not a setting of this suite; did you mean PTERO_ALLOW_WRITES?`);
    expect(message).toContain(`${path} line 6 is not NAME=VALUE`);
    expect(message).toContain(`PTERO_TIMEOUT_MS (${path} line 7) must be a whole number`);
  });

  it('lets the environment override .env (then no line is named)', () => {
    const path = dotEnvFile('PTERO_TIMEOUT_MS=fast\n');
    expect(problemsOf({ PTERO_TIMEOUT_MS: 'slow' }, path)).toContain('PTERO_TIMEOUT_MS must be a whole number of milliseconds (at least 100), got "slow"');
    expect(problemsOf({ PTERO_TIMEOUT_MS: '5000' }, path)).toBe('');
  });

  it('reads PTERO_ALLOW_SERVER_ERRORS: off by default on a live panel, always on for the mock', () => {
    const live = { PTERO_URL: 'https://panel.example.com', PTERO_APPLICATION_KEY: KEY };
    expect(readRunConfig(live, NO_ENV_FILE).allowServerErrors).toBe(false);
    expect(readRunConfig({ ...live, PTERO_ALLOW_SERVER_ERRORS: '1' }, NO_ENV_FILE).allowServerErrors).toBe(true);
    expect(readRunConfig({}, NO_ENV_FILE).allowServerErrors).toBe(true);
    expect(problemsOf({ ...live, PTERO_ALLOW_SERVER_ERRORS: 'yes' })).toContain('PTERO_ALLOW_SERVER_ERRORS must be 1 or 0, got "yes"');
  });

  it('names the exact variable of every key role', () => {
    expect(keyVariable('application')).toBe('PTERO_APPLICATION_KEY');
    expect(keyVariable('client')).toBe('PTERO_CLIENT_KEY');
    expect(keyVariable('application-read-only')).toBe('PTERO_KEY_APPLICATION_READ_ONLY');
  });

  it('measures edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(nearestName('--lsit', ['--list', '--bail', '--help'])).toBe('--list');
  });
});
