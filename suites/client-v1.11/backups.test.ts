// Client API, backups (legacy docs page client/backups), 1.x routes only
// (v1.11.8:routes/api-client.php#L122-L130), on the discovered owned server. Statements say what a stock
// v1.11.8 panel MUST do. The reads (the list, one backup, its signed download URL) run everywhere; the
// write (a backup of the run, unlocked, locked, unlocked and deleted) needs PTERO_ALLOW_WRITES=1 on a
// live panel and is in the ledger from the moment the panel answers it; the refused delete of a locked
// backup touches a backup the run did not make and needs PTERO_ALLOW_DESTRUCTIVE=1 as well. A live
// panel lets a server start 2 backups in 10 minutes (config/backups.php throttles): a second run within
// that time meets its 429.
import { describe } from 'vitest';
import { unavailable, violate } from '../../harness/failure.ts';
import { call } from '../support/call.ts';
import { conformance } from '../support/conformance.ts';
import { runName } from '../support/created-resources.ts';
import type { ExchangeAssertion } from '../support/expect-conformance.ts';
import { ownedServer, subuserLacking } from '../support/owned-server.ts';
import { backupCountProblems, firstProblem, signedUrlProblems } from '../support/server-resource-checks.ts';
import type { Session } from '../support/session.ts';

const V111 = ['v1.11'];
const CATEGORY = 'client/backups';
/** BackupController::index: 20 a page unless per_page asks, at most 50 (v1.11.8:app/Http/Controllers/Api/Client/Servers/BackupController.php#L44-L58). */
const PER_PAGE = 20;
const MAX_PER_PAGE = 50;

type Backup = { object: string; attributes: Record<string, unknown> };

async function backups(s: Session, server: string, query: Record<string, string | number> = {}): Promise<{ answer: ExchangeAssertion; items: Backup[] }> {
  const answer = (await call(s, 'listBackups', { params: { server }, query })).status(200);
  return { answer, items: answer.json.data as Backup[] };
}

/** An existing backup of the server the reads can use (a successful one when `successful`). */
async function existingBackup(s: Session, server: string, successful: boolean): Promise<Backup> {
  const { items } = await backups(s, server);
  const found = items.find((b) => !successful || b.attributes['is_successful'] === true);
  if (!found) unavailable(`discovery: server ${server} has no ${successful ? 'successful ' : ''}backup on the first page`);
  return found;
}

describe('GET /api/client/servers/{server}/backups', () => {
  conformance(
    `GET …/backups MUST page the server's backups ${PER_PAGE} at a time, with meta.backup_count the number of backups that did not fail`,
    { operation: 'listBackups', behaviour: 'client.backups.list', effect: 'read', category: CATEGORY, keys: ['client'], profiles: V111 },
    async (s) => {
      const { identifier } = await ownedServer(s);
      const { answer, items } = await backups(s, identifier);
      answer.paginated({ perPage: PER_PAGE, page: 1 });
      items.forEach((b, i) => {
        if (b.object !== 'backup') violate(`item ${i} has object ${JSON.stringify(b.object)}, not "backup"`, { kind: 'value', pointer: `/data/${i}/object`, expected: '"backup"', actual: b.object }, answer.exchange);
      });
      const problem = firstProblem(backupCountProblems(answer.json));
      if (problem) violate(problem.message, problem.violation, answer.exchange);
    },
  );

  conformance(
    `GET …/backups?per_page=100 MUST page at most ${MAX_PER_PAGE} backups at a time`,
    { operation: 'listBackups', behaviour: 'client.backups.list.per-page-cap', effect: 'read', category: CATEGORY, keys: ['client'], profiles: V111 },
    async (s) => {
      const { identifier } = await ownedServer(s);
      (await backups(s, identifier, { per_page: 100 })).answer.paginated({ perPage: MAX_PER_PAGE, page: 1 });
    },
  );
});

