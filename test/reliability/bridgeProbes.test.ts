import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startLoupe, type LoupeProcess } from '../support/loupeProcess.ts';
import { makeTempDir } from '../support/tempDir.ts';
import { recordFigures } from './figures.ts';

/**
 * Probes the bridge of a running `loupe app` the way a hostile web page or another machine would:
 * without the token, with a wrong one, from a foreign Origin, under a foreign Host name (DNS
 * rebinding), and over the network. Every probe must be refused, refusals must not carry the
 * token, and a refused command must have had no effect.
 */

const temp = makeTempDir('loupe-bridge-probes-');
let app: LoupeProcess;
beforeAll(async () => {
  app = await startLoupe({ dataDir: temp.dir });
});
afterAll(async () => {
  await app.stop();
  temp.cleanup();
});

interface Reply {
  status: number;
  body: string;
}

function send(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: app.port, path, method: options.method ?? 'POST', headers: options.headers },
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

/** Exact bytes on the wire: Node's client would fill in a missing or empty Host itself. */
function sendRaw(text: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: app.port }, () => socket.end(text));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('end', () => {
      const [head = '', body = ''] = answer.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), body });
    });
    socket.on('error', reject);
  });
}

const refusals: { probe: string; status: number | string }[] = [];

function expectRefused(probe: string, reply: Reply, statuses: readonly number[]): void {
  refusals.push({ probe, status: reply.status });
  expect(statuses, `${probe}: ${reply.status} ${reply.body}`).toContain(reply.status);
  expect(reply.body).not.toContain(app.token);
  expect(reply.body).not.toContain(temp.dir);
}

