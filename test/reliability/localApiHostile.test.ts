import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage, maxDecodedSide } from '../../electron/localApi/images/decodeImage.ts';
import { localApiDatabaseFile } from '../../electron/localApi/server/localApiDatabase.ts';
import { sendReply } from '../../electron/localApi/server/sendReply.ts';
import { cliPath } from '../support/cliProcess.ts';
import { sampleImage } from '../support/seedWorkspace.ts';
import { makeTempDir } from '../support/tempDir.ts';
import { recordFigures } from './figures.ts';

/**
 * Issue 13's findings against `loupe serve` (F1 deep JSON, F4 huge images, F5 file URLs, F6
 * SSRF), each from its reproduction, against the built CLI as a child process: the request is
 * refused or fails alone with a Clarifai status, the process keeps serving, and nothing is
 * logged as an internal error.
 */

const key = 'hostile-api-key-0123456789';
const logoModel = 'c443119bf2ed4da98487520d01a0b1e3';
const temp = makeTempDir('loupe-serve-hostile-');
const goodJpeg = readFileSync(sampleImage(1));

interface Serve {
  child: ChildProcess;
  baseUrl: string;
  /** Lines of its request log that say the server itself failed. */
  problems: string[];
  exited: Promise<number | null>;
}

async function serve(name: string, extra: string[] = []): Promise<Serve> {
  const child = spawn(
    process.execPath,
    [cliPath, 'serve', '--port', '0', '--data-dir', join(temp.dir, name), '--key', key, ...extra],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const problems: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    const lines = stderr.split('\n');
    stderr = lines.pop() ?? '';
    problems.push(...lines.filter((line) => /internal error|uncaught|unhandled|RangeError/i.test(line)));
  });
  let baseUrl = '';
  let stdout = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      baseUrl ||= /Base URL: (\S+)/.exec(stdout)?.[1] ?? '';
      if (stdout.includes('Data folder:')) resolve();
    });
    child.once('exit', () => reject(new Error(`loupe serve exited before serving: ${stdout}`)));
  });
  return { child, baseUrl, problems, exited };
}

interface Answer {
  status: number;
  json: {
    status: { code: number; description: string; details?: string };
    outputs?: { status: { code: number; details?: string }; input: { id: string } }[];
    inputs?: { id: string; status: { code: number; details?: string }; data?: { metadata?: unknown } }[];
    input?: { id: string; status: { code: number; details?: string }; data?: { metadata?: unknown } };
  };
}

