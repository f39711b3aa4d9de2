import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createModelRunner, type ModelRunner } from '../models/modelRunner.ts';
import { loadRecordedPredictions, type RecordedPredictions } from '../samples/recordedPredictions.ts';
import { ensureSampleSet } from '../samples/sampleSet.ts';
import { ApiError, rejection } from './apiError.ts';
import { apiKeyDigest, generateApiKey } from './apiKeys.ts';
import { authorize } from './authorize.ts';
import { ApiKeyRepo } from './apiKeyRepo.ts';
import { noFaults, type FaultConfig } from './faultConfig.ts';
import { FaultInjector } from './faultInjector.ts';
import { damageFor, respondWithFault } from './faultResponse.ts';
import { FeedbackRepo } from './feedbackRepo.ts';
import { createInputProcessor } from './inputProcessor.ts';
import { InputRepo } from './inputRepo.ts';
import { handleInspection } from './inspectionHandler.ts';
import type { ApiRequest, LocalApiContext } from './localApiContext.ts';
import { openLocalApiDatabase } from './localApiDatabase.ts';
import { createLocalPredictor } from './localPredictor.ts';
import { OutputRepo } from './outputRepo.ts';
import { createPlatformInputProcessor } from './platform/platformInputProcessor.ts';
import { PlatformStore } from './platform/platformStore.ts';
import type { AppRef } from '../../../shared/clarifai/platform/platformPaths.ts';
import { statusReply, type Reply } from './reply.ts';
import { readRequestBody } from './requestBody.ts';
import { SearchRepo } from './searchRepo.ts';
import { sendReply } from './sendReply.ts';
import { routeV2 } from './v2Router.ts';
import { openTeamStore } from '../team/openTeamStore.ts';
import { routeTeam } from '../team/teamRouter.ts';
import { wireStatus } from './wireStatus.ts';

export interface LocalApiOptions {
  /** Holds `local-api.sqlite` and the generated logo samples (`samples/logos`). */
  dataDir: string;
  /** Default 127.0.0.1. Anything else exposes the API to the network: say so to the user. */
  host?: string;
  /** 0 (default): any free port. */
  port?: number;
  /** A key to accept from now on; stored as its digest, like the one made on first start. */
  key?: string;
  /** A key accepted while this server runs and never stored (the app's per-launch key). */
  sessionKey?: string;
  faults?: FaultConfig;
  /** Lets predict read `file://` image URLs; honoured only when the server binds loopback. */
  allowFileUrls?: boolean;
  /**
   * Lets predict and `POST /v2/inputs` fetch image URLs of loopback, private, link-local and other
   * non-public addresses (electron/io/outgoingUrl.ts); off by default, so a request cannot make
   * this server probe its own machine or network.
   */
  allowPrivateUrls?: boolean;
  /** The local models; by default a runner of its own, closed with the server. */
  modelRunner?: ModelRunner;
  /** One line per request and per problem; never a key. */
  log?: (line: string) => void;
  /** Platform apps to add to the file's list (which starts with `me/loupe`; docs/clarifai-platform.md). */
  platformApps?: readonly AppRef[];
  /**
   * A PostgreSQL URL for the team collector (`--database postgres://…`); without it the collector
   * lives in the data folder's `team-collector.sqlite` (docs/team-collector.md).
   */
  teamDatabase?: string;
  /** Folders on this machine a lead may name as a campaign's images (`--campaign-folders`). */
  campaignFolders?: readonly string[];
}

export interface LocalApi {
  baseUrl: string;
  /** The key to use: the session key, the given key, or the one made on this first start. */
  key: string | undefined;
  /** A key was made on this start: show it once, it cannot be read back later. */
  keyIsNew: boolean;
  /** Whether `file://` image URLs are read (asked for, and bound to loopback). */
  allowFileUrls: boolean;
  close(): Promise<void>;
}

const imageFetchTimeoutMs = 15_000;

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

function urlHost(host: string): string {
  // A wildcard address is not something to connect to: locally it is reached on loopback.
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return isIP(host) === 6 ? `[${host}]` : host;
}

/**
 * Starts the embedded local API (docs/design.md §4): a strict Clarifai v2 server for predict, feedback,
 * searches, inputs and models, with local models, SQLite storage, inspection endpoints and fault
 * injection. Used by `loupe serve` and, in-process, by the app (see localApiHandle.ts).
 */
