import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

/**
 * `loupe serve` as users run it: the built CLI as a child process, spoken to with the real `curl`
 * and the seed documents' requests (docs/clarifai-v2.md §2, doc bugs of §7 fixed), killed with SIGKILL.
 */

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const cli = join(root, 'dist', 'cli', 'loupe.mjs');
const ok = '{"status":{"code":10000,"description":"Ok"}}';

interface Served {
  child: ChildProcess;
  baseUrl: string;
  /** Printed on the first start of a data folder only. */
  key: string | undefined;
  /** From spawn to the first answered request. */
  answeredAfterMs: number;
}

const children = new Set<ChildProcess>();
let dataDir: string;

beforeAll(async () => {
  // The CLI bundle comes from `npm run test:unit`, which builds it first.
  dataDir = await mkdtemp(join(tmpdir(), 'loupe-serve-'));
}, 60_000);

afterEach(() => {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

async function serve(): Promise<Served> {
  const started = Date.now();
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--data-dir', dataDir, '--quiet'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  const lines = createInterface({ input: child.stdout });
  let baseUrl: string | undefined;
  let key: string | undefined;
  for await (const line of lines) {
    baseUrl ??= /^Base URL: (\S+)$/.exec(line)?.[1];
    key ??= /^Key: ([0-9a-f]{32})$/.exec(line)?.[1];
    if (line.startsWith('Data folder:')) break;
  }
  if (!baseUrl) throw new Error('loupe serve printed no base URL');
  const answer = await fetch(`${baseUrl}/v2/models`);
  expect(answer.status).toBe(401); // it answers — and wants a key
  return { child, baseUrl, key, answeredAfterMs: Date.now() - started };
}

/** The real curl, as the docs' examples run it; returns the body and the HTTP status. */
async function curl(args: string[]): Promise<{ body: string; status: number }> {
  const { stdout } = await run('curl', ['-sS', '-w', '\n%{http_code}', ...args]);
  const cut = stdout.lastIndexOf('\n');
  return { body: stdout.slice(0, cut), status: Number(stdout.slice(cut + 1)) };
}
const post = (key: string, body: string, url: string) =>
  curl([
    '-X',
    'POST',
    '-H',
    `Authorization: Key ${key}`,
    '-H',
    'Content-Type: application/json',
    '-d',
    body,
    url,
  ]);

// The seed documents' cURL bodies, as the docs lay them out, with ids filled in.
const conceptFeedback = `
  {
    "input": {
      "id": "seed-input-1",
      "data": {
        "image": {
          "url": "https://samples.clarifai.com/dog.tiff"
        },
        "concepts":[
          {"id": "ai_8S2Vq3cR", "value": true },
          {"id": "ai_mFqxrph2", "value": false }
        ]
      },
      "feedback_info":{
        "event_type":   "annotation",
        "output_id":    "seed-output-1",
        "end_user_id":  "seed-user",
        "session_id":   "seed-session"
      }
    }
  }`;
const regionFeedback = (trailingComma: boolean) => `
  {
    "input": {
      "id": "seed-input-2",
      "data": {
        "image": {
          "url": "https://clarifai.com/images/model-samples/logo-002.jpg"
        },
        "regions":
        [
          {
            "region_info": {
              "bounding_box": {
                "top_row": 0.3,
                "left_col": 0.2,
                "bottom_row": 0.7,
                "right_col": 0.8
              },
              "feedback": "accurate"
            },
            "data": {
              "concepts":[
                {"id": "ai_TG4GHlnf", "value": true }
              ]
            }
          }
        ]
      },
      "feedback_info":{
        "event_type":   "annotation",
        "output_id":    "seed-output-2",
        "end_user_id":  "seed-user",
        "session_id":   "seed-session"${trailingComma ? ',' : ''}
      }
    }
  }`;
const searchFeedback = (searchId: string | undefined) => `
  {
    "input": {
      "id": "seed-input-3",
      "feedback_info": {
        "event_type":   "search_click",${searchId === undefined ? '' : `\n        "search_id":    "${searchId}",`}
        "end_user_id":  "seed-user",
        "session_id":   "seed-session"
      }
    }
  }`;

describe('loupe serve', () => {
  let key: string;

  it('prints its base URL and a new key, and answers within 20 s', async () => {
    const served = await serve();
    expect(served.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(served.key).toMatch(/^[0-9a-f]{32}$/);
    expect(served.answeredAfterMs).toBeLessThan(20_000);
    key = served.key ?? '';
  }, 30_000);

  it('takes the three seed requests with curl, refuses the docs’ trailing comma and a click without search_id', async () => {
    const { baseUrl } = await serve();
    const search = await post(
      key,
      '{"query":{"ands":[{"output":{"data":{"concepts":[{"name":"dog","value":1}]}}}]}}',
      `${baseUrl}/v2/searches`,
    );
    const searchId = (JSON.parse(search.body) as { id: string }).id;

    const concept = await post(
      key,
      conceptFeedback,
      `${baseUrl}/v2/models/aaa03c23b3724a16a56b629203edc62c/feedback`,
    );
    const region = await post(
      key,
      regionFeedback(false),
      `${baseUrl}/v2/models/c443119bf2ed4da98487520d01a0b1e3/feedback`,
    );
    const click = await post(key, searchFeedback(searchId), `${baseUrl}/v2/searches/feedback`);
    for (const answer of [concept, region, click]) expect(answer).toEqual({ body: ok, status: 200 });

    const docsRegion = await post(
      key,
      regionFeedback(true),
      `${baseUrl}/v2/models/c443119bf2ed4da98487520d01a0b1e3/feedback`,
    );
    expect(docsRegion.status).toBe(400);
    expect(JSON.parse(docsRegion.body)).toMatchObject({
      status: { code: 11100, description: 'Bad request format' },
    });
    const noSearchId = await post(key, searchFeedback(undefined), `${baseUrl}/v2/searches/feedback`);
    expect(noSearchId.status).toBe(400);
    expect(JSON.parse(noSearchId.body)).toMatchObject({
      status: { details: expect.stringContaining('search_id') as unknown },
    });

    const listing = await curl(['-H', `Authorization: Key ${key}`, `${baseUrl}/_loupe/feedback`]);
    const rows = (JSON.parse(listing.body) as { feedback: { body: string; path: string; flags: string[] }[] })
      .feedback;
    expect(rows.map((row) => [row.path, row.body])).toEqual([
      ['/v2/models/aaa03c23b3724a16a56b629203edc62c/feedback', conceptFeedback],
      ['/v2/models/c443119bf2ed4da98487520d01a0b1e3/feedback', regionFeedback(false)],
      ['/v2/searches/feedback', searchFeedback(searchId)],
    ]);
    expect(rows[2]?.flags).toEqual(['input_not_in_search']);
  }, 30_000);

  it('keeps acknowledged feedback across kill -9 and a restart', async () => {
    const first = await serve();
    expect(first.key).toBeUndefined(); // the key is shown on the first start only
    const answer = await fetch(`${first.baseUrl}/v2/models/a403429f2ddf4b49b307e318f00e528b/feedback`, {
      method: 'POST',
      headers: { Authorization: `Key ${key}`, 'X-Loupe-Request-Id': 'before-the-crash' },
      body: JSON.stringify({
        input: { id: 'i-9', feedback_info: { event_type: 'annotation', output_id: 'o-9' } },
      }),
    });
    expect(await answer.text()).toBe(ok);
    const exited = new Promise((resolve) => first.child.once('exit', (_code, signal) => resolve(signal)));
    first.child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const second = await serve();
    const listing = await fetch(`${second.baseUrl}/_loupe/feedback`, {
      headers: { Authorization: `Key ${key}` },
    });
    const rows = ((await listing.json()) as { feedback: { requestId: string | null }[] }).feedback;
    expect(rows.map((row) => row.requestId)).toContain('before-the-crash');

    const { stdout } = await run(process.execPath, [
      cli,
      'serve',
      '--list-feedback',
      '--data-dir',
      dataDir,
      '--json',
    ]);
    expect((JSON.parse(stdout) as { requestId: string | null }[]).map((row) => row.requestId)).toContain(
      'before-the-crash',
    );
    const text = await run(process.execPath, [cli, 'serve', '--list-feedback', '--data-dir', dataDir]);
    expect(text.stdout).toContain('POST /v2/models/a403429f2ddf4b49b307e318f00e528b/feedback');
    expect(text.stdout).toContain('[unknown_output]');
  }, 30_000);

  it('refuses bad flags with the usage text and exit code 2', async () => {
    const failure = run(process.execPath, [cli, 'serve', '--faults', 'throttle=2', '--data-dir', dataDir]);
    await expect(failure).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--faults') as unknown,
    });
    const help = await run(process.execPath, [cli, 'serve', '--help']);
    expect(help.stdout).toContain('--list-feedback');
  });
});
