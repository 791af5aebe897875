import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConnectivityError } from './connectivity-error.ts';
import { readStopCause, StopCauseRecord, stopCausePath, stopCauseSentence } from './stop-cause.ts';

const dir = mkdtempSync(join(tmpdir(), 'ptero-stop-cause-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the stop cause of a run', () => {
  const cause = new ConnectivityError('too-large', 'the panel sent a body larger than 10 MB (the client stopped reading there); no real answer is that large', 'GET http://127.0.0.1:9/api/application/users');

  it('counts each behaviour a refused request belonged to once, and ends the run with one sentence', () => {
    const path = stopCausePath(dir);
    const record = new StopCauseRecord(path, 'ptero-conformance-aa');
    record.note(cause);
    expect(readStopCause(path, 'ptero-conformance-aa')?.behavioursStopped).toBe(0);
    for (const behaviour of ['users.list', 'users.list', 'users.view', 'nodes.list']) record.note(cause.repeatFor('GET x'), behaviour);
    const stop = readStopCause(path, 'ptero-conformance-aa');
    expect(stop?.behavioursStopped).toBe(3);
    expect(stopCauseSentence(stop!)).toBe(
      'The run stopped talking to the panel (3 requests in a row got no usable answer): the panel sent a body larger than 10 MB (the client stopped reading there); no real answer is that large; 3 behaviours failed with that cause without sending a request (first at GET http://127.0.0.1:9/api/application/users).',
    );
  });

  it('a record of another run is not read as this run\'s', () => {
    const path = stopCausePath(dir);
    new StopCauseRecord(path, 'ptero-conformance-bb').note(cause);
    expect(readStopCause(path, 'ptero-conformance-cc')).toBeUndefined();
  });

  it('throttling is named as such', () => {
    const throttled = new ConnectivityError('throttled', 'the panel throttled the suite: 429 with Retry-After 300', 'GET x');
    expect(stopCauseSentence({ runId: 'r', kind: throttled.kind, cause: throttled.plain, requestLine: throttled.requestLine, behavioursStopped: 1 })).toMatch(
      /^The run stopped talking to the panel \(the panel kept answering 429\): the panel throttled the suite: 429 with Retry-After 300; 1 behaviour failed/,
    );
  });
});