/** One request, the body sent as given (text or bytes, so it can be any JSON, or not JSON). */
function call(server: Serve, method: string, path: string, body?: string | Buffer): Promise<Answer> {
  const url = new URL(server.baseUrl);
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(body);
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: {
          Authorization: `Key ${key}`,
          'Content-Type': 'application/json',
          ...(payload ? { 'Content-Length': String(payload.length) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as Answer['json'] });
          } catch {
            reject(new Error(`${method} ${path}: not JSON (${res.statusCode}): ${text.slice(0, 200)}`));
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const nested = (depth: number, leaf = '"x"'): string => '{"a":'.repeat(depth) + leaf + '}'.repeat(depth);
const predictPath = `/v2/models/${logoModel}/outputs`;
const base64Input = (bytes: Buffer, id?: string) => ({
  ...(id === undefined ? {} : { id }),
  data: { image: { base64: bytes.toString('base64') } },
});

async function stillServing(server: Serve): Promise<void> {
  const models = await call(server, 'GET', '/v2/models');
  expect(models.status).toBe(200);
  expect(models.json.status.code).toBe(10000);
  expect(server.child.exitCode).toBeNull();
  expect(server.problems).toEqual([]);
}

afterAll(() => temp.cleanup());

describe('F1: deep, huge and ill-formed JSON', () => {
  let server: Serve;
  beforeAll(async () => {
    server = await serve('json');
  }, 60_000);
  afterAll(() => server.child.kill('SIGKILL'));

  it('the reproduction: metadata nested 4,400 levels is refused naming the field, nothing stored, still serving', async () => {
    const body = `{"inputs":[{"id":"deep-1","data":{"image":{"base64":"${goodJpeg.toString('base64')}"},"metadata":${nested(4_400)}}}]}`;
    const answer = await call(server, 'POST', '/v2/inputs', body);
    expect(answer.status).toBe(400);
    expect(answer.json.status.code).toBe(11102);
    expect(answer.json.status.details).toMatch(
      /^the request body: inputs\[0\]\.data\.metadata\.a\.a.*nested deeper than 64 levels/,
    );
    const listed = await call(server, 'GET', '/v2/inputs');
    expect(listed.status).toBe(200);
    expect(listed.json.inputs?.map((input) => input.id)).not.toContain('deep-1');
    expect((await call(server, 'GET', '/v2/inputs/deep-1')).status).toBe(404);
    await stillServing(server);
  });

  it('metadata within the body limit but over the field limit (33 levels) is refused naming it; 32 is kept', async () => {
    const over = await call(
      server,
      'POST',
      '/v2/inputs',
      `{"inputs":[{"id":"meta-33","data":{"image":{"url":"https://example.invalid/a.jpg"},"metadata":${nested(33)}}}]}`,
    );
    expect(over.status).toBe(400);
    expect(over.json.status.details).toMatch(/inputs\.0\.data\.metadata.*nested deeper than 32 levels/);
    const within = await call(
      server,
      'POST',
      '/v2/inputs',
      `{"inputs":[{"id":"meta-32","data":{"image":{"base64":"${goodJpeg.toString('base64')}"},"metadata":${nested(31)}}}]}`,
    );
    expect(within.status).toBe(200);
    const got = await call(server, 'GET', '/v2/inputs/meta-32');
    expect(JSON.stringify(got.json.input?.data?.metadata)).toBe(nested(31));
  });

  it('every free-form field and every endpoint: deep bodies, huge ones, long keys', async () => {
    const deepSearchMetadata = `{"query":{"ands":[{"output":{"data":{"metadata":${nested(40)}}}}]}}`;
    const cases: [string, string, string, RegExp][] = [
      ['POST', '/v2/searches', deepSearchMetadata, /metadata.*nested deeper than 32 levels/],
      [
        'POST',
        '/v2/inputs/searches',
        `{"searches":[{"query":{"ranks":[{"input":{"data":{"metadata":${nested(40)}}}}]}}]}`,
        /metadata.*nested deeper than 32 levels/,
      ],
      [
        'POST',
        predictPath,
        `{"inputs":[{"data":{"image":{"url":"https://x.invalid/"},"extra":${nested(100_000)}}}]}`,
        /nested deeper than 64/,
      ],
      ['POST', `/v2/models/${logoModel}/feedback`, nested(100_000), /nested deeper than 64/],
      [
        'POST',
        '/v2/searches/feedback',
        `[${'['.repeat(200_000)}${']'.repeat(200_000)}]`,
        /nested deeper than 64/,
      ],
      ['POST', '/v2/annotations/searches', nested(5_000), /nested deeper than 64/],
      ['POST', '/_loupe/faults', nested(5_000), /nested deeper than 64/],
      ['POST', predictPath, `{"inputs":[${'0,'.repeat(2_100_000)}0]}`, /more than 2000000 values/],
      [
        'POST',
        '/v2/inputs',
        `{"inputs":[{"data":{"image":{"url":"https://x.invalid/"},"metadata":{"${'k'.repeat(70_000)}":1}}}]}`,
        /inputs\.0\.data\.metadata: a key of the value is longer than 65536/,
      ],
    ];
    for (const [method, path, body, details] of cases) {
      const answer = await call(server, method, path, body);
      expect(answer.status, path).toBe(400);
      expect(answer.json.status.details, path).toMatch(details);
    }
    await stillServing(server);
  });

  it('a lone surrogate is refused naming its field, never stored as U+FFFD; so is a body that is not UTF-8', async () => {
    const lone = await call(
      server,
      'POST',
      '/v2/inputs',
      `{"inputs":[{"id":"bad\\ud800id","data":{"image":{"base64":"${goodJpeg.toString('base64')}"}}}]}`,
    );
    expect(lone.status).toBe(400);
    expect(lone.json.status.details).toMatch(/inputs\[0\]\.id contains a lone UTF-16 surrogate/);
    const feedback = await call(
      server,
      'POST',
      `/v2/models/${logoModel}/feedback`,
      `{"input":{"id":"i","data":{"concepts":[{"id":"\\udc00","value":1}]},"feedback_info":{"event_type":"annotation","output_id":"o"}}}`,
    );
    expect(feedback.status).toBe(400);
    expect(feedback.json.status.details).toMatch(
      /input\.data\.concepts\[0\]\.id contains a lone UTF-16 surrogate/,
    );
    const bytes = Buffer.concat([
      Buffer.from('{"inputs":[{"id":"'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}]}'),
    ]);
    const notUtf8 = await call(server, 'POST', '/v2/inputs', bytes);
    expect(notUtf8.status).toBe(400);
    expect(notUtf8.json.status.code).toBe(11100);
    const listed = await call(server, 'GET', '/v2/inputs?per_page=1000');
    expect(listed.json.inputs?.some((input) => input.id.includes('\ufffd'))).toBe(false);
  });

  it('rows stored too deep by an older version: listing and getting still answer, the metadata withheld with the reason', async () => {
    const db = new DatabaseSync(localApiDatabaseFile(join(temp.dir, 'json')));
    try {
      db.exec('PRAGMA busy_timeout = 5000');
      const insert = db.prepare(
        `INSERT INTO inputs (id, origin, image_url, image_sha256, status_code, status_details, concepts, metadata, created_at)
         VALUES (?, 'inputs', 'https://example.invalid/a.jpg', NULL, 30000, NULL, '[]', ?, ?)`,
      );
      insert.run('old-deep', nested(4_400), '2030-01-01T00:00:00.000Z');
      insert.run('old-wide', JSON.stringify({ k: 'v'.repeat(70_000) }), '2030-01-01T00:00:01.000Z');
    } finally {
      db.close();
    }
    const listed = await call(server, 'GET', '/v2/inputs');
    expect(listed.status).toBe(200);
    const deep = listed.json.inputs?.find((input) => input.id === 'old-deep');
    expect(deep?.data?.metadata).toBeUndefined();
    expect(deep?.status.details).toMatch(/stored metadata .*nested deeper than 32 levels/);
    const one = await call(server, 'GET', '/v2/inputs/old-deep');
    expect(one.status).toBe(200);
    expect(one.json.input?.status.code).toBe(30000);
    expect((await call(server, 'GET', '/v2/inputs/old-wide')).json.input?.status.details).toMatch(
      /longer than 65536/,
    );
    await stillServing(server);
  });

  it('a request path that is not a valid URL path is a 404, not a crash', async () => {
    const answer = await call(server, 'GET', '//[');
    expect(answer.status).toBe(404);
    expect(answer.json.status.code).toBe(11101);
    await stillServing(server);
  });
});

