import { randomUUID } from 'node:crypto';
import { CropCache } from './media/cropCache.ts';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { Transport } from '../../shared/contract.ts';
import type { AppRef } from '../../shared/clarifai/platform/platformPaths.ts';
import { defaultSettings, type Endpoint, type ModelChoice, type Settings } from '../../shared/settings.ts';
import type { ClarifaiClient } from './clarifai/clarifaiClient.ts';
import { RateLimiter, type Pace } from './net/rateLimiter.ts';
import { EventBus } from './contract/eventBus.ts';
import { LoupeError } from '../../shared/LoupeError.ts';
import { clientFor, type LocalApiHandle } from './endpointResolver.ts';
import { createLocalApiHandle } from './localApiHandle.ts';
import { v2VocabularySource, type ModelVocabularySource } from './predict/modelVocabularySource.ts';
import { SettingsStore } from './store/settingsStore.ts';
import { FileKeyVault } from './vault/fileKeyVault.ts';
import type { KeyVault } from './vault/keyVault.ts';
import type { Delivery, SubmitOptions } from './workspace/submitReviews.ts';
import { WorkspaceSession } from './workspace/workspaceSession.ts';
import { TeamCollectorClient } from './team/teamCollectorClient.ts';
import { createTeamSender, isTeamItem } from './team/teamSender.ts';

export interface MainServicesOptions {
  dataDir: string;
  transport: Transport;
  log: (message: string) => void;
  /** Electron passes its safeStorage vault; the bridge and CLI use a 0600 file or LOUPE_API_KEY. */
  vault?: KeyVault;
  localApi?: LocalApiHandle;
  /** Run sync and predictions in the background (the app) rather than on demand (the CLI). */
  background?: boolean;
  /** Open this workspace instead of the default one in the data folder. */
  workspaceFile?: string;
  /** Use this endpoint instead of the one in settings (the CLI's --endpoint). */
  endpoint?: Endpoint;
  /** Deliver to this app of the platform at the endpoint, whatever settings say (the CLI's --app). */
  app?: AppRef;
}

/** The services of the main side, transport-free; handlers and the CLI work through these. */
export class MainServices {
  readonly dataDir: string;
  readonly transport: Transport;
  readonly sessionId = randomUUID();
  readonly bus = new EventBus();
  readonly settings: SettingsStore;
  readonly vault: KeyVault;
  readonly log: (message: string) => void;
  /** Where models' own concept lists come from (another endpoint kind brings its own). */
  /** Region crops of the triage grid, in the data folder's `crops/` (docs/triage.md). */
  readonly crops: CropCache;
  readonly vocabularySource: ModelVocabularySource = v2VocabularySource(() => this.getClient());
  readonly #localApi: LocalApiHandle | undefined;
  readonly #background: boolean;
  readonly #endpoint: Endpoint | undefined;
  readonly #app: AppRef | undefined;
  #workspaceFile: string;
  #session: WorkspaceSession | undefined;
  #client: Promise<ClarifaiClient> | undefined;
  /** The endpoint's one rate limit: every request of every client built here waits for it. */
  readonly #limiter: RateLimiter;

