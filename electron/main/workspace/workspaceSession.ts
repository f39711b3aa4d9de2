import { dirname, resolve } from 'node:path';
import type { ClarifaiClient } from '../clarifai/clarifaiClient.ts';
import type { EventBus } from '../contract/eventBus.ts';
import { PredictRunner } from '../predict/predictRunner.ts';
import { MAX_IMAGE_BYTES } from '../../../shared/clarifai/limits.ts';
import { readRegularFile } from '../../io/readRegularFile.ts';
import { createFeedbackSender } from '../sync/feedbackSender.ts';
import { createPlatformSender } from '../sync/platformSender.ts';
import { SyncEngine, type Sender } from '../sync/syncEngine.ts';
import type { OutboxItem } from './outboxRepo.ts';
import { Workspace } from './workspace.ts';

export interface WorkspaceSessionOptions {
  file: string;
  /** The person asked to create a workspace there (an existing empty file may be used). */
  createInEmpty?: boolean;
  bus: EventBus;
  /** The endpoint's client; its requests keep to the endpoint's one rate limit. */
  getClient: () => Promise<ClarifaiClient>;
  concurrency: number;
  /** Background sync and prediction (the app); the CLI drives them in the foreground instead. */
  background: boolean;
  log: (message: string) => void;
  /** The IoU at which a new prediction's regions take earlier verdicts (Settings). */
  carryIoU?: () => number;
  /** Delivers the reviews of team predictions to their collector (team/teamSender.ts). */
  team?: { isTeamItem: (item: OutboxItem) => boolean; send: Sender };
}

/** The open workspace with its sync engine and prediction runner; one at a time per process. */
export class WorkspaceSession {
  readonly workspace: Workspace;
  readonly sync: SyncEngine;
  readonly predict: PredictRunner;

  constructor(options: WorkspaceSessionOptions) {
    this.workspace = new Workspace(resolve(options.file), {
      createInEmpty: options.createInEmpty ?? false,
    });
    const v2Sender = createFeedbackSender(options.getClient);
    const { team } = options;
    const platformSender = createPlatformSender({
      getClient: options.getClient,
      outbox: this.workspace.outbox,
      readImage: (imageId) => this.#readImage(imageId),
    });
    this.sync = new SyncEngine({
      outbox: this.workspace.outbox,
      // One outbox, two generations: each item says where it goes (docs/clarifai-platform.md).
      send: (item) =>
        item.kind === 'platform_annotations'
          ? platformSender(item)
          : team?.isTeamItem(item)
            ? team.send(item)
            : v2Sender(item),
      concurrency: options.concurrency,
      onStatus: (status) => options.bus.emit('sync.status', status),
    });
    this.predict = new PredictRunner({
      workspace: this.workspace,
      getClient: options.getClient,
      onProgress: (progress) => options.bus.emit('predict.progress', progress),
      onImagesChanged: (imageIds) => options.bus.emit('images.changed', { imageIds }),
      log: options.log,
      ...(options.carryIoU ? { carryIoU: options.carryIoU } : {}),
    });
    if (options.background) {
      this.sync.start();
      this.predict.start();
    }
  }

  /** A workspace image's bytes (an input sent to the platform as base64). */
  async #readImage(imageId: number): Promise<Buffer> {
    const image = this.workspace.images.get(imageId);
    if (!image || image.sourceKind !== 'file')
      throw new Error(`Image ${imageId} is no longer a file of this workspace`);
    // The file may have been swapped for a FIFO or a device since import: read it as the
    // importer and the local API read files someone named, bounded and regular only.
    return readRegularFile(image.source, { maxBytes: MAX_IMAGE_BYTES });
  }

  get folder(): string {
    return dirname(this.workspace.file);
  }

  async close(): Promise<void> {
    await Promise.all([this.sync.stop(), this.predict.stop()]);
    this.workspace.close();
  }
}
