// npm run mock -- [--profile v0.7.19] [--port N] [--host 127.0.0.1] [--debug] [--seed FILE] [--control]
//                  [--application-limit N] [--client-limit N] [--utilization-limit N] [--clock ISO] [--install-seconds N]
import { integerOption, parseCommandLine, readOptions, UsageError, type CommandSpec } from '../harness/command-line.ts';
import { startMock } from './server.ts';
import { CONTROL_PREFIX, parseClockOption, STOCK_OPTIONS } from '../harness/mock-options.ts';
import { defaultProfileId, panelProfile, profileIds, UnknownProfileError } from '../harness/profiles.ts';
import { loadMockProfile } from './profile.ts';

const stock = STOCK_OPTIONS.limits;
const SPEC: CommandSpec = {
  usage: 'npm run mock -- [options]',
  summary: 'Starts the mock panel on its own: a local stock panel (v0.7.19 by default) on loopback. Prints its URL and the fixture keys.',
  options: {
    profile: { type: 'string', value: 'ID', description: `the panel version it plays, one of ${profileIds().join(', ')} (default ${defaultProfileId()})` },
    port: { type: 'string', value: 'N', description: 'port to listen on (default 8080; 0 picks a free one)' },
    host: { type: 'string', value: 'ADDRESS', description: 'address to listen on (default 127.0.0.1)' },
    debug: { type: 'boolean', description: 'APP_DEBUG on: real messages and traces in error bodies' },
    seed: { type: 'string', value: 'FILE', description: "seed file (default the profile's, fixtures/seed.yaml for v0.7.19)" },
    control: { type: 'boolean', description: `serve the control surface under ${CONTROL_PREFIX}` },
    'application-limit': { type: 'string', value: 'N', description: `application API requests per minute (stock ${stock.application})` },
    'client-limit': { type: 'string', value: 'N', description: `client API requests per minute (stock ${stock.client})` },
    'utilization-limit': { type: 'string', value: 'N', description: `client utilization requests per minute (stock ${stock.utilization})` },
    clock: { type: 'string', value: 'ISO', description: 'tests only: freeze the clock at this instant (default the wall clock)' },
    'install-seconds': { type: 'string', value: 'N', description: 'installs end after N s (default: when the control surface says)' },
  },
};

const { values } = parseCommandLine(process.argv.slice(2), SPEC);
// The chosen version's stock limits (1.x: 240 / 720) are the defaults of the limit flags.
const chosen = (values['profile'] as string | undefined) ?? defaultProfileId();
const profileStock = profileIds().includes(chosen) ? { ...stock, ...(await loadMockProfile(chosen)).stockOptions?.limits } : stock;

const options = readOptions(SPEC, () => {
  const clock = values['clock'] as string | undefined;
  const clockProblem = clock === undefined ? undefined : parseClockOption(clock);
  if (typeof clockProblem === 'string') throw new UsageError(`--${clockProblem}`);
  const profile = (values['profile'] as string | undefined) ?? defaultProfileId();
  try {
    panelProfile(profile);
  } catch (error) {
    if (error instanceof UnknownProfileError) throw new UsageError(`--profile ${profile} is not a registered panel profile (known: ${error.known.join(', ')})`);
    throw error;
  }
  return {
    profile: panelProfile(profile),
    limits: {
      application: integerOption(values, 'application-limit', 1, profileStock.application),
      client: integerOption(values, 'client-limit', 1, profileStock.client),
      utilization: integerOption(values, 'utilization-limit', 1, profileStock.utilization),
    },
    port: integerOption(values, 'port', 0, 8080),
    installSeconds: values['install-seconds'] === undefined ? undefined : integerOption(values, 'install-seconds', 0, 0),
    clock,
  };
});

const debug = values['debug'] === true;
const control = values['control'] === true;
const seed = values['seed'] as string | undefined;
const { limits, clock, installSeconds, profile } = options;
try {
  const mock = await startMock(
    { profile: profile.id, debug, control, limits, ...(seed ? { seedPath: seed } : {}), ...(clock ? { clock } : {}), ...(installSeconds !== undefined ? { installSeconds } : {}) },
    { host: (values['host'] as string | undefined) ?? '127.0.0.1', port: options.port },
  );
  console.log(`${profile.panel} mock panel listening on ${mock.url}`);
  console.log(`debug ${debug ? 'on' : 'off'}; limits ${limits.application}/${limits.client}/${limits.utilization} per minute; control surface ${control ? `on at ${mock.url}${CONTROL_PREFIX}` : 'off'}; clock ${clock ? `frozen at ${clock}` : 'the wall clock'}`);
  console.log('Fixture API keys (Authorization: Bearer <key>):');
  for (const key of mock.panel.store.all('api_keys')) {
    console.log(`  ${key.key_type === 2 ? 'application' : 'client     '}  ${key.identifier}${key.token}  ${key.memo ?? ''}`);
  }
  const stop = () => void mock.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  console.error(`could not start the mock: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
