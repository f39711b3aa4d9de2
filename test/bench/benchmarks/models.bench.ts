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
import { defaultWorkerCount } from '../../../electron/localApi/models/modelRunner.ts';

const key = 'bench-models-key-0123456789abcdef';
const rounds = 4;
const concurrencies = [1, 2, 4];
/** Requests per throughput measurement: every photo twice. */
const throughputRequests = 12;
/** Throughput at 2 and 4 in flight, against the script run as that many processes. */
const throughputTarget = 0.9;
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

/**
 * Sends `throughputRequests` requests through `lanes` senders, each waiting for its answer before
 * the next (request `index` goes to lane `lane`); answers images per second.
 */
async function throughput(
  lanes: number,
  send: (photo: number, lane: number) => Promise<unknown>,
  photos: number,
): Promise<number> {
  let next = 0;
  const ms = await timeMs(() =>
    Promise.all(
      Array.from({ length: lanes }, async (_, lane) => {
        while (next < throughputRequests) await send(next++ % photos, lane);
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
      for (const concurrency of concurrencies) {
        // As many scripts as requests in flight, each one image at a time: what the machine does
        // with that many copies of the model (the first is the one already measured, warm).
        const extra = await Promise.all(Array.from({ length: concurrency - 1 }, startStandalone));
        const scripts = [standalone, ...extra];
        try {
          // The warm-up round starts Loupe's workers and the new scripts' models.
          const rates = await measurePairs({
            samples: 3,
            loupe: () => throughput(concurrency, (photo) => predict(server, photos[photo]!), photos.length),
            reference: () =>
              throughput(concurrency, (photo, lane) => scripts[lane]!.detect(files[photo]!), files.length),
          });
          log(
            `${concurrency} in flight: Loupe ${summarize(rates.loupe).median.toFixed(2)} images/s, ${concurrency} script(s) ${summarize(rates.reference).median.toFixed(2)} images/s`,
          );
          rows.push(
            row({
              case: `${concurrency} request${concurrency > 1 ? 's' : ''} in flight (${defaultWorkerCount()} model workers)`,
              metric: 'throughput',
              unit: 'images/s',
              loupe: summarize(rates.loupe),
              reference: {
                name: `the standalone script as ${concurrency} process${concurrency > 1 ? 'es' : ''}, one image at a time each`,
                value: summarize(rates.reference),
              },
              ratio: summarize(pairedRatios(rates.loupe, rates.reference)),
              ...(concurrency > 1 ? { target: { on: 'ratio' as const, atLeast: throughputTarget } } : {}),
            }),
          );
        } finally {
          for (const script of extra) script.stop();
        }
      }
      return {
        references:
          'Floor: a minimal standalone script (test/bench/standalone/faceDetectScript.ts) running the same SSD MobileNet v1 weights on the same tfjs WASM backend in its own process, on the same six photos, taking turns with Loupe. Throughput: the same twelve requests (every photo twice) with 1, 2 or 4 in flight against the script run as that many processes, each taking one photo at a time, back to back and taking turns; `loupe serve` sizes its pool of model workers to the cores and memory (electron/localApi/localModels.md).',
        rows,
        findings: [],
      };
    } finally {
      standalone.stop();
      server.stop();
    }
  },
};
