import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  platformAnnotationsPath,
  platformInputPath,
  platformInputsPath,
} from '../../../shared/clarifai/platform/platformPaths.ts';
import { smallJpeg } from './images.ts';

/**
 * `loupe serve` with platform apps, as a child process: `--platform-app`, processing that resumes
 * after `kill -9`, and `--list-annotations` reading what arrived.
 */

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const cli = join(root, 'dist', 'cli', 'loupe.mjs');
const key = 'platform-serve-key-0123';
const team = { userId: 'team', appId: 'qa' };

const children = new Set<ChildProcess>();
let dataDir: string;
let images: Server;
let imagesUrl: string;
let jpeg: Buffer;
/** While true, `/slow.jpg` is never answered. */
let holding = true;
const held: ServerResponse[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'loupe-platform-serve-'));
  jpeg = await smallJpeg(3);
  images = createServer((req, res) => {
    if (req.url !== '/slow.jpg') res.writeHead(404).end();
    else if (holding) held.push(res);
    else res.end(jpeg);
  });
  await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
  imagesUrl = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
});
afterEach(() => {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
});
afterAll(async () => {
  for (const res of held.splice(0)) res.destroy();
  await new Promise<void>((resolve) => images.close(() => resolve()));
  await rm(dataDir, { recursive: true, force: true });
});

async function serve(): Promise<{ child: ChildProcess; baseUrl: string }> {
  const child = spawn(
    process.execPath,
    [
      cli,
      'serve',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--key',
      key,
      '--platform-app',
      'team/qa',
      '--allow-private-urls',
      '--quiet',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.add(child);
  let baseUrl: string | undefined;
  for await (const line of createInterface({ input: child.stdout })) {
    baseUrl ??= /^Base URL: (\S+)$/.exec(line)?.[1];
    if (line.startsWith('Data folder:')) break;
  }
  if (!baseUrl) throw new Error('loupe serve printed no base URL');
  return { child, baseUrl };
}

async function call(baseUrl: string, method: string, path: string, body?: unknown) {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { Authorization: `Key ${key}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const inputCode = async (baseUrl: string, id: string) =>
  ((await call(baseUrl, 'GET', platformInputPath(team, id))).json['input'] as { status: { code: string } })
    .status.code;

describe('loupe serve with platform apps', () => {
  it('serves --platform-app, resumes processing after kill -9, and lists what arrived', async () => {
    const first = await serve();
    const base64 = jpeg.toString('base64');
    const added = await call(first.baseUrl, 'POST', platformInputsPath(team), {
      inputs: [
        { id: 'ready', data: { image: { base64 } } },
        { id: 'slow', data: { image: { url: `${imagesUrl}/slow.jpg` } } },
      ],
    });
    expect(added.status).toBe(200);
    await until('the first input', async () => (await inputCode(first.baseUrl, 'ready')) === 'INPUT_SUCCESS');
    const annotated = await call(first.baseUrl, 'POST', platformAnnotationsPath(team), {
      annotations: [{ id: 'a1', input_id: 'ready', data: { concepts: [{ id: 'dog', value: 0 }] } }],
    });
    expect(annotated.status).toBe(200);
    await until('the slow image to be asked for', () => Promise.resolve(held.length > 0));
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));

    holding = false;
    for (const res of held.splice(0)) res.destroy();
    const second = await serve();
    expect(await inputCode(second.baseUrl, 'ready')).toBe('INPUT_SUCCESS');
    await until(
      'the slow input after the restart',
      async () => (await inputCode(second.baseUrl, 'slow')) === 'INPUT_SUCCESS',
    );
    second.child.kill('SIGKILL');
    await new Promise((resolve) => second.child.once('exit', resolve));

    const { stdout: json } = await run(process.execPath, [
      cli,
      'serve',
      '--list-annotations',
      '--json',
      '--data-dir',
      dataDir,
    ]);
    const listing = JSON.parse(json) as {
      apps: unknown[];
      inputs: { id: string; status: { name: string } }[];
      annotations: { id: string; inputId: string; status: { name: string }; data: unknown }[];
    };
    expect(listing.apps).toEqual([{ userId: 'me', appId: 'loupe' }, team]);
    expect(listing.inputs.map((input) => [input.id, input.status.name])).toEqual([
      ['ready', 'INPUT_SUCCESS'],
      ['slow', 'INPUT_SUCCESS'],
    ]);
    expect(listing.annotations).toMatchObject([
      {
        id: 'a1',
        inputId: 'ready',
        status: { name: 'ANNOTATION_SUCCESS' },
        data: { concepts: [{ id: 'dog', value: 0 }] },
      },
    ]);
    const { stdout: text } = await run(process.execPath, [
      cli,
      'serve',
      '--list-annotations',
      '--data-dir',
      dataDir,
    ]);
    expect(text).toContain('team/qa annotation a1 on input ready');
    expect(text).toContain('ANNOTATION_SUCCESS  by user team');
  }, 60_000);

  it('refuses a --platform-app that is not USER/APP', async () => {
    const failure = await run(process.execPath, [
      cli,
      'serve',
      '--platform-app',
      'just-one',
      '--data-dir',
      dataDir,
    ]).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toMatch(/--platform-app must be USER\/APP/);
  });
});
