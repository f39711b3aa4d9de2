import type { IncomingHttpHeaders } from 'node:http';
import type { DatabaseSync } from 'node:sqlite';
import type { ApiKeyRepo } from './apiKeyRepo.ts';
import type { FaultInjector } from './faultInjector.ts';
import type { FeedbackRepo } from './feedbackRepo.ts';
import type { ImageFetchPolicy } from './inputImage.ts';
import type { InputProcessor, V2InputJob } from './inputProcessor.ts';
import type { InputRepo } from './inputRepo.ts';
import type { LocalPredictor } from './localPredictor.ts';
import type { OutputRepo } from './outputRepo.ts';
import type { PlatformInputProcessor } from './platform/platformInputProcessor.ts';
import type { PlatformStore } from './platform/platformStore.ts';
import type { SearchRepo } from './searchRepo.ts';
import type { TeamContext } from '../team/teamRouter.ts';

/** Everything a handler works with: the stores, the models, the fault settings. */
export interface LocalApiContext {
  db: DatabaseSync;
  keys: ApiKeyRepo;
  /** Digests of keys accepted while this server runs and never stored (the app's per-launch key). */
  sessionKeyDigests: ReadonlySet<string>;
  inputs: InputRepo;
  outputs: OutputRepo;
  feedback: FeedbackRepo;
  searches: SearchRepo;
  predictor: LocalPredictor;
  inputProcessor: InputProcessor<V2InputJob>;
  imagePolicy: ImageFetchPolicy;
  faults: FaultInjector;
  /** The platform's apps, inputs and annotations (docs/clarifai-platform.md). */
  platform: { store: PlatformStore; processor: PlatformInputProcessor };
  /** The team collector: campaigns, reviewers, leases and reviews (docs/team-collector.md). */
  team: TeamContext;
}

/** One request as handlers see it: the body already read. */
export interface ApiRequest {
  method: string;
  /** The path without the query string, as sent (still percent-encoded). */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  remoteAddress: string | undefined;
  receivedAt: string;
}