export async function startLocalApi(options: LocalApiOptions): Promise<LocalApi> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  const db = openLocalApiDatabase(options.dataDir);
  const keys = new ApiKeyRepo(db);
  let key = options.sessionKey ?? options.key;
  let keyIsNew = false;
  if (options.key !== undefined) keys.add(apiKeyDigest(options.key), 'given');
  if (options.key === undefined && options.sessionKey === undefined && keys.count() === 0) {
    key = generateApiKey();
    keys.add(apiKeyDigest(key), 'generated');
    keyIsNew = true;
  }

  const ownRunner = options.modelRunner === undefined;
  const runner = options.modelRunner ?? createModelRunner();
  let recordings: Promise<RecordedPredictions> | undefined;
  const logoRecordings = () => {
    recordings ??= ensureSampleSet(options.dataDir)
      .then((samples) => loadRecordedPredictions(samples.logoManifest))
      .catch((error: unknown) => {
        recordings = undefined; // tried again on the next logo request
        throw error;
      });
    return recordings;
  };

  const stopping = new AbortController();
  const allowFileUrls = (options.allowFileUrls ?? false) && isLoopbackHost(host);
  const imagePolicy = {
    allowFileUrls,
    allowPrivateUrls: options.allowPrivateUrls ?? false,
    timeoutMs: imageFetchTimeoutMs,
    signal: stopping.signal,
  };
  let teamStore;
  try {
    teamStore = await openTeamStore({ dataDir: options.dataDir, databaseUrl: options.teamDatabase, log });
  } catch (error) {
    db.close();
    if (ownRunner) await runner.close();
    throw error;
  }
  const inputs = new InputRepo(db);
  const platformStore = new PlatformStore(db);
  for (const app of options.platformApps ?? []) platformStore.addApp(app, new Date().toISOString());
  const sessionKeyDigests = new Set(
    options.sessionKey === undefined ? [] : [apiKeyDigest(options.sessionKey)],
  );
  const context: LocalApiContext = {
    db,
    keys,
    sessionKeyDigests,
    inputs,
    outputs: new OutputRepo(db),
    feedback: new FeedbackRepo(db),
    searches: new SearchRepo(db),
    predictor: createLocalPredictor({ runner, logoRecordings }),
    inputProcessor: createInputProcessor({ inputs, policy: imagePolicy, log }),
    imagePolicy,
    faults: new FaultInjector(options.faults ?? noFaults),
    platform: {
      store: platformStore,
      processor: createPlatformInputProcessor({ store: platformStore, policy: imagePolicy, log }),
    },
    team: {
      store: teamStore,
      // The lead's key is the collector's own: a key this server accepts for /v2 administers campaigns.
      isLeadKey: (digest) => sessionKeyDigests.has(digest) || keys.has(digest),
      folderRoots: options.campaignFolders ?? [],
      now: () => new Date(),
    },
  };

  const inFlight = new Set<Promise<void>>();
  const server = createServer((req, res) => {
    // A peer that resets mid-request or mid-answer is that request's problem only: without a
    // listener these errors would be thrown on the event loop and stop the server.
    req.on('error', (error) => log(`request stream: ${error.message}`));
    res.on('error', (error) => log(`response stream: ${error.message}`));
    const handling = handle(context, req, res, log)
      .catch((error: unknown) => lastResort(res, error, log))
      .finally(() => inFlight.delete(handling));
    inFlight.add(handling);
  });
  server.on('clientError', (error, socket) => {
    // Unparseable HTTP: answered on the socket (Node's default), never thrown.
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
    log(`client error: ${error.message}`);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => resolve());
    });
  } catch (error) {
    db.close();
    await teamStore.close();
    if (ownRunner) await runner.close();
    throw error;
  }
  // After listening, a server error (say, too many open files on accept) is logged, not thrown.
  server.on('error', (error) => log(`server: ${error.message}`));
  const { port } = server.address() as AddressInfo;

  // Ready the logo samples in the background: the server answers meanwhile.
  logoRecordings().catch((error: unknown) => log(`logo samples: ${(error as Error).message}`));
  for (const input of inputs.pending()) {
    if (input.imageUrl !== null) context.inputProcessor.schedule({ id: input.id, imageUrl: input.imageUrl });
  }
  for (const { input, image } of platformStore.pendingInputs()) {
    context.platform.processor.schedule({ app: input, id: input.id, imageUrl: input.imageUrl, image });
  }

  let closing: Promise<void> | undefined;
  return {
    baseUrl: `http://${urlHost(host)}:${port}`,
    key,
    keyIsNew,
    allowFileUrls,
    close() {
      closing ??= (async () => {
        stopping.abort();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        if (ownRunner) await runner.close();
        await Promise.allSettled([...inFlight]);
        await context.inputProcessor.idle();
        await context.platform.processor.idle();
        await recordings?.catch(() => undefined);
        await closed;
        db.close();
        await context.team.store.close();
      })();
      return closing;
    },
  };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

