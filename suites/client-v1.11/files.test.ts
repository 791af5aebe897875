// Client API, files (legacy docs page client/files), 1.x routes only (v1.11.8:routes/api-client.php#L77-L91),
// on the discovered owned server (suites/support/owned-server.ts). Statements say what a stock v1.11.8
// panel with its Wings MUST do. The reads (the root listing, one file's text, the signed download and
// upload URLs) run everywhere; the writes need PTERO_ALLOW_WRITES=1 on a live panel and work only
// inside one folder named for the run, which is in the ledger from the moment it exists (removed with
// all it holds by POST …/files/delete), so a failure or an interruption still gets it removed.
import { describe } from 'vitest';
import { unavailable, violate } from '../../harness/failure.ts';
import { call } from '../support/call.ts';
import { conformance } from '../support/conformance.ts';
import { runName } from '../support/created-resources.ts';
import type { ExchangeAssertion } from '../support/expect-conformance.ts';
import { ownedServer, subuserLacking } from '../support/owned-server.ts';
import { fileModeProblems, firstProblem, signedUrlProblems, type Problem } from '../support/server-resource-checks.ts';
import type { Session } from '../support/session.ts';

const V111 = ['v1.11'];
const CATEGORY = 'client/files';
/** FileController::download and FileUploadController sign for 15 minutes (FileController.php#L77-L100, FileUploadController.php#L40-L53). */
const SIGNED_URL_SECONDS = 900;

type FileObject = { object: string; attributes: Record<string, unknown> };

function raise(problem: Problem | undefined, answer: ExchangeAssertion): void {
  if (problem) violate(problem.message, problem.violation, answer.exchange);
}

async function list(s: Session, server: string, directory: string): Promise<{ answer: ExchangeAssertion; items: FileObject[] }> {
  const answer = (await call(s, 'listFiles', { params: { server }, query: { directory } })).status(200);
  return { answer, items: answer.json.data as FileObject[] };
}

function named(items: FileObject[], name: string): FileObject | undefined {
  return items.find((item) => item.attributes['name'] === name);
}

/** A plain file of the root a read can use: small, text, not a log Wings may be appending to. */
async function readableFile(s: Session, server: string): Promise<FileObject> {
  const { items } = await list(s, server, '/');
  const file = items.find((item) => item.attributes['is_file'] === true && item.attributes['is_symlink'] !== true && Number(item.attributes['size']) <= 65536 && /^text\/|json/.test(String(item.attributes['mimetype'])) && !/log/i.test(String(item.attributes['name'])));
  if (!file) unavailable(`discovery: the root folder of server ${server} holds no small text file to read`);
  return file;
}

/**
 * Creates the run's folder in the server's root and records it (with all it will hold) at once;
 * runs `body` inside it; deletes it (204) and checks it is gone from the listing.
 */
async function inRunFolder(s: Session, label: string, body: (server: string, folder: string) => Promise<void>): Promise<void> {
  const { identifier } = await ownedServer(s);
  const folder = runName(s, label);
  const created = await call(s, 'createFolder', { params: { server: identifier }, body: { root: '/', name: folder } });
  const removal = { root: '/', files: [folder] };
  if (created.exchange.response.status === 204) s.ledger.record({ kind: 'file', name: `/${folder}`, deleteOperation: 'deleteFiles', params: { server: identifier }, body: removal });
  created.status(204);
  await body(identifier, folder);
  (await call(s, 'deleteFiles', { params: { server: identifier }, body: removal })).status(204);
  s.ledger.forget('deleteFiles', { server: identifier }, removal);
  const { answer, items } = await list(s, identifier, '/');
  if (named(items, folder)) violate(`the deleted folder /${folder} is still listed`, { kind: 'listing', pointer: '/data' }, answer.exchange);
}

async function write(s: Session, server: string, file: string, content: string): Promise<void> {
  (await call(s, 'writeFile', { params: { server }, query: { file }, rawBody: content, headers: { 'content-type': 'text/plain' } })).status(204);
}

async function contents(s: Session, server: string, file: string): Promise<ExchangeAssertion> {
  // The answer is the file itself (text/plain): asked for as such, the client does not take it for a proxy's page.
  return (await call(s, 'getFileContents', { params: { server }, query: { file }, headers: { accept: 'text/plain' } })).status(200);
}

