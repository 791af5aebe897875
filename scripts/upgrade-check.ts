// npm run upgrade-check -- V07.json V111.json [--access-log FILE] [--out DIR]
// The report an operator reads before upgrading a v0.7.19 panel to v1.11: from the behaviour document
// of a run against the 0.7 panel and one of a run against the 1.x target (a staging panel, or the
// v1.11 twin), and the mapping of spec/upgrade-v0.7.19-to-v1.11.yaml, it writes <out>/upgrade.md and
// upgrade.json: for every 0.7 operation what the same request gets on 1.11, breaking changes first;
// with --access-log, ranked by the calls the operator's integrations made.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AccessLogError, readAccessLog, type AccessLogUsage } from '../harness/access-log.ts';
import { parseCommandLine, readOptions, UsageError, type CommandSpec } from '../harness/command-line.ts';
import { EXIT_CODES } from '../harness/outcomes.ts';
import { reportsDir } from '../harness/exchange-log.ts';
import { setting } from '../harness/run-config.ts';
import { loadUpgradeMapping, type UpgradeMapping } from '../harness/upgrade-mapping.ts';
import type { BehaviourDocument } from '../reporters/behaviour-document.ts';
import { asBehaviourDocument, DocumentError, notComparable } from '../reporters/behaviour-diff.ts';
import { renderUpgradeMarkdown } from '../reporters/upgrade-markdown.ts';
import { breakingMet, buildUpgradeReport } from '../reporters/upgrade-report.ts';
import { documentProfile } from '../reporters/upgrade-profile.ts';

const SPEC: CommandSpec = {
  usage: 'npm run upgrade-check -- V0.7.json V1.11.json [--access-log FILE] [--out DIR]',
  summary:
    'What each v0.7.19 API call gets on v1.11: compares the behaviour document of a run against the 0.7 panel with one of a run against the 1.x target, adds the changes read from the panel source (spec/upgrade-v0.7.19-to-v1.11.yaml), and writes upgrade.md and upgrade.json, breaking changes first.',
  options: {
    'access-log': { type: 'string', value: 'FILE', description: "an nginx/Apache access log (combined format, plain or .gz): ranks the breaking changes by your integrations' calls" },
    out: { type: 'string', value: 'DIR', description: 'where upgrade.md and upgrade.json go (default <PTERO_REPORTS_DIR>, i.e. reports/)' },
  },
  positionals: { min: 2, max: 2 },
  epilogue: [
    'environment: PTERO_KEEP_PERSONAL_DATA=1 writes the client addresses of the access log as logged (default: pseudonyms)',
    'exit codes: 0 no breaking change meets your calls (without --access-log: none at all), 1 some do,',
    '            2 a usage error, an unreadable document or log, or a document whose run could not test',
  ],
};

/** One line on stderr, exit 2: the usage code, which is also the could-not-test code. */
function fail(message: string): never {
  console.error(message);
  process.exit(EXIT_CODES.couldNotTest);
}

const parsed = parseCommandLine(process.argv.slice(2), SPEC);
const [oldPath, newPath] = parsed.positionals as [string, string];
const keepPersonalData = readOptions(SPEC, () => {
  const value = setting('PTERO_KEEP_PERSONAL_DATA');
  if (value === undefined || value === '' || value === '0') return false;
  if (value === '1') return true;
  throw new UsageError(`PTERO_KEEP_PERSONAL_DATA must be 1 or 0, got "${value}"`);
});

function load(path: string): BehaviourDocument {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    fail(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    fail(`${path} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return asBehaviourDocument(value, path);
  } catch (error) {
    if (error instanceof DocumentError) fail(error.message);
    throw error;
  }
}

let mapping: UpgradeMapping;
try {
  mapping = loadUpgradeMapping();
} catch (error) {
  fail(`the upgrade mapping cannot be read: ${error instanceof Error ? error.message : String(error)}`);
}
const before = load(oldPath);
const after = load(newPath);
// A run that could not test describes its setup, not the panel: nothing to compare.
const refusals = [notComparable(before, oldPath), notComparable(after, newPath)].filter((r): r is string => r !== undefined);
if (refusals.length > 0) {
  for (const refusal of refusals) console.error(refusal.replace(/^not comparable: /, 'cannot check the upgrade: '));
  process.exit(EXIT_CODES.couldNotTest);
}
const profiles = [documentProfile(before, mapping), documentProfile(after, mapping)];
if (profiles[0] !== undefined && profiles[0] === profiles[1]) {
  fail(`both documents are ${profiles[0]} runs: give the 0.7 panel's behavior.json first and the 1.x target's second`);
}
if (profiles[0] === 'v1.11' || profiles[1] === 'v0.7.19') {
  fail(`${profiles[0] === 'v1.11' ? oldPath : newPath} is a ${profiles[0] === 'v1.11' ? 'v1.11' : 'v0.7.19'} document: give the 0.7 panel's behavior.json first, the 1.x target's second`);
}

let usage: AccessLogUsage | undefined;
const logPath = parsed.values['access-log'] as string | undefined;
if (logPath !== undefined) {
  try {
    usage = await readAccessLog(
      logPath,
      mapping.operations.map((o) => ({ operation: o.operation, method: o.from.method, path: o.from.path })),
    );
  } catch (error) {
    if (error instanceof AccessLogError) fail(error.message);
    throw error;
  }
}

const report = buildUpgradeReport({ mapping, before, after, generatedAt: new Date().toISOString(), ...(usage ? { usage } : {}), maskClients: !keepPersonalData });
// PTERO_REPORTS_DIR, as every command reads it (the helper that reads it is moving between layers).
const out = (parsed.values['out'] as string | undefined) ?? reportsDir();
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'upgrade.json'), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(join(out, 'upgrade.md'), renderUpgradeMarkdown(report));

const s = report.summary;
console.log(`from: ${report.from.run.label} (${report.from.run.generatedAt})`);
console.log(`to:   ${report.to.run.label} (${report.to.run.generatedAt})`);
for (const p of [0, 1] as const) if (profiles[p] === undefined) console.log(`note: cannot tell the panel version of ${p === 0 ? oldPath : newPath} from its operations; read as ${p === 0 ? 'v0.7.19' : 'v1.11'}`);
console.log(`${s.breaking} of ${s.operations} operations break (${Object.entries(s.byVerdict).filter(([, n]) => n > 0).map(([v, n]) => `${n} ${v}`).join(', ')}); ${s.observed} compared on what both runs observed`);
if (report.usage) {
  const u = report.usage;
  console.log(`access log: ${u.lines} lines, ${u.apiRequests} /api requests (${u.mappedRequests} to 0.7 operations), ${u.unknownLines} lines not in the log format`);
  for (const r of u.ranking.slice(0, 10)) console.log(`  BREAKING ${r.calls}× ${r.method} ${r.path}: ${r.breakingChanges[0] ?? r.verdict}${r.breakingChanges.length > 1 ? ` (+${r.breakingChanges.length - 1})` : ''}`);
  if (u.ranking.length > 10) console.log(`  … and ${u.ranking.length - 10} more called operations that break`);
} else {
  for (const op of report.operations.filter((o) => o.breaking).slice(0, 10)) console.log(`  BREAKING ${op.method} ${op.path}: ${op.verdict}`);
}
for (const c of report.common.filter((c) => c.breaking)) console.log(`  every call: ${c.summary}`);
console.log(`report: ${join(out, 'upgrade.md')} (and upgrade.json)`);
process.exit(breakingMet(report) ? 1 : 0);
