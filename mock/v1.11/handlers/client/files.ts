import { displayExceptionV111, PanelErrorV111 } from '../../errors/panel-error.ts';
import type { ContextV111 } from '../../pipeline/context.ts';
import type { ServerRow } from '../../store/rows.ts';
import { fileObjectAttributes } from '../../transform/client/server-transformers.ts';
import { fileDownloadUrl, fileUploadUrl } from '../../wings/signed-urls.ts';
import type { HandlerTableV111 } from '../handler.ts';
import { noContentV111 } from '../handler.ts';
import { logActivity } from './activity-log.ts';
import { itemBody, listBody } from './client-views.ts';
import { signingContext } from './server-control.ts';
import { callWings, targetOf, wingsOf } from './wings-link.ts';

/**
 * The file routes (v1.11.8:app/Http/Controllers/Api/Client/Servers/FileController.php,
 * FileUploadController.php) over the simulated Wings' file system.
 */

/** config('pterodactyl.files.max_edit_size'): 4 MiB. */
const MAX_EDIT_SIZE = 1024 * 1024 * 4;

function server(ctx: ContextV111): ServerRow {
  return ctx.model<ServerRow>('server');
}

function text(ctx: ContextV111, key: string): string | null {
  const value = ctx.inputValue(key);
  return value === null || value === undefined ? null : String(value);
}

/** `$request->input('root')` passed on as `root ?? '/'`. */
function root(ctx: ContextV111, key = 'root'): string {
  return text(ctx, key) ?? '/';
}

function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((item) => String(item));
  if (value !== null && typeof value === 'object') return Object.values(value).map((item) => String(item));
  return [];
}

function objectList(value: unknown): Array<Record<string, unknown>> {
  const items = Array.isArray(value) ? value : value !== null && typeof value === 'object' ? Object.values(value) : [];
  return items.filter((item): item is Record<string, unknown> => item !== null && typeof item === 'object');
}

/** The raw request body (`$request->getContent()`): the file's new content. */
function rawBody(ctx: ContextV111): string {
  const body = (ctx.request as { body?: Buffer | string }).body;
  return body === undefined ? '' : Buffer.isBuffer(body) ? body.toString('utf8') : String(body);
}

