import { connectionAddress, signNodeJwt, type JwtNode, type JwtUser } from './node-jwt.ts';

/**
 * The signed things the client API hands out for a node's Wings, each a NodeJWTService token with
 * `jti = md5(user id . server uuid)` (identifiedBy `$user->id . $server->uuid`).
 */

export interface SigningContext {
  readonly node: JwtNode;
  readonly appUrl: string;
  readonly user: JwtUser;
  readonly serverUuid: string;
  readonly nowSeconds: number;
  readonly uniqueId?: string;
}

function sign(context: SigningContext, lifetimeSeconds: number, claims: Record<string, unknown>): string {
  return signNodeJwt({
    node: context.node,
    appUrl: context.appUrl,
    identifiedBy: `${context.user.id}${context.serverUuid}`,
    nowSeconds: context.nowSeconds,
    expiresAtSeconds: context.nowSeconds + lifetimeSeconds,
    claims,
    user: context.user,
    ...(context.uniqueId === undefined ? {} : { uniqueId: context.uniqueId }),
  });
}

/**
 * GET /servers/{server}/websocket (v1.11.8:app/Http/Controllers/Api/Client/Servers/WebsocketController.php#L37-L69):
 * 10 minutes, the user's permission strings on the server; the socket is the node's address with
 * ws(s) and `/api/servers/{uuid}/ws`.
 */
export function websocketCredentials(context: SigningContext, permissions: readonly string[]): { token: string; socket: string } {
  const token = sign(context, 600, { server_uuid: context.serverUuid, permissions: [...permissions] });
  const socket = connectionAddress(context.node).replace(/^https:\/\//, 'wss://').replace(/^http:\/\//, 'ws://');
  return { token, socket: `${socket}/api/servers/${context.serverUuid}/ws` };
}

/**
 * GET /servers/{server}/files/download (v1.11.8:app/Http/Controllers/Api/Client/Servers/FileController.php#L70-L94):
 * 15 minutes, `file_path` is the `file` input through PHP's rawurldecode.
 */
export function fileDownloadUrl(context: SigningContext, file: string): string {
  const token = sign(context, 900, { file_path: rawUrlDecode(file), server_uuid: context.serverUuid });
  return `${connectionAddress(context.node)}/download/file?token=${token}`;
}

/** GET /servers/{server}/files/upload (v1.11.8:app/Http/Controllers/Api/Client/Servers/FileUploadController.php#L26-L52): 15 minutes. */
export function fileUploadUrl(context: SigningContext): string {
  const token = sign(context, 900, { server_uuid: context.serverUuid });
  return `${connectionAddress(context.node)}/upload/file?token=${token}`;
}

/**
 * GET /servers/{server}/backups/{backup}/download for a Wings-stored backup
 * (v1.11.8:app/Services/Backups/DownloadLinkService.php#L21-L37): 15 minutes.
 */
export function backupDownloadUrl(context: SigningContext, backupUuid: string): string {
  const token = sign(context, 900, { backup_uuid: backupUuid, server_uuid: context.serverUuid });
  return `${connectionAddress(context.node)}/download/backup?token=${token}`;
}

/** PHP's rawurldecode: `%XX` sequences become bytes (read as UTF-8); `+` stays a plus. */
export function rawUrlDecode(value: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; ) {
    const hex = value.slice(i + 1, i + 3);
    if (value[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 3;
    } else {
      const code = value.codePointAt(i) as number;
      const char = String.fromCodePoint(code);
      bytes.push(...Buffer.from(char, 'utf8'));
      i += char.length;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
