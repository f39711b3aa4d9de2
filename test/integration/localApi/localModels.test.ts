import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClarifaiClient } from '../../../electron/main/clarifai/clarifaiClient.ts';
import { faceApiFiles } from '../../../electron/localApi/models/modelPackages.ts';
import { loadRecordedPredictions } from '../../../electron/localApi/samples/recordedPredictions.ts';
import { ensureSampleSet } from '../../../electron/localApi/samples/sampleSet.ts';
import type { ModelFeedbackRequest } from '../../../shared/clarifai/feedback.ts';
import type { PredictOutput } from '../../../shared/clarifai/predict.ts';
import { buildSearchFeedbackRequest } from '../../../shared/clarifai/searchFeedbackRequest.ts';
import { startTestServer, testKey, type TestServer } from './localApiTestServer.ts';

/**
 * The local API with the real local models (one server for the whole file: the models load once),
 * driven by Loupe's own Clarifai client as a faithful peer.
 */

const face = 'a403429f2ddf4b49b307e318f00e528b';
const general = 'aaa03c23b3724a16a56b629203edc62c';
const logo = 'c443119bf2ed4da98487520d01a0b1e3';

/**
 * The three faces of face-api's demo/sample1.jpg as SSD MobileNet finds them, checked by drawing
 * them over the photo (top, left, bottom, right as fractions of the 1920×1280 image).
 */
const sample1Faces = [
  { top: 0.2772, left: 0.2157, bottom: 0.4645, right: 0.308 },
  { top: 0.3287, left: 0.4365, bottom: 0.5067, right: 0.5336 },
  { top: 0.1559, left: 0.7688, bottom: 0.344, right: 0.8746 },
];
const tolerance = 0.02;

let server: TestServer;
let client: ClarifaiClient;
let sample1: string;
beforeAll(async () => {
  server = await startTestServer({ modelRunner: undefined });
  client = new ClarifaiClient({ baseUrl: server.api.baseUrl, timeoutMs: 60_000, getKey: () => testKey });
  sample1 = (await readFile(`${faceApiFiles().demoDir}/sample1.jpg`)).toString('base64');
}, 60_000);
afterAll(() => server.stop());

const outputOf = (outputs: readonly PredictOutput[]): PredictOutput => {
  const [output] = outputs;
  if (!output) throw new Error('no output');
  return output;
};

