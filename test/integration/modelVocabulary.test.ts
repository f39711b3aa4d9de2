import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClarifaiClient } from '../../electron/main/clarifai/clarifaiClient.ts';
import { loadModelVocabulary } from '../../electron/main/predict/modelVocabularyLoader.ts';
import {
  v2VocabularySource,
  type ModelVocabularySource,
} from '../../electron/main/predict/modelVocabularySource.ts';
import { workspace001Initial } from '../../electron/main/workspace/migrations/workspace001Initial.ts';
import { workspace002JournalState } from '../../electron/main/workspace/migrations/workspace002JournalState.ts';
import { workspace003ModelConcepts } from '../../electron/main/workspace/migrations/workspace003ModelConcepts.ts';
import { Workspace } from '../../electron/main/workspace/workspace.ts';
import type { PredictOutput } from '../../shared/clarifai/predict.ts';
import { sampleReview } from '../support/reviewFixtures.ts';
import { makeTempDir } from '../support/tempDir.ts';
import { startTestServer, testKey, type TestServer } from './localApi/localApiTestServer.ts';

const logoModel = 'c443119bf2ed4da98487520d01a0b1e3';
const faceModel = 'a403429f2ddf4b49b307e318f00e528b';

const temp = makeTempDir('loupe-vocabulary-');
let server: TestServer;
let source: ModelVocabularySource;
beforeAll(async () => {
  server = await startTestServer();
  const client = new ClarifaiClient({ baseUrl: server.api.baseUrl, timeoutMs: 5_000, getKey: () => testKey });
  source = v2VocabularySource(() => Promise.resolve(client));
});
afterAll(async () => {
  await server.stop();
  temp.cleanup();
});

/** Counts the calls that reach the endpoint. */
function counting(inner: ModelVocabularySource): ModelVocabularySource & { calls: number } {
  const counted = {
    calls: 0,
    listConcepts: (modelId: string) => {
      counted.calls++;
      return inner.listConcepts(modelId);
    },
  };
  return counted;
}

function logoOutput(id: string, brands: [string, string, number][]): PredictOutput {
  return {
    id,
    status: { code: 10000, description: 'Ok' },
    input: { id: `in-${id}` },
    data: {
      regions: brands.map(([conceptId, name, value], index) => ({
        id: `${id}-r${index}`,
        region_info: { bounding_box: { top_row: 0.1, left_col: 0.1, bottom_row: 0.5, right_col: 0.5 } },
        data: { concepts: [{ id: conceptId, name, value }] },
      })),
    },
  };
}

function addImage(workspace: Workspace, hash: string): number {
  return workspace.images.add({
    source: `/${hash}.jpg`,
    sourceKind: 'file',
    contentHash: hash,
    byteSize: 1,
    width: 100,
    height: 100,
    format: 'jpeg',
    error: null,
  }).image.id;
}