export const fileHandlers: HandlerTableV111 = {
  listFiles: (ctx) => {
    const stats = callWings(() => wingsOf(ctx.panel).listDirectory(targetOf(server(ctx)), text(ctx, 'directory') ?? '/'));
    return { status: 200, body: listBody('file_object', stats.map((stat) => fileObjectAttributes(stat as unknown as Record<string, unknown>))) };
  },

  /** The raw text with Content-Type text/plain; more than max_edit_size is refused (FileSizeTooLargeException, 400). */
  getFileContents: (ctx) => {
    const file = String(ctx.inputValue('file'));
    const contents = callWings(() => wingsOf(ctx.panel).fileContents(targetOf(server(ctx)), file));
    if (contents.size > MAX_EDIT_SIZE) {
      throw displayExceptionV111('The file you are attempting to open is too large to view in the file editor.', 'FileSizeTooLargeException', 400, '/app/Exceptions/Http/Server/FileSizeTooLargeException.php');
    }
    logActivity(ctx, 'server:file.read', { file });
    return { status: 200, body: contents.content, headers: { 'Content-Type': 'text/plain' } };
  },

  getFileDownload: (ctx) => {
    const file = String(ctx.inputValue('file'));
    const url = fileDownloadUrl(signingContext(ctx, server(ctx)), file);
    logActivity(ctx, 'server:file.download', { file });
    return { status: 200, body: { object: 'signed_url', attributes: { url } } };
  },

  getFileUpload: (ctx) => ({ status: 200, body: { object: 'signed_url', attributes: { url: fileUploadUrl(signingContext(ctx, server(ctx))) } } }),

  writeFile: (ctx) => {
    const file = String(ctx.inputValue('file'));
    callWings(() => wingsOf(ctx.panel).writeFile(targetOf(server(ctx)), file, rawBody(ctx)));
    logActivity(ctx, 'server:file.write', { file });
    return noContentV111();
  },

  createFolder: (ctx) => {
    const name = String(ctx.inputValue('name'));
    // `$request->input('root', '/')` is null for a root sent empty or null, and createDirectory(string $name, string $path) refuses it.
    if (ctx.has('root') && ctx.inputValue('root') === null) {
      throw new PanelErrorV111('internal', 500, 'TypeError', 'Pterodactyl\\Repositories\\Wings\\DaemonFileRepository::createDirectory(): Argument #2 ($path) must be of type string, null given', {}, '/app/Repositories/Wings/DaemonFileRepository.php');
    }
    callWings(() => wingsOf(ctx.panel).createDirectory(targetOf(server(ctx)), name, root(ctx)));
    logActivity(ctx, 'server:file.create-directory', { name, directory: ctx.inputValue('root') ?? null });
    return noContentV111();
  },

  renameFiles: (ctx) => {
    const files = objectList(ctx.inputValue('files')).map((file) => ({ from: String(file['from'] ?? ''), to: String(file['to'] ?? '') }));
    callWings(() => wingsOf(ctx.panel).renameFiles(targetOf(server(ctx)), root(ctx), files));
    logActivity(ctx, 'server:file.rename', { directory: ctx.inputValue('root') ?? null, files: ctx.inputValue('files') });
    return noContentV111();
  },

  copyFile: (ctx) => {
    const location = String(ctx.inputValue('location'));
    callWings(() => wingsOf(ctx.panel).copyFile(targetOf(server(ctx)), location));
    logActivity(ctx, 'server:file.copy', { file: location });
    return noContentV111();
  },

  compressFiles: (ctx) => {
    const stat = callWings(() => wingsOf(ctx.panel).compressFiles(targetOf(server(ctx)), root(ctx), stringList(ctx.inputValue('files'))));
    logActivity(ctx, 'server:file.compress', { directory: ctx.inputValue('root') ?? null, files: ctx.inputValue('files') });
    return { status: 200, body: itemBody('file_object', fileObjectAttributes(stat as unknown as Record<string, unknown>)) };
  },

  decompressFile: (ctx) => {
    const file = String(ctx.inputValue('file'));
    callWings(() => wingsOf(ctx.panel).decompressFile(targetOf(server(ctx)), root(ctx), file));
    logActivity(ctx, 'server:file.decompress', { directory: ctx.inputValue('root') ?? null, files: file });
    return noContentV111();
  },

  deleteFiles: (ctx) => {
    callWings(() => wingsOf(ctx.panel).deleteFiles(targetOf(server(ctx)), root(ctx), stringList(ctx.inputValue('files'))));
    logActivity(ctx, 'server:file.delete', { directory: ctx.inputValue('root') ?? null, files: ctx.inputValue('files') });
    return noContentV111();
  },

  chmodFiles: (ctx) => {
    const files = objectList(ctx.inputValue('files')).map((file) => ({ file: String(file['file'] ?? ''), mode: String(file['mode'] ?? '') }));
    callWings(() => wingsOf(ctx.panel).chmodFiles(targetOf(server(ctx)), root(ctx), files));
    return noContentV111();
  },

  /** The pull is recorded by the simulated Wings, never fetched. */
  pullFile: (ctx) => {
    const url = String(ctx.inputValue('url'));
    const request: { url: string; root: string; file_name?: string; use_header?: boolean; foreground?: boolean } = { url, root: root(ctx, 'directory') };
    const filename = text(ctx, 'filename');
    if (filename !== null) request.file_name = filename;
    if (ctx.has('use_header') && ctx.inputValue('use_header') !== null) request.use_header = Boolean(ctx.inputValue('use_header')) && ctx.inputValue('use_header') !== '0' && ctx.inputValue('use_header') !== 'false';
    if (ctx.has('foreground') && ctx.inputValue('foreground') !== null) request.foreground = Boolean(ctx.inputValue('foreground')) && ctx.inputValue('foreground') !== '0' && ctx.inputValue('foreground') !== 'false';
    callWings(() => wingsOf(ctx.panel).pullFile(targetOf(server(ctx)), request));
    logActivity(ctx, 'server:file.pull', { directory: ctx.inputValue('directory') ?? null, url });
    return noContentV111();
  },
};
