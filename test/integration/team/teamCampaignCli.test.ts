import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cliProcess.ts';
import { validateCoco } from '../../support/cocoValidator.ts';
import { makeTempDir } from '../../support/tempDir.ts';
import { testKey } from '../localApi/localApiTestServer.ts';
import {
  backends,
  pngBase64,
  PostgresForTests,
  startCollector,
  twoRegions,
  type Collector,
} from './teamFixtures.ts';

/** `loupe campaign` (the built CLI, a child process) against a collector on each backend. */

const postgres = new PostgresForTests();
afterAll(() => postgres.stop(), 30_000);
const collectors: Collector[] = [];
const temps: (() => void)[] = [];
afterEach(async () => {
  await Promise.all(collectors.splice(0).map((collector) => collector.stop()));
  for (const cleanup of temps.splice(0)) cleanup();
});

describe.each(backends)('loupe campaign on %s', (backend) => {
  it('creates a campaign from uploaded files, issues keys, prints the status and exports the merged COCO', async () => {
    const collector = await startCollector(backend, postgres);
    collectors.push(collector);
    const { dir, cleanup } = makeTempDir('loupe-campaign-cli-');
    temps.push(cleanup);
    const lead = { LOUPE_API_KEY: testKey };
    const base = ['--collector', collector.server.api.baseUrl];

    const images = join(dir, 'images');
    mkdirSync(images);
    for (const index of [1, 2, 3])
      writeFileSync(join(images, `p${index}.png`), Buffer.from(await pngBase64(index, 100, 50), 'base64'));
    writeFileSync(join(images, 'notes.txt'), 'not an image');
    writeFileSync(
      join(dir, 'predictions.json'),
      JSON.stringify({ 'p1.png': twoRegions, 'p2.png': twoRegions, 'p3.png': twoRegions }),
    );
    writeFileSync(
      join(dir, 'gold.json'),
      JSON.stringify({ 'p3.png': { r1: 'accurate', r2: 'false_positive' } }),
    );

    const keys: Record<string, string> = {};
    for (const reviewer of ['alice', 'bob']) {
      const added = await runCli(['campaign', 'reviewer', 'add', reviewer, ...base], lead);
      expect(added.code, added.stderr).toBe(0);
      keys[reviewer] = /key: ([0-9a-f]{32})/.exec(added.stdout)![1]!;
    }

    const created = await runCli(
      [
        'campaign',
        'create',
        'cli',
        ...base,
        '--model',
        'face-detection',
        '--policy',
        'overlap',
        '--overlap',
        '2',
        '--upload',
        images,
        '--predictions',
        join(dir, 'predictions.json'),
        '--gold',
        join(dir, 'gold.json'),
        '--name',
        'CLI campaign',
      ],
      lead,
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout.trim()).toBe('Campaign cli: 3 images, overlap 2.');

    // The two reviewers, through HTTP as their apps would: alice accepts everything, bob rejects r2 of p1.
    for (const reviewer of ['alice', 'bob']) {
      const lease = await collector.call('POST', '/v2/team/campaigns/cli/leases', {}, keys[reviewer]);
      const ids = (lease.json['images'] as { id: string }[]).map((image) => image.id);
      expect(ids).toEqual(['p1.png', 'p2.png', 'p3.png']);
      const reviews = ids.map((image_id) => ({
        image_id,
        regions: [
          { id: 'r1', verdict: 'accurate' },
          { id: 'r2', verdict: reviewer === 'bob' && image_id === 'p1.png' ? 'accurate' : 'false_positive' },
        ],
      }));
      expect(
        (await collector.call('POST', '/v2/team/campaigns/cli/reviews', { reviews }, keys[reviewer])).status,
      ).toBe(200);
    }

    const status = await runCli(['campaign', 'status', 'cli', ...base], lead);
    expect(status.code, status.stderr).toBe(0);
    const lines = status.stdout.split('\n');
    expect(lines[0]).toBe('Campaign cli (CLI campaign): overlap 2, model face-detection');
    expect(lines[1]).toBe('Images: 3 (complete 3, reviewed 3, gold 1); slots open 0, leased 0, done 6');
    expect(lines[2]).toBe('Reviews: 6 counted, 0 extra');
    // 6 paired units, 5 agree. Fleiss: pooled accurate 7/12, fp 5/12, P_e = 74/144,
    // κ = (5/6 − 74/144)/(70/144) = 0.657. Cohen (each reviewer's column): alice accurate 3, fp 3;
    // bob accurate 4, fp 2; p_e = (3·4 + 3·2)/36 = 0.5; κ = (5/6 − 0.5)/0.5 = 0.67.
    expect(lines[3]).toBe("Agreement: Fleiss' kappa 0.66");
    expect(status.stdout).toMatch(/alice\s+3\s+0\s+–\s+0\.67\s+–\s+2\/2 \(100%\)/);
    expect(status.stdout).toMatch(/bob\s+3\s+0\s+–\s+0\.67\s+–\s+2\/2 \(100%\)/);
    expect(status.stdout).toContain('Disagreements (1):\n  p1.png r2: false_positive 1, accurate 1 (tie)');

    const out = join(dir, 'merged-coco.json');
    const exported = await runCli(
      ['campaign', 'export', 'cli', ...base, '--format', 'coco', '--out', out],
      lead,
    );
    expect(exported.code, exported.stderr).toBe(0);
    const coco = JSON.parse(readFileSync(out, 'utf8')) as {
      images: { file_name: string }[];
      annotations: { image_id: number; bbox: number[] }[];
    };
    expect(validateCoco(coco)).toEqual([]);
    expect(coco.images.map((image) => image.file_name)).toEqual(['p1.png', 'p2.png', 'p3.png']);
    // r1 everywhere (accurate); r2 false positive on p2, p3 and tied on p1: left out.
    expect(coco.annotations.map((annotation) => [annotation.image_id, annotation.bbox])).toEqual([
      [1, [10, 5, 40, 20]],
      [2, [10, 5, 40, 20]],
      [3, [10, 5, 40, 20]],
    ]);
    const json = await runCli(['campaign', 'export', 'cli', ...base, '--format', 'json'], lead);
    expect((JSON.parse(json.stdout) as { images: unknown[] }).images).toHaveLength(3);

    // Revoked: the reviewer's key now needs a person.
    expect((await runCli(['campaign', 'reviewer', 'revoke', 'bob', ...base], lead)).stdout).toContain(
      'Revoked 1 key(s) of bob.',
    );
    expect((await collector.call('POST', '/v2/team/campaigns/cli/leases', {}, keys['bob'])).status).toBe(401);
  }, 60_000);
});

