import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backupCountProblems, databaseNameProblems, fileModeProblems, signedUrlProblems, type SignedUrlExpectation } from './server-resource-checks.ts';

const SERVER_UUID = '74755444-92c0-458a-8ae1-d202a8c11f64';
const JTI = createHash('md5').update(`2${SERVER_UUID}`).digest('hex');
const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token as NodeJWTService signs it (the signature is not checked: the node's key is not the client's). */
function signedUrl(path: string, overrides: { header?: Record<string, unknown>; claims?: Record<string, unknown> } = {}): string {
  const header = { typ: 'JWT', alg: 'HS256', jti: JTI, ...overrides.header };
  const claims = { iss: 'https://panel.test', aud: ['https://node.test:8080'], jti: JTI, iat: 1_700_000_000, nbf: 1_699_999_700, exp: 1_700_000_900, file_path: '/eula.txt', server_uuid: SERVER_UUID, user_uuid: 'u-uuid', user_id: 2, unique_id: 'abcdefghijklmnop', ...overrides.claims };
  return `https://node.test:8080${path}?token=${segment(header)}.${segment(claims)}.c2ln`;
}

const DOWNLOAD: SignedUrlExpectation = { path: '/download/file', claims: { file_path: '/eula.txt', server_uuid: SERVER_UUID }, userId: 2, serverUuid: SERVER_UUID, lifetimeSeconds: 900 };

describe('signed Wings URLs', () => {
  it('accepts what NodeJWTService signs', () => {
    expect(signedUrlProblems(signedUrl('/download/file'), DOWNLOAD)).toEqual([]);
    expect(signedUrlProblems(signedUrl('/download/file', { claims: { aud: 'https://node.test:8080' } }), DOWNLOAD)).toEqual([]);
  });

  it.each([
    ['another Wings path', signedUrl('/download/backup'), '/download/file'],
    ['a token living an hour', signedUrl('/download/file', { claims: { exp: 1_700_003_600 } }), 'exp - iat = 900'],
    ['no five minutes of leeway', signedUrl('/download/file', { claims: { nbf: 1_700_000_000 } }), 'iat - nbf = 300'],
    ['a jti that is not md5(user id . server uuid)', signedUrl('/download/file', { claims: { jti: 'x' } }), JTI],
    ['no jti header', signedUrl('/download/file', { header: { jti: undefined } }), JTI],
    ['another file', signedUrl('/download/file', { claims: { file_path: '/server.properties' } }), '/eula.txt'],
    ["another user's id", signedUrl('/download/file', { claims: { user_id: 3 } }), 2],
    ['an audience that is not the node', signedUrl('/download/file', { claims: { aud: ['https://panel.test'] } }), 'https://node.test:8080'],
    ['no unique_id', signedUrl('/download/file', { claims: { unique_id: undefined } }), 'unique_id of 16 characters'],
    ['another algorithm', signedUrl('/download/file', { header: { alg: 'none' } }), 'HS256'],
  ])('fails %s', (_, url, expected) => {
    const problems = signedUrlProblems(url, DOWNLOAD);
    expect(problems.map((p) => p.violation.expected)).toContain(expected);
  });

  it('fails a URL without a token and a value that is no URL', () => {
    expect(signedUrlProblems('https://node.test:8080/download/file', DOWNLOAD)).toHaveLength(1);
    expect(signedUrlProblems('download/file', DOWNLOAD)).toHaveLength(1);
    expect(signedUrlProblems(null, DOWNLOAD)).toHaveLength(1);
  });
});

describe('file modes', () => {
  it('accepts a mode and mode_bits that agree, folder and file', () => {
    expect(fileModeProblems({ name: 'logs', mode: 'drwxr-xr-x', mode_bits: '755', is_file: false }, 0)).toEqual([]);
    expect(fileModeProblems({ name: 'a', mode: '-rw-r--r--', mode_bits: '644', is_file: true }, 1)).toEqual([]);
    expect(fileModeProblems({ name: 'b', mode: '----r--r--', mode_bits: '44', is_file: true }, 2)).toEqual([]);
  });

  it('fails mode_bits that disagree, a decimal mode_bits and a folder called a file', () => {
    expect(fileModeProblems({ name: 'a', mode: '-rw-r--r--', mode_bits: '755', is_file: true }, 0)[0]?.violation.pointer).toBe('/data/0/attributes/mode_bits');
    expect(fileModeProblems({ name: 'a', mode: '-rw-r--r--', mode_bits: '420', is_file: true }, 0)).toHaveLength(1);
    expect(fileModeProblems({ name: 'logs', mode: 'drwxr-xr-x', mode_bits: '755', is_file: true }, 3)[0]?.violation.pointer).toBe('/data/3/attributes/is_file');
  });
});

describe('backup_count', () => {
  const page = (count: unknown) => ({
    data: [
      { attributes: { is_successful: true, completed_at: '2024-06-10T08:05:00+00:00' } },
      { attributes: { is_successful: false, completed_at: '2024-06-15T08:01:00+00:00' } },
      { attributes: { is_successful: false, completed_at: null } },
    ],
    meta: { backup_count: count, pagination: { total_pages: 1 } },
  });

  it('counts the successful and the unfinished backups, not the failed', () => {
    expect(backupCountProblems(page(2))).toEqual([]);
  });

  it('fails a count of every backup, or of the successful only', () => {
    expect(backupCountProblems(page(3))[0]?.violation).toMatchObject({ pointer: '/meta/backup_count', expected: 2, actual: 3 });
    expect(backupCountProblems(page(1))).toHaveLength(1);
    expect(backupCountProblems({ ...page(undefined) })).toHaveLength(1);
  });
});

describe('client database names', () => {
  it('accepts s{id}_ and the name cut to 48 characters, and a u{id}_ user of 10 characters', () => {
    const requested = 'a'.repeat(48);
    expect(databaseNameProblems({ name: `s17_${'a'.repeat(44)}`, username: 'u17_Ab3dE5gH7j' }, 17, requested)).toEqual([]);
  });

  it('fails a name without the prefix, one not cut, and a user of another shape', () => {
    expect(databaseNameProblems({ name: 'world', username: 'u1_Ab3dE5gH7j' }, 1, 'world')[0]?.violation.expected).toBe('s1_world');
    expect(databaseNameProblems({ name: `s1_${'a'.repeat(48)}`, username: 'u1_Ab3dE5gH7j' }, 1, 'a'.repeat(48))).toHaveLength(1);
    expect(databaseNameProblems({ name: 's1_world', username: 'world_user' }, 1, 'world')[0]?.violation.pointer).toBe('/attributes/username');
  });
});