const internalErrorReply = statusReply(
  500,
  wireStatus(98004, 'the local API failed on this request; its log says why'),
);

function errorReply(error: unknown, log: (line: string) => void): Reply {
  if (error instanceof ApiError) {
    return statusReply(error.httpStatus, wireStatus(error.code, error.details), error.headers);
  }
  log(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return internalErrorReply;
}

/**
 * Whatever escaped a request's handling: answered 500 with a Clarifai status while the answer has
 * not started, else the connection is dropped. The server keeps serving either way.
 */
function lastResort(res: ServerResponse, error: unknown, log: (line: string) => void): void {
  log(
    `internal error outside a handler: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  try {
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return;
    }
    const payload = JSON.stringify(internalErrorReply.body);
    res.writeHead(500, {
      'Content-Type': 'application/json',
      'Content-Length': String(Buffer.byteLength(payload)),
    });
    res.end(payload);
  } catch {
    res.destroy();
  }
}

async function handle(
  context: LocalApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  log: (line: string) => void,
): Promise<void> {
  const started = Date.now();
  const method = req.method ?? 'GET';
  const unserialisable = (error: unknown) =>
    log(
      `${method} ${req.url ?? ''}: the reply could not be serialised: ${error instanceof Error ? error.message : String(error)}`,
    );
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://local');
  } catch {
    // `//[` and the like: not a path this server has, and nothing of it is echoed.
    res.setHeader('Connection', 'close');
    await sendReply(
      res,
      errorReply(new ApiError(11101, 'the request path is not a valid URL path'), log),
      undefined,
      unserialisable,
    );
    return;
  }
  let body: Buffer;
  try {
    body = await readRequestBody(req);
  } catch (error) {
    // The rest of an oversized body is not read: answer, then drop the connection.
    res.setHeader('Connection', 'close');
    await sendReply(res, errorReply(error, log), undefined, unserialisable);
    log(`${method} ${url.pathname} ${res.statusCode} (body not read)`);
    return;
  }
  let text: string;
  try {
    text = strictUtf8.decode(body);
  } catch {
    // Decoded leniently it would be stored with U+FFFD in place of what was sent.
    await sendReply(
      res,
      errorReply(rejection.badJson('the request body is not valid UTF-8'), log),
      undefined,
      unserialisable,
    );
    return;
  }
  const request: ApiRequest = {
    method,
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    body: text,
    remoteAddress: req.socket.remoteAddress,
    receivedAt: new Date().toISOString(),
  };

  if (url.pathname.startsWith('/_loupe/')) {
    let reply: Reply;
    try {
      authorize(context, request);
      reply = handleInspection(context, request);
    } catch (error) {
      reply = errorReply(error, log);
    }
    await sendReply(res, reply, undefined, unserialisable);
    return;
  }

  if (url.pathname !== '/v2' && !url.pathname.startsWith('/v2/')) {
    await sendReply(
      res,
      errorReply(new ApiError(11101, `no endpoint at ${url.pathname}; the API is under /v2`), log),
      undefined,
      unserialisable,
    );
    return;
  }

  // Faults apply to the Clarifai endpoints only, decided in request order (reproducible by seed).
  const decision = context.faults.active ? context.faults.decide() : undefined;
  if (decision && decision.latencyMs > 0) await sleep(decision.latencyMs);
  if (decision && (await respondWithFault(decision, context.faults.config, req, res))) {
    log(`${method} ${url.pathname} fault ${decision.kind}`);
    return;
  }
  let reply: Reply;
  try {
    reply =
      url.pathname === '/v2/team' || url.pathname.startsWith('/v2/team/')
        ? await routeTeam(context.team, request)
        : await routeV2(context, request);
  } catch (error) {
    reply = errorReply(error, log);
  }
  await sendReply(res, reply, decision && damageFor(decision, context.faults.config), unserialisable);
  const code =
    res.statusCode === reply.httpStatus
      ? (reply.body as { status?: { code?: unknown } }).status?.code
      : 98004;
  log(
    `${method} ${url.pathname} ${res.statusCode} ${String(code)} ${Date.now() - started} ms${decision && decision.kind !== 'none' ? ` fault ${decision.kind}` : ''}`,
  );
}
