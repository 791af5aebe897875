// npm run panel-routes -- <panel checkout or bare git dir> [--tag v0.7.19] [--out FILE]
// Prints (or writes to FILE) spec/panel-routes-<tag>.yaml: the API routes read from the panel's own route files at that tag.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCommandLine } from '../harness/command-line.ts';
import { extractApiRoutes, renderRoutesYaml } from '../harness/panel-routes-extract.ts';

const { values, positionals } = parseCommandLine(process.argv.slice(2), {
  usage: 'npm run panel-routes -- PANEL [--tag v0.7.19] [--out FILE]',
  summary: 'Prints the API route list of a panel checkout (as it is on disk) or bare git dir (read at the tag), as YAML.',
  options: {
    tag: { type: 'string', value: 'TAG', description: 'the tag to read a git dir at, and to name in the YAML (default v0.7.19)' },
    out: { type: 'string', value: 'FILE', description: 'write the YAML to FILE (e.g. spec/panel-routes-v1.11.8.yaml) instead of printing it' },
  },
  positionals: { min: 1, max: 1 },
});
const panel = positionals[0] as string;
const tag = (values['tag'] as string | undefined) ?? 'v0.7.19';
// A checkout is read as it is on disk (check out the tag first); a git dir is read at the tag.
const checkout = existsSync(join(panel, 'routes', 'api-application.php'));
const read = (path: string) =>
  checkout ? readFileSync(join(panel, path), 'utf8') : execFileSync('git', ['--git-dir', panel, 'show', `${tag}:${path}`], { encoding: 'utf8' });
const yaml = renderRoutesYaml(extractApiRoutes(read, tag), tag);
const out = values['out'] as string | undefined;
if (out === undefined) process.stdout.write(yaml);
else writeFileSync(out, yaml);
