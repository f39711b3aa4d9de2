import { brandConceptId, logoBrands } from '../../samples/logoBrands.ts';
import { cocoConceptId } from '../../models/generalConcepts.ts';
import type { LocalModel } from '../modelCatalog.ts';

/**
 * The concepts each local model can answer, as ListModels shows them in
 * `output_info.data.concepts` (ids and names, so a model picker shows names).
 */

/** The class names of the CenterNet COCO model in @vladmandic/human (its `src/object/labels.ts`). */
const cocoClassNames = [
  'person',
  'bicycle',
  'car',
  'motorcycle',
  'airplane',
  'bus',
  'train',
  'truck',
  'boat',
  'traffic light',
  'fire hydrant',
  'stop sign',
  'parking meter',
  'bench',
  'bird',
  'cat',
  'dog',
  'horse',
  'sheep',
  'cow',
  'elephant',
  'bear',
  'zebra',
  'giraffe',
  'backpack',
  'umbrella',
  'handbag',
  'tie',
  'suitcase',
  'frisbee',
  'skis',
  'snowboard',
  'sports ball',
  'kite',
  'baseball bat',
  'baseball glove',
  'skateboard',
  'surfboard',
  'tennis racket',
  'bottle',
  'wine glass',
  'cup',
  'fork',
  'knife',
  'spoon',
  'bowl',
  'banana',
  'apple',
  'sandwich',
  'orange',
  'broccoli',
  'carrot',
  'hot dog',
  'pizza',
  'donut',
  'cake',
  'chair',
  'couch',
  'potted plant',
  'bed',
  'dining table',
  'toilet',
  'tv',
  'laptop',
  'mouse',
  'remote',
  'keyboard',
  'cell phone',
  'microwave',
  'oven',
  'toaster',
  'sink',
  'refrigerator',
  'book',
  'clock',
  'vase',
  'scissors',
  'teddy bear',
  'hair drier',
  'toothbrush',
] as const;

/**
 * The local face model's one concept on the platform paths. The v2 paths keep the 2019 face
 * detector's empty region data; today's detectors name what they found.
 */
export const faceConcept = { id: 'face', name: 'face' } as const;

export function localModelConcepts(model: LocalModel): { id: string; name: string }[] {
  switch (model.kind) {
    case 'faces':
      return [{ ...faceConcept }];
    case 'concepts':
    case 'objects':
      return cocoClassNames.map((name) => ({ id: cocoConceptId(name), name }));
    case 'logos':
      return logoBrands.map((brand) => ({ id: brandConceptId(brand.name), name: brand.name }));
  }
}
