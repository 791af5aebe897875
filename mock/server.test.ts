import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from './server.ts';

let mock: RunningMock;
let socket: Socket | undefined;
beforeAll(async () => {
  mock = await startMock({ control: true });
});
afterAll(async () => {
  socket?.destroy();
  await mock.close();
});

interface Answer {
  /** Interim 1xx heads, in order. */
  interim: string[];
  head: string;
  body: string;
}

/** The answer in `text` once it is complete (Content-Length or chunked), else undefined. */
function completeAnswer(text: string): Answer | undefined {
  const interim: string[] = [];
  let rest = text;
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end === -1) return undefined;
    const head = rest.slice(0, end);
    rest = rest.slice(end + 4);
    if (/^HTTP\/1\.1 1\d\d /.test(head)) {
      interim.push(head);
      continue;
    }
    if (/\r\ntransfer-encoding: chunked/i.test(head)) {
      let body = '';
      for (;;) {
        const line = rest.indexOf('\r\n');
        if (line === -1) return undefined;
        const size = parseInt(rest.slice(0, line), 16);
        if (rest.length < line + 2 + size + 2) return undefined;
        if (size === 0) return { interim, head, body };
        body += rest.slice(line + 2, line + 2 + size);
        rest = rest.slice(line + 2 + size + 2);
      }
    }
    const length = Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1] ?? 0);
    return rest.length >= length ? { interim, head, body: rest.slice(0, length) } : undefined;
  }
}

/**
 * Sends a request head over a raw socket and resolves with the final answer. The body is sent only
 * when given, and only after the server's 100 Continue.
 */
function exchange(lines: string[], bodyAfterContinue?: string): Promise<Answer> {
  const { hostname, port } = new URL(mock.url);
  return new Promise((resolve, reject) => {
    let text = '';
    let sent = false;
    socket?.destroy();
    socket = connect(Number(port), hostname, () => socket?.write(`${lines.join('\r\n')}\r\n\r\n`));
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (bodyAfterContinue !== undefined && !sent && text.startsWith('HTTP/1.1 100 Continue\r\n\r\n')) {
        sent = true;
        socket?.write(bodyAfterContinue);
      }
      const answer = completeAnswer(text);
      if (answer) resolve(answer);
    });
  });
}

const TWENTY_MB = String(20 * 1024 * 1024);

describe('a declared Content-Length over post_max_size', () => {
  it('is answered 413 PostTooLargeException before any body byte is sent', async () => {
    const { head, body } = await exchange([
      'POST /api/application/users HTTP/1.1',
      'Host: panel.test',
      'Accept: application/json',
      'Content-Type: application/json',
      `Content-Length: ${TWENTY_MB}`,
    ]);
    expect(head).toMatch(/^HTTP\/1\.1 413 /);
    expect(JSON.parse(body).errors[0]).toMatchObject({ code: 'PostTooLargeException', status: '413' });
    expect(head.toLowerCase()).not.toContain('x-ratelimit-limit');
  });

  it('gets no 100 Continue when the client asks for one', async () => {
    const { interim, head } = await exchange([
      'PATCH /api/application/users/1 HTTP/1.1',
      'Host: panel.test',
      'Accept: application/json',
      'Content-Type: application/json',
      'Expect: 100-continue',
      `Content-Length: ${TWENTY_MB}`,
    ]);
    expect(head).toMatch(/^HTTP\/1\.1 413 /);
    expect(interim).toEqual([]);
  });

  it('is refused as the panel records it in the journal', async () => {
    const journal = await fetch(`${mock.url}/__control/journal`);
    const { entries } = (await journal.json()) as { entries: { method: string; status: number }[] };
    expect(entries.filter((e) => e.status === 413).map((e) => e.method)).toEqual(['POST', 'PATCH']);
  });
});

describe('a declared Content-Length within the limit', () => {
  it('still invites the body with 100 Continue and reads it', async () => {
    const body = '{"email":"x"}';
    const answer = await exchange(
      ['POST /api/application/users HTTP/1.1', 'Host: panel.test', 'Accept: application/json', 'Content-Type: application/json', 'Expect: 100-continue', `Content-Length: ${body.length}`],
      body,
    );
    expect(answer.interim).toEqual(['HTTP/1.1 100 Continue']);
    // No key: 401 after the body was read (a 413 or a hang would mean it was not).
    expect(answer.head).toMatch(/^HTTP\/1\.1 401 /);
  });
});
