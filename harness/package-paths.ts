import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package's own directory: where suites/, spec/, fixtures/ and the configs live, whether this is
 * the repository or an install under node_modules. What a run writes stays in the current directory.
 */
export const PACKAGE_ROOT: string = fileURLToPath(new URL('..', import.meta.url));

const require = createRequire(join(PACKAGE_ROOT, 'package.json'));

/**
 * A file inside a dependency, wherever the install put it (the package's own node_modules in the
 * repository, the project's node_modules when the package is installed and its dependencies hoisted).
 */
export function dependencyFile(name: string, file: string): string {
  let dir = dirname(require.resolve(name));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === name) return join(dir, file);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the directory of the package ${name}`);
    dir = parent;
  }
}
