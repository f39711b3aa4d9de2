import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ClarifaiClient } from '../../electron/main/clarifai/clarifaiClient.ts';
import { PlatformClient } from '../../electron/main/clarifai/platformClient.ts';
import { importAppAnnotations } from '../../electron/main/predict/appAnnotationImporter.ts';
import { importFiles } from '../../electron/main/workspace/imageImporter.ts';
import type { LocalApi } from '../../electron/localApi/server/localApiServer.ts';
import { submitReviews, type SubmitOptions } from '../../electron/main/workspace/submitReviews.ts';
import { WorkspaceSession } from '../../electron/main/workspace/workspaceSession.ts';
import { EventBus } from '../../electron/main/contract/eventBus.ts';
import { faceSamples, sampleImage, seedWorkspace, workspaceFile } from '../support/seedWorkspace.ts';
import { makeTempDir } from '../support/tempDir.ts';
import { startTestServer, testKey, type TestServer } from './localApi/localApiTestServer.ts';

/**
 * Reviews delivered as annotations of a platform app of the embedded local API, over loopback
 * (docs/clarifai-platform.md, "How a review maps"): what the app holds, annotation by annotation,
 * and that editing after a delivery sends only what changed.
 */

interface Inspected {
  inputs: { userId: string; appId: string; id: string; status: { name: string } }[];
  annotations: {
    id: string;
    inputId: string;
    inputLevel: boolean;
    worker: { kind: string; id: string; versionId: string | null };
    status: { name: string };
    data: {
      regions?: {
        region_info: { bounding_box: Record<string, number> };
        data: { concepts: { id: string; value?: number; name?: string }[] };
      }[];
      concepts?: { id: string; value?: number }[];
    };
    annotationInfo: Record<string, unknown>;
    modifiedAt: string;
  }[];
}

const temp = makeTempDir('loupe-platform-delivery-');
let server: TestServer | undefined;
let session: WorkspaceSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
  await server?.stop();
  server = undefined;
});

const app = { userId: 'me', appId: 'loupe' };

function options(): SubmitOptions {
  return {
    unreviewed: 'skip',
    reviewer: 'reviewer-7',
    sessionId: 'session-1',
    conceptValueEncoding: 'boolean',
    delivery: { kind: 'platform', app },
  };
}

function openSession(dataDir: string, api: LocalApi): WorkspaceSession {
  const client = new ClarifaiClient({ baseUrl: api.baseUrl, timeoutMs: 10_000, getKey: () => testKey });
  return new WorkspaceSession({
    file: workspaceFile(dataDir),
    bus: new EventBus(),
    getClient: () => Promise.resolve(client),
    concurrency: 4,
    background: false,
    log: () => {},
  });
}

async function inspect(): Promise<Inspected> {
  const answer = await server!.call('GET', '/_loupe/annotations');
  const inputs = await server!.call('GET', '/_loupe/platform-inputs');
  return {
    annotations: (answer.json as Inspected).annotations,
    inputs: (inputs.json as Inspected).inputs,
  };
}

