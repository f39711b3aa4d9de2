import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startBridge, type Bridge } from '../../electron/main/bridge/bridgeServer.ts';
import { createLoupeApp, type LoupeApp } from '../../electron/main/loupeApp.ts';
import { makeTempDir } from '../support/tempDir.ts';

interface Reply {
  status: number;
  body: string;
}

/** A raw HTTP request, so the test controls Host and Origin exactly. */
function send(
  bridge: Bridge,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: bridge.port,
        path,
        method: options.method ?? 'POST',
        headers: options.headers,
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const temp = makeTempDir();
let app: LoupeApp;
let bridge: Bridge;
let auth: Record<string, string>;

beforeAll(async () => {
  app = createLoupeApp({ dataDir: temp.dir, transport: 'bridge', log: () => {} });
  bridge = await startBridge({ app });
  auth = { Authorization: `Bearer ${bridge.token}`, 'Content-Type': 'application/json' };
});
afterAll(async () => {
  await bridge.close();
  await app.close();
  temp.cleanup();
});

describe('loopback bridge: commands', () => {
  it('listens on 127.0.0.1 and puts the token in the fragment only', () => {
    expect(bridge.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(bridge.url).toBe(`${bridge.origin}/#token=${bridge.token}`);
    expect(bridge.token.length).toBeGreaterThanOrEqual(40);
  });

  it('round-trips a command with the token', async () => {
    const reply = await send(bridge, '/api/invoke/app.info', { headers: auth, body: '{}' });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({
      ok: true,
      value: { transport: 'bridge', dataDir: temp.dir },
    });
  });

  it('refuses a missing or wrong token', async () => {
    const missing = await send(bridge, '/api/invoke/app.info', { body: '{}' });
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const wrong = await send(bridge, '/api/invoke/app.info', {
      headers: { Authorization: `Bearer ${'x'.repeat(bridge.token.length)}` },
      body: '{}',
    });
    expect(wrong.status).toBe(401);
  });

  it('refuses a foreign Origin even with the token', async () => {
    const reply = await send(bridge, '/api/invoke/app.info', {
      headers: { ...auth, Origin: 'https://evil.example' },
      body: '{}',
    });
    expect(reply.status).toBe(403);
    expect(reply.body).toContain('foreign Origin');
  });

  it('refuses a foreign Host header (DNS rebinding), also for the app itself', async () => {
    for (const path of ['/api/invoke/app.info', '/']) {
      const reply = await send(bridge, path, {
        method: path === '/' ? 'GET' : 'POST',
        headers: { ...auth, Host: `rebound.example:${bridge.port}` },
        body: path === '/' ? undefined : '{}',
      });
      expect(reply.status).toBe(403);
      expect(reply.body).toContain('Host');
    }
  });

  it('accepts localhost as well as 127.0.0.1 for Host and Origin', async () => {
    const reply = await send(bridge, '/api/invoke/app.info', {
      headers: { ...auth, Host: `localhost:${bridge.port}`, Origin: `http://localhost:${bridge.port}` },
      body: '{}',
    });
    expect(reply.status).toBe(200);
  });

  it('answers an unknown command with unknown_command', async () => {
    const reply = await send(bridge, '/api/invoke/vault.exportKey', { headers: auth, body: '{}' });
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
  });

  it('answers an invalid payload with invalid_input naming the field', async () => {
    const reply = await send(bridge, '/api/invoke/settings.set', {
      headers: auth,
      body: JSON.stringify({ rateLimitPerSecond: -3 }),
    });
    const body = JSON.parse(reply.body) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.message).toContain('rateLimitPerSecond');
  });

  it('answers malformed JSON with invalid_input', async () => {
    const reply = await send(bridge, '/api/invoke/settings.set', { headers: auth, body: '{"reviewerId": ' });
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});

describe('loopback bridge: events', () => {
  function openSocket(headers: Record<string, string>, token = bridge.token): WebSocket {
    return new WebSocket(`ws://127.0.0.1:${bridge.port}/api/events?token=${token}`, { headers });
  }

  function outcome(socket: WebSocket): Promise<'open' | 'refused'> {
    return new Promise((resolve) => {
      socket.once('open', () => resolve('open'));
      socket.once('error', () => resolve('refused'));
    });
  }

  it('opens a socket with the cursor it subscribed at, then pushes numbered events after it', async () => {
    const socket = openSocket({ Origin: bridge.origin });
    const frames: unknown[] = [];
    socket.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString())));
    expect(await outcome(socket)).toBe('open');
    await expect.poll(() => frames.length).toBe(1);
    const opened = (frames[0] as { cursor: string }).cursor;
    const [stream, seq] = opened.split(':');
    expect(Number(seq)).toBeGreaterThanOrEqual(0);

    const answer = await new Promise<{ cursor: string | undefined }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: bridge.port,
          path: '/api/invoke/settings.set',
          method: 'POST',
          headers: auth,
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ cursor: res.headers['x-loupe-event-cursor'] as string | undefined }));
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ reviewerId: 'eve' }));
    });
    // The answer was read before its own event: the cursor it carries is the socket's, not after.
    expect(answer.cursor).toBe(opened);
    await expect.poll(() => frames.length).toBe(2);
    expect(frames[1]).toMatchObject({
      event: 'settings.changed',
      payload: { reviewerId: 'eve' },
      seq: Number(seq) + 1,
    });
    const after = await new Promise<string | undefined>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: bridge.port, path: '/api/invoke/app.info', method: 'POST', headers: auth },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.headers['x-loupe-event-cursor'] as string | undefined));
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(after).toBe(`${stream}:${Number(seq) + 1}`);
    socket.close();
  });

  it('refuses a socket with a wrong token, a foreign Origin, no Origin or a foreign Host', async () => {
    expect(await outcome(openSocket({ Origin: bridge.origin }, 'wrong'))).toBe('refused');
    expect(await outcome(openSocket({ Origin: 'https://evil.example' }))).toBe('refused');
    expect(await outcome(openSocket({}))).toBe('refused');
    expect(await outcome(openSocket({ Origin: bridge.origin, Host: `evil.example:${bridge.port}` }))).toBe(
      'refused',
    );
  });
});
