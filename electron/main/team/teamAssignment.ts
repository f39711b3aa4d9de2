import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { backoffDelayMs } from '../../../shared/retryPolicy.ts';
import {
  leasedImageOutput,
  parseTeamOutputId,
  teamOutputId,
  type LeaseAnswer,
  type LeasedImage,
} from '../../../shared/team/teamAssignment.ts';
import type { TeamAssignmentView } from '../../../shared/team/teamViews.ts';
import { ClarifaiError } from '../clarifai/ClarifaiError.ts';
import { inTransaction } from '../../io/sqlite.ts';
import { describeImageFile } from '../workspace/imageImporter.ts';
import type { Workspace } from '../workspace/workspace.ts';
import { asLoupeError, type TeamCollectorClient } from './teamCollectorClient.ts';

/**
 * A reviewer's assignment (docs/team-collector.md, "The app"): a pull leases the next batch of the
 * campaign and records each image, with the model's regions as a prediction, in the local
 * workspace — so the review goes on offline. The lease's end is kept in the workspace's own
 * key-value table (`workspace_info`), per campaign; the images are known by their predictions'
 * output ids (`team:<campaign>:<image>`).
 */

export interface PullReport {
  campaignId: string;
  /** Images new to the workspace. */
  added: number;
  /** Images the workspace already held (a live lease given back after a restart). */
  already: number;
  /** Images that could not be recorded, with why (never their bytes). */
  failed: { imageId: string; reason: string }[];
  leaseExpiresAt: string;
  remaining: number;
  imageIds: number[];
}

interface LeaseRecord {
  expiresAt: string;
  remaining: number;
}

const leaseKey = (campaignId: string) => `team.lease.${campaignId}`;

/** Pulls tried again on a retryable failure (a collector answering 503 while its database restarts). */
const pullAttempts = 5;

export async function pullAssignment(options: {
  workspace: Workspace;
  client: TeamCollectorClient;
  campaignId: string;
  maxImages: number;
  /** Where leased image bytes are written (one folder per campaign). */
  imagesDir: string;
  sleep?: (ms: number) => Promise<void>;
}): Promise<PullReport> {
  const { workspace, campaignId } = options;
  const answer = await withRetries(
    () => options.client.lease(campaignId, options.maxImages),
    options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  );
  const report: PullReport = {
    campaignId,
    added: 0,
    already: 0,
    failed: [],
    leaseExpiresAt: answer.lease.expires_at,
    remaining: answer.remaining,
    imageIds: [],
  };
  const folder = join(options.imagesDir, campaignId);
  mkdirSync(folder, { recursive: true });
  for (const leased of answer.images) {
    try {
      const imageId = await recordLeased(workspace, folder, answer, leased);
      if (imageId.added) report.added += 1;
      else report.already += 1;
      report.imageIds.push(imageId.id);
    } catch (error) {
      report.failed.push({
        imageId: leased.id,
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }
  const record: LeaseRecord = { expiresAt: answer.lease.expires_at, remaining: answer.remaining };
  workspace.db
    .prepare(
      'INSERT INTO workspace_info (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    )
    .run(leaseKey(campaignId), JSON.stringify(record));
  return report;
}

async function recordLeased(
  workspace: Workspace,
  folder: string,
  answer: LeaseAnswer,
  leased: LeasedImage,
): Promise<{ id: number; added: boolean }> {
  const campaignId = answer.campaign.id;
  const outputId = teamOutputId(campaignId, leased.id);
  const held = teamPredictionOf(workspace, outputId);
  if (held) return { id: held.imageId, added: false };
  const image =
    'url' in leased.image
      ? (workspace.images.bySource(leased.image.url) ??
        workspace.images.add({
          source: leased.image.url,
          sourceKind: 'url',
          contentHash: null,
          byteSize: null,
          width: leased.width ?? null,
          height: leased.height ?? null,
          format: null,
          error: null,
        }).image)
      : await addFile(workspace, join(folder, leased.id), Buffer.from(leased.image.base64, 'base64'));
  return inTransaction(workspace.db, () => {
    const other = workspace.predictions
      .forImage(image.id)
      .find((prediction) => prediction.modelId === answer.campaign.model_id);
    if (other && other.outputId !== outputId)
      throw new Error(
        `the workspace already holds a prediction of ${answer.campaign.model_id} for this image; open another workspace for the campaign`,
      );
    workspace.predictions.record(
      image.id,
      answer.campaign.model_id,
      leasedImageOutput(campaignId, answer.campaign.model_id, leased),
    );
    return { id: image.id, added: true };
  });
}

async function addFile(workspace: Workspace, file: string, bytes: Buffer) {
  writeFileSync(file, bytes);
  const described = await describeImageFile(file);
  return workspace.images.add({ ...described, source: file, sourceKind: 'file', error: null }).image;
}

function teamPredictionOf(workspace: Workspace, outputId: string): { imageId: number } | undefined {
  const row = workspace.db.prepare('SELECT image_id FROM predictions WHERE output_id = ?').get(outputId);
  return row ? { imageId: Number(row['image_id']) } : undefined;
}

async function withRetries<T>(run: () => Promise<T>, sleep: (ms: number) => Promise<void>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof ClarifaiError)) throw error;
      if (!error.retryable || attempt >= pullAttempts) throw asLoupeError(error);
      await sleep(backoffDelayMs(attempt, { baseMs: 250, capMs: 4_000 }, Math.random, error.retryAfterMs));
    }
  }
}

/** Where the reviewer's campaign stands in this workspace. */
export function assignmentView(
  workspace: Workspace,
  endpoint: { baseUrl: string; campaignId: string } | undefined,
  now = new Date(),
): TeamAssignmentView {
  const campaignId = endpoint?.campaignId || null;
  const images = { total: 0, toReview: 0, submitted: 0, delivered: 0 };
  let lease: LeaseRecord | undefined;
  if (campaignId) {
    const row = workspace.db
      .prepare('SELECT value FROM workspace_info WHERE key = ?')
      .get(leaseKey(campaignId));
    if (typeof row?.['value'] === 'string') lease = JSON.parse(row['value']) as LeaseRecord;
    const rows = workspace.db
      .prepare(
        `SELECT p.output_id, r.status,
           (SELECT count(*) FROM outbox o WHERE o.prediction_id = p.id AND o.state = 'delivered') AS delivered
         FROM predictions p JOIN reviews r ON r.prediction_id = p.id WHERE p.output_id LIKE ?`,
      )
      .all(`team:${campaignId}:%`);
    for (const row of rows) {
      if (parseTeamOutputId(String(row['output_id']))?.campaignId !== campaignId) continue;
      images.total += 1;
      if (row['status'] !== 'done') images.toReview += 1;
      else if (Number(row['delivered']) > 0) images.delivered += 1;
      else images.submitted += 1;
    }
  }
  return {
    baseUrl: endpoint?.baseUrl ?? null,
    campaignId,
    leaseExpiresAt: lease?.expiresAt ?? null,
    leaseState: !lease ? 'none' : Date.parse(lease.expiresAt) > now.getTime() ? 'active' : 'expired',
    images,
    remaining: lease?.remaining ?? null,
  };
}
