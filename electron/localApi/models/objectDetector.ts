import { pathToFileURL } from 'node:url';
import type * as Tf from '@tensorflow/tfjs';
import type * as HumanLibrary from '@vladmandic/human';
import { toNormalized } from '../../../shared/geometry.ts';
import type { DecodedImage } from '../images/decodeImage.ts';
import type { ObjectDetection } from './detections.ts';
import { fileOnlyFetch } from './fileOnlyFetch.ts';
import { humanFiles, packageRequire, tfjsWasmDir } from './modelPackages.ts';
import { initWasmBackend } from './tfjsWasmBackend.ts';

export type ObjectDetector = (image: DecodedImage) => Promise<ObjectDetection[]>;

const unit = { width: 1, height: 1 };

/**
 * CenterNet (COCO classes) from @vladmandic/human on the tfjs WASM backend, every other module
 * of the library off. Only ever loaded inside a model worker: it replaces that thread's global
 * `fetch`, which human uses to read its weights.
 */
export async function loadObjectDetector(): Promise<ObjectDetector> {
  const { script, modelDir } = humanFiles();
  await initWasmBackend();
  globalThis.fetch = fileOnlyFetch;
  const { Human } = packageRequire(script) as typeof HumanLibrary;
  const tf = packageRequire('@tensorflow/tfjs') as typeof Tf;
  const human = new Human({
    backend: 'wasm',
    wasmPath: tfjsWasmDir(),
    wasmPlatformFetch: false,
    modelBasePath: `${pathToFileURL(modelDir).href}/`,
    debug: false,
    warmup: 'none',
    cacheModels: false,
    validateModels: false,
    // Each predict is an unrelated photo, not a video frame: never reuse an earlier result.
    cacheSensitivity: 0,
    filter: { enabled: false },
    face: { enabled: false },
    body: { enabled: false },
    hand: { enabled: false },
    gesture: { enabled: false },
    segmentation: { enabled: false },
    object: { enabled: true, modelPath: 'centernet.json', skipFrames: 0, skipTime: 0, maxDetected: 20 },
  });
  try {
    await human.load();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot load the CenterNet object model from ${modelDir}: ${reason}`, { cause: error });
  }
  if (!human.models.loaded().includes('centernet')) {
    throw new Error(`cannot load the CenterNet object model from ${modelDir}`);
  }

  return async ({ pixels, width, height }) => {
    const tensor = tf.tensor4d(pixels, [1, height, width, 3], 'int32');
    try {
      const result = await human.detect(tensor);
      if (result.error) throw new Error(result.error);
      return result.object.flatMap((found) => {
        const [x, y, boxWidth, boxHeight] = found.boxRaw;
        const box = toNormalized({ x, y, width: boxWidth, height: boxHeight }, unit);
        return box ? [{ label: found.label, score: found.score, box }] : [];
      });
    } finally {
      tensor.dispose();
    }
  };
}
