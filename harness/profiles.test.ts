import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProfile } from './preflight.ts';
import { defaultProfileId, panelProfile, profileIds, UnknownProfileError } from './profiles.ts';
import { ConfigError, configuredProfileId, readRunConfig } from './run-config.ts';

const NO_ENV_FILE = '/nonexistent/.env';

describe('panel profiles: the registry (harness/profiles.yaml)', () => {
  it('registers v0.7.19, the default, with the files of that panel version', () => {
    expect(profileIds()).toContain('v0.7.19');
    expect(defaultProfileId()).toBe('v0.7.19');
    const profile = panelProfile('v0.7.19');
    expect(profile.panel).toBe('Pterodactyl Panel v0.7.19');
    expect(profile.spec.endsWith(join('spec', 'pterodactyl-v0.7.yaml'))).toBe(true);
    expect(profile.panelRoutes.endsWith(join('spec', 'panel-routes-v0.7.19.yaml'))).toBe(true);
    expect(profile.expectations.endsWith(join('expectations', 'stock-v0.7.19.yaml'))).toBe(true);
    expect(profile.seed.endsWith(join('fixtures', 'seed.yaml'))).toBe(true);
  });

  it('names files that exist, for every registered profile', () => {
    for (const id of profileIds()) {
      const profile = panelProfile(id);
      for (const field of ['spec', 'panelRoutes', 'expectations', 'claims', 'seed', 'keyRoles', 'mock'] as const) {
        expect(existsSync(profile[field]), `${id}.${field}: ${profile[field]}`).toBe(true);
      }
    }
  });

  it("says how each panel keeps its rate-limit windows: 0.7's one per IP for both APIs, 1.x's one per API (and key owner)", () => {
    expect(panelProfile('v0.7.19').rateLimitWindows).toBe('shared');
    expect(panelProfile('v1.11').rateLimitWindows).toBe('per-api');
  });

  it('refuses an unknown profile, listing the known ones', () => {
    const error = (() => {
      try {
        panelProfile('v9.9');
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(UnknownProfileError);
    expect(error).toMatchObject({ name: 'UnknownProfileError', code: 'PTERO_CONFIG', known: profileIds() });
    expect((error as Error).message).toContain(`"v9.9" is not a registered panel profile (known: ${profileIds().join(', ')})`);
  });
});

describe('PTERO_PROFILE (harness/run-config.ts)', () => {
  it('defaults to v0.7.19 and takes a registered id from the environment or .env', () => {
    expect(readRunConfig({}, NO_ENV_FILE).profile).toBe('v0.7.19');
    expect(readRunConfig({ PTERO_PROFILE: 'v0.7.19' }, NO_ENV_FILE).profile).toBe('v0.7.19');
    const dotEnv = join(mkdtempSync(join(tmpdir(), 'ptero-profile-')), '.env');
    writeFileSync(dotEnv, 'PTERO_PROFILE=v0.7.19\n');
    expect(configuredProfileId({}, dotEnv)).toBe('v0.7.19');
  });

  it('refuses an unknown value as a configuration error naming the known profiles (and the .env line)', () => {
    expect(() => readRunConfig({ PTERO_PROFILE: 'v1.0' }, NO_ENV_FILE)).toThrow(ConfigError);
    expect(() => readRunConfig({ PTERO_PROFILE: 'v1.0' }, NO_ENV_FILE)).toThrow(`PTERO_PROFILE "v1.0" is not a registered panel profile (known: ${profileIds().join(', ')}`);
    expect(() => configuredProfileId({ PTERO_PROFILE: 'v1.0' }, NO_ENV_FILE)).toThrow(ConfigError);
    const dotEnv = join(mkdtempSync(join(tmpdir(), 'ptero-profile-')), '.env');
    writeFileSync(dotEnv, '# the panel\nPTERO_PROFILE=0.7\n');
    expect(() => configuredProfileId({}, dotEnv)).toThrow(`PTERO_PROFILE (${dotEnv} line 2) "0.7" is not a registered panel profile`);
    // The environment wins over .env, as for every setting.
    expect(configuredProfileId({ PTERO_PROFILE: 'v0.7.19' }, dotEnv)).toBe('v0.7.19');
  });
});

describe('the run profile (harness/preflight.ts runProfile)', () => {
  it('is the configured profile on the embedded mock (no panel to ask): the mock runs it', async () => {
    expect((await runProfile(readRunConfig({}, NO_ENV_FILE))).profile).toBe(panelProfile('v0.7.19'));
    expect(await runProfile({ profile: 'v1.11', profileConfigured: true })).toMatchObject({ profile: { id: 'v1.11' }, decided: 'configured', requests: 0 });
    await expect(runProfile({ profile: 'v9.9' })).rejects.toThrow(UnknownProfileError);
  });

  it('knows whether PTERO_PROFILE was set (a live panel must then be that profile)', () => {
    expect(readRunConfig({}, NO_ENV_FILE).profileConfigured).toBe(false);
    expect(readRunConfig({ PTERO_PROFILE: 'v1.11' }, NO_ENV_FILE)).toMatchObject({ profile: 'v1.11', profileConfigured: true });
  });
});
