import type * as FaceApi from '@vladmandic/face-api';
import { toNormalized } from '../../../shared/geometry.ts';
import type { DecodedImage } from '../images/decodeImage.ts';
import type { FaceDetection } from './detections.ts';
import { faceApiFiles, packageRequire } from './modelPackages.ts';
import { initWasmBackend } from './tfjsWasmBackend.ts';

export type FaceDetector = (image: DecodedImage) => Promise<FaceDetection[]>;

/** face-api's relative boxes are fractions of the input already: normalise against a unit image. */
const unit = { width: 1, height: 1 };

/**
 * SSD MobileNet v1 from @vladmandic/face-api on the tfjs WASM backend, weights from the package.
 * face-api's own default threshold (0.5) is kept: it finds every face in the package's sample
 * photos and nothing else.
 */
export async function loadFaceDetector(): Promise<FaceDetector> {
  const { script, modelDir } = faceApiFiles();
  await initWasmBackend();
  const faceapi = packageRequire(script) as typeof FaceApi;
  try {
    await faceapi.nets.ssdMobilenetv1.loadFromDisk(modelDir);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot load the SSD MobileNet v1 face model from ${modelDir}: ${reason}`, {
      cause: error,
    });
  }
  const options = new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5, maxResults: 100 });

  return async ({ pixels, width, height }) => {
    const tensor = faceapi.tf.tensor3d(pixels, [height, width, 3], 'int32');
    try {
      const faces = await faceapi.detectAllFaces(tensor, options);
      return faces.flatMap((face) => {
        const box = toNormalized(face.relativeBox, unit);
        return box ? [{ box, score: face.score }] : [];
      });
    } finally {
      tensor.dispose();
    }
  };
}
