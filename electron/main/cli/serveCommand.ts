import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../dataDir.ts';
import { parseFaultSpec } from '../../localApi/server/faultConfig.ts';
import { FeedbackRepo, type StoredFeedback } from '../../localApi/server/feedbackRepo.ts';
import { allFeedback } from '../../localApi/server/inspectionHandler.ts';
import { annotationLines, inspectPlatform } from '../../localApi/server/platform/platformInspection.ts';
import { PlatformStore } from '../../localApi/server/platform/platformStore.ts';
import { localApiDatabaseFile, openLocalApiDatabase } from '../../localApi/server/localApiDatabase.ts';
import { isLoopbackHost, startLocalApi } from '../../localApi/server/localApiServer.ts';
import { privateUrlsAllowedByEnvironment } from '../../io/outgoingUrl.ts';
import { untilSignal } from './appCommand.ts';
import { exitCodes, UsageError } from './cliOptions.ts';

export const serveUsage = `loupe serve [--port N] [--host H] [--data-dir DIR] [--key KEY | --key-file FILE] [--faults SPEC] [--allow-file-urls] [--allow-private-urls] [--platform-app USER/APP …] [--database postgres://…] [--campaign-folders DIR …]

Runs the embedded local API: a strict Clarifai v2 server (predict, feedback, searches, inputs, models),
and today's Clarifai platform (inputs, annotations, models, predict) under /v2/users/USER/apps/APP.
       loupe serve --list-feedback [--data-dir DIR] [--json] prints the feedback it stored.
       loupe serve --list-annotations [--data-dir DIR] [--json] prints the platform inputs and annotations.

It answers the well-known Clarifai model ids with local models (face detection; general concepts
and detection from COCO objects) and logos with recorded predictions for a generated sample set,
and stores what it accepts in DIR/local-api.sqlite. It prints its base URL and, on first start, a
new key: note it, it is stored only as a digest and not shown again.

  --port N           port (0 = any free port; default 0)
  --host H           address to bind (default 127.0.0.1; anything else exposes the API to the network)
  --data-dir DIR     data folder (default: LOUPE_DATA_DIR or the platform's app-data folder)
  --key KEY          also accept this key from now on (stored as a digest); other users of this
                     machine can see a command line, so prefer --key-file on shared machines
  --key-file FILE    the same, with the key read from FILE (first line)
  --faults SPEC      inject faults into the /v2 endpoints, e.g.
                       "throttle=0.2,reset=0.05,latency-ms=100,retry-after=date,seed=7"
                     shares: server-error, throttle, throttle-in-body, reset, hang, html,
                       truncate, invalid-json, drip (together at most 1); also latency-ms,
                       latency-jitter-ms, retry-after=seconds|date, retry-after-seconds,
                       drip-interval-ms, seed (same seed, same requests: same faults).
                     Changed at run time with POST /_loupe/faults (from this machine only).
  --allow-file-urls  let predict read file:// image URLs (only when bound to loopback; regular
                     files only, up to 20 MB)
  --allow-private-urls
                     let predict and POST /v2/inputs fetch image URLs on loopback, private,
                     link-local and other non-public addresses (refused by default; for a lab
                     whose images live on its own network). LOUPE_ALLOW_PRIVATE_URLS=1 does the same.
  --platform-app USER/APP
                     also serve this platform app (repeatable; me/loupe is always there; others
                     answer 404 / 11101, as an unknown app does on the platform)
  --database URL     run the team collector (/v2/team: campaigns, reviewers, leases, reviews) on
                     this PostgreSQL database (postgres://user:password@host:port/db); without it
                     the collector lives in DIR/team-collector.sqlite. Several loupe serve
                     processes may share one database (give each the same --key). LOUPE_DATABASE_URL
                     does the same and keeps the password off the command line.
  --campaign-folders DIR
                     a folder on this machine whose image folders a lead may name as a campaign's
                     images (repeatable; without it folder campaigns are refused)
  --quiet            no request log on stderr
  --list-feedback    print the feedback stored in the data folder and exit
  --list-annotations print the platform apps, inputs and annotations stored in the data folder and exit
  --json             with --list-feedback or --list-annotations: as JSON

Inspection (same key): GET /_loupe/feedback, GET /_loupe/aggregates, GET /_loupe/annotations,
GET /_loupe/platform-inputs, GET /_loupe/faults.`;

