// The mock's memory under a long run: peak RSS and heap, and the heap after GC at 10k and at 100k
// requests served (their ratio shows whether memory grows with the number of requests).
// Run: npm run bench:mock-load [-- --requests 100000 --clients 100 --ips 2000]
//
// The mock runs in a child process of its own (node --expose-gc) so the load generator's memory is
// not counted; the child samples its memory every 20 ms and answers "measure" with a GC'd reading.
// Traffic: a fixed mix of list, view, 404 and 403 requests on 127.0.0.1 only, from `--ips` client
// addresses (X-Forwarded-For, a mock that trusts proxies) so no address reaches its limit.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { commandSpec, integerOption, parseCommandLine, readOptions } from '../harness/command-line.ts';

interface Reading {
  served: number;
  heapUsed: number;
  heapTotal: number;
  rss: number;
  external: number;
  peakHeapUsed: number;
  peakRss: number;
  maxRssKb: number;
  journal: number;
  limiterWindows: number;
}

const MB = 1024 * 1024;
const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

const SPEC = commandSpec('bench:mock-load');
const { values } = parseCommandLine(process.argv.slice(2), SPEC);
const load = readOptions(SPEC, () => ({ total: integerOption(values, 'requests', 1, 100_000), clients: integerOption(values, 'clients', 1, 100), ips: integerOption(values, 'ips', 1, 2000) }));

if (values['serve'] === true) await serve();
else await drive();

/** The child: a mock panel, and its memory on request. */
async function serve(): Promise<void> {
  const { startMock } = await import('../mock/server.ts');
  const { fixtureKey } = await import('../mock/testing/fixture-keys.ts');
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the server with --expose-gc');
  const mock = await startMock({ trustProxy: true }, { host: '127.0.0.1', port: 0 });
  let peakHeapUsed = 0;
  let peakRss = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakHeapUsed = Math.max(peakHeapUsed, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  };
  const sampler = setInterval(sample, 20);
  process.on('message', (message: { type: string; served?: number }) => {
    if (message.type === 'measure') {
      sample();
      gc();
      gc();
      const m = process.memoryUsage();
      const windows = (mock.panel.limiter as unknown as { windows: Map<string, unknown> }).windows.size;
      const reading: Reading = {
        served: message.served ?? 0,
        heapUsed: m.heapUsed,
        heapTotal: m.heapTotal,
        rss: m.rss,
        external: m.external,
        peakHeapUsed,
        peakRss,
        maxRssKb: process.resourceUsage().maxRSS,
        journal: mock.panel.journal.length,
        limiterWindows: windows,
      };
      process.send?.({ type: 'reading', reading });
    } else if (message.type === 'stop') {
      clearInterval(sampler);
      void mock.close().then(() => process.exit(0));
    }
  });
  process.send?.({ type: 'ready', url: mock.url, keys: { app: fixtureKey(mock.panel, 'app-full'), none: fixtureKey(mock.panel, 'app-none') } });
}

/** The parent: drives the load and prints the readings. */
async function drive(): Promise<void> {
  const { total, clients, ips } = load;
  const checkpoints = [...new Set([1_000, Math.round(total / 10), total].filter((n) => n <= total))].sort((a, b) => a - b);

  const child = fork(fileURLToPath(import.meta.url), ['--serve'], { execArgv: ['--expose-gc', '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const [ready] = (await once(child, 'message')) as [{ url: string; keys: { app: string; none: string } }];
  const agent = new Agent({ connections: clients, headersTimeout: 30_000, bodyTimeout: 30_000 });
  const statuses = new Map<number, number>();
  let errors = 0;
  let issued = 0;
  let served = 0;
  const readings: Reading[] = [];
  const started = performance.now();

  const mix = (i: number): { path: string; key: string } => {
    switch (i % 4) {
      case 0:
        return { path: '/api/application/users', key: ready.keys.app };
      case 1:
        return { path: '/api/application/locations/1', key: ready.keys.app };
      case 2:
        return { path: '/api/application/users/987654', key: ready.keys.app };
      default:
        return { path: '/api/application/nodes', key: ready.keys.none };
    }
  };
  // Documentation and benchmarking addresses, only ever written into a header.
  const ipOf = (i: number) => {
    const n = i % ips;
    return `198.18.${Math.floor(n / 250)}.${(n % 250) + 1}`;
  };

  for (const checkpoint of checkpoints) {
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (issued < checkpoint) {
          const i = issued++;
          const { path, key } = mix(i);
          try {
            const response = await request(`${ready.url}${path}`, {
              dispatcher: agent,
              headers: { accept: 'application/vnd.pterodactyl.v1+json', authorization: `Bearer ${key}`, 'x-forwarded-for': ipOf(i) },
            });
            await response.body.dump();
            statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
          } catch {
            errors += 1;
          }
          served += 1;
        }
      }),
    );
    readings.push(await measure(child, served));
  }
  const seconds = (performance.now() - started) / 1000;
  child.send({ type: 'stop' });
  await once(child, 'exit');
  await agent.close();

  console.log(`mock under load: ${served} requests (list / view / 404 / 403 mix) from ${clients} concurrent clients and ${ips} client IPs in ${seconds.toFixed(1)} s (${Math.round(served / seconds)} requests/s)`);
  console.log(`statuses: ${[...statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(', ')}; request errors: ${errors}`);
  console.log('');
  console.log('| requests served | heap used after GC | heap total | RSS after GC | journal entries | limiter windows |');
  console.log('|---:|---:|---:|---:|---:|---:|');
  for (const r of readings) console.log(`| ${r.served} | ${mb(r.heapUsed)} | ${mb(r.heapTotal)} | ${mb(r.rss)} | ${r.journal} | ${r.limiterWindows} |`);
  const last = readings[readings.length - 1] as Reading;
  const tenth = readings.find((r) => r.served === Math.round(total / 10)) ?? (readings[0] as Reading);
  console.log('');
  console.log(`peak over the run: heap used ${mb(last.peakHeapUsed)}, RSS ${mb(last.peakRss)} (max RSS from the kernel ${mb(last.maxRssKb * 1024)})`);
  console.log(`heap after GC at ${last.served} vs ${tenth.served} requests: ${(last.heapUsed / tenth.heapUsed).toFixed(3)}× (1.0 = no growth with the number of requests served)`);
}

async function measure(child: ChildProcess, served: number): Promise<Reading> {
  child.send({ type: 'measure', served });
  for (;;) {
    const [message] = (await once(child, 'message')) as [{ type: string; reading: Reading }];
    if (message.type === 'reading') return message.reading;
  }
}