describe('the bridge refuses what is not the app itself', () => {
  const auth = () => ({ Authorization: `Bearer ${app.token}`, 'Content-Type': 'application/json' });
  const wrongTokens = () => [
    '',
    'Bearer',
    'Bearer ',
    `Bearer ${'x'.repeat(app.token.length)}`,
    `Bearer ${app.token.slice(0, -1)}`,
    `Bearer ${app.token}x`,
    `bearer ${app.token}`,
    `Basic ${Buffer.from(`user:${app.token}`).toString('base64')}`,
    `Key ${app.token}`,
    `Bearer ${app.token.toUpperCase()}`,
  ];

  it('commands without the right token: 401, and the command did nothing', async () => {
    for (const authorization of wrongTokens()) {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (authorization) headers['Authorization'] = authorization;
      const reply = await send('/api/invoke/settings.set', { headers, body: '{"reviewerId":"intruder"}' });
      expectRefused(`token "${authorization.slice(0, 12)}…"`, reply, [401]);
    }
    // The token in the query is for <img> media only, never for commands.
    const inQuery = await send(`/api/invoke/settings.set?token=${app.token}`, {
      headers: { 'Content-Type': 'application/json' },
      body: '{"reviewerId":"intruder"}',
    });
    expectRefused('token in the query of a command', inQuery, [401]);
    const settings = await send('/api/invoke/settings.get', { headers: auth(), body: '{}' });
    expect(JSON.parse(settings.body)).toMatchObject({ ok: true, value: { reviewerId: '' } });
  });

  it('a foreign Origin, even with the token: 403, and the command did nothing', async () => {
    const origins = [
      'https://evil.example',
      'null',
      `http://127.0.0.1:${app.port + 1}`,
      `http://localhost.evil.example:${app.port}`,
      `http://127.0.0.1.evil.example:${app.port}`,
      'http://127.0.0.1',
      `https://127.0.0.1:${app.port}`,
      `http://[::1]:${app.port}`,
      'file://',
      `${app.origin}.evil.example`,
    ];
    for (const origin of origins) {
      for (const path of ['/api/invoke/settings.set', '/api/invoke/vault.clear', '/api/invoke/export.run']) {
        const reply = await send(path, {
          headers: { ...auth(), Origin: origin },
          body: '{"reviewerId":"intruder"}',
        });
        expectRefused(`Origin ${origin} → ${path}`, reply, [403]);
      }
    }
    const settings = await send('/api/invoke/settings.get', { headers: auth(), body: '{}' });
    expect(JSON.parse(settings.body)).toMatchObject({ ok: true, value: { reviewerId: '' } });
  });

  it('a foreign Host name (DNS rebinding), for commands, media and the app page: 403', async () => {
    const hosts = [
      `rebound.example:${app.port}`,
      `127.0.0.1:${app.port + 1}`,
      '127.0.0.1',
      'localhost',
      `127.0.0.1.nip.io:${app.port}`,
      `[::1]:${app.port}`,
      `0.0.0.0:${app.port}`,
      `127.0.0.2:${app.port}`,
      '',
      undefined,
    ];
    for (const host of hosts) {
      const hostLine = host === undefined ? '' : `Host: ${host}\r\n`;
      const command = await sendRaw(
        `POST /api/invoke/app.info HTTP/1.1\r\n${hostLine}Authorization: Bearer ${app.token}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
      );
      expectRefused(`Host ${String(host)} → command`, command, [403, 400]);
      const page = await sendRaw(`GET / HTTP/1.1\r\n${hostLine}Connection: close\r\n\r\n`);
      expectRefused(`Host ${String(host)} → app page`, page, [403, 400]);
      const media = await sendRaw(
        `GET /api/media/thumb/1?token=${app.token} HTTP/1.1\r\n${hostLine}Connection: close\r\n\r\n`,
      );
      expectRefused(`Host ${String(host)} → media`, media, [403, 400]);
    }
  });

  it('media without the token in its query: 401', async () => {
    for (const query of ['', '?token=', `?token=${'x'.repeat(app.token.length)}`, `?t=${app.token}`]) {
      const reply = await send(`/api/media/image/1${query}`, { method: 'GET', headers: auth() });
      expectRefused(`media ${query || 'without token'}`, reply, [401]);
    }
  });

  it('event sockets without the token, from a foreign Origin or Host, or without Origin: refused', async () => {
    const attempt = (query: string, headers: Record<string, string>, path = '/api/events') =>
      new Promise<string>((resolve) => {
        const socket = new WebSocket(`ws://127.0.0.1:${app.port}${path}${query}`, { headers });
        socket.once('open', () => {
          socket.close();
          resolve('open');
        });
        socket.once('unexpected-response', (_request, response) => {
          resolve(`refused ${response.statusCode}`);
          socket.terminate();
        });
        socket.once('error', () => resolve('refused'));
      });
    const own = { Origin: app.origin };
    const probes: [string, string, Record<string, string>, string?][] = [
      ['no token', '', own],
      ['empty token', '?token=', own],
      ['wrong token', `?token=${'x'.repeat(app.token.length)}`, own],
      ['token in a header only', '', { ...own, Authorization: `Bearer ${app.token}` }],
      ['foreign Origin', `?token=${app.token}`, { Origin: 'https://evil.example' }],
      ['no Origin', `?token=${app.token}`, {}],
      ['foreign Host', `?token=${app.token}`, { ...own, Host: `rebound.example:${app.port}` }],
      ['another path', `?token=${app.token}`, own, '/api/other'],
    ];
    for (const [name, query, headers, path] of probes) {
      const outcome = await attempt(query, headers, path);
      refusals.push({ probe: `socket: ${name}`, status: outcome });
      expect(outcome, name).toMatch(/^refused/);
    }
    // The control: the app's own page gets its socket.
    expect(await attempt(`?token=${app.token}`, own)).toBe('open');
  });

  const external = Object.values(networkInterfaces())
    .flat()
    .filter((address) => address !== undefined && !address.internal);

  it('is not reachable on any of this machine’s other addresses', async () => {
    // This machine has non-loopback addresses (eth0 here); where it has none, there is nothing
    // to connect from, and the figures say so.
    const outcomes: Record<string, string> = {};
    for (const address of external) {
      const host =
        address!.family === 'IPv6' && address!.scopeid
          ? `${address!.address}%${address!.scopeid}`
          : address!.address;
      outcomes[address!.address] = await new Promise<string>((resolve) => {
        const socket = connect({ host, port: app.port, timeout: 2_000 });
        socket.once('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.once('timeout', () => {
          socket.destroy();
          resolve('timeout');
        });
        socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      });
      refusals.push({
        probe: `connect ${address!.address}:${app.port}`,
        status: outcomes[address!.address]!,
      });
    }
    for (const [address, outcome] of Object.entries(outcomes)) expect(outcome, address).not.toBe('connected');
    // And the app itself answers on loopback meanwhile.
    expect((await send('/api/invoke/app.info', { headers: auth(), body: '{}' })).status).toBe(200);
    recordFigures('bridgeProbes', {
      probes: refusals.length,
      refused: refusals.filter(
        (item) => item.status !== 200 && item.status !== 'open' && item.status !== 'connected',
      ).length,
      nonLoopbackAddresses:
        external.length === 0
          ? 'none on this machine'
          : external.map((address) => address!.address).join(' '),
      networkOutcomes: Object.values(outcomes).join(' '),
    });
  });
});
