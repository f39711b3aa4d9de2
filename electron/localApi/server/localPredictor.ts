import type { WireData, WireRegion } from '../../../shared/clarifai/data.ts';
import { toBoundingBox } from '../../../shared/clarifai/boundingBox.ts';
import type { Box } from '../../../shared/geometry.ts';
import { decodeImage } from '../images/decodeImage.ts';
import { faceConcept } from '../models/faceConcept.ts';
import { cocoConceptId, conceptsFromObjects } from '../models/generalConcepts.ts';
import type { ModelRunner } from '../models/modelRunner.ts';
import type { RecordedPredictions } from '../samples/recordedPredictions.ts';
import { newClarifaiId } from './clarifaiIds.ts';
import type { LocalModelKind } from './modelCatalog.ts';

/** Concepts of the local models belong to the one app this server has. */
const appId = 'main';

/**
 * Answers a model kind for one image, as the wire `data` of an output (before `output_config`).
 * Rejects with `ImageDecodeError` for an image no model may take, `ModelError` when a model fails.
 */
export interface LocalPredictor {
  predict(kind: LocalModelKind, image: Uint8Array): Promise<WireData>;
  /** The names of the general concepts of an image: what search by image compares. */
  conceptNames(image: Uint8Array): Promise<string[]>;
}

export interface LocalPredictorParts {
  runner: ModelRunner;
  /** The logo recordings; generated on first start, so they may still be on their way. */
  logoRecordings: () => Promise<RecordedPredictions>;
}

function region(box: Box, value: number, data: NonNullable<WireRegion['data']>, id = newClarifaiId()) {
  const boundingBox = toBoundingBox(box);
  if (!boundingBox) return [];
  return [{ id, value, region_info: { bounding_box: boundingBox }, data }];
}

export function createLocalPredictor({ runner, logoRecordings }: LocalPredictorParts): LocalPredictor {
  const predict = async (kind: LocalModelKind, image: Uint8Array): Promise<WireData> => {
    switch (kind) {
      case 'faces': {
        // Each face carries the detector's one concept (as newer Clarifai face models answer), so
        // every view names it; the region's own value is the detection score too.
        const faces = await runner.detectFaces(image);
        return {
          regions: faces.flatMap((face) =>
            region(face.box, face.score, {
              concepts: [{ ...faceConcept, value: face.score, app_id: appId }],
            }),
          ),
        };
      }
      case 'concepts': {
        const objects = await runner.detectObjects(image);
        return { concepts: conceptsFromObjects(objects).map((concept) => ({ ...concept, app_id: appId })) };
      }
      case 'objects': {
        const objects = [...(await runner.detectObjects(image))].sort((a, b) => b.score - a.score);
        return {
          regions: objects.flatMap((object) =>
            region(object.box, object.score, {
              concepts: [
                { id: cocoConceptId(object.label), name: object.label, value: object.score, app_id: appId },
              ],
            }),
          ),
        };
      }
      case 'logos': {
        // No logo model runs here: the image is checked like any other, then looked up by content.
        await decodeImage(image);
        const recorded = (await logoRecordings()).findByImage(image);
        return {
          regions: (recorded?.regions ?? []).flatMap((logo) =>
            region(
              logo.box,
              logo.concepts[0]?.value ?? 1,
              { concepts: logo.concepts.map((concept) => ({ ...concept, app_id: appId })) },
              logo.id,
            ),
          ),
        };
      }
    }
  };
  return {
    predict,
    async conceptNames(image) {
      const data = await predict('concepts', image);
      return (data.concepts ?? []).map((concept) => (concept.name ?? concept.id).toLowerCase());
    },
  };
}
