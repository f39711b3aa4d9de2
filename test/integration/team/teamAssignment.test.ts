import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createLoupeApp, type LoupeApp } from '../../../electron/main/loupeApp.ts';
import type { CommandInput, CommandName, CommandOutput } from '../../../shared/contract.ts';
import { startTcpProxy, type TcpProxy } from '../../support/tcpProxy.ts';
import { makeTempDir } from '../../support/tempDir.ts';
import {
  backends,
  PostgresForTests,
  startCollector,
  uploadedCampaign,
  type Collector,
} from './teamFixtures.ts';

/**
 * The app's side of a team campaign (docs/team-collector.md, "The app") through the contract:
 * a reviewer's app pulls leased images into its workspace, reviews them offline, submits through
 * the outbox, and the lead's app reads the results — on both collector backends.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const postgres = new PostgresForTests();
afterAll(() => postgres.stop(), 30_000);

const opened: { app: LoupeApp; cleanup: () => void }[] = [];
const collectors: Collector[] = [];
const proxies: TcpProxy[] = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
  for (const { app, cleanup } of opened.splice(0)) {
    await app.close();
    cleanup();
  }
  await Promise.all(collectors.splice(0).map((collector) => collector.stop()));
});

async function teamApp(collector: Collector | { baseUrl: string }, key: string, campaignId: string) {
  const baseUrl = 'server' in collector ? collector.server.api.baseUrl : collector.baseUrl;
  const temp = makeTempDir('loupe-team-app-');
  const app = createLoupeApp({ dataDir: temp.dir, transport: 'bridge', log: () => {}, background: false });
  opened.push({ app, cleanup: temp.cleanup });
  const invoke = async <N extends CommandName>(
    name: N,
    input: CommandInput<N>,
  ): Promise<CommandOutput<N>> => {
    const result = await app.dispatch(name, input);
    if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
    return result.value as CommandOutput<N>;
  };
  await invoke('settings.set', {
    endpoint: { kind: 'team', baseUrl, campaignId },
  });
  await invoke('vault.set', { key });
  return { app, invoke, dataDir: temp.dir };
}

describe.each(backends)('a team campaign from the app on %s', (backend) => {
  it('two reviewers pull, review and submit through the outbox; the lead reads counts, kappa, gold and the disagreement', async () => {
    const collector = await startCollector(backend, postgres);
    collectors.push(collector);
    const campaign = await uploadedCampaign(
      'spring',
      3,
      { policy: 'overlap', overlap: 2 },
      {
        gold: { 'img-1': { r1: 'accurate', r2: 'false_positive' } },
      },
    );
    expect((await collector.call('POST', '/v2/team/campaigns', campaign)).status).toBe(200);
    const alice = await teamApp(collector, await collector.addReviewer('alice'), 'spring');
    const bob = await teamApp(collector, await collector.addReviewer('bob'), 'spring');
    const lead = await teamApp(collector, 'local-api-test-key-5b1e', 'spring');

    for (const [reviewer, rejectR2] of [
      [alice, true],
      [bob, false],
    ] as const) {
      const pulled = await reviewer.invoke('team.pull', { maxImages: 10 });
      expect(pulled).toMatchObject({ campaignId: 'spring', added: 3, already: 0, failed: [] });
      // Pulled again: the same leased images come back, none twice.
      expect(await reviewer.invoke('team.pull', { maxImages: 10 })).toMatchObject({ added: 0, already: 3 });
      const assignment = await reviewer.invoke('team.assignment', {});
      expect(assignment).toMatchObject({ campaignId: 'spring', leaseState: 'active' });
      expect(assignment.images).toEqual({ total: 3, toReview: 3, submitted: 0, delivered: 0 });
      const { workspace } = reviewer.app.services.session();
      const predictionIds = workspace.reviews.ids();
      expect(predictionIds).toHaveLength(3);
      if (rejectR2)
        for (const predictionId of predictionIds) {
          const r2 = workspace.reviews
            .get(predictionId)
            .state.regions.find((region) => region.regionId === 'r2')!;
          await reviewer.invoke('review.apply', { predictionId, op: { type: 'remove', keys: [r2.key] } });
        }
      expect(await reviewer.invoke('review.submit', { predictionIds, unreviewed: 'accept' })).toEqual({
        queued: 3,
      });
      expect((await reviewer.invoke('team.assignment', {})).images.submitted).toBe(3);
      const status = await reviewer.app.services.session().sync.drain();
      expect(status).toMatchObject({ delivered: 3, pending: 0, failed: 0 });
      expect((await reviewer.invoke('team.assignment', {})).images.delivered).toBe(3);
    }

    // A reviewer key cannot read the results; the lead's can.
    await expect(alice.invoke('team.results', {})).rejects.toThrow(/remote.*403/);
    const results = await lead.invoke('team.results', {});
    expect(results.reviews).toEqual({ counted: 6, extra: 0 });
    expect(results.reviewer_names).toMatchObject({ alice: 'alice', bob: 'bob' });
    expect(results.reviewers.map((reviewer) => [reviewer.id, reviewer.counted, reviewer.gold])).toEqual([
      ['alice', 3, { judged: 2, correct: 2, accuracy: 1 }],
      ['bob', 3, { judged: 2, correct: 1, accuracy: 0.5 }],
    ]);
    expect(results.disagreements).toHaveLength(3);
    expect(results.disagreements[0]).toMatchObject({
      regionId: 'r2',
      tie: true,
      verdicts: { alice: 'false_positive', bob: 'accurate' },
    });
    expect(results.agreement.pairs[0]).toMatchObject({ a: 'alice', b: 'bob', units: 6 });
    const exported = await lead.invoke('team.export', { format: 'jsonl' });
    expect(exported.bytes).toBeGreaterThan(0);
    const seen = await lead.invoke('team.campaigns', {});
    expect([seen.lead, seen.campaigns.map((entry) => entry.id)]).toEqual([true, ['spring']]);
    expect(await alice.invoke('team.campaigns', {})).toEqual({ lead: false, campaigns: [] });
  }, 60_000);

  it('a key revoked mid-sync blocks the sync as needing a person and keeps the reviews; a new key sends them once', async () => {
    const collector = await startCollector(backend, postgres);
    collectors.push(collector);
    await collector.call(
      'POST',
      '/v2/team/campaigns',
      await uploadedCampaign('c', 2, { policy: 'partitioned' }),
    );
    const carol = await teamApp(collector, await collector.addReviewer('carol'), 'c');
    expect((await carol.invoke('team.pull', {})).added).toBe(2);
    const predictionIds = carol.app.services.session().workspace.reviews.ids();
    await carol.invoke('review.submit', { predictionIds, unreviewed: 'accept' });
    expect((await collector.call('POST', '/v2/team/reviewers/carol/revoke')).status).toBe(200);
    const blocked = await carol.app.services.session().sync.drain();
    expect(blocked).toMatchObject({ state: 'blocked', pending: 2, delivered: 0 });
    expect(blocked.lastError).toMatchObject({ httpStatus: 401, code: 11002, needsPerson: true });
    // The lead issues carol a new key; setting it resumes the sync, and each review is stored once.
    await carol.invoke('vault.set', { key: await collector.addReviewer('carol') });
    expect(await carol.app.services.session().sync.drain()).toMatchObject({ delivered: 2, pending: 0 });
    const results = (await collector.call('GET', '/v2/team/campaigns/c/results')).json['results'] as {
      reviews: { counted: number };
    };
    expect(results.reviews.counted).toBe(2);
  }, 60_000);

  it('works offline: a lease that expired while offline is still accepted if nobody finished the image, else kept as an extra', async () => {
    const collector = await startCollector(backend, postgres);
    collectors.push(collector);
    const body = await uploadedCampaign('away', 2, { policy: 'partitioned' }, { lease_seconds: 1 });
    expect((await collector.call('POST', '/v2/team/campaigns', body)).status).toBe(200);
    // Alice reaches the collector through a relay the test can cut: her network, not bob's.
    const proxy = await startTcpProxy({
      host: '127.0.0.1',
      port: Number(new URL(collector.server.api.baseUrl).port),
    });
    proxies.push(proxy);
    const alice = await teamApp({ baseUrl: proxy.url }, await collector.addReviewer('alice'), 'away');
    const bob = await teamApp(collector, await collector.addReviewer('bob'), 'away');
    expect(await alice.invoke('team.pull', {})).toMatchObject({ added: 2, failed: [] });

    proxy.cut();
    await expect(alice.invoke('team.pull', {})).rejects.toThrow(/unavailable/);
    const alicePredictions = alice.app.services.session().workspace.reviews.ids();
    expect(
      await alice.invoke('review.submit', { predictionIds: alicePredictions, unreviewed: 'accept' }),
    ).toEqual({
      queued: 2,
    });
    const offline = await alice.app.services.session().sync.drain({ once: true });
    expect(offline).toMatchObject({ pending: 2, delivered: 0, failed: 0 });
    expect(offline.lastError).toMatchObject({ retryable: true, needsPerson: false });
    await sleep(1_200); // past the 1-second lease: the collector gives alice's images to bob
    expect((await alice.invoke('team.assignment', {})).leaseState).toBe('expired');
    expect(await bob.invoke('team.pull', {})).toMatchObject({ added: 2 });
    // Bob finishes img-2 only (his first image by id order is img-1: pick img-2 by its source).
    const bobWorkspace = bob.app.services.session().workspace;
    const bobImg2 = bobWorkspace.reviews
      .ids()
      .find((predictionId) => bobWorkspace.predictions.get(predictionId)?.outputId === 'team:away:img-2');
    expect(bobImg2).toBeDefined();
    await bob.invoke('review.submit', { predictionIds: [bobImg2!], unreviewed: 'accept' });
    expect(await bob.app.services.session().sync.drain()).toMatchObject({ delivered: 1, pending: 0 });

    // Alice is back: img-1 nobody finished, so hers counts; img-2 bob did, so hers is an extra.
    proxy.restore();
    await alice.invoke('outbox.retry', {});
    expect(await alice.app.services.session().sync.drain()).toMatchObject({
      delivered: 2,
      pending: 0,
      failed: 0,
    });
    const results = (await collector.call('GET', '/v2/team/campaigns/away/results')).json['results'] as {
      reviews: Record<string, number>;
      extraReviews: { imageId: string; reviewerId: string }[];
    };
    expect(results.reviews).toEqual({ counted: 2, extra: 1 });
    expect(results.extraReviews.map(({ imageId, reviewerId }) => [imageId, reviewerId])).toEqual([
      ['img-2', 'alice'],
    ]);
  }, 60_000);
});
