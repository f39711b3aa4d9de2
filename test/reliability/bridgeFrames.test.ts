import fc from 'fast-check';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { encodeFrame, openRawEventSocket, type RawFrame } from '../support/rawWebSocket.ts';
import { startLoupe, type LoupeProcess } from '../support/loupeProcess.ts';
import { size } from '../support/soak.ts';
import { makeTempDir } from '../support/tempDir.ts';
import { recordFigures } from './figures.ts';

/**
 * Malformed WebSocket frames and malformed request targets against the bridge of a running
 * `loupe app` (issue 13, F2): each bad frame closes its own connection with the code RFC 6455
 * gives it, the process lives, a well-behaved page connected beside it keeps receiving events,
 * and commands keep being answered.
 */

const temp = makeTempDir('loupe-bridge-frames-');
let app: LoupeProcess;
let healthy: WebSocket;
const received: string[] = [];

beforeAll(async () => {
  app = await startLoupe({ dataDir: temp.dir });
  healthy = new WebSocket(`ws://127.0.0.1:${app.port}/api/events?token=${app.token}`, {
    headers: { Origin: app.origin },
  });
  healthy.on('message', (data: Buffer) => received.push(data.toString()));
  await new Promise<void>((resolve, reject) => {
    healthy.once('open', () => resolve());
    healthy.once('error', reject);
  });
});
afterAll(async () => {
  healthy.close();
  await app.stop();
  temp.cleanup();
});