describe('platform delivery to the embedded local API', () => {
  it('sends each reviewed region once with its box, concepts and annotation_info; edits send only the change', async () => {
    server = await startTestServer();
    const dataDir = join(temp.dir, 'client-1');
    const [first, second] = await seedWorkspace(dataDir, faceSamples().slice(0, 2));
    session = openSession(dataDir, server.api);
    const { workspace } = session;
    const reviewer = 'reviewer-7';
    // Image 1: one accepted, one moved, one false positive, one concept set false, a drawn face,
    // and image concepts judged.
    const p1 = first!.predictionId;
    workspace.reviews.apply(p1, { type: 'confirm', keys: ['face-1a'] }, reviewer);
    workspace.reviews.apply(
      p1,
      { type: 'setBox', key: 'face-1b', box: { top: 0.3, left: 0.4, bottom: 0.5, right: 0.55 } },
      reviewer,
    );
    workspace.reviews.apply(p1, { type: 'remove', keys: ['face-1d'] }, reviewer);
    workspace.reviews.apply(
      p1,
      { type: 'relabel', region: 'face-1c', concept: { id: 'brand_omberlin', name: 'Omberlin' } },
      reviewer,
    );
    workspace.reviews.apply(
      p1,
      {
        type: 'addRegion',
        key: 'drawn-1',
        box: { top: 0.6, left: 0.6, bottom: 0.7, right: 0.7 },
        concepts: [{ id: 'ai_face', name: 'face', judgement: 'true' }],
      },
      reviewer,
    );
    workspace.reviews.apply(
      p1,
      { type: 'setConcept', target: 'image', concept: { id: 'ai_group', name: 'group' }, judgement: 'false' },
      reviewer,
    );
    // Image 2: everything accepted at submit.
    submitReviews(workspace, [p1], options());
    submitReviews(workspace, [second!.predictionId], { ...options(), unreviewed: 'accept' });
    const status = await session.sync.drain();
    expect(status, JSON.stringify(status.lastError)).toMatchObject({ pending: 0, failed: 0, delivered: 2 });

    const held = await inspect();
    // Seeded images carry a made-up hash, so their input ids are derived from it: one input each.
    expect(held.inputs.filter((input) => input.appId === 'loupe')).toHaveLength(2);
    expect(held.inputs.every((input) => input.status.name === 'INPUT_SUCCESS')).toBe(true);

    const byVerdict = (verdict: string) =>
      held.annotations.filter((annotation) => annotation.annotationInfo['verdict'] === verdict);
    // Image 1: accurate 1a and 1c (relabelled), misplaced 1b, false positive 1d, drawn, image concepts;
    // image 2: three accepted faces.
    expect(held.annotations).toHaveLength(5 + 1 + 3);
    expect(new Set(held.annotations.map((annotation) => annotation.id)).size).toBe(held.annotations.length);
    expect(held.annotations.every((annotation) => annotation.worker.kind === 'user')).toBe(true);

    const moved = byVerdict('misplaced');
    expect(moved).toHaveLength(1);
    const box = moved[0]!.data.regions![0]!.region_info.bounding_box;
    expect(box['top_row']).toBeCloseTo(0.3, 6);
    expect(box['left_col']).toBeCloseTo(0.4, 6);
    expect(box['bottom_row']).toBeCloseTo(0.5, 6);
    expect(box['right_col']).toBeCloseTo(0.55, 6);
    expect(moved[0]!.annotationInfo).toMatchObject({
      source: 'loupe',
      output_id: 'output-0',
      region_id: 'face-1b',
      end_user_id: reviewer,
      session_id: 'session-1',
    });

    const falsePositive = byVerdict('false_positive');
    expect(falsePositive).toHaveLength(1);
    expect(falsePositive[0]!.data.regions![0]!.data.concepts).toEqual([
      { id: 'ai_face', name: 'face', value: 0 },
    ]);
    const relabelled = held.annotations.find(
      (annotation) => annotation.annotationInfo['region_id'] === 'face-1c',
    );
    const concepts = relabelled!.data.regions![0]!.data.concepts;
    expect(concepts).toEqual(
      expect.arrayContaining([
        { id: 'ai_face', name: 'face', value: 0 },
        { id: 'brand_omberlin', name: 'Omberlin', value: 1 },
      ]),
    );
    const drawn = byVerdict('not_detected');
    expect(drawn).toHaveLength(1);
    expect(drawn[0]!.data.regions![0]!.region_info.bounding_box['top_row']).toBeCloseTo(0.6, 6);
    const image = byVerdict('image_concepts');
    expect(image).toHaveLength(1);
    expect(image[0]!.inputLevel).toBe(true);
    expect(image[0]!.data.concepts).toEqual(
      expect.arrayContaining([{ id: 'ai_group', name: 'group', value: 0 }]),
    );
    expect(byVerdict('accurate')).toHaveLength(2 + 3);

    // An edit after delivery: only the changed annotation is planned and sent; a deleted drawn
    // region's annotation is removed.
    const before = new Map(held.annotations.map((annotation) => [annotation.id, annotation.modifiedAt]));
    workspace.reviews.apply(
      p1,
      { type: 'setBox', key: 'face-1b', box: { top: 0.31, left: 0.41, bottom: 0.52, right: 0.56 } },
      reviewer,
    );
    workspace.reviews.apply(p1, { type: 'remove', keys: ['drawn-1'] }, reviewer);
    submitReviews(workspace, [p1], options());
    const queued = workspace.outbox.list({ state: 'pending' });
    expect(queued).toHaveLength(1);
    const plan = queued[0]!.body as {
      input: { known: boolean };
      annotations: unknown[];
      removals: unknown[];
    };
    expect(plan.input.known).toBe(true);
    expect(plan.annotations).toHaveLength(1);
    expect(plan.removals).toHaveLength(1);
    expect((await session.sync.drain()).failed).toBe(0);

    const after = await inspect();
    expect(after.annotations).toHaveLength(held.annotations.length - 1);
    const movedAgain = after.annotations.find((annotation) => annotation.id === moved[0]!.id)!;
    expect(movedAgain.data.regions![0]!.region_info.bounding_box['bottom_row']).toBeCloseTo(0.52, 6);
    const untouched = after.annotations.filter((annotation) => annotation.id !== moved[0]!.id);
    expect(untouched.every((annotation) => before.get(annotation.id) === annotation.modifiedAt)).toBe(true);

    // Submitting again with nothing changed queues nothing.
    submitReviews(workspace, [p1], options());
    expect(workspace.outbox.counts().pending).toBe(0);
  }, 60_000);

  it('resending a delivery the server already committed changes nothing and adds nothing', async () => {
    server = await startTestServer();
    const dataDir = join(temp.dir, 'client-2');
    const [seeded] = await seedWorkspace(dataDir, faceSamples().slice(0, 1));
    session = openSession(dataDir, server.api);
    const { workspace } = session;
    submitReviews(workspace, [seeded!.predictionId], { ...options(), unreviewed: 'accept' });
    const [item] = workspace.outbox.list();
    expect((await session.sync.drain()).delivered).toBe(1);
    const first = await inspect();

    // As if the process died after the server committed, before the outbox recorded it.
    workspace.db
      .prepare(`UPDATE outbox SET state = 'pending', progress = 0, delivered_at = NULL WHERE id = ?`)
      .run(item!.id);
    expect((await session.sync.drain()).delivered).toBe(1);
    const second = await inspect();
    expect(second.annotations).toEqual(first.annotations);
    expect(second.inputs).toHaveLength(first.inputs.length);

    // A delivered annotation changed at the server (by someone else) is put back by a resend.
    const target = first.annotations.find(
      (annotation) => annotation.annotationInfo['verdict'] === 'accurate',
    )!;
    const patched = await server.call('PATCH', '/v2/users/me/apps/loupe/annotations', {
      action: 'overwrite',
      annotations: [
        {
          id: target.id,
          input_id: target.inputId,
          data: { concepts: [{ id: 'something-else', value: 1 }] },
        },
      ],
    });
    expect(patched.status).toBe(200);
    workspace.db
      .prepare(`UPDATE outbox SET state = 'pending', progress = 0, delivered_at = NULL WHERE id = ?`)
      .run(item!.id);
    expect((await session.sync.drain()).delivered).toBe(1);
    const third = await inspect();
    const restored = third.annotations.find((annotation) => annotation.id === target.id)!;
    expect(restored.data).toEqual(target.data);
    expect(third.annotations).toHaveLength(first.annotations.length);
  }, 60_000);

  it('an unknown app fails the item with the platform code and description; other work goes on', async () => {
    server = await startTestServer();
    const dataDir = join(temp.dir, 'client-3');
    const [seeded] = await seedWorkspace(dataDir, faceSamples().slice(0, 1));
    session = openSession(dataDir, server.api);
    const { workspace } = session;
    submitReviews(workspace, [seeded!.predictionId], {
      ...options(),
      unreviewed: 'accept',
      delivery: { kind: 'platform', app: { userId: 'me', appId: 'no-such-app' } },
    });
    const status = await session.sync.drain();
    expect(status.failed).toBe(1);
    const [item] = workspace.outbox.list();
    expect(item!.lastError).toMatchObject({ httpStatus: 404, code: 11101 });
    expect(item!.lastError!.description).toMatch(/CONN_DOES_NOT_EXIST/);
    expect(workspace.images.get(seeded!.imageId)!.status).toBe('failed');
  }, 60_000);
});

