// What redaction costs on a large body: redactBody (JSON by fields, then every string as text: whole
// forms, pieces of 12+ characters, split, hex, reversed) and redactText on the same body as text,
// beside JSON.parse + JSON.stringify of it (the floor) and a naive search for every 12-character
// piece of every form of every secret (what the rolling hash avoids), all measured in the same run.
// Run: npm run bench:redaction -- [--kb 2048] [--secrets 10]
import { performance } from 'node:perf_hooks';
import { commandSpec, integerOption, parseCommandLine, readOptions } from '../harness/command-line.ts';
import { redactBody, redactText } from '../harness/redaction.ts';

const SPEC = commandSpec('bench:redaction');
const { values } = parseCommandLine(process.argv.slice(2), SPEC);
const { targetBytes, secretCount } = readOptions(SPEC, () => ({ targetBytes: integerOption(values, 'kb', 1, 2048) * 1024, secretCount: integerOption(values, 'secrets', 1, 10) }));
const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
let seed = 7;
const random = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
const key = (): string => Array.from({ length: 48 }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
const secrets = Array.from({ length: secretCount }, key);
const echoed = secrets[0]!;

// A list of servers as the panel answers it, a few of them echoing the key in various forms.
const rows: unknown[] = [];
let size = 0;
for (let i = 0; size < targetBytes; i++) {
  const row = {
    object: 'server',
    attributes: {
      id: i, uuid: `5f2a1c3e-9b7d-4e1f-8a2b-${String(i).padStart(12, '0')}`, name: `server ${i}`, description: 'a game server '.repeat(4),
      identifier: key().slice(0, 8), limits: { memory: 1024, swap: 0, disk: 5120, io: 500, cpu: 100 },
      note: i % 500 === 0 ? `echo ${echoed.slice(5, 25)} ${Buffer.from(echoed).toString('hex')} ${echoed.slice(0, 24)} ${echoed.slice(24)}` : 'nothing to see here',
    },
  };
  rows.push(row);
  size += JSON.stringify(row).length;
}
const body = JSON.stringify({ object: 'list', data: rows });

function time(label: string, runs: number, fn: () => unknown): number {
  fn(); // warm-up (builds the matchers)
  const start = performance.now();
  for (let i = 0; i < runs; i++) fn();
  const ms = (performance.now() - start) / runs;
  console.log(`${label.padEnd(48)} ${ms.toFixed(1).padStart(8)} ms`);
  return ms;
}

function naivePieces(text: string): number {
  let found = 0;
  for (const s of secrets) {
    const hex = Buffer.from(s).toString('hex');
    for (const form of [s, hex, hex.toUpperCase(), [...s].reverse().join('')]) {
      for (let i = 0; i + 12 <= form.length; i++) if (text.includes(form.slice(i, i + 12))) found++;
    }
  }
  return found;
}

console.log(`body ${(body.length / 1024).toFixed(0)} KB, ${rows.length} rows, ${secrets.length} secrets`);
const floor = time('JSON.parse + JSON.stringify (floor)', 5, () => JSON.stringify(JSON.parse(body)));
const asJson = time('redactBody (JSON, every string redacted)', 5, () => redactBody(body, secrets));
const asText = time('redactText (the body as one text)', 5, () => redactText(body, secrets));
const naive = time('naive: includes() per 12-character piece', 2, () => naivePieces(body));
console.log(`redactBody / floor: ${(asJson / floor).toFixed(1)}x; naive piece search / redactText: ${(naive / asText).toFixed(1)}x`);
if (redactBody(body, secrets).includes(echoed.slice(5, 25))) throw new Error('the echoed piece was not redacted');