describe('local models', () => {
  it('the face model finds the three faces of sample1.jpg where they are', async () => {
    const { outputs } = await client.predict({ modelId: face }, [
      { id: 'sample1', data: { image: { base64: sample1 } } },
    ]);
    const regions = outputOf(outputs).data?.regions ?? [];
    expect(regions).toHaveLength(3);
    const boxes = regions
      .map((region) => region.region_info?.bounding_box)
      .sort((a, b) => (a?.left_col ?? 0) - (b?.left_col ?? 0));
    boxes.forEach((box, index) => {
      const expected = sample1Faces[index];
      expect(Math.abs((box?.top_row ?? 0) - (expected?.top ?? 1))).toBeLessThan(tolerance);
      expect(Math.abs((box?.left_col ?? 0) - (expected?.left ?? 1))).toBeLessThan(tolerance);
      expect(Math.abs((box?.bottom_row ?? 0) - (expected?.bottom ?? 1))).toBeLessThan(tolerance);
      expect(Math.abs((box?.right_col ?? 0) - (expected?.right ?? 1))).toBeLessThan(tolerance);
    });
    for (const region of regions) {
      expect(region.id).toMatch(/^[0-9a-f]{32}$/);
      // The detector's own concept names every face.
      expect(region.data?.concepts).toEqual([
        { id: 'face', name: 'face', value: region.value, app_id: 'main' },
      ]);
    }
  }, 60_000);

  it('the general model says "person"; the detection model boxes the people', async () => {
    const concepts = await client.predict({ modelId: general }, [{ data: { image: { base64: sample1 } } }]);
    expect(outputOf(concepts.outputs).data?.concepts?.map((concept) => concept.name)).toContain('person');

    const objects = await client.predict({ modelId: 'general-image-detection' }, [
      { data: { image: { base64: sample1 } } },
    ]);
    const people = (outputOf(objects.outputs).data?.regions ?? []).filter(
      (region) => region.data?.concepts?.[0]?.name === 'person',
    );
    expect(people.length).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it('the logo model answers the generated set from its recording, and unknown images with no regions', async () => {
    const samples = await ensureSampleSet(server.dataDir);
    const recording = await loadRecordedPredictions(samples.logoManifest);
    const images = await Promise.all(samples.logos.slice(0, 4).map((file) => readFile(file)));
    const { outputs } = await client.predict(
      { modelId: logo },
      [...images, Buffer.from(sample1, 'base64')].map((bytes) => ({
        data: { image: { base64: bytes.toString('base64') } },
      })),
    );
    images.forEach((bytes, index) => {
      const recorded = recording.findByImage(bytes);
      const regions = outputs[index]?.data?.regions ?? [];
      expect(regions.map((region) => region.id)).toEqual(recorded?.regions.map((region) => region.id));
      expect(regions.map((region) => region.data?.concepts?.[0]?.id)).toEqual(
        recorded?.regions.map((region) => region.concepts[0]?.id),
      );
      for (const region of regions) expect(region.data?.concepts?.[0]?.id).toMatch(/^brand_/);
    });
    expect(outputs.flatMap((output) => output.data?.regions ?? []).length).toBeGreaterThan(0);
    expect(outputs[4]?.data).toEqual({ regions: [] });
    expect((await client.getModel({ modelId: logo })).name).toBe('Logo (recorded predictions)');
  }, 60_000);
});

describe('the Clarifai client round-trips against the local API', () => {
  it('predict → model feedback → search → search feedback, all stored', async () => {
    const { outputs } = await client.predict({ modelId: general }, [
      { id: 'party', data: { image: { base64: sample1 } } },
    ]);
    const output = outputOf(outputs);
    const feedback: ModelFeedbackRequest = {
      input: {
        id: output.input.id,
        data: {
          concepts: [
            { id: 'coco_person', value: true },
            { id: 'coco_tie', value: false },
          ],
        },
        feedback_info: { event_type: 'annotation', output_id: output.id, end_user_id: 'reviewer-1' },
      },
    };
    expect(await client.modelFeedback({ modelId: general }, feedback, { requestId: 'outbox-1' })).toEqual({
      code: 10000,
      description: 'Ok',
    });

    const search = await client.searchLegacy({
      query: { ands: [{ output: { data: { concepts: [{ name: 'person', value: 1 }] } } }] },
    });
    expect(search.hits.map((hit) => hit.input.id)).toContain('party');
    const click = buildSearchFeedbackRequest({
      searchId: search.id,
      inputId: 'party',
      sessionId: 'session-9',
    });
    expect((await client.searchFeedback(click, { requestId: 'outbox-2' })).code).toBe(10000);

    const listed = (
      (await server.call('GET', '/_loupe/feedback')).json as {
        feedback: { requestId: string; parsed: unknown; flags: string[] }[];
      }
    ).feedback;
    expect(listed.map((row) => [row.requestId, row.parsed, row.flags])).toEqual([
      ['outbox-1', feedback, []],
      ['outbox-2', click, []],
    ]);
  }, 60_000);

  it('models and inputs through the client', async () => {
    expect((await client.listModels()).map((model) => model.id)).toEqual([
      general,
      'general-image-detection',
      face,
      logo,
    ]);
    const added = await client.addInputs([{ id: 'added-photo', data: { image: { base64: sample1 } } }]);
    expect(added.mixed).toBe(false);
    const [ready] = await client.waitForInputs(['added-photo'], { pollMs: 20, timeoutMs: 5_000 });
    expect(ready?.status?.code).toBe(30000);
    expect((await client.listInputs({ per_page: 100 })).map((input) => input.id)).toContain('added-photo');
  });
});
