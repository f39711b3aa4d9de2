import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../support/tempDir.ts';
import {
  backends,
  leasedIds,
  pngBase64,
  PostgresForTests,
  startCollector,
  twoRegions,
  uploadedCampaign,
  type Collector,
  type LeasedWire,
} from './teamFixtures.ts';

/**
 * The team collector over HTTP on 127.0.0.1 (docs/team-collector.md), the same tests on both
 * backends: the SQLite default and a real PostgreSQL server started by this file.
 */

const postgres = new PostgresForTests();
afterAll(() => postgres.stop(), 30_000);

const collectors: Collector[] = [];
afterEach(async () => {
  await Promise.all(collectors.splice(0).map((collector) => collector.stop()));
});

const statusCode = (json: Record<string, unknown>) => (json['status'] as { code: number }).code;
const details = (json: Record<string, unknown>) => (json['status'] as { details?: string }).details ?? '';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(backends)('team collector on %s', (backend) => {
  const start = async (options = {}) => {
    const collector = await startCollector(backend, postgres, options);
    collectors.push(collector);
    return collector;
  };

  it('issues reviewer keys from the lead key; the reviewer comes from the key, a revoked key is refused as needing a person', async () => {
    const collector = await start();
    const aliceKey = await collector.addReviewer('alice');
    expect(aliceKey).toMatch(/^[0-9a-f]{32}$/);
    await collector.call(
      'POST',
      '/v2/team/campaigns',
      await uploadedCampaign('keys', 2, { policy: 'partitioned' }),
    );

    // A reviewer key does not administer.
    const asReviewer = await collector.call(
      'POST',
      '/v2/team/reviewers',
      { reviewer: { id: 'mallory' } },
      aliceKey,
    );
    expect(asReviewer.status).toBe(403);
    expect(statusCode(asReviewer.json)).toBe(11007);
    // The lead's key does not review.
    const leadLease = await collector.call('POST', '/v2/team/campaigns/keys/leases', {});
    expect(leadLease.status).toBe(403);

    // The reviewer is whoever the key belongs to; a body cannot say otherwise (unknown field refused).
    const lease = await collector.call('POST', '/v2/team/campaigns/keys/leases', { max_images: 1 }, aliceKey);
    expect(lease.status).toBe(200);
    expect((lease.json['lease'] as { reviewer_id: string }).reviewer_id).toBe('alice');
    const spoof = await collector.call(
      'POST',
      '/v2/team/campaigns/keys/reviews',
      { reviewer_id: 'bob', reviews: [{ image_id: 'img-1', regions: [] }] },
      aliceKey,
    );
    expect(spoof.status).toBe(400);
    expect(details(spoof.json)).toContain('reviewer_id');

    const unknown = await collector.call(
      'GET',
      '/v2/team/campaigns',
      undefined,
      'not-a-key-of-this-collector',
    );
    expect(unknown.status).toBe(401);
    expect(statusCode(unknown.json)).toBe(11009);
    expect(unknown.text).not.toContain('not-a-key-of-this-collector');

    const revoked = await collector.call('POST', '/v2/team/reviewers/alice/revoke');
    expect((revoked.json['reviewer'] as { revoked_keys: number }).revoked_keys).toBe(1);
    const afterRevoke = await collector.call('POST', '/v2/team/campaigns/keys/leases', {}, aliceKey);
    expect(afterRevoke.status).toBe(401);
    expect(statusCode(afterRevoke.json)).toBe(11002);
    expect(afterRevoke.text).not.toContain(aliceKey);
  });

  it('refuses bad campaign bodies by naming what is wrong', async () => {
    const collector = await start();
    const refused = async (body: unknown, fragment: string) => {
      const answer = await collector.call('POST', '/v2/team/campaigns', body);
      expect(answer.status, answer.text).toBe(400);
      expect(details(answer.json)).toContain(fragment);
    };
    await refused('{"campaign": {', 'not valid JSON');
    let deep: unknown = {};
    for (let i = 0; i < 200; i += 1) deep = { nested: deep };
    await refused({ campaign: deep }, 'deeper');
    const good = await uploadedCampaign('bad', 2, { policy: 'overlap', overlap: 2 });
    await refused({ campaign: { ...good.campaign, overlap: 1 } }, 'overlap');
    await refused({ campaign: { ...good.campaign, polcy: 'x' } }, 'polcy');
    await refused(
      { campaign: { ...good.campaign, predictions: { 'img-9': twoRegions } } },
      'campaign.predictions: no image "img-9"',
    );
    await refused(
      { campaign: { ...good.campaign, gold: { 'img-1': { r7: 'accurate' } } } },
      'no predicted region "r7"',
    );
    await refused(
      {
        campaign: {
          ...good.campaign,
          images: [{ id: 'x', base64: Buffer.from('secret text').toString('base64') }],
        },
      },
      'campaign.images[0].base64 is not an image',
    );
    // Nothing of a refused campaign was kept.
    const list = await collector.call('GET', '/v2/team/campaigns');
    expect(list.json['campaigns']).toEqual([]);
  });

  it('partitioned: two reviewers never get the same image; submits are idempotent; a batch with a bad item stores nothing', async () => {
    const collector = await start();
    const alice = await collector.addReviewer('alice');
    const bob = await collector.addReviewer('bob');
    const created = await collector.call(
      'POST',
      '/v2/team/campaigns',
      await uploadedCampaign('part', 6, { policy: 'partitioned' }),
    );
    expect(created.status, created.text).toBe(200);
    expect(created.json['campaign']).toMatchObject({ images: 6, slots: { open: 6, leased: 0, done: 0 } });

    const leaseA = await collector.call('POST', '/v2/team/campaigns/part/leases', { max_images: 4 }, alice);
    const leaseB = await collector.call('POST', '/v2/team/campaigns/part/leases', { max_images: 4 }, bob);
    const a = leasedIds(leaseA);
    const b = leasedIds(leaseB);
    expect(a).toEqual(['img-1', 'img-2', 'img-3', 'img-4']);
    expect(b).toEqual(['img-5', 'img-6']);
    const first = (leaseA.json['images'] as LeasedWire[])[0]!;
    expect(first.image.base64).toBe(await pngBase64(0));
    expect(first).toMatchObject({ width: 40, height: 30, regions: twoRegions });
    // A pull again (the app restarted) gives the same work back, nothing new.
    expect(
      leasedIds(await collector.call('POST', '/v2/team/campaigns/part/leases', { max_images: 4 }, alice)),
    ).toEqual(a);

    // Bob cannot submit an image that was never his.
    const notYours = await collector.call(
      'POST',
      '/v2/team/campaigns/part/reviews',
      {
        reviews: [
          { image_id: 'img-5', regions: [] },
          { image_id: 'img-1', regions: [] },
        ],
      },
      bob,
    );
    expect(notYours.status).toBe(403);
    expect(details(notYours.json)).toContain('reviews[1].image_id');
    const badRegion = await collector.call(
      'POST',
      '/v2/team/campaigns/part/reviews',
      { reviews: [{ image_id: 'img-5', regions: [{ id: 'r9', verdict: 'accurate' }] }] },
      bob,
    );
    expect(badRegion.status).toBe(400);
    expect(details(badRegion.json)).toContain('reviews[0].regions[0].id');
    // The refused batches stored nothing: img-5 is still leased, not done.
    expect((await collector.call('GET', '/v2/team/campaigns/part')).json['campaign']).toMatchObject({
      slots: { open: 0, leased: 6, done: 0 },
    });

    const review = (imageId: string) => ({
      image_id: imageId,
      regions: [
        { id: 'r1', verdict: 'accurate' },
        { id: 'r2', verdict: 'false_positive' },
      ],
    });
    const submitA = await collector.call(
      'POST',
      '/v2/team/campaigns/part/reviews',
      { reviews: a.map(review) },
      alice,
    );
    expect(submitA.status, submitA.text).toBe(200);
    expect(submitA.json['reviews']).toEqual(
      a.map((image_id) => ({ image_id, outcome: 'counted', duplicate: false })),
    );
    const again = await collector.call(
      'POST',
      '/v2/team/campaigns/part/reviews',
      { reviews: a.map(review) },
      alice,
    );
    expect(again.json['reviews']).toEqual(
      a.map((image_id) => ({ image_id, outcome: 'counted', duplicate: true })),
    );
    await collector.call('POST', '/v2/team/campaigns/part/reviews', { reviews: b.map(review) }, bob);

    const results = (await collector.call('GET', '/v2/team/campaigns/part/results')).json['results'] as {
      images: Record<string, number>;
      reviews: Record<string, number>;
      reviewers: { id: string; counted: number }[];
    };
    expect(results.images).toEqual({ total: 6, complete: 6, reviewed: 6, gold: 0 });
    expect(results.reviews).toEqual({ counted: 6, extra: 0 });
    expect(results.reviewers.map(({ id, counted }) => [id, counted])).toEqual([
      ['alice', 4],
      ['bob', 2],
    ]);
    expect(leasedIds(await collector.call('POST', '/v2/team/campaigns/part/leases', {}, bob))).toEqual([]);
  });

  it('overlap 2 with gold: each image to two different reviewers; kappa, gold accuracy, disagreements and the merged COCO export', async () => {
    const collector = await start();
    const keys = {
      alice: await collector.addReviewer('alice'),
      bob: await collector.addReviewer('bob'),
      carol: await collector.addReviewer('carol'),
    };
    const body = await uploadedCampaign(
      'ovl',
      4,
      { policy: 'overlap', overlap: 2 },
      {
        gold: { 'img-4': { r1: 'accurate', r2: 'false_positive' } },
      },
    );
    expect((await collector.call('POST', '/v2/team/campaigns', body)).status).toBe(200);

    const aliceImages = leasedIds(
      await collector.call('POST', '/v2/team/campaigns/ovl/leases', { max_images: 10 }, keys.alice),
    );
    const bobImages = leasedIds(
      await collector.call('POST', '/v2/team/campaigns/ovl/leases', { max_images: 10 }, keys.bob),
    );
    const carolImages = leasedIds(
      await collector.call('POST', '/v2/team/campaigns/ovl/leases', { max_images: 10 }, keys.carol),
    );
    // Every image once per reviewer, never two slots of one image to the same reviewer; the pool is 8 slots.
    expect(aliceImages).toEqual(['img-1', 'img-2', 'img-3', 'img-4']);
    expect(bobImages).toEqual(['img-1', 'img-2', 'img-3', 'img-4']);
    expect(carolImages).toEqual([]);

    // alice: r1 accurate everywhere, r2 false_positive; bob agrees on img-1, img-2, differs on img-3/img-4 r2.
    const verdicts = (r2: string, box?: Record<string, number>) => [
      box ? { id: 'r1', verdict: 'misplaced', box } : { id: 'r1', verdict: 'accurate' },
      { id: 'r2', verdict: r2 },
    ];
    const moved = { top: 0.12, left: 0.1, bottom: 0.5, right: 0.5 };
    const submit = (key: string, reviews: unknown[]) =>
      collector.call('POST', '/v2/team/campaigns/ovl/reviews', { reviews }, key);
    await submit(keys.alice, [
      { image_id: 'img-1', regions: verdicts('false_positive', moved) },
      { image_id: 'img-2', regions: verdicts('false_positive') },
      { image_id: 'img-3', regions: verdicts('false_positive') },
      { image_id: 'img-4', regions: verdicts('false_positive') },
    ]);
    await submit(keys.bob, [
      {
        image_id: 'img-1',
        regions: [
          ...verdicts('false_positive', { top: 0.1, left: 0.1, bottom: 0.5, right: 0.5 }),
          { verdict: 'not_detected', box: { top: 0.6, left: 0.1, bottom: 0.8, right: 0.3 }, concept: 'face' },
        ],
      },
      { image_id: 'img-2', regions: verdicts('false_positive') },
      { image_id: 'img-3', regions: verdicts('accurate') },
      { image_id: 'img-4', regions: verdicts('accurate') },
    ]);

    const results = (await collector.call('GET', '/v2/team/campaigns/ovl/results')).json['results'] as {
      agreement: {
        fleissKappa: number;
        pairs: { a: string; b: string; units: number; kappa: number; boxIou: number }[];
      };
      reviewers: {
        id: string;
        counted: number;
        gold: { judged: number; correct: number; accuracy: number };
      }[];
      disagreements: { imageId: string; regionId: string; tie: boolean }[];
      merged: {
        imageId: string;
        regions: { regionId: string; verdict: string | null; box: Record<string, number> }[];
        drawn: unknown[];
      }[];
    };
    // Pairs over 8 units: r1 (misplaced,misplaced) on img-1, (accurate,accurate) ×3; r2: fp,fp ×2, (fp,accurate) ×2.
    // p_o = 6/8; alice: misplaced 1, accurate 3, fp 4; bob: misplaced 1, accurate 5, fp 2.
    // p_e = (1·1 + 3·5 + 4·2)/64 = 24/64; κ = (0.75 − 0.375)/(0.625) = 0.6.
    expect(results.agreement.pairs).toHaveLength(1);
    expect(results.agreement.pairs[0]).toMatchObject({ a: 'alice', b: 'bob', units: 8 });
    expect(results.agreement.pairs[0]!.kappa).toBeCloseTo(0.6, 10);
    // IoU of alice's moved box (0.12–0.5 × 0.1–0.5) with bob's (0.1–0.5 × 0.1–0.5): 0.152/0.16.
    expect(results.agreement.pairs[0]!.boxIou).toBeCloseTo(0.95, 10);
    // Fleiss on the same 8 two-rater units: P̄ = 6/8; p = (2/16, 8/16, 6/16); P_e = (4+64+36)/256.
    expect(results.agreement.fleissKappa).toBeCloseTo((0.75 - 104 / 256) / (1 - 104 / 256), 10);
    expect(results.reviewers.map((r) => [r.id, r.counted, r.gold])).toEqual([
      ['alice', 4, { judged: 2, correct: 2, accuracy: 1 }],
      ['bob', 4, { judged: 2, correct: 1, accuracy: 0.5 }],
    ]);
    expect(results.disagreements).toEqual([
      {
        imageId: 'img-3',
        regionId: 'r2',
        votes: { false_positive: 1, accurate: 1 },
        tie: true,
        verdicts: { alice: 'false_positive', bob: 'accurate' },
      },
      {
        imageId: 'img-4',
        regionId: 'r2',
        votes: { false_positive: 1, accurate: 1 },
        tie: true,
        verdicts: { alice: 'false_positive', bob: 'accurate' },
      },
    ]);
    const img1 = results.merged[0]!;
    expect(img1.regions[0]).toMatchObject({ regionId: 'r1', verdict: 'misplaced' });
    expect(img1.regions[0]!.box.top).toBeCloseTo(0.11, 10);
    expect(img1.drawn).toEqual([]); // drawn by one of two reviewers: not a majority

    const exported = await collector.call('GET', '/v2/team/campaigns/ovl/export?format=coco');
    expect(exported.status, exported.text).toBe(200);
    const coco = JSON.parse((exported.json['export'] as { content: string }).content) as {
      images: { id: number; width: number; height: number }[];
      annotations: { image_id: number; bbox: number[] }[];
      categories: { name: string }[];
    };
    expect(coco.images).toHaveLength(4);
    expect(coco.images[0]).toMatchObject({ width: 40, height: 30 });
    // r1 of every image (merged accurate or misplaced); r2 is a false positive on img-1, img-2, tied on img-3, img-4.
    expect(coco.annotations.map((annotation) => annotation.image_id)).toEqual([1, 2, 3, 4]);
    expect(coco.annotations[0]!.bbox).toEqual([4, 3.3, 16, 11.7]);
    expect(coco.categories.map((category) => category.name)).toEqual(['face']);
    const wrongFormat = await collector.call('GET', '/v2/team/campaigns/ovl/export?format=xml');
    expect(wrongFormat.status).toBe(400);
    expect(details(wrongFormat.json)).toContain('format must be one of');
  });

  it('overlap 3 under concurrent pulls: every image ends with three different reviewers, none twice', async () => {
    const collector = await start();
    const reviewers = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => ({
        id: `r${i + 1}`,
        key: await collector.addReviewer(`r${i + 1}`),
      })),
    );
    const urls = Array.from({ length: 30 }, (_, i) => ({
      id: `u${i + 1}`,
      url: `https://images.example.com/${i + 1}.jpg`,
    }));
    const predictions = Object.fromEntries(urls.map((image) => [image.id, twoRegions]));
    const made = await collector.call('POST', '/v2/team/campaigns', {
      campaign: { id: 'conc', model_id: 'm', policy: 'overlap', overlap: 3, images: urls, predictions },
    });
    expect(made.status, made.text).toBe(200);
    const seen = new Map<string, string[]>();
    await Promise.all(
      reviewers.map(async ({ id, key }) => {
        for (;;) {
          const lease = await collector.call(
            'POST',
            '/v2/team/campaigns/conc/leases',
            { max_images: 4 },
            key,
          );
          const images = leasedIds(lease);
          if (images.length === 0 && lease.json['remaining'] === 0) return;
          if (images.length === 0) {
            await sleep(20); // others hold what is left: pull again once they are done
            continue;
          }
          for (const image of images) seen.set(image, [...(seen.get(image) ?? []), id]);
          const reviews = images.map((image_id) => ({
            image_id,
            regions: [{ id: 'r1', verdict: 'accurate' }],
          }));
          const stored = await collector.call('POST', '/v2/team/campaigns/conc/reviews', { reviews }, key);
          expect(stored.status, stored.text).toBe(200);
        }
      }),
    );
    expect(seen.size).toBe(30);
    for (const [, holders] of seen) {
      expect(holders).toHaveLength(3);
      expect(new Set(holders).size).toBe(3);
    }
    const results = (await collector.call('GET', '/v2/team/campaigns/conc/results')).json['results'] as {
      images: Record<string, number>;
      reviews: Record<string, number>;
      merged: { reviewers: string[] }[];
    };
    expect(results.images).toMatchObject({ total: 30, complete: 30 });
    expect(results.reviews).toEqual({ counted: 90, extra: 0 });
    expect(results.merged.every((image) => new Set(image.reviewers).size === 3)).toBe(true);
    // URL images have no known size: COCO says so and points to json.
    const coco = await collector.call('GET', '/v2/team/campaigns/conc/export?format=coco');
    expect(coco.status).toBe(400);
    expect(details(coco.json)).toContain('export json instead');
  });

  it('a lease that expired offline: accepted while nobody else finished the image, else kept as an extra review', async () => {
    const collector = await start();
    const alice = await collector.addReviewer('alice');
    const bob = await collector.addReviewer('bob');
    const body = await uploadedCampaign('exp', 2, { policy: 'partitioned' }, { lease_seconds: 1 });
    await collector.call('POST', '/v2/team/campaigns', body);
    expect(leasedIds(await collector.call('POST', '/v2/team/campaigns/exp/leases', {}, alice))).toEqual([
      'img-1',
      'img-2',
    ]);
    await sleep(1_200); // past the 1-second lease: the images are back in the pool
    expect(leasedIds(await collector.call('POST', '/v2/team/campaigns/exp/leases', {}, bob))).toEqual([
      'img-1',
      'img-2',
    ]);

    const review = (image_id: string) => ({ image_id, regions: [{ id: 'r1', verdict: 'accurate' }] });
    // img-1: alice (offline, lease gone) comes back first: nobody finished it, so hers counts.
    const late = await collector.call(
      'POST',
      '/v2/team/campaigns/exp/reviews',
      { reviews: [review('img-1')] },
      alice,
    );
    expect(late.json['reviews']).toEqual([{ image_id: 'img-1', outcome: 'counted', duplicate: false }]);
    // img-2: bob finishes first; alice's later review is kept as an extra, never dropped.
    await collector.call('POST', '/v2/team/campaigns/exp/reviews', { reviews: [review('img-2')] }, bob);
    const extra = await collector.call(
      'POST',
      '/v2/team/campaigns/exp/reviews',
      { reviews: [review('img-2')] },
      alice,
    );
    expect(extra.json['reviews']).toEqual([{ image_id: 'img-2', outcome: 'extra', duplicate: false }]);
    // bob's img-1 lease was overtaken by alice's finished review: his work is an extra too.
    const bobLate = await collector.call(
      'POST',
      '/v2/team/campaigns/exp/reviews',
      { reviews: [review('img-1')] },
      bob,
    );
    expect(bobLate.json['reviews']).toEqual([{ image_id: 'img-1', outcome: 'extra', duplicate: false }]);

    const results = (await collector.call('GET', '/v2/team/campaigns/exp/results')).json['results'] as {
      reviews: Record<string, number>;
      extraReviews: { imageId: string; reviewerId: string }[];
    };
    expect(results.reviews).toEqual({ counted: 2, extra: 2 });
    expect(results.extraReviews.map(({ imageId, reviewerId }) => [imageId, reviewerId]).sort()).toEqual([
      ['img-1', 'bob'],
      ['img-2', 'alice'],
    ]);
  });

  it('reads a folder on the collector only under --campaign-folders, never through a symlink or ..', async () => {
    const { dir, cleanup } = makeTempDir('loupe-team-folders-');
    try {
      const root = join(dir, 'images');
      const campaignDir = join(root, 'spring');
      const outside = join(dir, 'outside');
      mkdirSync(campaignDir, { recursive: true });
      mkdirSync(outside);
      writeFileSync(join(campaignDir, 'a.png'), Buffer.from(await pngBase64(1), 'base64'));
      writeFileSync(join(campaignDir, 'b.png'), Buffer.from(await pngBase64(2), 'base64'));
      writeFileSync(join(outside, 'private.png'), Buffer.from(await pngBase64(3), 'base64'));
      symlinkSync(join(outside, 'private.png'), join(campaignDir, 'c.png'));
      symlinkSync(outside, join(root, 'escape'));

      const closed = await start();
      const refused = await closed.call('POST', '/v2/team/campaigns', {
        campaign: { id: 'f', model_id: 'm', policy: 'partitioned', folder: campaignDir },
      });
      expect(refused.status).toBe(403);
      expect(details(refused.json)).toContain('--campaign-folders');

      const collector = await start({ campaignFolders: [root] });
      const create = (id: string, folder: string) =>
        collector.call('POST', '/v2/team/campaigns', {
          campaign: { id, model_id: 'm', policy: 'partitioned', folder },
        });
      const made = await create('spring', campaignDir);
      expect(made.status, made.text).toBe(200);
      expect((made.json['campaign'] as { images: number }).images).toBe(2); // c.png, a symlink, is not taken
      for (const hostile of [
        join(campaignDir, '..', '..', 'outside'),
        join(root, 'escape'),
        join(dir, 'missing'),
      ]) {
        const answer = await create('hostile', hostile);
        expect([400, 403]).toContain(answer.status);
        expect(details(answer.json)).toMatch(/outside the folders|no folder at/);
      }
      const relative = await create('rel', 'images/spring');
      expect(details(relative.json)).toContain('absolute path');
    } finally {
      cleanup();
    }
  });
});