async function invoke(name: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${app.origin}/api/invoke/${name}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${app.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

let marks = 0;
/** The app still runs, still answers commands, and the page beside still gets its events. */
async function expectStillServing(): Promise<void> {
  expect(app.child.exitCode, app.output()).toBeNull();
  marks += 1;
  const reviewerId = `still-serving-${marks}`;
  expect(await invoke('settings.set', { reviewerId })).toMatchObject({ status: 200, json: { ok: true } });
  await expect.poll(() => received.some((message) => message.includes(reviewerId))).toBe(true);
  expect(healthy.readyState).toBe(WebSocket.OPEN);
}

async function sendFrames(frames: RawFrame[]): Promise<number> {
  const connection = await openRawEventSocket(app.port, app.token);
  connection.socket.write(Buffer.concat(frames.map(encodeFrame)));
  const code = await connection.closed;
  connection.socket.destroy();
  return code;
}

const text = (payload: string | Buffer): RawFrame => ({
  opcode: 0x1,
  payload: typeof payload === 'string' ? Buffer.from(payload) : payload,
});

describe('one malformed frame closes its own connection, never the app', () => {
  const cases: { name: string; frames: RawFrame[]; code: number }[] = [
    { name: 'a 65,537-byte frame', frames: [text(Buffer.alloc(65_537, 0x61))], code: 1009 },
    { name: 'one byte over the 4 KiB limit', frames: [text(Buffer.alloc(4097, 0x61))], code: 1009 },
    {
      name: 'a frame declaring 2^53 bytes',
      frames: [{ ...text('x'), declaredLength: 2 ** 53 - 1 }],
      code: 1009,
    },
    { name: 'invalid UTF-8 in a text frame', frames: [text(Buffer.from([0xc3, 0x28, 0xff]))], code: 1007 },
    {
      name: 'a lone surrogate encoded in UTF-8',
      frames: [text(Buffer.from([0xed, 0xa0, 0x80]))],
      code: 1007,
    },
    { name: 'an unmasked client frame', frames: [{ ...text('hello'), mask: false }], code: 1002 },
    { name: 'reserved data opcode 0x3', frames: [{ opcode: 0x3, payload: Buffer.from('x') }], code: 1002 },
    { name: 'reserved control opcode 0xB', frames: [{ opcode: 0xb, payload: Buffer.alloc(0) }], code: 1002 },
    { name: 'RSV1 set without an extension', frames: [{ ...text('x'), rsv: 4 }], code: 1002 },
    { name: 'RSV2 and RSV3 set', frames: [{ ...text('x'), rsv: 3 }], code: 1002 },
    {
      name: 'a fragmented control frame (ping without FIN)',
      frames: [{ opcode: 0x9, fin: false, payload: Buffer.from('p') }],
      code: 1002,
    },
    {
      name: 'a control frame over 125 bytes',
      frames: [{ opcode: 0x9, payload: Buffer.alloc(126) }],
      code: 1002,
    },
    {
      name: 'a continuation with nothing to continue',
      frames: [{ opcode: 0x0, payload: Buffer.from('x') }],
      code: 1002,
    },
    {
      name: 'a new text frame inside a fragmented message',
      frames: [
        { ...text('a'), fin: false },
        { ...text('b'), fin: true },
      ],
      code: 1002,
    },
    {
      name: 'a close frame with an invalid code',
      frames: [{ opcode: 0x8, payload: Buffer.from([0x03, 0xe7]) }],
      code: 1002,
    },
    {
      name: 'a close frame with a 1-byte payload',
      frames: [{ opcode: 0x8, payload: Buffer.from([0x03]) }],
      code: 1002,
    },
  ];
  const codes: Record<string, number> = {};

  for (const { name, frames, code } of cases) {
    it(`${name}: closed with ${code}, the app keeps serving`, async () => {
      codes[name] = await sendFrames(frames);
      expect(codes[name]).toBe(code);
      await expectStillServing();
    });
  }

  it('a TCP reset in the middle of a frame, and a reset before the handshake ends', async () => {
    const connection = await openRawEventSocket(app.port, app.token);
    const frame = encodeFrame(text(Buffer.alloc(2000, 0x62)));
    connection.socket.write(frame.subarray(0, 700));
    await new Promise((resolve) => setTimeout(resolve, 20));
    connection.socket.resetAndDestroy();
    await connection.closed;

    // Half a handshake, then a reset: the socket is still the HTTP server's.
    await new Promise<void>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port: app.port }, () => {
        socket.write(`GET /api/events?token=${app.token} HTTP/1.1\r\nHost: 127.0.0.1:${app.port}\r\nUpg`);
        setTimeout(() => {
          socket.resetAndDestroy();
          resolve();
        }, 20);
      });
      socket.on('error', () => {});
    });
    // A refused upgrade whose client resets while the refusal is written.
    await new Promise<void>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port: app.port }, () => {
        socket.write(
          `GET /api/events?token=wrong HTTP/1.1\r\nHost: 127.0.0.1:${app.port}\r\nOrigin: ${app.origin}\r\n` +
            `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${'A'.repeat(22)}==\r\n\r\n`,
        );
        socket.resetAndDestroy();
        resolve();
      });
      socket.on('error', () => {});
    });
    await expectStillServing();
  });

  afterAll(() => recordFigures('bridgeFrames', { closeCodes: codes }));
});