describe('a reply that cannot be serialised', () => {
  it('becomes a 500 with a Clarifai status, and the reason goes to the log only', async () => {
    const cyclic: Record<string, unknown> = { status: { code: 10000 } };
    cyclic['self'] = cyclic;
    const logged: unknown[] = [];
    const server: Server = createServer((_req, res) => {
      void sendReply(res, { httpStatus: 200, body: cyclic }, undefined, (error) => logged.push(error));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      expect(response.status).toBe(500);
      expect(await response.json()).toMatchObject({
        status: { code: 98004, description: 'Internal server issue' },
      });
      expect(logged).toHaveLength(1);
    } finally {
      server.close();
    }
  });
});

describe('F4: huge images are decoded bounded', () => {
  it('an 81-megapixel PNG of a few hundred kB decodes scaled to the models’ bound, never whole', async () => {
    const png = await sharp({ create: { width: 9000, height: 9000, channels: 3, background: '#336699' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    const decoded = await decodeImage(png);
    expect(Math.max(decoded.width, decoded.height)).toBe(maxDecodedSide);
    expect(decoded.pixels.byteLength).toBe(maxDecodedSide * maxDecodedSide * 3);
  });

  it('a request over the per-request pixel budget: the inputs past it fail alone with 30105, the rest are predicted', async () => {
    const server = await serve('budget');
    try {
      // 81 MP each: 24 fit in 2,000 megapixels, the 25th does not. JPEG, so each decodes fast.
      const huge = await sharp({ create: { width: 9000, height: 9000, channels: 3, background: '#808080' } })
        .jpeg()
        .toBuffer();
      const inputs = [
        ...Array.from({ length: 25 }, (_, index) => base64Input(huge, `huge-${index}`)),
        base64Input(goodJpeg, 'small'),
      ];
      const answer = await call(server, 'POST', predictPath, JSON.stringify({ inputs }));
      expect(answer.status).toBe(207);
      const codes = answer.json.outputs!.map((output) => output.status.code);
      expect(codes.slice(0, 24)).toEqual(Array(24).fill(10000));
      expect(codes[24]).toBe(30105);
      expect(answer.json.outputs![24]!.status.details).toMatch(/more than 2000 megapixels.*9000×9000/);
      // The small image comes after the refused one, and is still within the budget.
      expect(codes[25]).toBe(10000);
      // POST /v2/inputs checks inline images within the same budget (new ids: predict stored those).
      const added = await call(
        server,
        'POST',
        '/v2/inputs',
        JSON.stringify({ inputs: inputs.map((input) => ({ data: input.data })) }),
      );
      expect(added.status).toBe(207);
      const addedCodes = added.json.inputs!.map((input) => input.status.code);
      expect(addedCodes).toEqual([...Array.from({ length: 24 }, () => 30000), 30105, 30000]);
      await stillServing(server);
      recordFigures('localApiPixelBudget', {
        inputs: inputs.length,
        predicted: codes.filter((c) => c === 10000).length,
      });
    } finally {
      server.child.kill('SIGKILL');
    }
  }, 180_000);
});

describe('F5: file URLs only for regular files', () => {
  let server: Serve;
  const files = join(temp.dir, 'files');
  const url = (name: string) => pathToFileURL(join(files, name)).href;
  beforeAll(async () => {
    mkdirSync(join(files, 'folder'), { recursive: true });
    writeFileSync(join(files, 'good.jpg'), goodJpeg);
    symlinkSync(join(files, 'good.jpg'), join(files, 'link-to-good.jpg'));
    for (let n = 0; n < 6; n++) execFileSync('mkfifo', [join(files, `fifo-${n}`)]);
    symlinkSync(join(files, 'fifo-0'), join(files, 'link-to-fifo.jpg'));
    // A character device like /dev/urandom (1, 9) and one like /dev/zero (1, 5), made here.
    execFileSync('mknod', [join(files, 'urandom'), 'c', '1', '9']);
    execFileSync('mknod', [join(files, 'zero.jpg'), 'c', '1', '5']);
    symlinkSync(join(files, 'folder'), join(files, 'link-to-folder.jpg'));
    writeFileSync(join(files, 'big.jpg'), '');
    truncateSync(join(files, 'big.jpg'), 21 * 1024 * 1024);
    server = await serve('files', ['--allow-file-urls']);
  }, 60_000);
  afterAll(() => server.child.kill('SIGKILL'));

  it('FIFOs, devices, folders, symlinks to them and oversized files fail alone; the regular files are predicted', async () => {
    const names = [
      'good.jpg',
      'fifo-1',
      'fifo-2',
      'fifo-3',
      'fifo-4',
      'link-to-fifo.jpg',
      'urandom',
      'zero.jpg',
      'folder',
      'link-to-folder.jpg',
      'big.jpg',
      'missing.jpg',
      'link-to-good.jpg',
    ];
    const answer = await call(
      server,
      'POST',
      predictPath,
      JSON.stringify({ inputs: names.map((name) => ({ id: name, data: { image: { url: url(name) } } })) }),
    );
    expect(answer.status).toBe(207);
    const byId = Object.fromEntries(answer.json.outputs!.map((output) => [output.input.id, output.status]));
    expect(byId['good.jpg']?.code).toBe(10000);
    expect(byId['link-to-good.jpg']?.code).toBe(10000);
    for (const name of [
      'fifo-1',
      'fifo-2',
      'fifo-3',
      'fifo-4',
      'link-to-fifo.jpg',
      'urandom',
      'zero.jpg',
      'folder',
      'link-to-folder.jpg',
    ]) {
      expect(byId[name], name).toMatchObject({
        code: 30002,
        details: 'Could not read the file URL: not a regular file (a folder, device, FIFO or socket)',
      });
    }
    expect(byId['big.jpg']).toMatchObject({
      code: 30002,
      details: 'The image is over the 20.0 MB limit',
    });
    expect(byId['missing.jpg']?.details).toBe('Could not read the file URL: no such file');
  }, 60_000);

  it('many FIFO requests at once hang nothing: others are answered, and SIGTERM still stops the server', async () => {
    const fifoRequest = () =>
      call(
        server,
        'POST',
        predictPath,
        JSON.stringify({ inputs: [{ data: { image: { url: url('fifo-5') } } }] }),
      );
    const answers = await Promise.all(Array.from({ length: 8 }, fifoRequest));
    expect(answers.map((answer) => answer.json.outputs?.[0]?.status.code)).toEqual(Array(8).fill(30002));
    const good = await call(
      server,
      'POST',
      predictPath,
      JSON.stringify({ inputs: [{ data: { image: { url: url('good.jpg') } } }] }),
    );
    expect(good.status).toBe(200);
    await stillServing(server);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 60_000);
});

describe('F6: image URLs on loopback and private addresses are not fetched by default', () => {
  let images: Server;
  let port = 0;
  let hits = 0;
  beforeAll(async () => {
    images = createServer((req, res) => {
      hits += 1;
      if (req.url === '/photo.jpg') res.end(goodJpeg);
      else res.writeHead(404).end('internal page');
    });
    await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
    port = (images.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => images.close(() => resolve())));

  it('predict and POST /v2/inputs refuse every loopback spelling, with one message; nothing is fetched', async () => {
    const server = await serve('ssrf');
    try {
      const urls = [
        `http://127.0.0.1:${port}/photo.jpg`,
        `http://localhost:${port}/photo.jpg`,
        `http://2130706433:${port}/photo.jpg`,
        `http://0x7f.1:${port}/photo.jpg`,
        `http://017700000001:${port}/photo.jpg`,
        `http://[::1]:${port}/photo.jpg`,
        `http://[::ffff:127.0.0.1]:${port}/photo.jpg`,
        `http://127.0.0.1:${port}/admin`,
        'http://127.0.0.1:9/photo.jpg',
        'http://169.254.169.254/latest/meta-data/',
        'http://10.1.2.3/photo.jpg',
      ];
      const answer = await call(
        server,
        'POST',
        predictPath,
        JSON.stringify({ inputs: urls.map((one) => ({ data: { image: { url: one } } })) }),
      );
      expect(answer.status).toBe(400);
      const statuses = answer.json.outputs!.map((output) => output.status);
      expect(new Set(statuses.map((status) => status.code))).toEqual(new Set([30106]));
      // Open port, closed port, existing path, missing path: the same words.
      expect(new Set(statuses.map((status) => status.details)).size).toBe(1);
      expect(statuses[0]?.details).toMatch(/^Could not fetch the image URL: the host is a loopback, private/);

      const added = await call(
        server,
        'POST',
        '/v2/inputs',
        JSON.stringify({
          inputs: [{ id: 'ssrf-input', data: { image: { url: `http://0x7f.1:${port}/photo.jpg` } } }],
        }),
      );
      expect(added.status).toBe(200);
      let input: NonNullable<Answer['json']['input']> | undefined;
      for (let poll = 0; poll < 100; poll++) {
        input = (await call(server, 'GET', '/v2/inputs/ssrf-input')).json.input;
        if (input?.status.code !== 30001) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(input?.status.code).toBe(30002);
      expect(input?.status.details).toMatch(
        /^Could not fetch the image URL: the host is a loopback, private/,
      );
      expect(hits).toBe(0);
      await stillServing(server);
    } finally {
      server.child.kill('SIGKILL');
    }
  }, 60_000);

  it('--allow-private-urls lets a lab fetch from its own network', async () => {
    const server = await serve('lab', ['--allow-private-urls']);
    try {
      const answer = await call(
        server,
        'POST',
        predictPath,
        JSON.stringify({ inputs: [{ data: { image: { url: `http://127.0.0.1:${port}/photo.jpg` } } }] }),
      );
      expect(answer.status).toBe(200);
      expect(hits).toBe(1);
    } finally {
      server.child.kill('SIGKILL');
    }
  }, 60_000);
});
