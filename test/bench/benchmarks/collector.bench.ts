import { join } from 'node:path';
import { startServe, type ServedApi } from '../../support/cliProcess.ts';
import { startTestPostgres, type TestPostgres } from '../../support/embeddedPostgres.ts';
import type { Benchmark } from '../harness/benchmark.ts';
import { measurePairs } from '../harness/pairs.ts';
import { row, type Row } from '../harness/results.ts';
import { pairedRatios, summarize } from '../harness/stats.ts';

/**
 * The team collector's throughput (docs/team-collector.md): simulated reviewers pulling leased
 * batches and submitting their reviews over HTTP on loopback, on SQLite (the default) and on
 * PostgreSQL with one and with two `loupe serve` processes sharing the database (the reviewers
 * spread over the processes as a round-robin load balancer would).
 */

const key = 'bench-collector-lead-key-0123456789';
const images = 600;
const reviewers = 20;
const batch = 10;
const samples = 3;

interface Collector {
  name: string;
  servers: ServedApi[];
  keys: string[];
}

async function call(base: string, auth: string, method: string, path: string, body?: unknown) {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(base + path, {
      method,
      headers: { Authorization: `Key ${auth}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await response.json()) as Record<string, unknown>;
    // A 503 is the database saying "again" (docs/team-collector.md): a real app retries it too.
    if (response.status === 503 && attempt < 20) continue;
    if (response.status !== 200)
      throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  }
}

async function collector(name: string, servers: ServedApi[]): Promise<Collector> {
  const keys: string[] = [];
  for (let index = 0; index < reviewers; index++) {
    const answer = await call(servers[0]!.baseUrl, key, 'POST', '/v2/team/reviewers', {
      reviewer: { id: `reviewer-${index}` },
    });
    keys.push(String(answer['key']));
  }
  return { name, servers, keys };
}

let campaigns = 0;

/** One partitioned campaign reviewed to the end; reviews per second, first pull to last submit. */
async function reviewRate(target: Collector): Promise<number> {
  campaigns += 1;
  const id = `bench-${campaigns}`;
  const regions = [
    { id: 'r1', box: { top: 0.1, left: 0.1, bottom: 0.5, right: 0.5 }, concept: 'face', score: 0.9 },
    { id: 'r2', box: { top: 0.5, left: 0.5, bottom: 0.9, right: 0.9 }, concept: 'face', score: 0.6 },
  ];
  const list = Array.from({ length: images }, (_, index) => ({
    id: `img-${index}`,
    url: `https://images.example/${id}/${index}.jpg`,
  }));
  await call(target.servers[0]!.baseUrl, key, 'POST', '/v2/team/campaigns', {
    campaign: {
      id,
      model_id: 'face-detection',
      policy: 'partitioned',
      images: list,
      predictions: Object.fromEntries(list.map((image) => [image.id, regions])),
    },
  });
  let reviewed = 0;
  const started = performance.now();
  await Promise.all(
    target.keys.map(async (reviewerKey, index) => {
      const base = target.servers[index % target.servers.length]!.baseUrl;
      for (;;) {
        const lease = await call(base, reviewerKey, 'POST', `/v2/team/campaigns/${id}/leases`, {
          max_images: batch,
        });
        const leased = lease['images'] as { id: string }[];
        if (leased.length === 0) {
          if (Number(lease['remaining']) === 0) return;
          await new Promise((resolve) => setTimeout(resolve, 5));
          continue;
        }
        await call(base, reviewerKey, 'POST', `/v2/team/campaigns/${id}/reviews`, {
          reviews: leased.map((image) => ({
            image_id: image.id,
            regions: [
              { id: 'r1', verdict: 'accurate' },
              { id: 'r2', verdict: 'false_positive' },
            ],
          })),
        });
        reviewed += leased.length;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  if (reviewed !== images) throw new Error(`${target.name}: ${reviewed} reviews for ${images} images`);
  return reviewed / seconds;
}

export const collectorBenchmark: Benchmark = {
  name: 'collector',
  title: `Team collector: ${reviewers} reviewers pull and review ${images} images (batches of ${batch})`,
  async run({ dir, log }) {
    const started: ServedApi[] = [];
    let postgres: TestPostgres | undefined;
    try {
      postgres = await startTestPostgres();
      const database = await postgres.createDatabase('bench_collector');
      const serve = async (name: string, extra: string[] = []) => {
        const server = await startServe(join(dir, name), key, extra);
        started.push(server);
        return server;
      };
      const sqlite = await collector('SQLite, 1 process', [await serve('sqlite')]);
      const pg1 = await collector('PostgreSQL, 1 process', [await serve('pg-a', ['--database', database])]);
      const pg2: Collector = {
        name: 'PostgreSQL, 2 processes',
        servers: [pg1.servers[0]!, await serve('pg-b', ['--database', database])],
        keys: pg1.keys,
      };

      const rows: Row[] = [];
      const compare = async (subject: Collector, reference: Collector, note: string) => {
        const measured = await measurePairs({
          samples,
          loupe: () => reviewRate(subject),
          reference: () => reviewRate(reference),
        });
        const loupe = summarize(measured.loupe);
        const ref = summarize(measured.reference);
        log(
          `${subject.name}: ${loupe.median.toFixed(0)} reviews/s; ${reference.name}: ${ref.median.toFixed(0)}`,
        );
        rows.push(
          row({
            case: subject.name,
            metric: 'image reviews stored',
            unit: 'reviews/s',
            loupe,
            reference: { name: reference.name, value: ref },
            ratio: summarize(pairedRatios(measured.loupe, measured.reference)),
            note,
          }),
        );
      };
      await compare(pg1, sqlite, 'the network database against the one-file default, one process each');
      await compare(
        pg2,
        pg1,
        'a second stateless process on the same database; on 2 cores the processes and PostgreSQL share the CPU',
      );
      return {
        references:
          'Each row against the setup it would replace, measured in the same run, interleaved (ABBA): PostgreSQL against the SQLite default, two processes against one.',
        rows,
        findings: [
          `Every run reviews a fresh partitioned campaign of ${images} URL images to the end with ${reviewers} concurrent reviewers (one pull and one submit of up to ${batch} images per round trip); the rate counts stored reviews from the first pull to the last submit.`,
          'Reviewers, collector processes and PostgreSQL share this machine (2 cores), so a second process cannot add CPU here: its ratio is what a second process costs or gains on one machine (more connections and lease contention on the same rows), not what a second machine would add.',
        ],
      };
    } finally {
      for (const server of started) server.stop();
      await postgres?.stop();
    }
  },
};
