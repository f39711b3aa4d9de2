import { readdir, readFile, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CommandOutput } from '../../../shared/contract.ts';
import type { TeamResults } from '../../../shared/team/teamResults.ts';
import { readRegularFile } from '../../io/readRegularFile.ts';
import { cliApp, exitCodes, UsageError } from './cliOptions.ts';

export const campaignUsage = `loupe campaign create|status|export|reviewer|pull … --collector URL [--key-file FILE]

Runs a team review campaign on a collector (loupe serve, docs/team-collector.md) as its lead,
or (pull) as one of its reviewers. The lead's key is the collector's key, a reviewer's the one the
lead issued: LOUPE_API_KEY, or the first line of --key-file FILE.

  loupe campaign create ID --model MODEL_ID --policy partitioned|overlap [--overlap K]
        [--urls FILE] [--upload DIR] [--folder DIR] [--predictions FILE] [--gold FILE]
        [--lease-seconds N] [--name NAME]
      --urls FILE        one image per line: "URL" or "ID URL"
      --upload DIR       the image files directly in DIR on this machine, sent to the collector
      --folder DIR       a folder on the collector's machine (under its --campaign-folders)
      --predictions FILE JSON {"IMAGE_ID": [{"id","box":{top,left,bottom,right},"concept","score"}]}
      --gold FILE        JSON {"IMAGE_ID": {"REGION_ID": "accurate|misplaced|false_positive"}}
  loupe campaign status ID [--json]     progress, merged verdicts, throughput, kappa, gold accuracy
  loupe campaign export ID --format coco|csv|jsonl|json [--out FILE]   the merged result
  loupe campaign reviewer add REVIEWER_ID [--name NAME]   issues a key (shown once)
  loupe campaign reviewer revoke REVIEWER_ID
  loupe campaign pull ID [--max N] [--data-dir DIR | --workspace FILE]   as a reviewer: makes the
        collector this data folder's endpoint and leases the next batch (default 10) into its
        workspace; then "loupe review", "loupe submit" and "loupe sync" deliver to the collector

Exit codes: 0 ok, 1 failure, 2 usage, 4 the collector refused the key (a person must act).`;