describe('GET /api/client/servers/{server}/files/list', () => {
  conformance(
    "GET …/files/list MUST answer the folder's entries as file_object items whose mode and mode_bits agree (Wings' os.FileMode and its permission bits)",
    { operation: 'listFiles', behaviour: 'client.files.list.modes', effect: 'read', category: CATEGORY, keys: ['client'], profiles: V111 },
    async (s) => {
      const { identifier } = await ownedServer(s);
      const { answer, items } = await list(s, identifier, '/');
      items.forEach((item, i) => {
        if (item.object !== 'file_object') violate(`item ${i} has object ${JSON.stringify(item.object)}, not "file_object"`, { kind: 'value', pointer: `/data/${i}/object`, expected: '"file_object"', actual: item.object }, answer.exchange);
        raise(firstProblem(fileModeProblems(item.attributes, i)), answer);
      });
    },
  );
});

describe('GET /api/client/servers/{server}/files/contents', () => {
  conformance(
    "GET …/files/contents MUST answer a file's bytes as they are, as many as the listing's size (text/plain, not a JSON envelope)",
    { operation: 'getFileContents', behaviour: 'client.files.contents.raw', effect: 'read', category: CATEGORY, keys: ['client'], profiles: V111 },
    async (s) => {
      const { identifier } = await ownedServer(s);
      const file = await readableFile(s, identifier);
      const answer = await contents(s, identifier, `/${String(file.attributes['name'])}`);
      const bytes = Buffer.byteLength(answer.exchange.response.rawBody, 'utf8');
      if (bytes !== Number(file.attributes['size'])) violate(`the file has ${String(file.attributes['size'])} bytes in the listing but ${bytes} came back`, { kind: 'body', pointer: '', expected: `${String(file.attributes['size'])} bytes`, actual: `${bytes} bytes` }, answer.exchange);
    },
  );
});

describe('GET /api/client/servers/{server}/files/download and /files/upload', () => {
  conformance(
    "GET …/files/download MUST answer a signed_url to the node's /download/file whose token (HS256, 15 minutes) names the file, the server and the key's owner",
    { operation: 'getFileDownload', behaviour: 'client.files.download.signed-url', effect: 'read', category: CATEGORY, keys: ['client'], profiles: V111 },
    async (s) => {
      const server = await ownedServer(s);
      const file = `/${String((await readableFile(s, server.identifier)).attributes['name'])}`;
      const answer = (await call(s, 'getFileDownload', { params: { server: server.identifier }, query: { file } })).status(200);
      if (answer.json.object !== 'signed_url') violate(`object is ${JSON.stringify(answer.json.object)}, not "signed_url"`, { kind: 'value', pointer: '/object', expected: '"signed_url"', actual: answer.json.object }, answer.exchange);
      raise(firstProblem(signedUrlProblems(answer.json.attributes?.url, { path: '/download/file', claims: { file_path: file, server_uuid: server.uuid }, userId: server.userId, serverUuid: server.uuid, lifetimeSeconds: SIGNED_URL_SECONDS })), answer);
    },
  );

  conformance(
    "GET …/files/upload MUST answer a signed_url to the node's /upload/file whose token (HS256, 15 minutes) names the server and the key's owner",
    { operation: 'getFileUpload', behaviour: 'client.files.upload.signed-url', effect: 'read', category: CATEGORY, keys: ['client'], profiles: V111 },
    async (s) => {
      const server = await ownedServer(s);
      const answer = (await call(s, 'getFileUpload', { params: { server: server.identifier } })).status(200);
      if (answer.json.object !== 'signed_url') violate(`object is ${JSON.stringify(answer.json.object)}, not "signed_url"`, { kind: 'value', pointer: '/object', expected: '"signed_url"', actual: answer.json.object }, answer.exchange);
      raise(firstProblem(signedUrlProblems(answer.json.attributes?.url, { path: '/upload/file', claims: { server_uuid: server.uuid }, userId: server.userId, serverUuid: server.uuid, lifetimeSeconds: SIGNED_URL_SECONDS })), answer);
    },
  );
});

