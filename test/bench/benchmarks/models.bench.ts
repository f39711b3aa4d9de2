import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { samplePhotos } from '../../../electron/localApi/samples/sampleSet.ts';
import type { ServedApi } from '../../support/cliProcess.ts';
import { startQuietServe } from '../harness/localApi.ts';
import type { Benchmark } from '../harness/benchmark.ts';
import { timeMs } from '../harness/clock.ts';
import { measurePairs } from '../harness/pairs.ts';
import { row } from '../harness/results.ts';
import { pairedRatios, summarize } from '../harness/stats.ts';
import type { StandaloneAnswer } from '../standalone/faceDetectScript.ts';
import { faceModelId } from './feedbackItems.ts';

const key = 'bench-models-key-0123456789abcdef';
const rounds = 4;
const concurrencies = [1, 2, 4];
/** Requests per throughput measurement: every photo once. */
const throughputRequests = 6;
const script = fileURLToPath(new URL('../standalone/faceDetectScript.ts', import.meta.url));

/** The standalone script in its own process, asked one photo at a time. */
async function startStandalone(): Promise<{ detect(file: string): Promise<StandaloneAnswer>; stop(): void }> {
  const child: ChildProcess = fork(script, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const next = <T>() =>
    new Promise<T>((resolve) => child.once('message', (message) => resolve(message as T)));
  if ((await next<string>()) !== 'ready') throw new Error('the standalone face script did not start');
  return {
    async detect(file) {
      const answer = next<StandaloneAnswer>();
      child.send(file);
      return answer;
    },
    stop: () => void child.kill('SIGKILL'),
  };
}

/** One predict request for one photo; resolves with the number of faces found. */
async function predict(server: ServedApi, base64: string): Promise<number> {
  const response = await fetch(`${server.baseUrl}/v2/models/${faceModelId}/outputs`, {
    method: 'POST',
    headers: { Authorization: `Key ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ inputs: [{ data: { image: { base64 } } }] }),
  });
  const body = (await response.json()) as { outputs?: { data?: { regions?: unknown[] } }[] };
  if (!response.ok) throw new Error(`predict answered HTTP ${response.status}: ${JSON.stringify(body)}`);
  return body.outputs?.[0]?.data?.regions?.length ?? 0;
}

/** Sends `total` requests with at most `concurrency` in flight; answers images per second. */
async function throughput(
  server: ServedApi,
  photos: readonly string[],
  concurrency: number,
): Promise<number> {
  let next = 0;
  const ms = await timeMs(() =>
    Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < throughputRequests) {
          const photo = photos[next++ % photos.length]!;
          await predict(server, photo);
        }
      }),
    ),
  );
  return (throughputRequests * 1000) / ms;
}

export const modelsBenchmark: Benchmark = {
  name: 'models',
  title: 'Local models: face detection (SSD MobileNet v1, tfjs WASM)',
  async run({ dir, log }) {
    const files = samplePhotos();
    const photos = files.map((file) => readFileSync(file).toString('base64'));
    const server = await startQuietServe(join(dir, 'server'), key);
    const standalone = await startStandalone();
    try {
      // Per image: each photo through Loupe and through the script back to back (taking turns at
      // going first), the photos in turn, `rounds` times; the ratio is taken photo by photo.
      const loupeFaces = new Map<number, number>();
      const standaloneFaces = new Map<number, number>();
      // Each side counts its own calls, so both take the photos in the same order.
      const calls = { loupe: 0, reference: 0 };
      const photoOf = (side: keyof typeof calls) => calls[side]++ % photos.length;
      const perImage = await measurePairs({
        samples: rounds * photos.length,
        loupe: async () => {
          const index = photoOf('loupe');
          let faces = 0;
          const ms = await timeMs(async () => (faces = await predict(server, photos[index]!)));
          loupeFaces.set(index, faces);
          return ms;
        },
        reference: async () => {
          const index = photoOf('reference');
          const answer = await standalone.detect(files[index]!);
          standaloneFaces.set(index, answer.faces);
          return answer.ms;
        },
      });
      const faceCounts = (found: Map<number, number>) =>
        photos.map((_, index) => found.get(index)).join(', ');
      if (faceCounts(loupeFaces) !== faceCounts(standaloneFaces)) {
        throw new Error(
          `Loupe found ${faceCounts(loupeFaces)} faces, the script ${faceCounts(standaloneFaces)}: not the same model run`,
        );
      }
      log(
        `per image: Loupe ${summarize(perImage.loupe).median.toFixed(0)} ms, standalone ${summarize(perImage.reference).median.toFixed(0)} ms`,
      );
      const rows = [
        row({
          case: `six photos (${faceCounts(loupeFaces)} faces) × ${rounds}, one request at a time`,
          metric: 'time per image',
          unit: 'ms',
          loupe: summarize(perImage.loupe),
          reference: {
            name: 'standalone script, same model and backend',
            value: summarize(perImage.reference),
          },
          ratio: summarize(pairedRatios(perImage.loupe, perImage.reference)),
          target: { on: 'ratio', atMost: 1.1 },
          note: 'Loupe: a predict request (base64 JSON) to `loupe serve` timed by the client; the script: decode + detect on bytes in memory.',
        }),
      ];
      const standaloneRate = [1000 / summarize(perImage.reference).median];
      for (const concurrency of concurrencies) {
        const rates: number[] = [];
        for (let rep = 0; rep < 3; rep++) rates.push(await throughput(server, photos, concurrency));
        log(`${concurrency} in flight: ${summarize(rates).median.toFixed(2)} images/s`);
        rows.push(
          row({
            case: `${concurrency} request${concurrency > 1 ? 's' : ''} in flight`,
            metric: 'throughput',
            unit: 'images/s',
            loupe: summarize(rates),
            reference: {
              name: 'standalone script, one image at a time',
              value: summarize(standaloneRate),
            },
            ratio: summarize(rates.map((rate) => rate / standaloneRate[0]!)),
          }),
        );
      }
      return {
        references:
          'Floor: a minimal standalone script (test/bench/standalone/faceDetectScript.ts) running the same SSD MobileNet v1 weights on the same tfjs WASM backend in its own process, on the same six photos, taking turns with Loupe. Throughput has no target; its reference is the script’s one-at-a-time rate.',
        rows,
        findings: [],
      };
    } finally {
      standalone.stop();
      server.stop();
    }
  },
};