const options = {
  port: { type: 'string', default: '0' },
  host: { type: 'string', default: '127.0.0.1' },
  'data-dir': { type: 'string' },
  key: { type: 'string' },
  'key-file': { type: 'string' },
  faults: { type: 'string' },
  'allow-file-urls': { type: 'boolean', default: false },
  'allow-private-urls': { type: 'boolean', default: false },
  quiet: { type: 'boolean', default: false },
  'list-feedback': { type: 'boolean', default: false },
  'list-annotations': { type: 'boolean', default: false },
  'platform-app': { type: 'string', multiple: true },
  database: { type: 'string' },
  'campaign-folders': { type: 'string', multiple: true },
  json: { type: 'boolean', default: false },
} as const;

function feedbackLine(row: StoredFeedback): string {
  const refs = [`input ${row.inputId}`];
  if (row.outputId) refs.push(`output ${row.outputId}`);
  if (row.searchId) refs.push(`search ${row.searchId}`);
  if (row.deliveries > 1) refs.push(`delivered ${row.deliveries}×`);
  if (row.flags.length > 0) refs.push(`[${row.flags.join(', ')}]`);
  return `#${row.seq} ${row.receivedAt} ${row.method} ${row.path}\n   ${refs.join('  ')}\n   ${row.body.replace(/\s+/g, ' ').trim()}`;
}

function listFeedback(dataDir: string, json: boolean): number {
  if (!existsSync(localApiDatabaseFile(dataDir))) {
    console.log(json ? '[]' : `No local API data in ${dataDir}.`);
    return exitCodes.ok;
  }
  const db = openLocalApiDatabase(dataDir);
  try {
    const rows = [...allFeedback(new FeedbackRepo(db))];
    if (json) console.log(JSON.stringify(rows, null, 2));
    else console.log(rows.length === 0 ? 'No feedback yet.' : rows.map(feedbackLine).join('\n'));
    return exitCodes.ok;
  } finally {
    db.close();
  }
}

function listAnnotations(dataDir: string, json: boolean): number {
  if (!existsSync(localApiDatabaseFile(dataDir))) {
    console.log(json ? '{"apps":[],"inputs":[],"annotations":[]}' : `No local API data in ${dataDir}.`);
    return exitCodes.ok;
  }
  const db = openLocalApiDatabase(dataDir);
  try {
    const listing = inspectPlatform(new PlatformStore(db));
    if (json) {
      console.log(JSON.stringify(listing, null, 2));
      return exitCodes.ok;
    }
    const inputs = listing.inputs.map(
      (input) =>
        `${input.userId}/${input.appId} input ${input.id}  ${input.status.name ?? input.status.code}${input.status.details ? ` (${input.status.details})` : ''}`,
    );
    console.log(inputs.length === 0 ? 'No platform inputs yet.' : inputs.join('\n'));
    const annotations = listing.annotations.map(annotationLines);
    console.log(annotations.length === 0 ? 'No annotations yet.' : annotations.join('\n'));
    return exitCodes.ok;
  } finally {
    db.close();
  }
}

const platformIdPattern = /^[A-Za-z0-9_.-]{1,100}$/;

function parsePlatformApps(specs: readonly string[]): { userId: string; appId: string }[] {
  return specs.map((spec) => {
    const [userId, appId, ...rest] = spec.split('/');
    if (
      userId === undefined ||
      appId === undefined ||
      rest.length > 0 ||
      !platformIdPattern.test(userId) ||
      !platformIdPattern.test(appId)
    ) {
      throw new UsageError(
        `--platform-app must be USER/APP (letters, digits, ".", "_", "-"), got "${spec.slice(0, 200)}"`,
      );
    }
    return { userId, appId };
  });
}

