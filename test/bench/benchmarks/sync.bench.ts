import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { runCli, type ServedApi } from '../../support/cliProcess.ts';
import { startQuietServe } from '../harness/localApi.ts';
import type { Benchmark } from '../harness/benchmark.ts';
import { timeMs } from '../harness/clock.ts';
import { row, type Row } from '../harness/results.ts';
import { pairedRatios, quantile, summarize } from '../harness/stats.ts';
import { faceModelId, feedbackItem, type FeedbackItem } from './feedbackItems.ts';
import { legacyApp, sendLegacy } from './legacyClient.ts';
import { seedOutbox, type SyncPace } from './seedOutbox.ts';
import { benchJpeg, deliverPlain, platformPlan, seedPlatformOutbox } from './platformItems.ts';

const itemCount = 5000;
const repetitions = 3;
/**
 * While iterating: `LOUPE_BENCH_SYNC_LATENCIES=20` (comma-separated) measures only those
 * latencies, `LOUPE_BENCH_SYNC_LEGACY=0` skips the legacy client's rounds. A full run (neither
 * set) is what docs/benchmarks/latest.md records.
 */
const latenciesMs = (process.env['LOUPE_BENCH_SYNC_LATENCIES'] ?? '0,20').split(',').map(Number);
const withLegacy = process.env['LOUPE_BENCH_SYNC_LEGACY'] !== '0';
/** `LOUPE_BENCH_SYNC_PLATFORM=0` skips the platform delivery case, `=only` runs only it. */
const platformMode = process.env['LOUPE_BENCH_SYNC_PLATFORM'] ?? '1';
/** Platform deliveries per run, and the latency they meet (a real platform is never 0 ms away). */
const platformCount = 1000;
const platformLatencyMs = 20;
/**
 * Requests one platform delivery of the bench's plans takes at the least, one after the other:
 * PostInputs, GetInput (the input is processed by the time it asks: a 64×48 JPEG decodes in
 * well under a round trip), PostAnnotations.
 */
const platformRequests = 3;
const platformProbes = 25;
/**
 * The fastest pace the settings allow (rate limit ≤ 1000/s), with enough requests in flight to
 * cover a 20 ms round trip: the ceiling is then the rate limit at 0 ms and the network at 20 ms.
 */
const pace: SyncPace = { rateLimitPerSecond: 1000, concurrency: 16 };
/**
 * Items the legacy loop sends per run: a different slice of the same items each time. A loop that
 * awaits each call has no queue, so its rate does not depend on how many items follow; at 20 ms a
 * round trip, 5,000 items would take two minutes per run for the same figure.
 */
const legacyPerRun = 500;
/** Items the plain client sends per run: enough for a steady rate, less time than 5,000. */
const plainPerRun = 2000;
const key = 'bench-sync-key-0123456789abcdef';
const probes = 60;
/** Items at the start and at the end of a run compared to see whether the rate depends on the queue. */
const stretch = 1000;

interface Stored {
  seq: number;
  receivedAt: string;
}

/** Feedback the server stored after `seq`, in arrival order. */
async function storedAfter(server: ServedApi, seq: number): Promise<Stored[]> {
  const all: Stored[] = [];
  for (let after = seq; ;) {
    const page = await server.inspect<{ feedback: Stored[] }>(`/_loupe/feedback?after=${after}&limit=1000`);
    all.push(...page.feedback);
    const last = page.feedback.at(-1);
    if (!last || page.feedback.length < 1000) return all;
    after = last.seq;
  }
}

/**
 * Items per second as the server saw them arrive, first to last: neither client's start-up nor
 * the harness' own bookkeeping is counted.
 */
function arrivalRate(stored: readonly Stored[], expected: number): number {
  if (stored.length !== expected)
    throw new Error(`expected ${expected} stored items, the server has ${stored.length}`);
  const first = Date.parse(stored[0]!.receivedAt);
  const last = Date.parse(stored.at(-1)!.receivedAt);
  return ((stored.length - 1) * 1000) / Math.max(1, last - first);
}

/** The arrival rate over one stretch of a run, e.g. its first or last 1,000 items. */
function stretchRate(stored: readonly Stored[], from: number, to: number): number {
  return arrivalRate(stored.slice(from, to), to - from);
}