describe('loupe campaign refusals', () => {
  it('exits 4 for a key the collector refuses and 2 for bad options, naming what is wrong and never a secret', async () => {
    const collector = await startCollector('sqlite', postgres);
    collectors.push(collector);
    const { dir, cleanup } = makeTempDir('loupe-campaign-cli-');
    temps.push(cleanup);
    const base = ['--collector', collector.server.api.baseUrl];

    const wrongKey = await runCli(['campaign', 'status', 'x', ...base], {
      LOUPE_API_KEY: 'wrong-key-0123456789',
    });
    expect(wrongKey.code).toBe(4);
    expect(wrongKey.stderr).toContain('11009');
    expect(wrongKey.stderr).not.toContain('wrong-key-0123456789');

    const missing = await runCli(['campaign', 'status', 'x', ...base], { LOUPE_API_KEY: testKey });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no campaign "x"');

    writeFileSync(join(dir, 'predictions.json'), '{"p1.png": [ secret-looking text');
    const badFile = await runCli(
      [
        'campaign',
        'create',
        'y',
        ...base,
        '--model',
        'm',
        '--policy',
        'partitioned',
        '--urls',
        join(dir, 'none.txt'),
        '--predictions',
        join(dir, 'predictions.json'),
      ],
      { LOUPE_API_KEY: testKey },
    );
    expect(badFile.code).toBe(2);
    expect(badFile.stderr).toContain('--urls: cannot read');
    const notJson = await runCli(
      [
        'campaign',
        'create',
        'y',
        ...base,
        '--model',
        'm',
        '--policy',
        'partitioned',
        '--predictions',
        join(dir, 'predictions.json'),
      ],
      { LOUPE_API_KEY: testKey },
    );
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain('is not valid JSON');
    expect(notJson.stderr).not.toContain('secret-looking');
    const policy = await runCli(['campaign', 'create', 'y', ...base, '--model', 'm', '--policy', 'random'], {
      LOUPE_API_KEY: testKey,
    });
    expect(policy.code).toBe(2);
    expect(policy.stderr).toContain('--policy must be partitioned or overlap');
    const noCollector = await runCli(['campaign', 'status', 'x'], { LOUPE_API_KEY: testKey });
    expect(noCollector.code).toBe(2);
    expect(noCollector.stderr).toContain('--collector URL is required');
  }, 60_000);
});
