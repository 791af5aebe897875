import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signNodeJwt, verifyNodeJwt, type JwtNode } from './node-jwt.ts';
import { backupDownloadUrl, fileDownloadUrl, fileUploadUrl, rawUrlDecode, websocketCredentials, type SigningContext } from './signed-urls.ts';

const node: JwtNode = { scheme: 'https', fqdn: 'node1.example.com', daemonListen: 8080, daemonToken: 'daemon-token-of-node-one-0123456789abcdef0123456789abcdef01234567' };
const NOW = 1_767_323_045;
const context: SigningContext = {
  node,
  appUrl: 'https://panel.example.com',
  user: { id: 7, uuid: 'uuuuuuuu-0000-4000-8000-000000000007' },
  serverUuid: 'ssssssss-0000-4000-8000-000000000001',
  nowSeconds: NOW,
  uniqueId: 'AbCdEfGhIjKlMnOp',
};

function decoded(token: string) {
  const result = verifyNodeJwt(token, node.daemonToken, NOW);
  if ('invalid' in result) throw new Error(result.invalid);
  return result;
}

function tokenOf(url: string): string {
  return new URL(url).searchParams.get('token') ?? '';
}

describe('node JWTs', () => {
  it('signs HS256 with the daemon token, claims in the builder order, jti = md5(user id . server uuid)', () => {
    const { token, socket } = websocketCredentials(context, ['control.console', 'websocket.connect']);
    expect(socket).toBe('wss://node1.example.com:8080/api/servers/ssssssss-0000-4000-8000-000000000001/ws');
    const { header, claims } = decoded(token);
    const jti = createHash('md5').update(`7${context.serverUuid}`).digest('hex');
    expect(header).toEqual({ typ: 'JWT', alg: 'HS256', jti });
    expect(Object.keys(claims)).toEqual(['iss', 'aud', 'jti', 'iat', 'nbf', 'exp', 'server_uuid', 'permissions', 'user_uuid', 'user_id', 'unique_id']);
    expect(claims).toEqual({
      iss: 'https://panel.example.com',
      aud: ['https://node1.example.com:8080'],
      jti,
      iat: NOW,
      nbf: NOW - 300,
      exp: NOW + 600,
      server_uuid: context.serverUuid,
      permissions: ['control.console', 'websocket.connect'],
      user_uuid: context.user.uuid,
      user_id: 7,
      unique_id: 'AbCdEfGhIjKlMnOp',
    });
  });

  it('refuses a token signed with another key, tampered or expired', () => {
    const token = signNodeJwt({ node, appUrl: 'x', identifiedBy: 'i', nowSeconds: NOW, expiresAtSeconds: NOW + 60, claims: {} });
    expect(verifyNodeJwt(token, 'another key', NOW)).toEqual({ invalid: 'signature' });
    const [h, , s] = token.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ iss: 'x', admin: true })).toString('base64url')}.${s}`;
    expect(verifyNodeJwt(forged, node.daemonToken, NOW)).toEqual({ invalid: 'signature' });
    expect(verifyNodeJwt(token, node.daemonToken, NOW + 60)).toEqual({ invalid: 'expired' });
    expect(verifyNodeJwt(token, node.daemonToken, NOW - 301)).toEqual({ invalid: 'not yet valid' });
    expect(Object.keys(decoded(signNodeJwt({ node, appUrl: 'x', identifiedBy: 'i', nowSeconds: NOW, claims: {}, subject: 's' })).header)).toEqual(['typ', 'alg', 'jti', 'sub']);
  });

  it('download, upload and backup URLs point at the node with 15-minute tokens', () => {
    const download = fileDownloadUrl(context, '/world/my%20file+1.txt');
    expect(download.startsWith('https://node1.example.com:8080/download/file?token=')).toBe(true);
    expect(decoded(tokenOf(download)).claims).toMatchObject({ file_path: '/world/my file+1.txt', server_uuid: context.serverUuid, exp: NOW + 900 });
    const upload = fileUploadUrl(context);
    expect(upload.startsWith('https://node1.example.com:8080/upload/file?token=')).toBe(true);
    expect(Object.keys(decoded(tokenOf(upload)).claims)).toEqual(['iss', 'aud', 'jti', 'iat', 'nbf', 'exp', 'server_uuid', 'user_uuid', 'user_id', 'unique_id']);
    const backup = backupDownloadUrl(context, 'bbbb');
    expect(backup.startsWith('https://node1.example.com:8080/download/backup?token=')).toBe(true);
    expect(decoded(tokenOf(backup)).claims).toMatchObject({ backup_uuid: 'bbbb', server_uuid: context.serverUuid, exp: NOW + 900 });
    const plain = websocketCredentials({ ...context, node: { ...node, scheme: 'http' } }, []).socket;
    expect(plain.startsWith('ws://')).toBe(true);
  });

  it('rawurldecode keeps plus signs and reads UTF-8', () => {
    expect(rawUrlDecode('a%2Fb+c%C3%A9%zz')).toBe('a/b+cé%zz');
  });

  it('unique ids are 16 letters and digits when not given', () => {
    const token = signNodeJwt({ node, appUrl: 'x', identifiedBy: 'i', nowSeconds: NOW, claims: {} });
    expect(decoded(token).claims['unique_id']).toMatch(/^[A-Za-z0-9]{16}$/);
  });
});
