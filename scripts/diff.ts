// npm run diff -- OLD.json NEW.json [--out FILE.md]
// Compares two behaviour documents (the behavior.json of two conformance runs: before and after an
// upgrade, staging and production, two panels). Prints a summary, writes the Markdown report
// (default <reportsDir>/behavior-diff.md) and exits 1 when something a client could depend on
// broke, 0 when nothing did (additions alone), 2 on a usage error or when either run could not
// test (a failed preflight, the panel lost: its document describes the setup, not the panel).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseCommandLine, type CommandSpec } from '../harness/command-line.ts';
import { asBehaviourDocument, diffBehaviourDocuments, DocumentError, groupChanges, notComparable, renderDiffMarkdown, summarizeDiff } from '../reporters/behaviour-diff.ts';
import { reportsDir } from '../harness/exchange-log.ts';

const SPEC: CommandSpec = {
  usage: 'npm run diff -- OLD.json NEW.json [--out FILE.md]',
  summary: 'Compares two behaviour documents (behavior.json of two runs): prints a summary and writes the changes as Markdown.',
  options: { out: { type: 'string', value: 'FILE.md', description: 'where the Markdown goes (default <PTERO_REPORTS_DIR>/behavior-diff.md)' } },
  positionals: { min: 2, max: 2 },
  epilogue: ['exit codes: 0 nothing a client could depend on broke, 1 something did, 2 a usage error or an unreadable document'],
};

/** A document that cannot be read: one line, exit 2 (the usage code). */
function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const parsed = parseCommandLine(process.argv.slice(2), SPEC);
const [oldPath, newPath] = parsed.positionals as [string, string];

function load(path: string) {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    fail(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return asBehaviourDocument(JSON.parse(text), path);
  } catch (error) {
    if (error instanceof DocumentError) fail(error.message);
    fail(`${path} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const before = load(oldPath);
const after = load(newPath);
const refusals = [notComparable(before, oldPath), notComparable(after, newPath)].filter((r): r is string => r !== undefined);
if (refusals.length > 0) {
  for (const refusal of refusals) console.error(refusal);
  process.exit(2);
}
const diff = diffBehaviourDocuments(before, after);
const out = (parsed.values['out'] as string | undefined) ?? join(reportsDir(), 'behavior-diff.md');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, renderDiffMarkdown(diff));

console.log(`old: ${diff.old.label} (${diff.old.generatedAt})`);
console.log(`new: ${diff.new.label} (${diff.new.generatedAt})`);
for (const note of diff.notes) console.log(`note: ${note}`);
console.log(summarizeDiff(diff));
const groups = groupChanges(diff.changes);
const show = (g: (typeof groups)[number]) => `${g.message}${g.where.length > 1 ? ` (on ${g.where.length}: ${g.where.slice(0, 3).join(', ')}${g.where.length > 3 ? ', …' : ''})` : g.where.length === 1 && !g.message.includes(g.where[0]!.split(' ')[0]!) ? ` (${g.where[0]})` : ''}`;
const breaking = groups.filter((g) => g.breaking);
for (const g of breaking.slice(0, 20)) console.log(`  BREAKING ${show(g)}`);
if (breaking.length > 20) console.log(`  … and ${breaking.length - 20} more breaking changes`);
const other = groups.filter((g) => !g.breaking);
for (const g of other.slice(0, 10)) console.log(`  ${show(g)}`);
if (other.length > 10) console.log(`  … and ${other.length - 10} more`);
console.log(`report: ${out}`);
process.exit(diff.breaking > 0 ? 1 : 0);
