// npm run panel-routes -- <panel checkout or bare git dir> [--tag v0.7.19]
// Prints spec/panel-routes-<tag>.yaml: the API routes read from the panel's own route files at that tag.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { extractApiRoutes, renderRoutesYaml } from './panel-routes-extract.ts';

const USAGE = 'usage: npm run panel-routes -- <panel checkout or git dir> [--tag v0.7.19]';
const { values, positionals } = parseArgs({ allowPositionals: true, options: { tag: { type: 'string', default: 'v0.7.19' } } });
const [panel] = positionals;
if (positionals.length !== 1 || panel === undefined) {
  console.error(USAGE);
  process.exit(2);
}
const tag = values.tag;
// A checkout is read as it is on disk (check out the tag first); a git dir is read at the tag.
const checkout = existsSync(join(panel, 'routes', 'api-application.php'));
const read = (path: string) =>
  checkout ? readFileSync(join(panel, path), 'utf8') : execFileSync('git', ['--git-dir', panel, 'show', `${tag}:${path}`], { encoding: 'utf8' });
process.stdout.write(renderRoutesYaml(extractApiRoutes(read, tag), tag));
