import { beforeAll, describe, expect, it } from 'vitest';
import { MockPanel } from '../panel.ts';
import type { RequestContext } from '../pipeline/request-context.ts';
import { validateEggEnvironment } from './egg-environment.ts';
import { err, failureOf, requestContext } from './test-support.ts';

let ctx: RequestContext;

beforeAll(async () => {
  const panel = await MockPanel.create();
  ctx = requestContext(panel, 'createServer', {});
});

const errorsFor = (eggId: number, environment: unknown) => {
  try {
    validateEggEnvironment(ctx, eggId, environment);
    return [];
  } catch {
    return failureOf(() => validateEggEnvironment(ctx, eggId, environment));
  }
};

describe('validateEggEnvironment (5.5 / 5.8)', () => {
  it('passes values that meet every variable rule', () => {
    expect(errorsFor(5, { SERVER_JARFILE: 'server.jar', VANILLA_VERSION: 'latest' })).toEqual([]);
    expect(errorsFor(3, { SERVER_JARFILE: 'paper.jar', BUILD_NUMBER: 'latest' })).toEqual([]);
    expect(errorsFor(13, { TS_VERSION: '3.13.2', FILE_TRANSFER: '30033' })).toEqual([]);
  });

  it('validates missing keys as null: required fails, named "<variable name> variable"', () => {
    expect(errorsFor(5, {})).toEqual([
      err('required', 'The Server Jar File variable field is required.', 'environment.SERVER_JARFILE'),
      err('required', 'The Server Version variable field is required.', 'environment.VANILLA_VERSION'),
    ]);
    expect(errorsFor(5, null)).toHaveLength(2);
  });

  it('applies each variable rule string', () => {
    expect(errorsFor(5, { SERVER_JARFILE: 'server.zip', VANILLA_VERSION: 'ab' })).toEqual([
      err('regex', 'The Server Jar File variable format is invalid.', 'environment.SERVER_JARFILE'),
      err('between', 'The Server Version variable must be between 3 and 15 characters.', 'environment.VANILLA_VERSION'),
    ]);
    expect(errorsFor(12, { MAX_USERS: 'abc', MUMBLE_VERSION: '1.3.1' })).toEqual([
      err('numeric', 'The Maximum Users variable must be a number.', 'environment.MAX_USERS'),
      err('digits_between', 'The Maximum Users variable must be between 1 and 5 digits.', 'environment.MAX_USERS'),
    ]);
    expect(errorsFor(13, { TS_VERSION: '3.13.2', FILE_TRANSFER: 70000 })).toEqual([
      err('between', 'The File Transfer Port variable must be between 1 and 65535.', 'environment.FILE_TRANSFER'),
    ]);
  });

  it('nullable variables may be missing', () => {
    expect(errorsFor(3, { SERVER_JARFILE: 'paper.jar', BUILD_NUMBER: 'latest', MINECRAFT_VERSION: null })).toEqual([]);
    expect(errorsFor(3, { SERVER_JARFILE: 'paper.jar', BUILD_NUMBER: 'latest', MINECRAFT_VERSION: 'x'.repeat(21) })).toEqual([
      err('max', 'The Minecraft Version variable may not be greater than 20 characters.', 'environment.MINECRAFT_VERSION'),
    ]);
  });

  it('an egg without variables validates nothing', () => {
    expect(errorsFor(999, { anything: [] })).toEqual([]);
  });
});
