// npm run cleanup: removes what earlier conformance runs left on a live panel — the entries of
// ledger files under the reports directory (interrupted or killed runs), then anything whose name
// carries the run-id prefix — and nothing else. Needs PTERO_URL and PTERO_APPLICATION_KEY (and PTERO_CLIENT_KEY for
// what the 1.x client suites left: subusers, SSH and API keys, server settings to restore).
// The work is harness/run-leftovers.ts, the same code an interrupted run cleans up with.
// Exit codes: 0 nothing left, 1 something could not be removed, 2 a refused configuration.
import { parseCommandLine } from '../harness/command-line.ts';
import { childEnvironment, ConfigError, readRunConfig, RUN_ID_PREFIX } from '../harness/run-config.ts';
import { ledgerFilesIn, removeLeftovers } from '../harness/run-leftovers.ts';
import { reportsDir } from '../harness/exchange-log.ts';
import { guardOutput } from './interruption.ts';

parseCommandLine(process.argv.slice(2), {
  usage: 'npm run cleanup',
  summary: 'Removes what earlier conformance runs left on a live panel (their ledger files, then anything named with the run prefix) and nothing else.',
  options: {},
  epilogue: ['needs PTERO_URL and PTERO_APPLICATION_KEY or PTERO_CLIENT_KEY (environment or .env): the application key for the application resources and the name scan, the client key for what the 1.x client suites left', 'exit codes: 0 nothing left, 1 something could not be removed, 2 a refused configuration or usage'],
});

async function main(): Promise<number> {
  guardOutput();
  const config = readRunConfig(childEnvironment({ PTERO_ALLOW_WRITES: '1' }));
  if (config.target.kind !== 'live') {
    console.log('No PTERO_URL: the embedded mock is thrown away after every run, so there is nothing to clean up.');
    return 0;
  }
  if (!config.keys.application && !config.keys.client) throw new ConfigError('npm run cleanup needs PTERO_APPLICATION_KEY or PTERO_CLIENT_KEY (it deletes through the application API, and through the client API what the 1.x client suites left)');
  const ledgers = ledgerFilesIn(reportsDir());
  console.log(`Cleaning up ${config.target.url}: ${ledgers.length === 0 ? 'no ledger file' : `${ledgers.length} ledger file(s)`} under ${reportsDir()}, then anything named ${RUN_ID_PREFIX}…`);
  const result = await removeLeftovers(config, { ledgers, namePrefix: RUN_ID_PREFIX, log: (line) => console.log(`  ${line}`) });
  if (result.found.length === 0 && result.failed.length === 0) {
    console.log('Found nothing to remove: the panel holds nothing of earlier conformance runs.');
    return 0;
  }
  const summary = `Found ${result.found.length} leftover(s); removed ${result.removed.length}`;
  if (result.failed.length > 0) {
    console.error(`${summary}; ${result.failed.length} could not be removed (their ledger files keep them; run npm run cleanup again once the panel allows it):\n${result.failed.map((f) => `  ${f}`).join('\n')}`);
    return 1;
  }
  console.log(`${summary}: the panel holds nothing of earlier conformance runs.`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  },
);