describe('model vocabulary', () => {
  it("the embedded API lists its models' concepts: the logo brands, the face detector's `face`", async () => {
    const logo = await source.listConcepts(logoModel);
    expect(logo).toContainEqual({ id: 'brand_omberlin', name: 'Omberlin' });
    expect(logo).toContainEqual({ id: 'brand_vexamoor', name: 'Vexamoor' });
    expect(logo).toHaveLength(8);
    expect(await source.listConcepts('face-detection')).toEqual([{ id: 'face', name: 'face' }]);
  });

  it('loads the listing once per model into the workspace file, with every concept predictions carried', async () => {
    const file = join(temp.dir, 'once.loupe.sqlite');
    const workspace = new Workspace(file);
    workspace.predictions.record(
      addImage(workspace, 'a'),
      logoModel,
      logoOutput('o1', [
        ['brand_vexamoor', 'Vexamoor', 0.8],
        ['brand_vexamoor', 'Vexamoor', 0.7],
        ['ai_unlisted', 'Unlisted', 0.6],
      ]),
    );
    const counted = counting(source);
    const first = await loadModelVocabulary(workspace, counted, logoModel);
    expect(counted.calls).toBe(1);
    expect(first.listedAt).toBeDefined();
    // Most seen first; the listing's own concepts are `model`, one only predicted is `seen`.
    expect(first.concepts[0]).toEqual({ id: 'brand_vexamoor', name: 'Vexamoor', source: 'model', seen: 2 });
    expect(first.concepts).toContainEqual({ id: 'ai_unlisted', name: 'Unlisted', source: 'seen', seen: 1 });
    expect(first.concepts).toContainEqual({
      id: 'brand_omberlin',
      name: 'Omberlin',
      source: 'model',
      seen: 0,
    });
    workspace.close();

    const reopened = new Workspace(file);
    const again = await loadModelVocabulary(reopened, counted, logoModel);
    expect(counted.calls).toBe(1);
    expect(again).toEqual(first);
    await loadModelVocabulary(reopened, counted, logoModel, true);
    expect(counted.calls).toBe(2);
    reopened.close();
  });

  it('says why a listing failed, keeps the seen concepts, and asks again on the next read', async () => {
    const workspace = new Workspace(join(temp.dir, 'failing.loupe.sqlite'));
    workspace.predictions.record(
      addImage(workspace, 'b'),
      logoModel,
      logoOutput('o2', [['brand_kilnworth', 'Kilnworth', 0.9]]),
    );
    let fail = true;
    const flaky = counting({
      listConcepts: (modelId) =>
        fail ? Promise.reject(new Error('endpoint offline')) : source.listConcepts(modelId),
    });
    const failed = await loadModelVocabulary(workspace, flaky, logoModel);
    expect(failed.listingError).toMatch(/could not be loaded: endpoint offline/);
    expect(failed.listedAt).toBeUndefined();
    expect(failed.concepts.map((concept) => concept.id)).toEqual(['brand_kilnworth']);
    fail = false;
    const loaded = await loadModelVocabulary(workspace, flaky, logoModel);
    expect(flaky.calls).toBe(2);
    expect(loaded.listingError).toBeUndefined();
    expect(loaded.concepts).toHaveLength(8);
    // An unknown model is an error of the endpoint, said the same way.
    const unknown = await loadModelVocabulary(workspace, source, 'no-such-model');
    expect(unknown.listingError).toMatch(/could not be loaded/);
    workspace.close();
  });

  it("a face model's listing and its predictions give `face`", async () => {
    const workspace = new Workspace(join(temp.dir, 'faces.loupe.sqlite'));
    const vocabulary = await loadModelVocabulary(workspace, source, faceModel);
    expect(vocabulary.concepts).toEqual([{ id: 'face', name: 'face', source: 'model', seen: 0 }]);
    workspace.close();
  });

  it('migration 003 counts the concepts of reviews already in a workspace, not those a reviewer typed', () => {
    const db = new DatabaseSync(':memory:');
    workspace001Initial.up(db);
    workspace002JournalState.up(db);
    db.exec("INSERT INTO images (id, source, source_kind, imported_at) VALUES (1, '/x.jpg', 'file', 'now')");
    db.exec(
      "INSERT INTO predictions (id, image_id, model_id, status_code, status_description, created_at) VALUES (1, 1, 'logo', 10000, 'Ok', 'now')",
    );
    const state = sampleReview();
    state.regions[0]!.concepts.push({ id: 'typed', name: 'typed', judgement: 'true' });
    db.prepare(
      "INSERT INTO reviews (prediction_id, state, status, updated_at) VALUES (1, ?, 'in_progress', 'now')",
    ).run(JSON.stringify(state));
    workspace003ModelConcepts.up(db);
    const rows = db.prepare('SELECT concept_id, seen, listed FROM model_concepts ORDER BY concept_id').all();
    expect(rows.map((row) => [row['concept_id'], row['seen'], row['listed']])).toEqual([
      ['ai_TG4GHlnf', 1, 0],
      ['ai_dog', 1, 0],
      ['ai_other', 1, 0],
    ]);
    db.close();
  });
});
