import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli, startServe, type ServedApi } from '../../support/cliProcess.ts';
import { startTestPostgres, type TestPostgres } from '../../support/embeddedPostgres.ts';
import { makeTempDir } from '../../support/tempDir.ts';

/**
 * Two `loupe serve` processes (the built CLI, real child processes) on one real PostgreSQL, many
 * simulated reviewers pulling and submitting over HTTP on 127.0.0.1 in partitioned mode, one
 * process killed with SIGKILL and restarted part way: every review is stored exactly once and no
 * image is ever leased to two reviewers. The kill is triggered by progress (a count of stored
 * reviews), not by a timer.
 */

const leadKey = 'team-collector-lead-key-8c1f';
const imageCount = 400;
const reviewerCount = 20;
const batch = 5;

let postgres: TestPostgres;
let databaseUrl: string;
const temp = makeTempDir('loupe-team-processes-');
const served = new Set<ServedApi>();

beforeAll(async () => {
  postgres = await startTestPostgres();
  databaseUrl = await postgres.createDatabase('collector');
}, 60_000);

afterAll(async () => {
  for (const api of served) api.stop();
  await postgres?.stop();
  temp.cleanup();
}, 30_000);

async function serve(name: string): Promise<ServedApi> {
  const api = await startServe(join(temp.dir, name), leadKey, ['--database', databaseUrl]);
  served.add(api);
  return api;
}

interface Reviewer {
  id: string;
  key: string;
  /** Reviews this reviewer saw stored for the first time (duplicate: false). */
  firstStores: string[];
}