describe('malformed request targets are one 400, never a URIError', () => {
  async function raw(target: string, extra = ''): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: app.port }, () =>
        socket.end(
          `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${app.port}\r\n${extra}Connection: close\r\n\r\n`,
        ),
      );
      let answer = '';
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
      socket.on('end', () => {
        const [head = '', body = ''] = answer.split('\r\n\r\n');
        resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), body });
      });
      socket.on('error', reject);
    });
  }

  it('bad percent-encoding, bad UTF-8, a NUL, non-path targets: 400 naming the problem', async () => {
    const targets = [
      '/%E0%A4%A',
      '/%',
      '/%zz',
      '/assets/%C3%28.js',
      '/%ED%A0%80',
      '/a%00b',
      '/api/invoke/%E0%A4%A',
      '/api/media/thumb/1%E0?token=x',
    ];
    for (const target of targets) {
      const reply = await raw(target);
      expect(reply.status, target).toBe(400);
      expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(reply.body).not.toContain(app.token);
    }
    expect((await raw('http://127.0.0.1/')).status).toBe(400);
    expect((await raw('//evil/')).status).toBe(400);
    // A malformed escape in the query is kept as sent: the token simply does not match.
    expect((await raw(`/api/media/thumb/1?token=%E0%A4%A${app.token}`)).status).toBe(401);
    // The event socket's target goes through the same function.
    const upgrade = await raw(
      `/api/events%E0%A4%A?token=${app.token}`,
      `Origin: ${app.origin}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${'A'.repeat(22)}==\r\n`,
    );
    expect(upgrade.status).toBe(403);
    expect(upgrade.body).toContain('malformed percent-encoding');
    expect(app.output()).not.toContain('URIError');
    await expectStillServing();
  });

  it('a body that is not JSON: 400 with its position, never its text', async () => {
    const secret = 'k3y-SECRETSECRET';
    for (const body of [secret, `{"a": ${secret}}`, `{"a":1}\n${secret}`, `["${secret}`]) {
      const response = await fetch(`${app.origin}/api/invoke/settings.set`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${app.token}`, 'Content-Type': 'application/json' },
        body,
      });
      const text = await response.text();
      expect(response.status).toBe(400);
      expect(text).toMatch(/not valid JSON: .* at line \d+, column \d+/);
      expect(text).not.toContain('k3y');
      expect(text).not.toContain('SECRET');
    }
  });
});

/** Random frames, lengths that lie, random splits and endings. */
const frameArbitrary: fc.Arbitrary<RawFrame> = fc.record({
  fin: fc.boolean(),
  rsv: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 7 })),
  opcode: fc.oneof(fc.constantFrom(0x0, 0x1, 0x2, 0x8, 0x9, 0xa), fc.integer({ min: 0, max: 15 })),
  payload: fc.oneof(
    fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
    fc.string({ maxLength: 64 }).map((value) => Buffer.from(value)),
    fc.integer({ min: 120, max: 5000 }).map((length) => Buffer.alloc(length, 0x61)),
  ),
  mask: fc.oneof(fc.constant(true), fc.boolean()),
  // Mostly honest lengths, so frames past the first are parsed too; a lie now and then.
  declaredLength: fc.oneof(
    { weight: 4, arbitrary: fc.constant(undefined) },
    {
      weight: 1,
      arbitrary: fc.oneof(
        fc.integer({ min: 0, max: 300 }),
        fc.constantFrom(65_535, 65_536, 2 ** 32, 2 ** 53 - 1),
      ),
    },
  ),
});

describe('WebSocket frame fuzzer (fast-check)', () => {
  const runs = size(150, 3_000);
  it(`${runs} connections of random frames: the app never crashes and the page beside keeps its events`, async () => {
    const endings: Record<string, number> = { closeSentByClient: 0, endedByClient: 0, resetByClient: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(frameArbitrary, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 7 }),
        fc.constantFrom('end', 'reset', 'wait'),
        async (frames, pieces, ending) => {
          const connection = await openRawEventSocket(app.port, app.token);
          const bytes = Buffer.concat(frames.map(encodeFrame));
          const step = Math.ceil(bytes.length / pieces);
          for (let start = 0; start < bytes.length; start += step) {
            if (connection.socket.destroyed) break;
            connection.socket.write(bytes.subarray(start, start + step));
          }
          if (ending === 'reset') connection.socket.resetAndDestroy();
          else if (ending === 'end') connection.socket.end();
          else {
            // A valid close after the fuzz: the server answers it (or has closed already).
            connection.socket.write(encodeFrame({ opcode: 0x8, payload: Buffer.from([0x03, 0xe8]) }));
          }
          const winner = await Promise.race([
            connection.closed.then(() => 'closed'),
            new Promise((resolve) => setTimeout(() => resolve('timeout'), 500)),
          ]);
          if (winner === 'timeout') connection.socket.destroy();
          await connection.closed;
          if (ending === 'reset') endings['resetByClient']! += 1;
          else if (ending === 'end') endings['endedByClient']! += 1;
          else endings['closeSentByClient']! += 1;
          expect(app.child.exitCode, app.output()).toBeNull();
        },
      ),
      { numRuns: runs, seed: 1313 },
    );
    await expectStillServing();
    recordFigures('bridgeFrameFuzz', { connections: runs, ...endings });
  });
});
