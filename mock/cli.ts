// npm run mock -- [--profile v0.7.19] [--port N] [--host 127.0.0.1] [--debug] [--seed FILE] [--control]
//                  [--application-limit N] [--client-limit N] [--utilization-limit N] [--clock ISO] [--install-seconds N]
import { commandSpec, integerOption, parseCommandLine, readOptions, UsageError } from '../harness/command-line.ts';
import { startMock } from './server.ts';
import { CONTROL_PREFIX, parseClockOption, STOCK_OPTIONS } from '../harness/mock-options.ts';
import { defaultProfileId, panelProfile, profileIds, UnknownProfileError } from '../harness/profiles.ts';
import { loadMockProfile } from './profile.ts';

const stock = STOCK_OPTIONS.limits;
const SPEC = commandSpec('mock', { controlPrefix: CONTROL_PREFIX, ...stock, profiles: profileIds().join(', '), defaultProfile: defaultProfileId() });

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
  const keys = mock.panel.store.all('api_keys');
  // The count first: a reader of this output knows when the list is complete (scripts/standalone-mock.ts).
  console.log(`Fixture API keys (${keys.length}; Authorization: Bearer <key>):`);
  for (const key of keys) {
    console.log(`  ${key.key_type === 2 ? 'application' : 'client     '}  ${key.identifier}${key.token}  ${key.memo ?? ''}`);
  }
  const stop = () => void mock.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  console.error(`could not start the mock: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