it('two collector processes share one PostgreSQL; a kill -9 and restart loses and doubles nothing', async () => {
  const a = await serve('a');
  const b = await serve('b');
  const servers: { current: ServedApi; name: string }[] = [
    { current: a, name: 'a' },
    { current: b, name: 'b' },
  ];

  // The lead creates the campaign through the CLI: a URL list and imported predictions.
  const urls = Array.from(
    { length: imageCount },
    (_, i) => `img-${i + 1} https://images.example.com/qa/${i + 1}.jpg`,
  );
  writeFileSync(join(temp.dir, 'urls.txt'), `${urls.join('\n')}\n`);
  const predictions = Object.fromEntries(
    Array.from({ length: imageCount }, (_, i) => [
      `img-${i + 1}`,
      [{ id: 'r1', box: { top: 0.1, left: 0.1, bottom: 0.6, right: 0.6 }, concept: 'logo' }],
    ]),
  );
  writeFileSync(join(temp.dir, 'predictions.json'), JSON.stringify(predictions));
  const created = await runCli(
    [
      'campaign',
      'create',
      'load',
      '--collector',
      b.baseUrl,
      '--model',
      'logo',
      '--policy',
      'partitioned',
      '--urls',
      join(temp.dir, 'urls.txt'),
      '--predictions',
      join(temp.dir, 'predictions.json'),
      '--lease-seconds',
      '600',
    ],
    { LOUPE_API_KEY: leadKey },
  );
  expect(created.stderr).toBe('');
  expect(created.stdout).toContain(`Campaign load: ${imageCount} images, partitioned.`);

  const reviewers: Reviewer[] = [];
  for (let i = 1; i <= reviewerCount; i += 1) {
    const response = await fetch(`${a.baseUrl}/v2/team/reviewers`, {
      method: 'POST',
      headers: { Authorization: `Key ${leadKey}` },
      body: JSON.stringify({ reviewer: { id: `reviewer-${i}` } }),
    });
    const json = (await response.json()) as { key: string };
    reviewers.push({ id: `reviewer-${i}`, key: json.key, firstStores: [] });
  }

  /** image → the reviewer a lease gave it to: a second reviewer for one image is the bug this test hunts. */
  const leasedTo = new Map<string, string>();
  const doubleLeases: string[] = [];
  let stored = 0;
  let turn = 0;
  let connectionFailures = 0;
  let unavailable = 0;
  let killed = false;
  let restart: Promise<void> | undefined;
  let databaseRestarted = false;
  let databaseRestart: Promise<void> | undefined;
  const acknowledged = new Set<string>();

  /** One request to whichever live process is next, again elsewhere on a dropped connection or a 503. */
  async function send(reviewer: Reviewer, path: string, body: unknown): Promise<Record<string, unknown>> {
    for (let attempt = 0; attempt < 400; attempt += 1) {
      const server = servers[turn++ % servers.length]!;
      try {
        const response = await fetch(`${server.current.baseUrl}${path}`, {
          method: 'POST',
          headers: { Authorization: `Key ${reviewer.key}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(15_000),
        });
        const json = (await response.json()) as Record<string, unknown>;
        if (response.status === 503) {
          unavailable += 1;
          await new Promise((resolve) => setTimeout(resolve, 50));
          continue;
        }
        if (response.status !== 200) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
        return json;
      } catch (error) {
        if (error instanceof Error && error.message.startsWith(path)) throw error;
        connectionFailures += 1; // the killed process: try the next one
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    throw new Error(`${path}: no collector answered`);
  }

  async function killAndRestartA(): Promise<void> {
    a.child.kill('SIGKILL');
    served.delete(a);
    const restarted = await serve('a');
    servers[0]!.current = restarted;
  }

  async function work(reviewer: Reviewer, index: number): Promise<void> {
    for (;;) {
      const lease = await send(reviewer, '/v2/team/campaigns/load/leases', { max_images: batch });
      const images = (lease['images'] as { id: string }[]).map((image) => image.id);
      if (images.length === 0) return;
      for (const image of images) {
        const holder = leasedTo.get(image);
        if (holder !== undefined && holder !== reviewer.id)
          doubleLeases.push(`${image}: ${holder} and ${reviewer.id}`);
        leasedTo.set(image, reviewer.id);
      }
      const reviews = {
        reviews: images.map((image_id) => ({
          image_id,
          regions: [{ id: 'r1', verdict: index % 3 === 0 ? 'false_positive' : 'accurate' }],
        })),
      };
      const answer = await send(reviewer, '/v2/team/campaigns/load/reviews', reviews);
      // Every third batch is sent twice, as an app that lost the first answer would.
      const answers = [
        answer,
        ...(stored % 3 === 0 ? [await send(reviewer, '/v2/team/campaigns/load/reviews', reviews)] : []),
      ];
      for (const item of answers.flatMap(
        (one) => one['reviews'] as { image_id: string; outcome: string; duplicate: boolean }[],
      )) {
        expect(item.outcome).toBe('counted');
        acknowledged.add(item.image_id);
        if (!item.duplicate) reviewer.firstStores.push(item.image_id);
      }
      stored += images.length;
      if (!killed && stored >= imageCount / 3) {
        killed = true;
        restart = killAndRestartA();
      }
      if (killed && !databaseRestarted && stored >= (imageCount * 2) / 3) {
        // PostgreSQL itself goes away and comes back (after the restarted process is up): the
        // collectors answer 503 meanwhile.
        databaseRestarted = true;
        databaseRestart = restart!.then(async () => {
          await postgres.stopServer();
          await postgres.startServer();
        });
      }
    }
  }

  await Promise.all(reviewers.map((reviewer, index) => work(reviewer, index)));
  await restart;
  await databaseRestart;

  expect(killed).toBe(true);
  expect(databaseRestarted).toBe(true);
  expect(doubleLeases).toEqual([]);
  // Every image acknowledged; none stored twice. A submit that committed on the killed process
  // before its answer went out comes back as a duplicate, so first stores may be fewer than images.
  expect(acknowledged.size).toBe(imageCount);
  const firstStores = reviewers.flatMap((reviewer) => reviewer.firstStores);
  expect(new Set(firstStores).size).toBe(firstStores.length);

  // What the database holds, read directly.
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const reviews = await client.query<{ n: number; images: number; counted: number }>(
      "SELECT count(*)::int AS n, count(DISTINCT image_id)::int AS images, count(*) FILTER (WHERE kind = 'counted')::int AS counted FROM team_reviews WHERE campaign_id = 'load'",
    );
    expect(reviews.rows[0]).toEqual({ n: imageCount, images: imageCount, counted: imageCount });
    const slots = await client.query<{ state: string; n: number }>(
      "SELECT state, count(*)::int AS n FROM team_slots WHERE campaign_id = 'load' GROUP BY state",
    );
    expect(slots.rows).toEqual([{ state: 'done', n: imageCount }]);
    const grants = await client.query<{ image_id: string }>(
      "SELECT image_id FROM team_lease_grants WHERE campaign_id = 'load' GROUP BY image_id HAVING count(DISTINCT reviewer_id) > 1",
    );
    expect(grants.rows).toEqual([]);
    // Each review is the one its reviewer leased.
    const mismatched = await client.query(
      "SELECT r.image_id FROM team_reviews r JOIN team_lease_grants g ON g.campaign_id = r.campaign_id AND g.image_id = r.image_id WHERE r.campaign_id = 'load' AND g.reviewer_id <> r.reviewer_id",
    );
    expect(mismatched.rows).toEqual([]);
  } finally {
    await client.end();
  }

  // The lead's view through the CLI, from the restarted process.
  const status = await runCli(
    ['campaign', 'status', 'load', '--collector', servers[0]!.current.baseUrl, '--json'],
    { LOUPE_API_KEY: leadKey },
  );
  expect(status.stderr).toBe('');
  const { results } = JSON.parse(status.stdout) as {
    results: {
      images: Record<string, number>;
      reviews: Record<string, number>;
      reviewers: { counted: number }[];
    };
  };
  expect(results.images).toEqual({ total: imageCount, complete: imageCount, reviewed: imageCount, gold: 0 });
  expect(results.reviews).toEqual({ counted: imageCount, extra: 0 });
  expect(results.reviewers.reduce((sum, reviewer) => sum + reviewer.counted, 0)).toBe(imageCount);
  console.log(
    `team collector load: ${imageCount} reviews by ${reviewerCount} reviewers; ${connectionFailures} dropped connections, ${unavailable} answers 503, ${imageCount - firstStores.length} stored before a lost answer`,
  );
}, 180_000);
