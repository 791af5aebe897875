#!/usr/bin/env node
// npx pterodactyl-conformance <command> [args]: the package's commands, run in THIS process.
// tsx is registered here and the command's TypeScript module imported: no wrapper process, so a
// Ctrl-C reaches the command itself (its clean-up handlers) and nothing stands between them.
// Files of the package (suites, spec, fixtures) are found from the package's own directory;
// what a run writes (reports/, allure-results/) and reads (.env) stays in the current directory.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const COMMANDS = {
  conformance: ['scripts/conformance.ts', 'run the conformance suite against PTERO_URL (or the embedded mock); `conformance --list` prints every behaviour'],
  mock: ['mock/cli.ts', 'start the mock panel (a local stock v0.7.19 panel); `mock --help` for its options'],
  report: ['scripts/report.ts', 'build the last run\'s Allure report as one offline HTML file'],
  diff: ['scripts/diff.ts', 'compare two behaviour documents: diff OLD.json NEW.json [--out FILE.md]'],
  'upgrade-check': ['scripts/upgrade-check.ts', 'before upgrading 0.7 → 1.11: upgrade-check V0.7.json V1.11.json [--access-log FILE]; what each 0.7 call gets on 1.11'],
  cleanup: ['scripts/cleanup.ts', 'remove what earlier runs left on a live panel (needs PTERO_URL and PTERO_APPLICATION_KEY)'],
};

function usage() {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    'usage: pterodactyl-conformance <command> [args]',
    '',
    'commands (each takes --help for its own options):',
    ...Object.entries(COMMANDS).map(([name, [, text]]) => `  ${name.padEnd(width)}  ${text}`),
    '',
    'The target and keys come from the environment or a .env file in the current directory',
    '(PTERO_URL, PTERO_APPLICATION_KEY, PTERO_CLIENT_KEY, …); reports are written under ./reports.',
  ].join('\n');
}

const [command, ...rest] = process.argv.slice(2);
if (command === '--help' || command === '-h' || command === 'help') {
  console.log(usage());
  process.exit(0);
}
const entry = command !== undefined && Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
if (!entry) {
  // One line, exit 2, as every command refuses its arguments (harness/command-line.ts).
  const problem = command === undefined ? 'no command given' : command.startsWith('-') ? `unknown option "${command}"` : `unknown command "${command}"`;
  console.error(`${problem}: one of ${Object.keys(COMMANDS).join(', ')} (usage: pterodactyl-conformance <command> [args]; --help for the list)`);
  process.exit(2);
}

// The command reads its arguments from process.argv as under `tsx <script> args`.
const script = new URL(`../${entry[0]}`, import.meta.url);
process.argv = [process.argv[0], fileURLToPath(script), ...rest];
register();
await import(script.href);
