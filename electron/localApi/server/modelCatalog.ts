import type { WireModel } from '../../../shared/clarifai/models.ts';
import { faceConcept } from '../models/faceConcept.ts';
import { cocoClassNames, cocoConceptId } from '../models/generalConcepts.ts';
import { brandConceptId, logoBrands } from '../samples/logoBrands.ts';
import { logoModelId } from '../samples/logoSamples.ts';
import { wireStatus } from './wireStatus.ts';

/** What answers a model id: a local model, or the recorded logo predictions. */
export type LocalModelKind = 'faces' | 'concepts' | 'objects' | 'logos';

export interface LocalModel {
  /** The id the model is listed under. */
  id: string;
  /** Other ids that address it (Clarifai's current public model names). */
  aliases: readonly string[];
  name: string;
  kind: LocalModelKind;
  versionId: string;
  /**
   * A detector's second version: version 1 with shifted boxes (models/shiftedVersion.ts), served
   * only when a path names it, so a client can predict one image with two versions.
   */
  shiftedVersionId?: string;
  /** This is the shifted version (set by resolveModel when a path names it). */
  shifted?: boolean;
  /** `output_info.type` of the feedback era: concept models and detectors. */
  outputType: 'concept' | 'detect-concept';
  modelTypeId: 'visual-classifier' | 'visual-detector';
}

/**
 * The models of the local API. Clarifai's well-known ids (docs/clarifai-v2.md §3) are aliases of the
 * local models, so the seed examples run unchanged; names say what really answers. Version ids
 * name the weights rather than imitate Clarifai's hex ids.
 */
export const localModels: readonly LocalModel[] = [
  {
    id: 'aaa03c23b3724a16a56b629203edc62c',
    aliases: ['general-image-recognition'],
    name: 'General (local: COCO concepts from CenterNet)',
    kind: 'concepts',
    versionId: 'local-centernet-coco-concepts-1',
    outputType: 'concept',
    modelTypeId: 'visual-classifier',
  },
  {
    id: 'general-image-detection',
    aliases: [],
    name: 'General detection (local: CenterNet, COCO classes)',
    kind: 'objects',
    versionId: 'local-centernet-coco-1',
    outputType: 'detect-concept',
    modelTypeId: 'visual-detector',
  },
  {
    id: 'a403429f2ddf4b49b307e318f00e528b',
    aliases: ['face-detection'],
    name: 'Face detection (local: SSD MobileNet v1)',
    kind: 'faces',
    versionId: 'local-ssd-mobilenet-v1-1',
    shiftedVersionId: 'local-ssd-mobilenet-v1-2-shifted',
    outputType: 'detect-concept',
    modelTypeId: 'visual-detector',
  },
  {
    id: logoModelId,
    aliases: [],
    name: 'Logo (recorded predictions)',
    kind: 'logos',
    versionId: 'recorded-logo-samples-1',
    shiftedVersionId: 'recorded-logo-samples-2-shifted',
    outputType: 'detect-concept',
    modelTypeId: 'visual-detector',
  },
];

/** When the local API's models "were created": fixed, so answers are stable across runs. */
const catalogDate = '2026-01-01T00:00:00Z';

export function findModel(id: string): LocalModel | undefined {
  return localModels.find((model) => model.id === id || model.aliases.includes(id));
}

/** A model as predict outputs and `GET /v2/models` describe it. */
export function wireModel(model: LocalModel): WireModel {
  return {
    id: model.id,
    name: model.name,
    created_at: catalogDate,
    app_id: 'main',
    user_id: 'clarifai',
    model_type_id: model.modelTypeId,
    output_info: { type: model.outputType, type_ext: model.outputType },
    model_version: {
      id: model.versionId,
      created_at: catalogDate,
      status: wireStatus(21100, undefined, 'Model is trained and ready'),
    },
  };
}

/**
 * The concepts a model knows, as `GET {models path}` and ListModels list them in
 * `output_info.data.concepts` (docs/vocabulary.md): the logo brands, the face detector's one
 * concept, the COCO classes.
 */
export function modelConcepts(model: LocalModel): { id: string; name: string }[] {
  switch (model.kind) {
    case 'logos':
      return logoBrands.map((brand) => ({ id: brandConceptId(brand.name), name: brand.name }));
    case 'faces':
      return [{ ...faceConcept }];
    case 'concepts':
    case 'objects':
      return cocoClassNames.map((name) => ({ id: cocoConceptId(name), name }));
  }
}
