// npm run mock -- [--port N] [--host 127.0.0.1] [--debug] [--seed FILE] [--control]
//                  [--application-limit N] [--client-limit N] [--utilization-limit N] [--clock ISO] [--install-seconds N]
import { parseArgs } from 'node:util';
import { startMock } from './server.ts';
import { CONTROL_PREFIX, parseClockOption } from './options.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    host: { type: 'string', default: '127.0.0.1' },
    debug: { type: 'boolean', default: false },
    seed: { type: 'string' },
    control: { type: 'boolean', default: false },
    'application-limit': { type: 'string' },
    'client-limit': { type: 'string' },
    'utilization-limit': { type: 'string' },
    clock: { type: 'string' },
    'install-seconds': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log('usage: npm run mock -- [--port 8080] [--host 127.0.0.1] [--debug] [--seed FILE] [--control] [--application-limit 120] [--client-limit 60] [--utilization-limit 15] [--clock 2020-10-05T12:00:00Z (tests only: a frozen clock; default the wall clock)] [--install-seconds N (installs end after N s; default: when the control surface says)]');
  process.exit(0);
}

function positiveInteger(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < (name === 'port' ? 0 : 1)) {
    console.error(`--${name} must be a whole number${name === 'port' ? '' : ' of at least 1'}, got "${text}"`);
    process.exit(2);
  }
  return value;
}

const limits = {
  application: positiveInteger('application-limit', values['application-limit']) ?? 120,
  client: positiveInteger('client-limit', values['client-limit']) ?? 60,
  utilization: positiveInteger('utilization-limit', values['utilization-limit']) ?? 15,
};

const installText = values['install-seconds'];
const installSeconds = installText === undefined ? undefined : Number(installText);
if (installSeconds !== undefined && !(Number.isInteger(installSeconds) && installSeconds >= 0)) {
  console.error(`--install-seconds must be a whole number of seconds (0 or more), got "${installText}"`);
  process.exit(2);
}

if (values.clock !== undefined && typeof parseClockOption(values.clock) === 'string') {
  console.error(`--${parseClockOption(values.clock) as string}`);
  process.exit(2);
}

try {
  const mock = await startMock(
    { debug: values.debug, control: values.control, limits, ...(values.seed ? { seedPath: values.seed } : {}), ...(values.clock ? { clock: values.clock } : {}), ...(installSeconds !== undefined ? { installSeconds } : {}) },
    { host: values.host, port: positiveInteger('port', values.port) ?? 8080 },
  );
  console.log(`Pterodactyl v0.7.19 mock panel listening on ${mock.url}`);
  console.log(`debug ${values.debug ? 'on' : 'off'}; limits ${limits.application}/${limits.client}/${limits.utilization} per minute; control surface ${values.control ? `on at ${mock.url}${CONTROL_PREFIX}` : 'off'}; clock ${values.clock ? `frozen at ${values.clock}` : 'the wall clock'}`);
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