  constructor(options: MainServicesOptions) {
    this.dataDir = options.dataDir;
    this.crops = new CropCache(join(options.dataDir, 'crops'));
    this.transport = options.transport;
    this.log = options.log;
    this.settings = new SettingsStore(join(options.dataDir, 'settings.sqlite'), options.log);
    // Paced by the defaults until settings can be read: an unreadable settings file is reported
    // where the person sees it, and must not stop the app from starting.
    this.#limiter = new RateLimiter(pace(readableSettings(this.settings)));
    this.vault = options.vault ?? new FileKeyVault(join(options.dataDir, 'api-key'));
    // The embedded local API keeps its database and sample set in the same data folder.
    this.#localApi = options.localApi ?? createLocalApiHandle(options.dataDir, options.log);
    this.#background = options.background ?? true;
    this.#endpoint = options.endpoint;
    this.#app = options.app;
    this.#workspaceFile =
      options.workspaceFile ?? join(options.dataDir, 'workspaces', 'default.loupe.sqlite');
    // Pacing changed in settings applies to the running sync and prediction jobs at once.
    this.bus.subscribe((name, payload) => {
      if (name !== 'settings.changed') return;
      // The endpoint may have changed: the next request builds its client anew.
      this.#client = undefined;
      const settings = payload as Settings;
      this.#limiter.configure(pace(settings));
      if (!this.#session) return;
      this.#session.sync.configure(settings);
    });
  }

  /**
   * Where submitted reviews go (docs/clarifai-platform.md): the CLI's --app, else v2 feedback for
   * the CLI's --endpoint (as before), else the delivery kind chosen in settings.
   */
  delivery(): Delivery {
    // A campaign's reviews go to its collector, as v2 feedback turned into team reviews.
    if (this.endpoint().kind === 'team') return { kind: 'v2_feedback' };
    if (this.#app) return { kind: 'platform', app: this.#app };
    if (this.#endpoint) return { kind: 'v2_feedback' };
    const settings = this.settings.get();
    return settings.delivery === 'platform'
      ? { kind: 'platform', app: { userId: settings.platform.userId, appId: settings.platform.appId } }
      : { kind: 'v2_feedback' };
  }

  /** The model new images are predicted with: the platform profile's when delivering there. */
  predictModel(): ModelChoice {
    const settings = this.settings.get();
    if (this.delivery().kind === 'v2_feedback') return settings.model;
    const { model } = settings.platform;
    return {
      modelId: model.modelId,
      ...(model.versionId ? { versionId: model.versionId } : {}),
      userId: model.userId,
      appId: model.appId,
    };
  }

  /** How a submit from the app or the CLI sends its reviews. */
  submitOptions(unreviewed: SubmitOptions['unreviewed']): SubmitOptions {
    const settings = this.settings.get();
    return {
      unreviewed,
      reviewer: settings.reviewerId,
      sessionId: this.sessionId,
      conceptValueEncoding: settings.conceptValueEncoding,
      delivery: this.delivery(),
    };
  }

  /** A person set the endpoint (fixed it, or chose another): what waits for it is tried now. */
  endpointChanged(): void {
    this.#session?.sync.endpointChanged();
  }

  /** The open workspace, opened on first use so a broken file fails only workspace commands. */
  session(): WorkspaceSession {
    this.#session ??= this.#open(this.#workspaceFile);
    return this.#session;
  }

  /**
   * Opens (or creates) a workspace file: an absolute path in a folder that exists. An existing
   * empty file is used only when `create` says the person asked for a new workspace there.
   */
  async openWorkspace(file: string, create = false): Promise<WorkspaceSession> {
    if (!isAbsolute(file))
      throw new LoupeError('invalid_input', `A workspace is opened by absolute path, not ${file}`);
    if (!existsSync(dirname(file)))
      throw new LoupeError('invalid_input', `The folder ${dirname(file)} does not exist`);
    const next = this.#open(file, create);
    const previous = this.#session;
    this.#session = next;
    this.#workspaceFile = file;
    await previous?.close();
    return next;
  }

  /**
   * The client for the configured endpoint, built once and reused by every delivery and prediction
   * batch (not a settings read per request); rebuilt after settings change or a failed build.
   */
  /** The endpoint in use: the CLI's --endpoint, else the one in settings. */
  endpoint(): Endpoint {
    return this.#endpoint ?? this.settings.get().endpoint;
  }

  getClient = (): Promise<ClarifaiClient> => {
    const client = (this.#client ??= clientFor(this.endpoint(), this.vault, this.#localApi, this.#limiter));
    client.catch(() => {
      if (this.#client === client) this.#client = undefined;
    });
    return client;
  };

  /**
   * The team collector of the endpoint (docs/team-collector.md, "The app"), over the endpoint's
   * client: its requests share the one rate limit and the vault's key.
   */
  async teamClient(): Promise<{
    client: TeamCollectorClient;
    endpoint: Extract<Endpoint, { kind: 'team' }>;
  }> {
    const endpoint = this.endpoint();
    if (endpoint.kind !== 'team')
      throw new LoupeError(
        'conflict',
        'The endpoint is not a team collector: choose "Team collector" under Settings → Endpoint',
      );
    return { client: new TeamCollectorClient(await this.getClient()), endpoint };
  }

  async close(): Promise<void> {
    await this.#session?.close();
    this.#session = undefined;
    await this.#localApi?.close();
    this.settings.close();
  }

  #open(file: string, createInEmpty = false): WorkspaceSession {
    const settings = this.settings.get();
    return new WorkspaceSession({
      file,
      createInEmpty,
      bus: this.bus,
      getClient: this.getClient,
      concurrency: settings.concurrency,
      background: this.#background,
      log: this.log,
      carryIoU: () => this.settings.get().carryIoU,
      team: {
        isTeamItem,
        send: createTeamSender(async () => (await this.teamClient()).client),
      },
    });
  }
}

/** Requests per second, and as many at once after a quiet spell as deliveries may be in flight. */
function pace(settings: Settings): Pace {
  return { rateLimitPerSecond: settings.rateLimitPerSecond, burst: settings.concurrency };
}

function readableSettings(store: SettingsStore): Settings {
  try {
    return store.get();
  } catch {
    return defaultSettings;
  }
}
