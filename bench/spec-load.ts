// Load + compile time of the spec's validators and the mean time to check one recorded response.
// Run: npm run bench:spec. The baseline is JSON.parse of the same response body, measured in the
// same run, so the ratio means something on a noisy shared machine.
import { performance } from 'node:perf_hooks';
import type { OpenAPIV3 } from 'openapi-types';
import type { RecordedResponse } from '../harness/exchange.ts';
import { parseCommandLine } from '../harness/command-line.ts';
import { ResponseContract } from '../harness/response-contract.ts';

parseCommandLine(process.argv.slice(2), {
  usage: 'npm run bench:spec',
  summary: "The spec's load + compile time and the mean time to check one recorded response, against JSON.parse of the same body.",
  options: {},
});

const t0 = performance.now();
const contract = await ResponseContract.load();
const loadMs = performance.now() - t0;

const listExample = (contract.index.get('listUsers').responses['200'] as OpenAPIV3.ResponseObject).content?.['application/json']?.example as {
  data: unknown[];
  meta: { pagination: Record<string, unknown> };
};
// A full page: 50 users, as the panel answers GET /users.
const page = { ...listExample, data: Array.from({ length: 50 }, () => listExample.data[0]) };
const response: RecordedResponse = {
  status: 200,
  headers: { 'content-type': 'application/json', 'x-ratelimit-limit': '120', 'x-ratelimit-remaining': '100' },
  rawBody: JSON.stringify(page),
};

function meanMicros(iterations: number, fn: () => void): number {
  for (let i = 0; i < 200; i++) fn(); // warm-up
  const start = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  return ((performance.now() - start) * 1000) / iterations;
}

const iterations = 5000;
const checkUs = meanMicros(iterations, () => {
  if (contract.check('listUsers', response).length > 0) throw new Error('the benchmark response should conform');
});
const parseUs = meanMicros(iterations, () => JSON.parse(response.rawBody));

const validators = contract.index.operations.reduce((n, op) => n + Object.keys(op.responses).length, 0);
console.log(`operations: ${contract.index.operations.length}, responses compiled: ${validators}`);
console.log(`load + dereference + compile: ${loadMs.toFixed(0)} ms`);
console.log(`check one 50-user page (${response.rawBody.length} bytes): ${checkUs.toFixed(1)} µs mean over ${iterations}`);
console.log(`baseline JSON.parse of the same body: ${parseUs.toFixed(1)} µs; check / parse = ${(checkUs / parseUs).toFixed(2)}`);
