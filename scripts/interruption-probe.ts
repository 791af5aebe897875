// A stand-in for scripts/conformance.ts in scripts/interruption.test.ts: forwards interrupts to a
// detached child that ignores SIGINT (a runner slow to stop), waits for it, "cleans up", exits.
import { spawn } from 'node:child_process';
import { setting } from '../harness/run-config.ts';
import { forwardInterrupts, guardOutput } from './interruption.ts';

guardOutput();
const child = spawn(process.execPath, ['-e', "process.on('SIGINT', () => {}); setInterval(() => {}, 1000); console.log('runner up')"], { detached: true, stdio: ['ignore', 'inherit', 'inherit'] });
const interruption = forwardInterrupts(child, (signal) => console.log(`stopped at once on a second ${signal}`), {
  samePressMs: Number(setting('PROBE_SAME_PRESS_MS') ?? 1000),
  groupStopMs: Number(setting('PROBE_GROUP_STOP_MS') ?? 5000),
});
await new Promise<void>((resolve) => {
  const wait = setInterval(() => {
    if (interruption.signal) {
      clearInterval(wait);
      resolve();
    }
  }, 10);
});
console.log(`interrupted by ${interruption.signal}`);
await interruption.groupGone();
for (let i = 0; i < 200; i++) console.log(`clean-up line ${i}`); // more than a closed pipe takes
console.log('clean-up done');
process.exitCode = interruption.exitCode ?? 1;