describe('platform delivery: an input the platform cannot process', () => {
  it('30002 fails that image with the platform description; the other image is delivered', async () => {
    server = await startTestServer();
    const dataDir = join(temp.dir, 'client-30002');
    const [good] = await seedWorkspace(dataDir, faceSamples().slice(0, 1));
    session = openSession(dataDir, server.api);
    const { workspace } = session;
    // A URL image the platform cannot fetch (loopback, refused by its URL guard): the input fails.
    const { image: unreachable } = workspace.images.add({
      source: 'http://127.0.0.1:9/missing.jpg',
      sourceKind: 'url',
      contentHash: null,
      byteSize: null,
      width: 640,
      height: 480,
      format: null,
      error: null,
    });
    const bad = workspace.predictions.record(unreachable.id, 'face', {
      id: 'output-unreachable',
      status: { code: 10000, description: 'Ok' },
      input: { id: 'input-unreachable' },
      data: {
        regions: [
          {
            id: 'r-1',
            region_info: { bounding_box: { top_row: 0.1, left_col: 0.1, bottom_row: 0.5, right_col: 0.5 } },
            data: { concepts: [{ id: 'face', name: 'face', value: 0.9 }] },
          },
        ],
      },
    });
    submitReviews(workspace, [good!.predictionId, bad.id], { ...options(), unreviewed: 'accept' });
    const status = await session.sync.drain();
    expect(status).toMatchObject({ delivered: 1, failed: 1, pending: 0 });
    const failed = workspace.outbox.list({ state: 'failed' })[0]!;
    expect(failed.imageId).toBe(unreachable.id);
    expect(failed.lastError).toMatchObject({ code: 30002, retryable: false });
    expect(failed.lastError!.description).toMatch(/INPUT_FAILED/);
    expect(workspace.images.get(unreachable.id)!.status).toBe('failed');
    // Nothing was annotated on the failed input; the good image's annotations are there.
    const held = await inspect();
    expect(held.annotations.length).toBeGreaterThan(0);
    expect(
      held.annotations.every((annotation) => annotation.annotationInfo['output_id'] === 'output-0'),
    ).toBe(true);
  }, 60_000);
});