function checkDatabaseUrl(value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError('--database must be a postgres:// URL');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')
    throw new UsageError(`--database must be a postgres:// URL, got a ${url.protocol} URL`);
}

/** Where the database is, without its user or password. */
function databaseLabel(value: string): string {
  const url = new URL(value);
  return `${url.host}${url.pathname}`;
}

export async function serveCommand(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({ args: [...args], options, strict: true });
  const dataDir = values['data-dir'] ?? defaultDataDir();
  if (values['list-feedback']) return listFeedback(dataDir, values.json);
  if (values['list-annotations']) return listAnnotations(dataDir, values.json);
  const platformApps = parsePlatformApps(values['platform-app'] ?? []);

  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65535)
    throw new UsageError(`--port must be 0–65535, got ${values.port}`);
  if (values.key !== undefined && values['key-file'] !== undefined) {
    throw new UsageError('give --key or --key-file, not both');
  }
  if (values['key-file'] !== undefined) {
    try {
      values.key = (await readFile(values['key-file'], 'utf8')).split(/\r?\n/)[0]?.trim() ?? '';
    } catch (error) {
      throw new UsageError(`--key-file: cannot read ${values['key-file']}: ${(error as Error).message}`);
    }
  }
  if (values.key !== undefined && !/^\S{8,200}$/.test(values.key)) {
    throw new UsageError('--key must be 8 to 200 characters without spaces');
  }
  let faults;
  try {
    faults = values.faults === undefined ? undefined : parseFaultSpec(values.faults);
  } catch (error) {
    throw new UsageError(`--faults: ${(error as Error).message}`);
  }

  const database = values.database ?? process.env['LOUPE_DATABASE_URL'];
  if (database !== undefined) checkDatabaseUrl(database);

  const api = await startLocalApi({
    dataDir,
    host: values.host,
    port,
    ...(values.key !== undefined ? { key: values.key } : {}),
    ...(faults ? { faults } : {}),
    allowFileUrls: values['allow-file-urls'],
    allowPrivateUrls: values['allow-private-urls'] || privateUrlsAllowedByEnvironment(),
    platformApps,
    ...(database !== undefined ? { teamDatabase: database } : {}),
    campaignFolders: values['campaign-folders'] ?? [],
    ...(values.quiet ? {} : { log: (line: string) => console.error(line) }),
  });
  console.log(`Loupe local API (Clarifai v2) is serving.`);
  console.log(`Base URL: ${api.baseUrl}`);
  if (api.keyIsNew) {
    console.log(`Key: ${api.key ?? ''}`);
    console.log('  (new key: shown once, stored only as a digest; pass --key KEY to add one of your own)');
  } else if (values.key !== undefined) {
    console.log(`Key: the one given with ${values['key-file'] !== undefined ? '--key-file' : '--key'}`);
  } else {
    console.log('Key: the one shown when this data folder was first served (pass --key KEY to add another)');
  }
  console.log(
    `Team collector: ${database !== undefined ? `PostgreSQL ${databaseLabel(database)}` : 'SQLite, in the data folder'}`,
  );
  console.log(`Data folder: ${dataDir}`);
  if (!isLoopbackHost(values.host))
    console.log(`Warning: bound to ${values.host}, reachable from the network.`);
  if (values['allow-file-urls'] && !api.allowFileUrls)
    console.log('file:// image URLs stay refused: the server is not on loopback.');
  if (values['allow-private-urls']) console.log('Image URLs on private and loopback addresses are fetched.');
  if (faults) console.log(`Faults: ${values.faults ?? ''}`);

  await untilSignal();
  await api.close();
  return exitCodes.ok;
}
