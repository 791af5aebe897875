// npm run lint:cycles (part of npm test): fails when the project's non-test modules import each other
// in a cycle (type-only imports included: a type cycle still couples two layers), and when a layer
// imports one it must not (the one-way rule of the README's architecture section: suites → harness,
// reporters → harness, mock → harness; never suites ↔ reporters), but for the edges ALLOWED lists. Uses TypeScript's own
// pre-processor to read the imports, so it sees exactly what tsc sees, re-exports and dynamic
// imports with a literal specifier included.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { parseCommandLine } from '../harness/command-line.ts';

const ROOTS = ['harness', 'mock', 'suites', 'reporters', 'scripts', 'mutation', 'bench'];
/** Layer → layers it must never import (the one-way rule of the README's architecture section). */
const FORBIDDEN: Record<string, string[]> = {
  harness: ['suites', 'reporters', 'scripts', 'mutation', 'bench', 'mock'],
  suites: ['reporters', 'scripts', 'mutation', 'bench', 'mock'],
  reporters: ['suites', 'scripts', 'mutation', 'bench', 'mock'],
  mock: ['suites', 'reporters', 'scripts', 'mutation', 'bench'],
};

/**
 * The one module-level exception, each edge with its reason. The conformance project's global setup
 * is the suite runner's composition root: in mock mode it starts the target, the embedded mock and,
 * for `npm run mutation`, the mutation proxy in front of it (PTERO_MUTATION). No suite imports it.
 */
export const ALLOWED: readonly { from: string; to: string; why: string }[] = [
  { from: 'suites/support/global-setup.ts', to: 'mock/server.ts', why: 'the runner starts the embedded mock' },
  { from: 'suites/support/global-setup.ts', to: 'mock/testing/fixture-keys.ts', why: "the runner hands the workers the embedded mock's fixture keys" },
  { from: 'suites/support/global-setup.ts', to: 'mutation/front.ts', why: 'the runner starts the mutation proxy in front of the embedded mock' },
];

export interface ImportProblem {
  readonly kind: 'cycle' | 'layer';
  readonly modules: readonly string[];
}

export function listModules(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name === 'node_modules') continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts') && !path.endsWith('.test.ts') && !path.endsWith('.d.ts')) found.push(path);
    }
  };
  for (const top of ROOTS) {
    const dir = join(root, top);
    try {
      if (statSync(dir).isDirectory()) walk(dir);
    } catch {
      // a layer the project does not have
    }
  }
  return found.sort();
}

/** The project modules each module imports (relative specifiers only: packages cannot close a cycle). */
export function importGraph(root: string, modules: readonly string[]): Map<string, string[]> {
  const known = new Set(modules);
  const graph = new Map<string, string[]>();
  for (const module of modules) {
    const info = ts.preProcessFile(readFileSync(module, 'utf8'), true, true);
    const targets = info.importedFiles
      .map((f) => f.fileName)
      .filter((s) => s.startsWith('.'))
      .map((s) => resolve(dirname(module), s))
      .filter((t) => known.has(t));
    graph.set(module, [...new Set(targets)]);
  }
  void root;
  return graph;
}

/** Strongly connected components with more than one module (or a self-import), by Tarjan's algorithm. */
export function findCycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string) => {
    indices.set(node, index);
    low.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, indices.get(next)!));
      }
    }
    if (low.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return cycles;
}

export function importProblems(root: string, allowed: typeof ALLOWED = ALLOWED): ImportProblem[] {
  const graph = importGraph(root, listModules(root));
  const permitted = (from: string, to: string) => allowed.some((a) => a.from === from && a.to === to);
  const layerOf = (path: string) => relative(root, path).split('/')[0] ?? '';
  const problems: ImportProblem[] = findCycles(graph).map((modules) => ({ kind: 'cycle', modules: modules.map((m) => relative(root, m)) }));
  for (const [from, targets] of graph) {
    for (const to of targets) {
      const edge: [string, string] = [relative(root, from), relative(root, to)];
      if ((FORBIDDEN[layerOf(from)] ?? []).includes(layerOf(to)) && !permitted(...edge)) problems.push({ kind: 'layer', modules: edge });
    }
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  parseCommandLine(process.argv.slice(2), {
    usage: 'npm run lint:cycles',
    summary: 'Fails when non-test modules import each other in a cycle, or a layer imports one it must not.',
    options: {},
  });
  const problems = importProblems(process.cwd());
  for (const problem of problems) {
    console.error(problem.kind === 'cycle' ? `import cycle: ${problem.modules.join(' ↔ ')}` : `layer rule: ${problem.modules[0]} imports ${problem.modules[1]}`);
  }
  console.log(problems.length === 0 ? `import check: no cycle, no layer crossed (${listModules(process.cwd()).length} modules)` : `import check: ${problems.length} problems`);
  process.exitCode = problems.length === 0 ? 0 : 1;
}