describe('writing files (in a folder of the run)', () => {
  conformance(
    'POST …/files/create-folder, …/files/write and …/files/delete MUST make a folder, store a file in it byte for byte (read back by …/files/contents, listed with its size) and remove both (204 each)',
    { operation: 'writeFile', behaviour: 'client.files.write-read-delete', effect: 'write', category: CATEGORY, keys: ['client'], profiles: V111 },
    async (s) => {
      await inRunFolder(s, 'files-write', async (server, folder) => {
        const text = 'motd=conformance ✓\nmax-players=7\n';
        await write(s, server, `/${folder}/notes.txt`, text);
        const read = await contents(s, server, `/${folder}/notes.txt`);
        if (read.exchange.response.rawBody !== text) violate('the file read back differs from what was written', { kind: 'body', pointer: '', expected: JSON.stringify(text), actual: JSON.stringify(read.exchange.response.rawBody) }, read.exchange);
        const { answer, items } = await list(s, server, `/${folder}`);
        const listed = named(items, 'notes.txt');
        if (!listed) violate(`notes.txt is not listed in /${folder}`, { kind: 'listing', pointer: '/data', expected: 'notes.txt' }, answer.exchange);
        if (listed.attributes['size'] !== Buffer.byteLength(text, 'utf8')) violate(`notes.txt is listed with size ${String(listed.attributes['size'])}, not ${Buffer.byteLength(text, 'utf8')}`, { kind: 'value', pointer: '/data', expected: Buffer.byteLength(text, 'utf8'), actual: listed.attributes['size'] }, answer.exchange);
        (await call(s, 'deleteFiles', { params: { server }, body: { root: `/${folder}`, files: ['notes.txt'] } })).status(204);
        const after = await list(s, server, `/${folder}`);
        if (named(after.items, 'notes.txt')) violate('the deleted notes.txt is still listed', { kind: 'listing', pointer: '/data' }, after.answer.exchange);
      });
    },
  );

  conformance(
    'POST …/files/copy MUST copy a file beside itself as "<name> copy<.ext>" (Wings\' naming), and PUT …/files/rename MUST move a file to its new name (204 each)',
    { operation: 'copyFile', behaviour: 'client.files.copy-rename', effect: 'write', category: CATEGORY, keys: ['client'], profiles: V111 },
    async (s) => {
      await inRunFolder(s, 'files-copy', async (server, folder) => {
        await write(s, server, `/${folder}/start.sh`, 'echo start\n');
        (await call(s, 'copyFile', { params: { server }, body: { location: `/${folder}/start.sh` } })).status(204);
        (await call(s, 'renameFiles', { params: { server }, body: { root: `/${folder}`, files: [{ from: 'start.sh', to: 'run.sh' }] } })).status(204);
        const { answer, items } = await list(s, server, `/${folder}`);
        const names = items.map((item) => String(item.attributes['name'])).sort();
        if (JSON.stringify(names) !== JSON.stringify(['run.sh', 'start copy.sh'])) violate(`the folder lists ${JSON.stringify(names)}, not ["run.sh","start copy.sh"]`, { kind: 'listing', pointer: '/data', expected: '["run.sh","start copy.sh"]', actual: JSON.stringify(names) }, answer.exchange);
        const copy = await contents(s, server, `/${folder}/start copy.sh`);
        if (copy.exchange.response.rawBody !== 'echo start\n') violate('the copy differs from the original', { kind: 'body', pointer: '', expected: JSON.stringify('echo start\n'), actual: JSON.stringify(copy.exchange.response.rawBody) }, copy.exchange);
      });
    },
  );

  conformance(
    'POST …/files/compress MUST answer the archive it made (a file_object named archive-<time>.tar.gz), and POST …/files/decompress MUST restore its files from it (204)',
    { operation: 'compressFiles', behaviour: 'client.files.compress-decompress', effect: 'write', category: CATEGORY, keys: ['client'], profiles: V111 },
    async (s) => {
      await inRunFolder(s, 'files-archive', async (server, folder) => {
        const text = 'level-name=world\n';
        await write(s, server, `/${folder}/world.txt`, text);
        const archive = (await call(s, 'compressFiles', { params: { server }, body: { root: `/${folder}`, files: ['world.txt'] } })).status(200);
        const name = String(archive.json.attributes?.name);
        // wings-v1.11.8:server/filesystem/compress.go#L50-L55: RFC 3339 time without colons.
        if (archive.json.object !== 'file_object' || !/^archive-\d{4}-\d{2}-\d{2}T\d{6}(Z|[+-]\d{4})\.tar\.gz$/.test(name) || archive.json.attributes?.is_file !== true) {
          violate(`the archive answered is ${JSON.stringify(archive.json.object)} ${JSON.stringify(name)}, not a file_object named archive-<RFC 3339 time without colons>.tar.gz`, { kind: 'value', pointer: '/attributes/name', expected: 'archive-YYYY-MM-DDThhmmssZ.tar.gz', actual: name }, archive.exchange);
        }
        (await call(s, 'deleteFiles', { params: { server }, body: { root: `/${folder}`, files: ['world.txt'] } })).status(204);
        (await call(s, 'decompressFile', { params: { server }, body: { root: `/${folder}`, file: name } })).status(204);
        const back = await contents(s, server, `/${folder}/world.txt`);
        if (back.exchange.response.rawBody !== text) violate('the file decompressed from the archive differs from the one archived', { kind: 'body', pointer: '', expected: JSON.stringify(text), actual: JSON.stringify(back.exchange.response.rawBody) }, back.exchange);
      });
    },
  );

  conformance(
    "POST …/files/chmod MUST set a file's permission bits (204): the listing then shows mode_bits 755 and mode -rwxr-xr-x",
    { operation: 'chmodFiles', behaviour: 'client.files.chmod', effect: 'write', category: CATEGORY, keys: ['client'], profiles: V111 },
    async (s) => {
      await inRunFolder(s, 'files-chmod', async (server, folder) => {
        await write(s, server, `/${folder}/start.sh`, 'echo start\n');
        (await call(s, 'chmodFiles', { params: { server }, body: { root: `/${folder}`, files: [{ file: 'start.sh', mode: '755' }] } })).status(204);
        const { answer, items } = await list(s, server, `/${folder}`);
        const file = named(items, 'start.sh');
        if (!file) violate('start.sh is not listed after chmod', { kind: 'listing', pointer: '/data', expected: 'start.sh' }, answer.exchange);
        if (file.attributes['mode_bits'] !== '755' || file.attributes['mode'] !== '-rwxr-xr-x') violate(`start.sh is listed as ${String(file.attributes['mode'])} (${String(file.attributes['mode_bits'])}), not -rwxr-xr-x (755)`, { kind: 'value', pointer: '/data', expected: '-rwxr-xr-x (755)', actual: `${String(file.attributes['mode'])} (${String(file.attributes['mode_bits'])})` }, answer.exchange);
      });
    },
  );
});