const options = {
  collector: { type: 'string' },
  'key-file': { type: 'string' },
  model: { type: 'string' },
  policy: { type: 'string' },
  overlap: { type: 'string' },
  urls: { type: 'string' },
  upload: { type: 'string' },
  folder: { type: 'string' },
  predictions: { type: 'string' },
  gold: { type: 'string' },
  'lease-seconds': { type: 'string' },
  name: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean', default: false },
  max: { type: 'string' },
  'data-dir': { type: 'string' },
  workspace: { type: 'string' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

class CollectorError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

const imageExtensions = new Set(['.jpg', '.jpeg', '.png', '.webp', '.gif', '.tif', '.tiff', '.bmp']);
const maxImageBytes = 20 * 1024 * 1024;

async function leadKey(values: Values): Promise<string> {
  if (values['key-file'] !== undefined) {
    let text: string;
    try {
      text = await readFile(values['key-file'], 'utf8');
    } catch (error) {
      throw new UsageError(
        `--key-file: cannot read ${values['key-file']}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
      );
    }
    const key = text.split(/\r?\n/)[0]?.trim() ?? '';
    if (key === '') throw new UsageError(`--key-file: ${values['key-file']} has no key on its first line`);
    return key;
  }
  const key = process.env['LOUPE_API_KEY']?.trim();
  if (!key) throw new UsageError('no key: set LOUPE_API_KEY or pass --key-file FILE (the collector key)');
  return key;
}

function collectorUrl(values: Values): string {
  const value = values.collector;
  if (value === undefined)
    throw new UsageError('--collector URL is required (the base URL loupe serve printed)');
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
  } catch {
    throw new UsageError(`--collector must be an http(s) URL, got ${value}`);
  }
  return value.replace(/\/+$/, '');
}

async function call(
  values: Values,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const base = collectorUrl(values);
  const key = await leadKey(values);
  let response: Response;
  try {
    response = await fetch(base + path, {
      method,
      headers: { Authorization: `Key ${key}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(120_000),
    });
  } catch (error) {
    throw new CollectorError(
      `cannot reach the collector at ${base}: ${(error as Error).message}`,
      exitCodes.failure,
    );
  }
  const text = await response.text();
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new CollectorError(`the collector answered ${response.status} without JSON`, exitCodes.failure);
  }
  const status = json['status'] as { code?: number; description?: string; details?: string } | undefined;
  if (!response.ok || status?.code !== 10000) {
    const words = `${status?.code ?? response.status} ${status?.description ?? ''}${status?.details ? `: ${status.details}` : ''}`;
    const blocked = response.status === 401 || response.status === 403;
    throw new CollectorError(
      `the collector refused: ${words}`,
      blocked ? exitCodes.blocked : exitCodes.failure,
    );
  }
  return json;
}

async function readJsonFile(flag: string, file: string): Promise<unknown> {
  let text: string;
  try {
    text = (await readRegularFile(file, { maxBytes: 64 * 1024 * 1024 })).toString('utf8');
  } catch (error) {
    throw new UsageError(`${flag}: cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UsageError(`${flag}: ${file} is not valid JSON`);
  }
}

async function urlImages(file: string): Promise<{ id?: string; url: string }[]> {
  let text: string;
  try {
    text = (await readRegularFile(file, { maxBytes: 16 * 1024 * 1024 })).toString('utf8');
  } catch (error) {
    throw new UsageError(`--urls: cannot read ${file}: ${(error as Error).message}`);
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [first, second] = line.split(/\s+/);
      return second === undefined ? { url: first! } : { id: first!, url: second };
    });
}

async function uploadImages(dir: string): Promise<{ id: string; base64: string }[]> {
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true }))
      .filter((entry) => entry.isFile() && imageExtensions.has(extname(entry.name).toLowerCase()))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    throw new UsageError(
      `--upload: cannot read the folder ${dir}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
  if (names.length === 0) throw new UsageError(`--upload: no image files in ${dir}`);
  return Promise.all(
    names.map(async (name) => {
      try {
        const bytes = await readRegularFile(join(dir, name), { maxBytes: maxImageBytes });
        return { id: name, base64: bytes.toString('base64') };
      } catch (error) {
        throw new UsageError(`--upload: ${name}: ${(error as Error).message}`);
      }
    }),
  );
}

async function create(id: string | undefined, values: Values): Promise<number> {
  if (!id) throw new UsageError('campaign create needs the campaign ID');
  if (!values.model) throw new UsageError('campaign create needs --model MODEL_ID');
  if (values.policy !== 'partitioned' && values.policy !== 'overlap')
    throw new UsageError('--policy must be partitioned or overlap');
  const integer = (flag: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value)) throw new UsageError(`${flag} must be a whole number, got ${value}`);
    return Number(value);
  };
  const images = [
    ...(values.urls ? await urlImages(values.urls) : []),
    ...(values.upload ? await uploadImages(values.upload) : []),
  ];
  const overlap = integer('--overlap', values.overlap);
  const leaseSeconds = integer('--lease-seconds', values['lease-seconds']);
  const campaign = {
    id,
    model_id: values.model,
    policy: values.policy,
    ...(values.name ? { name: values.name } : {}),
    ...(overlap !== undefined ? { overlap } : {}),
    ...(leaseSeconds !== undefined ? { lease_seconds: leaseSeconds } : {}),
    ...(images.length > 0 ? { images } : {}),
    ...(values.folder ? { folder: values.folder } : {}),
    ...(values.predictions ? { predictions: await readJsonFile('--predictions', values.predictions) } : {}),
    ...(values.gold ? { gold: await readJsonFile('--gold', values.gold) } : {}),
  };
  const answer = await call(values, 'POST', '/v2/team/campaigns', { campaign });
  const made = answer['campaign'] as { id: string; images: number; policy: string; overlap: number };
  console.log(
    values.json
      ? JSON.stringify(made, null, 2)
      : `Campaign ${made.id}: ${made.images} images, ${made.policy}${made.policy === 'overlap' ? ` ${made.overlap}` : ''}.`,
  );
  return exitCodes.ok;
}

const fixed = (value: number | null, digits = 2) => (value === null ? '–' : value.toFixed(digits));

/** The lead's view of a campaign as text (what `status` prints without --json). */
export function statusText(progress: Record<string, unknown>, results: TeamResults): string {
  const slots = progress['slots'] as { open: number; leased: number; done: number };
  const lines = [
    `Campaign ${String(progress['id'])} (${String(progress['name'])}): ${String(progress['policy'])}${progress['policy'] === 'overlap' ? ` ${String(progress['overlap'])}` : ''}, model ${String(progress['model_id'])}`,
    `Images: ${results.images.total} (complete ${results.images.complete}, reviewed ${results.images.reviewed}, gold ${results.images.gold}); slots open ${slots.open}, leased ${slots.leased}, done ${slots.done}`,
    `Reviews: ${results.reviews.counted} counted, ${results.reviews.extra} extra`,
    `Agreement: Fleiss' kappa ${fixed(results.agreement.fleissKappa)}`,
    '',
    `${'reviewer'.padEnd(16)}${'counted'.padStart(8)}${'extra'.padStart(7)}${'per hour'.padStart(10)}${'kappa'.padStart(8)}${'box IoU'.padStart(9)}  gold`,
    ...results.reviewers.map(
      (reviewer) =>
        `${reviewer.id.padEnd(16)}${String(reviewer.counted).padStart(8)}${String(reviewer.extra).padStart(7)}${fixed(reviewer.perHour, 1).padStart(10)}${fixed(reviewer.kappaWithOthers).padStart(8)}${fixed(reviewer.boxIouWithOthers).padStart(9)}  ${reviewer.gold.judged === 0 ? '–' : `${reviewer.gold.correct}/${reviewer.gold.judged} (${fixed(reviewer.gold.accuracy === null ? null : reviewer.gold.accuracy * 100, 0)}%)`}`,
    ),
    '',
    `Disagreements (${results.disagreements.length}):`,
    ...results.disagreements.map(
      (item) =>
        `  ${item.imageId} ${item.regionId}: ${Object.entries(item.votes)
          .map(([verdict, count]) => `${verdict} ${count}`)
          .join(', ')}${item.tie ? ' (tie)' : ''}`,
    ),
    `Extra reviews (${results.extraReviews.length}):`,
    ...results.extraReviews.map((item) => `  ${item.imageId} by ${item.reviewerId} at ${item.submittedAt}`),
  ];
  return lines.join('\n');
}

async function status(id: string | undefined, values: Values): Promise<number> {
  if (!id) throw new UsageError('campaign status needs the campaign ID');
  const path = `/v2/team/campaigns/${encodeURIComponent(id)}`;
  const progress = (await call(values, 'GET', path))['campaign'] as Record<string, unknown>;
  const results = (await call(values, 'GET', `${path}/results`))['results'] as TeamResults;
  console.log(values.json ? JSON.stringify({ progress, results }, null, 2) : statusText(progress, results));
  return exitCodes.ok;
}

async function exportCampaign(id: string | undefined, values: Values): Promise<number> {
  if (!id) throw new UsageError('campaign export needs the campaign ID');
  const format = values.format ?? 'json';
  const answer = await call(
    values,
    'GET',
    `/v2/team/campaigns/${encodeURIComponent(id)}/export?format=${encodeURIComponent(format)}`,
  );
  const content = String((answer['export'] as { content: string }).content);
  if (values.out) {
    await writeFile(values.out, content);
    console.log(`Wrote the merged ${format} of ${id} to ${values.out}.`);
  } else {
    process.stdout.write(content);
  }
  return exitCodes.ok;
}

async function reviewer(action: string | undefined, id: string | undefined, values: Values): Promise<number> {
  if (!id) throw new UsageError('campaign reviewer add|revoke needs the REVIEWER_ID');
  if (action === 'add') {
    const answer = await call(values, 'POST', '/v2/team/reviewers', {
      reviewer: { id, ...(values.name ? { name: values.name } : {}) },
    });
    if (values.json) console.log(JSON.stringify({ reviewer: id, key: answer['key'] }));
    else {
      console.log(`Reviewer ${id}, key: ${String(answer['key'])}`);
      console.log('  (shown once: the collector keeps only its digest; hand it to the reviewer)');
    }
    return exitCodes.ok;
  }
  if (action === 'revoke') {
    const answer = await call(values, 'POST', `/v2/team/reviewers/${encodeURIComponent(id)}/revoke`);
    const revoked = (answer['reviewer'] as { revoked_keys: number }).revoked_keys;
    console.log(`Revoked ${revoked} key(s) of ${id}.`);
    return exitCodes.ok;
  }
  throw new UsageError('campaign reviewer takes add or revoke');
}

/**
 * A reviewer's pull from the CLI: the same contract commands the app's Team screen runs (the
 * endpoint profile, the key in the data folder's vault when --key-file names one, team.pull).
 */
async function pull(id: string | undefined, values: Values): Promise<number> {
  if (!id) throw new UsageError('campaign pull needs the campaign ID');
  const maxImages = values.max === undefined ? 10 : Number(values.max);
  if (!Number.isInteger(maxImages) || maxImages < 1 || maxImages > 128)
    throw new UsageError(`--max must be a whole number from 1 to 128, got ${values.max ?? ''}`);
  const baseUrl = collectorUrl(values);
  const key = values['key-file'] !== undefined ? await leadKey(values) : undefined;
  const app = cliApp(values);
  try {
    await app.call('settings.set', { endpoint: { kind: 'team', baseUrl, campaignId: id } });
    if (key) await app.call('vault.set', { key });
    const answer = await app.dispatch('team.pull', { maxImages });
    if (!answer.ok) {
      // `remote`: the collector refused (a revoked or unknown key, a campaign it does not have).
      throw new CollectorError(
        answer.error.message,
        answer.error.code === 'remote' ? exitCodes.blocked : exitCodes.failure,
      );
    }
    const report = answer.value as CommandOutput<'team.pull'>;
    if (values.json) console.log(JSON.stringify(report));
    else
      console.log(
        `Pulled ${report.added} new image(s) of ${id} (${report.already} already here, ${report.failed.length} failed); lease until ${report.leaseExpiresAt}, ${report.remaining} slot(s) left to others or later.`,
      );
    return report.failed.length > 0 ? exitCodes.partial : exitCodes.ok;
  } finally {
    await app.close();
  }
}

export async function campaignCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options,
    allowPositionals: true,
    strict: true,
  });
  const [sub, ...rest] = positionals;
  try {
    switch (sub) {
      case 'create':
        return await create(rest[0], values);
      case 'status':
        return await status(rest[0], values);
      case 'export':
        return await exportCampaign(rest[0], values);
      case 'reviewer':
        return await reviewer(rest[0], rest[1], values);
      case 'pull':
        return await pull(rest[0], values);
      default:
        throw new UsageError(sub ? `unknown campaign command "${sub}"` : 'campaign needs a command');
    }
  } catch (error) {
    if (error instanceof CollectorError) {
      console.error(`loupe campaign ${sub ?? ''}: ${error.message}`);
      return error.exitCode;
    }
    throw error;
  }
}
