import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { panelProfile, profileIds, UnknownProfileError } from '../harness/profiles.ts';
import { MockPanel } from './panel.ts';
import { loadMockProfile } from './profile.ts';

describe('mock profiles (mock/profile.ts)', () => {
  it('has a mock module for every registered panel profile, exporting its MockProfile', async () => {
    for (const id of profileIds()) {
      const profile = await loadMockProfile(id);
      expect(profile.id).toBe(id);
      expect(profile.operations().length).toBeGreaterThan(0);
      expect(profile.validationRules().size).toBeGreaterThan(0);
    }
  });

  it('the panel plays the profile it is created with: its spec, seed and transformers', async () => {
    const panel = await MockPanel.create({ profile: 'v0.7.19' });
    const profile = await loadMockProfile('v0.7.19');
    expect(panel.profile).toBe(profile);
    expect(panel.options.profile).toBe('v0.7.19');
    expect(panel.transformers).toBe(profile.transformers);
    expect(panel.index.operations.length).toBeGreaterThan(0);
    expect(panel.store.all('api_keys').length).toBe(profile.seed.load(panelProfile('v0.7.19').seed).tables['api_keys']?.length);
    // No profile named: the registry's default.
    expect((await MockPanel.create()).options.profile).toBe('v0.7.19');
  });

  it('refuses an unknown profile, listing the registered ones', async () => {
    await expect(MockPanel.create({ profile: 'v9.9' })).rejects.toThrow(UnknownProfileError);
    await expect(MockPanel.create({ profile: 'v9.9' })).rejects.toThrow(`(known: ${profileIds().join(', ')})`);
  });

  it('npm run mock -- --profile refuses an unknown profile: one line listing the known ones, exit 2, nothing started', () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PTERO_')));
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'mock/cli.ts', '--profile', 'v9.9', '--port', '0'], { env, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim()).toBe(`--profile v9.9 is not a registered panel profile (known: ${profileIds().join(', ')}) (usage: npm run mock -- [options]; --help for the options)`);
  });
});