conformance(
  'POST …/files/pull MUST refuse a url that is not a URL with 422 (PullFileRequest: url required|string|url), before Wings is asked to fetch anything',
  { operation: 'pullFile', behaviour: 'client.files.pull.invalid-url', effect: 'write', category: CATEGORY, keys: ['client'], profiles: V111 },
  async (s) => {
    const { identifier } = await ownedServer(s);
    const answer = (await call(s, 'pullFile', { params: { server: identifier }, body: { url: 'not a url', directory: '/' } })).status(422);
    const errors = (answer.json.errors ?? []) as Array<{ code?: string; meta?: { source_field?: string; rule?: string } }>;
    if (!errors.some((e) => e.meta?.source_field === 'url' && e.meta?.rule === 'url')) violate('no validation error names the url field and its url rule', { kind: 'error', pointer: '/errors', expected: 'meta.source_field "url", meta.rule "url"', actual: JSON.stringify(errors.map((e) => e.meta)) }, answer.exchange);
  },
);

conformance(
  'POST …/files/create-folder MUST refuse a subuser without file.create with 403 and make no folder',
  { operation: 'createFolder', behaviour: 'client.files.create-folder.permission', effect: 'write', category: CATEGORY, keys: ['client', 'client-subuser-limited'], profiles: V111, concerns: 'access' },
  async (s) => {
    const server = await ownedServer(s);
    await subuserLacking(s, server, 'file.create');
    const folder = runName(s, 'files-denied');
    const removal = { root: '/', files: [folder] };
    // CreateFolderRequest::permission() is file.create (v1.11.8:app/Http/Requests/Api/Client/Servers/Files/CreateFolderRequest.php#L13-L16).
    const answer = await call(s, 'createFolder', { as: 'client-subuser-limited', params: { server: server.identifier }, body: { root: '/', name: folder } });
    if (answer.exchange.response.status === 204) s.ledger.record({ kind: 'file', name: `/${folder}`, deleteOperation: 'deleteFiles', params: { server: server.identifier }, body: removal });
    answer.error({ code: 'AccessDeniedHttpException', status: 403 });
    const { answer: listing, items } = await list(s, server.identifier, '/');
    if (named(items, folder)) violate(`the subuser's folder /${folder} was made`, { kind: 'state', pointer: '/data', expected: 'no such folder' }, listing.exchange);
  },
);
