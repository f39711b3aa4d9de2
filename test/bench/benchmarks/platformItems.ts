import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { deliveryPlanSchema, type DeliveryPlan } from '../../../shared/clarifai/platform/deliveryPlan.ts';
import {
  platformAnnotationsPath,
  platformInputPath,
  platformInputsPath,
} from '../../../shared/clarifai/platform/platformPaths.ts';
import { statusCodeNumber } from '../../../shared/clarifai/statusCodes.ts';
import { seedClientFolder, type SyncPace } from './seedOutbox.ts';

/** The app of the embedded API every platform item goes to (its list starts with `me/loupe`). */
export const benchApp = { userId: 'me', appId: 'loupe' };

const platformInputId = (runId: string, index: number) => `bench-${runId}-${index}`;

/**
 * One reviewed image as a platform delivery (docs/clarifai-platform.md, "Delivery"): the image,
 * new to the app, sent as base64, then four region annotations in one PostAnnotations. No
 * removals or status patches: the plan is exactly one input, then its annotations.
 */
export function platformPlan(index: number, runId: string, imageId: number): DeliveryPlan {
  const inputId = platformInputId(runId, index);
  const annotations = [0, 0.2, 0.42, 0.6].map((offset, region) => ({
    id: `${inputId}-a${region}`,
    input_id: inputId,
    data: {
      regions: [
        {
          region_info: {
            bounding_box: {
              top_row: 0.1 + offset / 2,
              left_col: 0.1 + offset / 2,
              bottom_row: 0.3 + offset / 2,
              right_col: 0.25 + offset / 2,
            },
          },
          data: { concepts: [{ id: 'ai_face', name: 'face', value: 1 }] },
        },
      ],
    },
    annotation_info: {
      source: 'loupe',
      verdict: 'accurate',
      output_id: `output-${runId}-${index}`,
      region_id: `r-${index}-${region}`,
    },
  }));
  return deliveryPlanSchema.parse({
    version: 1,
    input: { id: inputId, image: { imageId }, known: false },
    annotations,
    removals: [],
    statuses: [],
  });
}

/** A small JPEG (64×48), the same bytes for every image: the server decodes each input it is sent. */
export async function benchJpeg(dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'photo.jpg');
  await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 90, g: 120, b: 150 } } })
    .jpeg()
    .toFile(file);
  return file;
}

/**
 * A client data folder with `count` reviewed images queued as platform deliveries, as a submit
 * with platform delivery leaves them (images and predictions as rows; the outbox through
 * OutboxRepo). Each image is the file `jpeg`, read and sent as base64 when delivered.
 */
export function seedPlatformOutbox(
  dataDir: string,
  count: number,
  runId: string,
  jpeg: string,
  pace: SyncPace,
): void {
  seedClientFolder(
    dataDir,
    Array.from({ length: count }, (_, index) => index),
    pace,
    { kind: 'file', width: 64, height: 48 },
    (index) => ({
      source: jpeg,
      outputId: `output-${runId}-${index}`,
      inputId: platformInputId(runId, index),
    }),
    (workspace, index, _position, { predictionId, imageId }) =>
      workspace.outbox.enqueueReview(
        predictionId,
        imageId,
        { kind: 'platform_annotations', app: benchApp },
        platformPlan(index, runId, imageId),
      ),
  );
}

/**
 * One platform delivery by a bare fetch client, nothing else (no outbox, no validation, no
 * retries): PostInputs with the base64 bytes, GetInput until the input is processed, then
 * PostAnnotations. Returns how many requests it took (3 when the first GetInput finds it done).
 */
export async function deliverPlain(
  baseUrl: string,
  key: string,
  plan: DeliveryPlan,
  base64: string,
): Promise<number> {
  const headers = { Authorization: `Key ${key}`, 'Content-Type': 'application/json' };
  const call = async (method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${path} answered HTTP ${response.status}`);
    return (await response.json()) as Record<string, unknown>;
  };
  await call('POST', platformInputsPath(benchApp), {
    inputs: [{ id: plan.input.id, data: { image: { base64 } } }],
  });
  let requests = 1;
  for (;;) {
    requests += 1;
    const answer = await call('GET', platformInputPath(benchApp, plan.input.id));
    const input = answer['input'] as { status?: { code?: number | string } } | undefined;
    const code = statusCodeNumber(input?.status?.code) ?? 30000;
    if (code === 30000) break;
    if (code !== 30001 && code !== 30003) throw new Error(`input ${plan.input.id} ended with ${code}`);
  }
  await call('POST', platformAnnotationsPath(benchApp), { annotations: plan.annotations });
  return requests + 1;
}
