// npm run conformance [-- --list] [-- <vitest filters>]
// Runs suites/ against the target (the embedded mock unless PTERO_URL is set) and exits non-zero
// when the panel deviates. --list prints the behaviour statements instead: the v0.7 specification.
import { spawnSync } from 'node:child_process';
import { ConfigError, readRunConfig } from '../harness/run-config.ts';

const args = process.argv.slice(2);
const listing = args.includes('--list');
const rest = args.filter((a) => a !== '--list');

if (!listing) {
  // Refuse a partial or invalid configuration before vitest starts and before any request.
  try {
    const config = readRunConfig();
    const target = config.target.kind === 'live' ? `live panel ${config.target.url}` : 'the embedded mock panel';
    const mode = config.target.kind === 'mock' ? '' : config.allowDestructive ? ' (writes and destructive checks allowed)' : config.allowWrites ? ' (writes allowed)' : ' (read-only)';
    console.log(`Conformance run ${config.runId} against ${target}${mode}`);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}

const vitestArgs = listing ? ['list', '--project', 'conformance', ...rest] : ['run', '--project', 'conformance', ...rest];
const result = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', ...vitestArgs], { stdio: 'inherit' });
process.exit(result.status ?? 1);