describe('auto-annotation QA: the app’s own model annotations reviewed', () => {
  it('model annotations made on the platform paths come back as "Clarifai app", and submitting judges each one', async () => {
    server = await startTestServer();
    const dataDir = join(temp.dir, 'client-qa');
    session = openSession(dataDir, server.api);
    const { workspace } = session;
    const files = [sampleImage(1), sampleImage(2), sampleImage(3)];
    const imported = await importFiles(workspace, files);
    const images = imported.added;
    expect(images).toHaveLength(3);

    // The team's model predicted these inputs in the app: model annotations awaiting review.
    const predicted = await server.call('POST', '/v2/users/me/apps/loupe/models/face-detection/outputs', {
      inputs: await Promise.all(
        images.map(async (image) => ({
          id: image.contentHash!,
          data: { image: { base64: (await readFile(image.source)).toString('base64') } },
        })),
      ),
    });
    expect(predicted.status).toBe(200);
    const modelAnnotations = (await inspect()).annotations;
    expect(modelAnnotations).toHaveLength(3);
    const versionId = modelAnnotations[0]!.worker.versionId!;

    const client = new ClarifaiClient({
      baseUrl: server.api.baseUrl,
      timeoutMs: 10_000,
      getKey: () => testKey,
    });
    const progress: number[] = [];
    const report = await importAppAnnotations(workspace, new PlatformClient(client, app), {
      modelVersionId: versionId,
      awaitingReviewOnly: true,
      onProgress: ({ done }) => progress.push(done),
    });
    expect(report).toEqual({ annotations: 3, inputs: 3, predictions: 3, alreadyImported: 0, skipped: [] });
    expect(progress).toEqual([3]);

    // Accurate, false positive, misplaced.
    const predictionOf = (imageId: number) =>
      workspace.predictions.forImage(imageId).find((prediction) => prediction.modelId.startsWith('app:'))!;
    const [accurate, falsePositive, misplaced] = images.map((image) => predictionOf(image.id));
    const keyOf = (predictionId: number) => workspace.reviews.get(predictionId).state.regions[0]!.key;
    workspace.reviews.apply(accurate!.id, { type: 'confirm', keys: [keyOf(accurate!.id)] }, 'qa');
    workspace.reviews.apply(falsePositive!.id, { type: 'remove', keys: [keyOf(falsePositive!.id)] }, 'qa');
    workspace.reviews.apply(
      misplaced!.id,
      {
        type: 'setBox',
        key: keyOf(misplaced!.id),
        box: { top: 0.15, left: 0.25, bottom: 0.55, right: 0.65 },
      },
      'qa',
    );
    submitReviews(workspace, [accurate!.id, falsePositive!.id, misplaced!.id], options());
    const status = await session.sync.drain();
    expect(status, JSON.stringify(status.lastError)).toMatchObject({ delivered: 3, failed: 0 });

    const after = await inspect();
    // No new inputs: the corrections are on the app's own inputs, beside the model's annotations.
    expect(after.inputs).toHaveLength(3);
    const model = after.annotations.filter((annotation) => annotation.worker.kind === 'model');
    const mine = after.annotations.filter((annotation) => annotation.worker.kind === 'user');
    expect(model).toHaveLength(3);
    expect(mine).toHaveLength(3);
    const statusOf = (imageId: number) => {
      const hash = workspace.images.get(imageId)!.contentHash!;
      return (
        model.find((annotation) => annotation.inputId === hash) as unknown as { status: { name: string } }
      ).status.name;
    };
    expect(images.map((image) => statusOf(image.id))).toEqual([
      'ANNOTATION_SUCCESS',
      'ANNOTATION_REVIEW_DENIED',
      'ANNOTATION_REVIEW_DENIED',
    ]);
    for (const annotation of mine) {
      const judged = model.find((entry) => entry.inputId === annotation.inputId)!;
      // The correction names the model annotation it judges.
      expect(annotation.annotationInfo['region_id']).toBe(judged.id);
    }
    const moved = mine.find((annotation) => annotation.annotationInfo['verdict'] === 'misplaced')!;
    expect(moved.data.regions![0]!.region_info.bounding_box['top_row']).toBeCloseTo(0.15, 6);

    // Importing again finds them already here.
    const again = await importAppAnnotations(workspace, new PlatformClient(client, app), {
      modelVersionId: versionId,
      awaitingReviewOnly: false,
    });
    expect(again).toMatchObject({ annotations: 3, predictions: 0, alreadyImported: 3 });
  }, 60_000);
});