describe('GET /api/client/servers/{server}/backups/{backup} and …/download', () => {
  conformance(
    'GET …/backups/{backup} MUST answer the backup the list shows under that uuid',
    { operation: 'getBackup', behaviour: 'client.backups.view', effect: 'read', category: CATEGORY, keys: ['client'], profiles: V111 },
    async (s) => {
      const { identifier } = await ownedServer(s);
      const listed = await existingBackup(s, identifier, false);
      const answer = (await call(s, 'getBackup', { params: { server: identifier, backup: String(listed.attributes['uuid']) } })).status(200);
      if (JSON.stringify(answer.json.attributes) !== JSON.stringify(listed.attributes)) violate('the backup answered differs from the one listed', { kind: 'value', pointer: '/attributes', expected: JSON.stringify(listed.attributes), actual: JSON.stringify(answer.json.attributes) }, answer.exchange);
    },
  );

  conformance(
    "GET …/backups/{backup}/download MUST answer a signed_url to the node's /download/backup whose token (HS256, 15 minutes) names the backup, the server and the key's owner (a Wings-stored backup)",
    { operation: 'getBackupDownload', behaviour: 'client.backups.download.signed-url', effect: 'read', category: CATEGORY, keys: ['client'], profiles: V111 },
    async (s) => {
      const server = await ownedServer(s);
      const backup = String((await existingBackup(s, server.identifier, true)).attributes['uuid']);
      const answer = (await call(s, 'getBackupDownload', { params: { server: server.identifier, backup } })).status(200);
      if (answer.json.object !== 'signed_url') violate(`object is ${JSON.stringify(answer.json.object)}, not "signed_url"`, { kind: 'value', pointer: '/object', expected: '"signed_url"', actual: answer.json.object }, answer.exchange);
      // DownloadLinkService (v1.11.8:app/Services/Backups/DownloadLinkService.php#L24-L40).
      const problem = firstProblem(signedUrlProblems(answer.json.attributes?.url, { path: '/download/backup', claims: { backup_uuid: backup, server_uuid: server.uuid }, userId: server.userId, serverUuid: server.uuid, lifetimeSeconds: 900 }));
      if (problem) violate(problem.message, problem.violation, answer.exchange);
    },
  );
});

conformance(
  "POST …/backups MUST start a backup (answered in progress: not successful, no completed_at, the name and ignored lines asked) while the server is under its backup limit and refuse one at the limit (400 TooManyBackupsException); …/lock MUST toggle its lock both ways; DELETE MUST remove it (204, then 404)",
  { operation: 'createBackup', behaviour: 'client.backups.create-lock-delete', effect: 'write', category: CATEGORY, keys: ['client'], profiles: V111 },
  async (s) => {
    const server = await ownedServer(s);
    const params = { server: server.identifier };
    const listed = await backups(s, server.identifier);
    const count = Number(listed.answer.json.meta?.backup_count);
    const limit = server.featureLimits.backups;
    const name = runName(s, 'backup');
    const create = async (): Promise<ExchangeAssertion> => {
      const answer = await call(s, 'createBackup', { params, body: { name, is_locked: false, ignored: 'logs/*.log\ncache/' } });
      const uuid = answer.json?.attributes?.uuid;
      if (answer.exchange.response.status === 200 && typeof uuid === 'string') s.ledger.record({ kind: 'backup', name, deleteOperation: 'deleteBackup', params: { ...params, backup: uuid } });
      return answer;
    };
    // InitiateBackupService::handle: no limit or a reached one refuses (v1.11.8:app/Services/Backups/InitiateBackupService.php#L89-L96).
    if (!limit || count >= limit) {
      (await create()).error({ code: 'TooManyBackupsException', status: 400 });
      return;
    }
    const created = (await create()).status(200);
    const a = created.json.attributes;
    // The row as InitiateBackupService creates it (#L110-L119) with the model's defaults (v1.11.8:app/Models/Backup.php#L49-L55).
    const expected = { name, is_successful: false, is_locked: false, completed_at: null, ignored_files: ['logs/*.log', 'cache/'] };
    const actual = { name: a.name, is_successful: a.is_successful, is_locked: a.is_locked, completed_at: a.completed_at, ignored_files: a.ignored_files };
    if (JSON.stringify(actual) !== JSON.stringify(expected)) violate(`the new backup is ${JSON.stringify(actual)}, not ${JSON.stringify(expected)}`, { kind: 'value', pointer: '/attributes', expected: JSON.stringify(expected), actual: JSON.stringify(actual) }, created.exchange);
    const backup = String(a.uuid);
    const viewed = (await call(s, 'getBackup', { params: { ...params, backup } })).status(200);
    if (viewed.json.attributes.uuid !== backup) violate('GET answers another backup', { kind: 'value', pointer: '/attributes/uuid', expected: backup, actual: viewed.json.attributes.uuid }, viewed.exchange);
    // BackupController::toggleLock (BackupController.php#L98-L113).
    const locked = (await call(s, 'toggleBackupLock', { params: { ...params, backup } })).status(200);
    const unlocked = (await call(s, 'toggleBackupLock', { params: { ...params, backup } })).status(200);
    if (locked.json.attributes.is_locked !== true) violate('is_locked is not true after the first lock toggle', { kind: 'value', pointer: '/attributes/is_locked', expected: true, actual: locked.json.attributes.is_locked }, locked.exchange);
    if (unlocked.json.attributes.is_locked !== false) violate('is_locked is not false after the second lock toggle', { kind: 'value', pointer: '/attributes/is_locked', expected: false, actual: unlocked.json.attributes.is_locked }, unlocked.exchange);
    (await call(s, 'deleteBackup', { params: { ...params, backup } })).status(204);
    s.ledger.forget('deleteBackup', { ...params, backup });
    (await call(s, 'getBackup', { params: { ...params, backup } })).status(404);
  },
);

