import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { describeIssues } from '../../../shared/result.ts';
import type { Concept } from '../models/concept.ts';
import { recordedPredictionsFileSchema } from './recordedPredictionsFile.ts';
import type { RecordedImage, RecordedRegion } from './recordedPredictionsFile.ts';

/** A recorded predictions file that cannot be served: unreadable, invalid, or naming images that are not there. */
export class RecordedPredictionsError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RecordedPredictionsError';
  }
}

export interface RecordedPrediction {
  /** Absolute path of the image the prediction is for. */
  file: string;
  sha256: string;
  regions: RecordedRegion[];
  concepts: Concept[];
}

/** A loaded recording, ready to answer predict requests by image content. */
export interface RecordedPredictions {
  /** The model that was recorded (e.g. Clarifai's logo model id), as the file says. */
  model: { id: string; name: string };
  predictions: readonly RecordedPrediction[];
  /** The images' ground truth, where the file has it (generated sample sets do). */
  images: readonly RecordedImage[];
  /** The recording for an image with exactly these bytes, if any. */
  findByImage(bytes: Uint8Array): RecordedPrediction | undefined;
  findBySha256(sha256: string): RecordedPrediction | undefined;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Reads and validates a recorded predictions file (`recordedPredictionsFile.ts`). Any problem
 * rejects with a `RecordedPredictionsError` naming the file and the offending field or image.
 */
export async function loadRecordedPredictions(manifestFile: string): Promise<RecordedPredictions> {
  const fail = (problem: string, cause?: unknown): never => {
    throw new RecordedPredictionsError(`Recorded predictions ${manifestFile}: ${problem}`, { cause });
  };
  let json: unknown;
  try {
    json = JSON.parse(await readFile(manifestFile, 'utf8'));
  } catch (error) {
    return fail(reasonOf(error), error);
  }
  const parsed = recordedPredictionsFileSchema.safeParse(json);
  if (!parsed.success) return fail(describeIssues(parsed.error), parsed.error);
  const { model, images, predictions } = parsed.data;

  const folder = dirname(manifestFile);
  const knownHashes = new Map(images.map((image) => [image.file, image.sha256]));
  const bySha256 = new Map<string, RecordedPrediction>();
  const loaded: RecordedPrediction[] = [];
  for (const [index, prediction] of predictions.entries()) {
    const file = resolve(folder, prediction.file);
    let sha256 = prediction.sha256 ?? knownHashes.get(prediction.file);
    if (!sha256) {
      try {
        sha256 = sha256Hex(await readFile(file));
      } catch (error) {
        return fail(`predictions.${index}: cannot read the image ${file} (${reasonOf(error)})`, error);
      }
    }
    const earlier = bySha256.get(sha256);
    if (earlier) return fail(`predictions.${index}: ${file} has the same content as ${earlier.file}`);
    const entry = { file, sha256, regions: prediction.regions, concepts: prediction.concepts };
    bySha256.set(sha256, entry);
    loaded.push(entry);
  }

  return {
    model,
    predictions: loaded,
    images,
    findByImage: (bytes) => bySha256.get(sha256Hex(bytes)),
    findBySha256: (sha256) => bySha256.get(sha256.toLowerCase()),
  };
}