describe('team collector on PostgreSQL that goes away', () => {
  it('answers 503 with a Clarifai status while the database is down, and stores a retried review once', async () => {
    const collector = await startCollector('postgres', postgres);
    collectors.push(collector);
    const alice = await collector.addReviewer('alice');
    await collector.call(
      'POST',
      '/v2/team/campaigns',
      await uploadedCampaign('down', 2, { policy: 'partitioned' }),
    );
    expect(leasedIds(await collector.call('POST', '/v2/team/campaigns/down/leases', {}, alice))).toEqual([
      'img-1',
      'img-2',
    ]);

    await postgres.server!.stopServer();
    const reviews = { reviews: [{ image_id: 'img-1', regions: [{ id: 'r1', verdict: 'accurate' }] }] };
    const down = await collector.call('POST', '/v2/team/campaigns/down/reviews', reviews, alice);
    expect(down.status).toBe(503);
    expect(statusCode(down.json)).toBe(98006);
    expect(down.headers.get('retry-after')).toBe('1');
    expect(down.text).not.toContain('loupe-test-password');
    // The lead's reads are 503 too, not a crash.
    expect((await collector.call('GET', '/v2/team/campaigns/down/results')).status).toBe(503);

    await postgres.server!.startServer();
    const retried = await collector.call('POST', '/v2/team/campaigns/down/reviews', reviews, alice);
    expect(retried.status, retried.text).toBe(200);
    expect(retried.json['reviews']).toEqual([{ image_id: 'img-1', outcome: 'counted', duplicate: false }]);
    const again = await collector.call('POST', '/v2/team/campaigns/down/reviews', reviews, alice);
    expect(again.json['reviews']).toEqual([{ image_id: 'img-1', outcome: 'counted', duplicate: true }]);
    const results = (await collector.call('GET', '/v2/team/campaigns/down/results')).json['results'] as {
      reviews: Record<string, number>;
    };
    expect(results.reviews).toEqual({ counted: 1, extra: 0 });
  }, 40_000);
});
