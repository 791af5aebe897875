import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importProblems } from './import-cycles.ts';

let root: string | undefined;

/** A throw-away project: path → source. */
function project(files: Record<string, string>): string {
  root = mkdtempSync(join(tmpdir(), 'ptero-import-cycles-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

describe('npm run lint:cycles', () => {
  it('passes a project whose layers depend one way', () => {
    const dir = project({
      'harness/model.ts': 'export interface Model { id: string }\n',
      'suites/support/use.ts': "import type { Model } from '../../harness/model.ts';\nexport const m: Model = { id: 'x' };\n",
      'reporters/report.ts': "import { m } from '../harness/model.ts';\nexport { m };\n",
      'scripts/run.ts': "import '../reporters/report.ts';\nimport '../suites/support/use.ts';\n",
    });
    // A type-only harness model is the layer both use; scripts may import anything.
    expect(importProblems(dir)).toEqual([]);
  });

  it('fails on a cycle, type-only imports included', () => {
    const dir = project({
      'harness/a.ts': "import type { B } from './b.ts';\nexport interface A { b?: B }\n",
      'harness/b.ts': "import { c } from './c.ts';\nexport interface B { c: typeof c }\n",
      'harness/c.ts': "import type { A } from './a.ts';\nexport const c: A | undefined = undefined;\n",
      'harness/d.ts': "import type { A } from './a.ts';\nexport type D = A;\n",
    });
    expect(importProblems(dir)).toEqual([{ kind: 'cycle', modules: ['harness/a.ts', 'harness/b.ts', 'harness/c.ts'] }]);
  });

  it('fails on a layer crossing: suites → reporters, reporters → suites, suites → mock, mock → reporters, harness → mock', () => {
    const dir = project({
      'suites/support/session.ts': "import { line } from '../../reporters/log.ts';\nexport const s = line;\n",
      'reporters/log.ts': 'export const line = 1;\n',
      'reporters/labels.ts': "import type { Meta } from '../suites/support/meta.ts';\nexport type L = Meta;\n",
      'suites/support/meta.ts': 'export interface Meta { id: string }\n',
      'mock/panel.ts': "export { line } from '../reporters/log.ts';\n",
      'harness/target.ts': "export const start = () => import('../mock/panel.ts');\n",
      'suites/support/start.ts': "import { line } from '../../mock/panel.ts';\nexport const started = line;\n",
    });
    expect(importProblems(dir)).toEqual([
      { kind: 'layer', modules: ['harness/target.ts', 'mock/panel.ts'] },
      { kind: 'layer', modules: ['mock/panel.ts', 'reporters/log.ts'] },
      { kind: 'layer', modules: ['reporters/labels.ts', 'suites/support/meta.ts'] },
      { kind: 'layer', modules: ['suites/support/session.ts', 'reporters/log.ts'] },
      { kind: 'layer', modules: ['suites/support/start.ts', 'mock/panel.ts'] },
    ]);
  });

  it('lets through only the allowed edge, nothing beside it', () => {
    const dir = project({
      'suites/support/global-setup.ts': "import { mutationFront } from '../../mutation/front.ts';\nexport default mutationFront;\n",
      'suites/support/session.ts': "import { mutationFront } from '../../mutation/front.ts';\nexport const f = mutationFront;\n",
      'mutation/front.ts': 'export const mutationFront = 1;\n',
    });
    expect(importProblems(dir)).toEqual([{ kind: 'layer', modules: ['suites/support/session.ts', 'mutation/front.ts'] }]);
    expect(importProblems(dir, [])).toHaveLength(2);
  });

  it('ignores test files', () => {
    const dir = project({
      'reporters/labels.test.ts': "import '../suites/support/meta.ts';\n",
      'suites/support/meta.ts': 'export const meta = 1;\n',
    });
    expect(importProblems(dir)).toEqual([]);
  });
});
