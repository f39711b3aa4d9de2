import { join } from 'node:path';
import type { PredictOutput } from '../../shared/clarifai/predict.ts';
import type { Box } from '../../shared/geometry.ts';
import { faceModelId } from '../../electron/main/firstRun.ts';
import { faceApiFiles } from '../../electron/localApi/models/modelPackages.ts';
import { describeImageFile } from '../../electron/main/workspace/imageImporter.ts';
import { inTransaction } from '../../electron/io/sqlite.ts';
import { Workspace } from '../../electron/main/workspace/workspace.ts';

export type SampleNumber = 1 | 2 | 3 | 4 | 5 | 6;

/** A photo the face-api package ships (found as the app finds it): real photos, no committed binaries. */
export const sampleImage = (n: SampleNumber): string => join(faceApiFiles().demoDir, `sample${n}.jpg`);

// A type alias, not an interface: it must fit the wire schema's open (index-signature) objects.
export type SeedConcept = {
  id: string;
  name: string;
  value: number;
};

export interface SeedRegion {
  id: string;
  box: Box;
  concepts: SeedConcept[];
}

export interface SeedImage {
  file: string;
  /** Defaults to the face model the embedded local API serves, so submitted feedback is accepted. */
  modelId?: string;
  concepts?: SeedConcept[];
  regions: SeedRegion[];
}

export interface SeededImage {
  imageId: number;
  predictionId: number;
}

/** The workspace file `loupe app` opens for a data folder (see MainServices). */
export const workspaceFile = (dataDir: string): string => join(dataDir, 'workspaces', 'default.loupe.sqlite');

/** A predict output as Clarifai returns it (docs/clarifai-v2.md §3): what the predictor would have stored. */
export function predictOutput(index: number, image: SeedImage): PredictOutput {
  return {
    id: `output-${index}`,
    status: { code: 10000, description: 'Ok' },
    created_at: '2026-01-01T00:00:00Z',
    model: { id: image.modelId ?? faceModelId },
    input: { id: `input-${index}` },
    data: {
      concepts: image.concepts ?? [],
      regions: image.regions.map((region) => ({
        id: region.id,
        value: region.concepts[0]?.value ?? 1,
        region_info: {
          bounding_box: {
            top_row: region.box.top,
            left_col: region.box.left,
            bottom_row: region.box.bottom,
            right_col: region.box.right,
          },
        },
        data: { concepts: region.concepts },
      })),
    },
  };
}

/**
 * Fills a data folder's workspace with images and their predictions through the app's own
 * repositories, before `loupe app` starts: the review tests then depend on neither a model nor
 * the local API. Recording a successful prediction creates its (unreviewed) review.
 */
export async function seedWorkspace(dataDir: string, images: readonly SeedImage[]): Promise<SeededImage[]> {
  const workspace = new Workspace(workspaceFile(dataDir));
  try {
    const seeded: SeededImage[] = [];
    for (const [index, image] of images.entries()) {
      const described = await describeImageFile(image.file);
      const { image: record } = workspace.images.add({
        ...described,
        // Several seeded images may share a file: they are distinct images here.
        contentHash: `${described.contentHash}-${index}`,
        source: image.file,
        sourceKind: 'file',
        error: null,
      });
      const prediction = workspace.predictions.record(
        record.id,
        image.modelId ?? faceModelId,
        predictOutput(index, image),
      );
      seeded.push({ imageId: record.id, predictionId: prediction.id });
    }
    return seeded;
  } finally {
    workspace.close();
  }
}

const face = (id: string, box: Box, value: number): SeedRegion => ({
  id,
  box,
  concepts: [{ id: 'ai_face', name: 'face', value }],
});

/**
 * Three of face-api's sample photos with the faces SSD MobileNet finds in them (boxes and scores
 * as it reported them), one made-up false detection, and image concepts.
 */
export function faceSamples(): SeedImage[] {
  return [
    {
      file: sampleImage(1),
      concepts: [
        { id: 'ai_people', name: 'people', value: 0.98 },
        { id: 'ai_group', name: 'group', value: 0.9 },
        { id: 'ai_outdoors', name: 'outdoors', value: 0.74 },
      ],
      regions: [
        face('face-1a', { top: 0.277, left: 0.216, bottom: 0.464, right: 0.308 }, 0.99),
        face('face-1b', { top: 0.329, left: 0.436, bottom: 0.507, right: 0.534 }, 0.99),
        face('face-1c', { top: 0.156, left: 0.769, bottom: 0.344, right: 0.875 }, 0.97),
        face('face-1d', { top: 0.7, left: 0.05, bottom: 0.85, right: 0.15 }, 0.42),
      ],
    },
    {
      file: sampleImage(2),
      concepts: [
        { id: 'ai_people', name: 'people', value: 0.97 },
        { id: 'ai_portrait', name: 'portrait', value: 0.6 },
      ],
      regions: [
        face('face-2a', { top: 0.112, left: 0.754, bottom: 0.29, right: 0.854 }, 0.99),
        face('face-2b', { top: 0.161, left: 0.47, bottom: 0.331, right: 0.548 }, 0.88),
        face('face-2c', { top: 0.092, left: 0.188, bottom: 0.282, right: 0.268 }, 0.76),
      ],
    },
    {
      file: sampleImage(3),
      concepts: [
        { id: 'ai_people', name: 'people', value: 0.95 },
        { id: 'ai_indoors', name: 'indoors', value: 0.55 },
      ],
      regions: [
        face('face-3a', { top: 0.244, left: 0.305, bottom: 0.445, right: 0.409 }, 0.99),
        face('face-3b', { top: 0.216, left: 0.789, bottom: 0.423, right: 0.877 }, 0.96),
        face('face-3c', { top: 0.159, left: 0.56, bottom: 0.381, right: 0.675 }, 0.62),
      ],
    },
  ];
}

/**
 * Many images at once (one transaction), all showing the same file and not yet predicted: a
 * workspace the size docs/design.md §6 budgets for, made in seconds. The first `predicted` of them get
 * one predicted face each (recording a prediction refreshes the image's status, which costs more).
 */
export async function seedManyImages(
  dataDir: string,
  count: number,
  predicted = 0,
  file = sampleImage(5),
): Promise<void> {
  const described = await describeImageFile(file);
  const workspace = new Workspace(workspaceFile(dataDir));
  try {
    inTransaction(workspace.db, () => {
      for (let index = 0; index < count; index++) {
        const { image } = workspace.images.add({
          ...described,
          contentHash: `${described.contentHash}-${index}`,
          source: file,
          sourceKind: 'file',
          error: null,
        });
        if (index >= predicted) continue;
        const regions = [face(`face-${index}`, { top: 0.2, left: 0.4, bottom: 0.45, right: 0.55 }, 0.9)];
        workspace.predictions.record(image.id, faceModelId, predictOutput(index, { file, regions }));
      }
    });
  } finally {
    workspace.close();
  }
}
