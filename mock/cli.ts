// npm run mock -- [--port N] [--host 127.0.0.1] [--debug] [--seed FILE] [--control]
//                  [--application-limit N] [--client-limit N] [--utilization-limit N] [--clock ISO] [--install-seconds N]
import { commandSpec, integerOption, parseCommandLine, readOptions, UsageError } from '../harness/command-line.ts';
import { startMock } from './server.ts';
import { CONTROL_PREFIX, parseClockOption, STOCK_OPTIONS } from './options.ts';

const stock = STOCK_OPTIONS.limits;
const SPEC = commandSpec('mock', { controlPrefix: CONTROL_PREFIX, ...stock });

const { values } = parseCommandLine(process.argv.slice(2), SPEC);

const options = readOptions(SPEC, () => {
  const clock = values['clock'] as string | undefined;
  const clockProblem = clock === undefined ? undefined : parseClockOption(clock);
  if (typeof clockProblem === 'string') throw new UsageError(`--${clockProblem}`);
  return {
    limits: {
      application: integerOption(values, 'application-limit', 1, stock.application),
      client: integerOption(values, 'client-limit', 1, stock.client),
      utilization: integerOption(values, 'utilization-limit', 1, stock.utilization),
    },
    port: integerOption(values, 'port', 0, 8080),
    installSeconds: values['install-seconds'] === undefined ? undefined : integerOption(values, 'install-seconds', 0, 0),
    clock,
  };
});

const debug = values['debug'] === true;
const control = values['control'] === true;
const seed = values['seed'] as string | undefined;
const { limits, clock, installSeconds } = options;
try {
  const mock = await startMock(
    { debug, control, limits, ...(seed ? { seedPath: seed } : {}), ...(clock ? { clock } : {}), ...(installSeconds !== undefined ? { installSeconds } : {}) },
    { host: (values['host'] as string | undefined) ?? '127.0.0.1', port: options.port },
  );
  console.log(`Pterodactyl v0.7.19 mock panel listening on ${mock.url}`);
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