conformance(
  'DELETE …/backups/{backup} MUST refuse a locked, completed backup with 400 (BackupLockedException) and keep it',
  { operation: 'deleteBackup', behaviour: 'client.backups.delete.locked', effect: 'destructive', category: CATEGORY, keys: ['client'], profiles: V111 },
  async (s) => {
    const { identifier } = await ownedServer(s);
    const { items } = await backups(s, identifier);
    const target = items.find((b) => b.attributes['is_locked'] === true && b.attributes['is_successful'] === true && b.attributes['completed_at'] !== null);
    if (!target) unavailable(`discovery: server ${identifier} has no locked, completed backup on the first page`);
    const backup = String(target.attributes['uuid']);
    // DeleteBackupService::handle (v1.11.8:app/Services/Backups/DeleteBackupService.php#L29-L39).
    (await call(s, 'deleteBackup', { params: { server: identifier, backup } })).error({ code: 'BackupLockedException', status: 400, detail: 'Cannot delete a backup that is marked as locked.' });
    (await call(s, 'getBackup', { params: { server: identifier, backup } })).status(200);
  },
);

conformance(
  'POST …/backups MUST refuse a subuser without backup.create with 403, and POST …/backups/{backup}/lock one without backup.delete (403), changing nothing',
  { operation: 'createBackup', behaviour: 'client.backups.permission', effect: 'write', category: CATEGORY, keys: ['client', 'client-subuser-limited'], profiles: V111, concerns: 'access' },
  async (s) => {
    const server = await ownedServer(s);
    await subuserLacking(s, server, 'backup.create');
    await subuserLacking(s, server, 'backup.delete');
    const params = { server: server.identifier };
    const name = runName(s, 'backup-denied');
    // StoreBackupRequest::permission() is backup.create (v1.11.8:app/Http/Requests/Api/Client/Servers/Backups/StoreBackupRequest.php#L10-L13).
    const denied = await call(s, 'createBackup', { as: 'client-subuser-limited', params, body: { name } });
    if (denied.exchange.response.status === 200 && typeof denied.json?.attributes?.uuid === 'string') s.ledger.record({ kind: 'backup', name, deleteOperation: 'deleteBackup', params: { ...params, backup: denied.json.attributes.uuid } });
    denied.error({ code: 'AccessDeniedHttpException', status: 403 });
    const existing = (await backups(s, server.identifier)).items[0];
    if (!existing) return;
    const backup = String(existing.attributes['uuid']);
    // BackupController::toggleLock authorizes backup.delete in the controller (BackupController.php#L98-L102).
    (await call(s, 'toggleBackupLock', { as: 'client-subuser-limited', params: { ...params, backup } })).error({ code: 'AccessDeniedHttpException', status: 403 });
    const after = (await call(s, 'getBackup', { params: { ...params, backup } })).status(200);
    if (after.json.attributes.is_locked !== existing.attributes['is_locked']) violate("the subuser's refused lock toggle changed is_locked", { kind: 'state', pointer: '/attributes/is_locked', expected: existing.attributes['is_locked'], actual: after.json.attributes.is_locked }, after.exchange);
  },
);
