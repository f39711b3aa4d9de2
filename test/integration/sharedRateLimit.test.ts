import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { createLoupeApp } from '../../electron/main/loupeApp.ts';
import { logoModelId } from '../../electron/localApi/samples/logoSamples.ts';
import { faceSamples, seedWorkspace } from '../support/seedWorkspace.ts';
import { makeTempDir } from '../support/tempDir.ts';
import { startTestServer, testKey } from './localApi/localApiTestServer.ts';

const temp = makeTempDir();
const server = await startTestServer();
afterAll(async () => {
  await server.stop();
  temp.cleanup();
});

/** Forwards to the local API and notes when each request arrived: what the endpoint sees. */
async function countingProxy(target: string) {
  const arrivals: { at: number; path: string }[] = [];
  const upstream = new URL(target);
  const proxy = createServer((incoming, outgoing) => {
    arrivals.push({ at: performance.now(), path: incoming.url ?? '' });
    const forwarded = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: incoming.url,
        method: incoming.method,
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    incoming.pipe(forwarded);
  });
  await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
  const { port } = proxy.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, arrivals, close: () => proxy.close() };
}

const models = [
  logoModelId,
  'general-image-detection',
  'aaa03c23b3724a16a56b629203edc62c',
  'a403429f2ddf4b49b307e318f00e528b',
];

describe('one rate limit per endpoint (issue 16)', () => {
  it('prediction and sync running together never send faster than the endpoint’s limit', async () => {
    const rate = 4;
    const burst = 1;
    const dataDir = temp.dir;
    const images = [...faceSamples(), ...faceSamples(), ...faceSamples(), ...faceSamples()];
    const seeded = await seedWorkspace(dataDir, images);
    const proxy = await countingProxy(server.api.baseUrl);
    const app = createLoupeApp({ dataDir, transport: 'bridge', log: () => {} });
    const invoke = async (name: string, input: unknown) => {
      const result = await app.dispatch(name, input);
      if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
      return result.value as Record<string, unknown>;
    };
    try {
      await invoke('vault.set', { key: testKey });
      await invoke('settings.set', {
        endpoint: { kind: 'custom', baseUrl: proxy.url },
        rateLimitPerSecond: rate,
        concurrency: burst,
      });
      await invoke('workspace.info', {});
      // Sync: one feedback request per submitted review. Prediction: one request per model.
      const queued = await invoke('review.submit', {
        predictionIds: seeded.map((image) => image.predictionId),
        unreviewed: 'accept',
      });
      expect(queued['queued']).toBe(seeded.length);
      for (const [index, image] of seeded.entries()) {
        await invoke('predict.run', { imageIds: [image.imageId], model: { modelId: models[index % 4]! } });
      }
      const deadline = Date.now() + 30_000;
      for (;;) {
        const sync = await invoke('sync.status', {});
        const predict = await invoke('predict.status', {});
        if (sync['pending'] === 0 && predict['queued'] === 0) break;
        if (Date.now() > deadline) throw new Error(`still working: ${JSON.stringify({ sync, predict })}`);
        await new Promise((done) => setTimeout(done, 100));
      }
      const feedback = proxy.arrivals.filter((arrival) => arrival.path.endsWith('/feedback'));
      const predictions = proxy.arrivals.filter((arrival) => arrival.path.endsWith('/outputs'));
      expect(feedback).toHaveLength(seeded.length);
      expect(predictions.length).toBeGreaterThanOrEqual(models.length);
      // The two ran at the same time: some prediction went while feedback was still going out.
      expect(predictions.some((p) => p.at > feedback[0]!.at && p.at < feedback.at(-1)!.at)).toBe(true);
      // A token bucket lets at most burst + rate·w requests through in any w seconds (20 ms
      // allowed for the loopback hop).
      // A token bucket lets n requests through in no less than (n − burst) / rate seconds. 300 ms
      // are allowed for one request held up on the way (a loaded machine); two budgets instead
      // of one would send twice as fast, seconds short of that.
      const times = proxy.arrivals.map((arrival) => arrival.at).sort((a, b) => a - b);
      for (let first = 0; first < times.length; first++) {
        for (let last = first + 1; last < times.length; last++) {
          const shortest = ((last - first + 1 - burst) / rate) * 1000 - 300;
          expect(times[last]! - times[first]!, `requests ${first}..${last}`).toBeGreaterThanOrEqual(shortest);
        }
      }
    } finally {
      await app.close();
      proxy.close();
    }
  });
});