/** The median time of one request alone (concurrency 1): the network and server's share of the ceiling. */
async function roundTripMs(server: ServedApi, runId: string): Promise<number> {
  const samples: number[] = [];
  for (let index = 0; index < probes; index++) {
    const { body } = feedbackItem(index, `probe-${runId}`);
    samples.push(
      await timeMs(async () => {
        const response = await fetch(`${server.baseUrl}/v2/models/${faceModelId}/feedback`, {
          method: 'POST',
          headers: { Authorization: `Key ${key}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
        if (!response.ok) throw new Error(`probe answered HTTP ${response.status}`);
        await response.arrayBuffer();
      }),
    );
  }
  return quantile(samples.slice(10), 0.5);
}

/**
 * What the network and server allow at Loupe's concurrency: the same items posted by a plain
 * loop with `concurrency` requests in flight and nothing else — no outbox, no retries, no state.
 */
async function sendPlain(server: ServedApi, items: readonly FeedbackItem[], runId: string): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: pace.concurrency }, async () => {
      for (let index = next++; index < items.length; index = next++) {
        const response = await fetch(`${server.baseUrl}/v2/models/${faceModelId}/feedback`, {
          method: 'POST',
          headers: {
            Authorization: `Key ${key}`,
            'Content-Type': 'application/json',
            'X-Loupe-Request-Id': `plain-${runId}-${index}`,
          },
          body: JSON.stringify(items[index]!.body),
        });
        if (!response.ok) throw new Error(`the plain client got HTTP ${response.status}`);
        await response.arrayBuffer();
      }
    }),
  );
}

async function setLatency(server: ServedApi, latencyMs: number): Promise<void> {
  const response = await fetch(`${server.baseUrl}/_loupe/faults`, {
    method: 'POST',
    headers: { Authorization: `Key ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ latencyMs, seed: 1 }),
  });
  if (!response.ok) throw new Error(`setting the latency answered HTTP ${response.status}`);
}

/** A copy of the seeded client with fresh request ids, so the server stores every item anew. */
function freshClient(template: string, dir: string): string {
  cpSync(template, dir, { recursive: true });
  const db = new DatabaseSync(join(dir, 'workspaces', 'default.loupe.sqlite'));
  db.exec(`UPDATE outbox SET request_id = lower(hex(randomblob(16)))`);
  db.close();
  return dir;
}

interface StoredAnnotation {
  inputId: string;
  createdAt: string;
}

/**
 * Deliveries per second as the server saw them complete: each input's annotations arrive in one
 * PostAnnotations, the last step, so an item's time is its annotations' createdAt; first to last.
 */
async function deliveryRate(server: ServedApi, inputPrefix: string, expected: number): Promise<number> {
  const { annotations } = await server.inspect<{ annotations: StoredAnnotation[] }>('/_loupe/annotations');
  const done = new Map<string, number>();
  for (const annotation of annotations) {
    if (!annotation.inputId.startsWith(inputPrefix)) continue;
    const at = Date.parse(annotation.createdAt);
    done.set(annotation.inputId, Math.min(done.get(annotation.inputId) ?? at, at));
  }
  if (done.size !== expected)
    throw new Error(`expected ${expected} delivered inputs, the server has annotations for ${done.size}`);
  const times = [...done.values()].sort((a, b) => a - b);
  return ((times.length - 1) * 1000) / Math.max(1, times.at(-1)! - times[0]!);
}

/**
 * Platform delivery (docs/clarifai-platform.md, "Delivery"): each item is a new input sent as
 * base64, then its four annotations. Its ceiling is min(rate limit ÷ requests per item,
 * concurrency ÷ time of one delivery alone), the delivery alone being the three requests one
 * after the other by a bare fetch client (one at a time, same server, same latency), measured
 * just before each run.
 */
async function platformCase(
  server: ServedApi,
  dir: string,
  log: (line: string) => void,
  findings: string[],
): Promise<Row[]> {
  await setLatency(server, platformLatencyMs);
  const jpeg = await benchJpeg(join(dir, 'images'));
  const base64 = readFileSync(jpeg).toString('base64');
  const loupe: number[] = [];
  const ceiling: number[] = [];
  const plain: number[] = [];
  const itemTimes: number[] = [];
  let probeRequests = 0;
  for (let rep = 0; rep < repetitions; rep++) {
    const samples: number[] = [];
    for (let index = 0; index < platformProbes; index++) {
      const plan = platformPlan(index, `probe${rep}`, 0);
      samples.push(
        await timeMs(async () => {
          probeRequests += await deliverPlain(server.baseUrl, key, plan, base64);
        }),
      );
    }
    const itemMs = quantile(samples.slice(5), 0.5);
    itemTimes.push(itemMs);
    ceiling.push(Math.min(pace.rateLimitPerSecond / platformRequests, (pace.concurrency * 1000) / itemMs));

    const client = join(dir, `client-${rep}`);
    seedPlatformOutbox(client, platformCount, `loupe${rep}`, jpeg, pace);
    const result = await runCli(
      ['sync', '--data-dir', client, '--endpoint', server.baseUrl, '--json'],
      { LOUPE_API_KEY: key },
      600_000,
    );
    if (result.code !== 0) throw new Error(`loupe sync exited with ${result.code}: ${result.stderr}`);
    loupe.push(await deliveryRate(server, `bench-loupe${rep}-`, platformCount));

    const plans = Array.from({ length: platformCount }, (_, index) => platformPlan(index, `plain${rep}`, 0));
    let next = 0;
    await Promise.all(
      Array.from({ length: pace.concurrency }, async () => {
        for (let index = next++; index < plans.length; index = next++)
          await deliverPlain(server.baseUrl, key, plans[index]!, base64);
      }),
    );
    plain.push(await deliveryRate(server, `bench-plain${rep}-`, platformCount));
    log(
      `platform, ${platformLatencyMs} ms, run ${rep + 1}: Loupe ${loupe.at(-1)!.toFixed(0)}/s, ceiling ${ceiling.at(-1)!.toFixed(0)}/s (one delivery alone ${itemMs.toFixed(1)} ms), plain client ${plain.at(-1)!.toFixed(0)}/s`,
    );
  }
  const perProbe = probeRequests / (repetitions * platformProbes);
  findings.push(
    `Platform delivery: ${platformCount.toLocaleString('en')} new inputs (a 64×48 JPEG as base64) with 4 region annotations each, ${platformLatencyMs} ms latency; one delivery alone took ${summarize(itemTimes).median.toFixed(1)} ms and ${perProbe.toFixed(2)} requests (PostInputs, GetInput, PostAnnotations).`,
  );
  const label = `platform delivery (input, then annotations), ${platformLatencyMs} ms latency`;
  return [
    row({
      case: label,
      metric: 'deliveries/s vs ceiling',
      unit: 'items/s',
      loupe: summarize(loupe),
      reference: {
        name: `ceiling min(rate limit ÷ ${platformRequests}, concurrency ÷ one delivery's ${platformRequests} sequential round trips)`,
        value: summarize(ceiling),
      },
      ratio: summarize(pairedRatios(loupe, ceiling)),
      target: { on: 'ratio', atLeast: 0.9 },
      note: `one delivery alone ${summarize(itemTimes).median.toFixed(1)} ms; rate limit ${pace.rateLimitPerSecond}/s, concurrency ${pace.concurrency}`,
    }),
    row({
      case: label,
      metric: 'deliveries/s vs plain client at the same concurrency',
      unit: 'items/s',
      loupe: summarize(loupe),
      reference: {
        name: `fetch, ${pace.concurrency} deliveries in flight, the same three requests, nothing else`,
        value: summarize(plain),
      },
      ratio: summarize(pairedRatios(loupe, plain)),
    }),
  ];
}

export const syncBenchmark: Benchmark = {
  name: 'sync',
  title: 'Sync: 5,000 feedback items and 1,000 platform deliveries to the embedded API',
  async run({ dir, log }) {
    const server = await startQuietServe(join(dir, 'server'), key);
    try {
      const items = Array.from({ length: itemCount }, (_, index) => feedbackItem(index, 'sync'));
      const template = join(dir, 'template');
      const seedMs = await timeMs(() => seedOutbox(template, items, pace));
      log(`seeded ${itemCount} items in ${(seedMs / 1000).toFixed(1)} s`);
      const app = legacyApp(server.baseUrl, key);
      let cursor = 0;
      const rows: Row[] = [];
      const findings: string[] = [];
      for (const latencyMs of platformMode === 'only' ? [] : latenciesMs) {
        await setLatency(server, latencyMs);
        const loupe: number[] = [];
        const ceiling: number[] = [];
        const legacy: number[] = [];
        const plain: number[] = [];
        const rtts: number[] = [];
        const firstStretch: number[] = [];
        const lastStretch: number[] = [];
        for (let rep = 0; rep < repetitions; rep++) {
          const rtt = await roundTripMs(server, `${latencyMs}-${rep}`);
          rtts.push(rtt);
          ceiling.push(Math.min(pace.rateLimitPerSecond, (pace.concurrency * 1000) / rtt));
          cursor = (await storedAfter(server, cursor)).at(-1)?.seq ?? cursor;

          const client = freshClient(template, join(dir, `client-${latencyMs}-${rep}`));
          const result = await runCli(
            ['sync', '--data-dir', client, '--endpoint', server.baseUrl, '--json'],
            { LOUPE_API_KEY: key },
            600_000,
          );
          if (result.code !== 0) throw new Error(`loupe sync exited with ${result.code}: ${result.stderr}`);
          const synced = await storedAfter(server, cursor);
          loupe.push(arrivalRate(synced, itemCount));
          firstStretch.push(stretchRate(synced, 0, stretch));
          lastStretch.push(stretchRate(synced, itemCount - stretch, itemCount));
          cursor = synced.at(-1)!.seq;

          if (withLegacy) {
            const share = items.slice(rep * legacyPerRun, (rep + 1) * legacyPerRun);
            for (const item of share) await sendLegacy(app, faceModelId, item);
            const sent = await storedAfter(server, cursor);
            legacy.push(arrivalRate(sent, share.length));
            cursor = sent.at(-1)!.seq;
          }

          await sendPlain(server, items.slice(0, plainPerRun), `${latencyMs}-${rep}`);
          const posted = await storedAfter(server, cursor);
          plain.push(arrivalRate(posted, plainPerRun));
          cursor = posted.at(-1)!.seq;
          log(
            `${latencyMs} ms, run ${rep + 1}: Loupe ${loupe.at(-1)!.toFixed(0)}/s, ceiling ${ceiling.at(-1)!.toFixed(0)}/s (RTT ${rtt.toFixed(2)} ms), plain client ${plain.at(-1)!.toFixed(0)}/s${withLegacy ? `, legacy ${legacy.at(-1)!.toFixed(0)}/s` : ''}`,
          );
        }
        const label = `${latencyMs} ms latency`;
        const [first, last] = [summarize(firstStretch).median, summarize(lastStretch).median];
        findings.push(
          `${label}: Loupe delivered its first ${stretch.toLocaleString('en')} items at ${first.toFixed(0)}/s and its last ${stretch.toLocaleString('en')} at ${last.toFixed(0)}/s (medians of ${repetitions} runs)${
            last > 1.3 * first ? ': the fewer items still queued, the faster each one goes.' : '.'
          }`,
        );
        const note = `round trip ${summarize(rtts).median.toFixed(2)} ms; rate limit ${pace.rateLimitPerSecond}/s, concurrency ${pace.concurrency}`;
        rows.push(
          row({
            case: label,
            metric: 'items/s vs ceiling',
            unit: 'items/s',
            loupe: summarize(loupe),
            reference: { name: 'ceiling min(rate limit, concurrency ÷ RTT)', value: summarize(ceiling) },
            ratio: summarize(pairedRatios(loupe, ceiling)),
            target: { on: 'ratio', atLeast: latencyMs > 0 ? 0.95 : 0.9 },
            note,
          }),
          row({
            case: label,
            metric: 'items/s vs plain client at the same concurrency',
            unit: 'items/s',
            loupe: summarize(loupe),
            reference: {
              name: `fetch, ${pace.concurrency} in flight, nothing else`,
              value: summarize(plain),
            },
            ratio: summarize(pairedRatios(loupe, plain)),
          }),
        );
        if (withLegacy)
          rows.push(
            row({
              case: label,
              metric: 'items/s vs legacy client loop',
              unit: 'items/s',
              loupe: summarize(loupe),
              reference: { name: 'clarifai@2.9.1 `app.models.feedback` in a loop', value: summarize(legacy) },
              ratio: summarize(pairedRatios(loupe, legacy)),
              target: { on: 'ratio', atLeast: 10 },
              note:
                summarize(ceiling).median < 10 * summarize(legacy).median
                  ? `unreachable here: the ceiling itself is ${(summarize(ceiling).median / summarize(legacy).median).toFixed(1)}× the legacy loop`
                  : `the ceiling is ${(summarize(ceiling).median / summarize(legacy).median).toFixed(1)}× the legacy loop`,
            }),
          );
      }
      if (platformMode !== '0')
        rows.push(...(await platformCase(server, join(dir, 'platform'), log, findings)));
      findings.push(
        `Queueing the ${itemCount.toLocaleString('en')} items (OutboxRepo.enqueueReview in one transaction) took ${(seedMs / 1000).toFixed(1)} s.`,
      );
      return {
        references:
          'Ceiling: min(rate limit, concurrency ÷ round-trip time), the round trip measured alone (one request at a time, same server, same latency) just before each run. Legacy: the official clarifai@2.9.1 client, `app.models.feedback` awaited in a plain loop, sending the same items (a different 500 of them per run) to the same server, right after Loupe’s run. Plain client (no target): the same items posted by a bare fetch loop with the same number in flight — what the server and network allow at that concurrency. Rates are taken from the server’s arrival times, first item to last. Platform delivery: each item is one new input (base64), then its annotations, three requests one after the other (PostInputs, GetInput, PostAnnotations); its ceiling is min(rate limit ÷ 3, concurrency ÷ the time of one delivery alone — the three requests by a bare fetch client, one delivery at a time, same server, same latency, just before each run); rates from the annotations’ arrival times.',
        rows,
        findings,
      };
    } finally {
      server.stop();
    }
  },
};
