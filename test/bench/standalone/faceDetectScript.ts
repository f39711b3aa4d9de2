// The floor for local face detection: the same model, weights and backend as `loupe serve`, in
// the fewest lines a person would write (face-api's node-wasm recipe). Run as a child process
// with an IPC channel: it answers each image path with how long detection took, decode included.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import type * as FaceApi from '@vladmandic/face-api';
import type * as Tf from '@tensorflow/tfjs';
import type * as TfWasm from '@tensorflow/tfjs-backend-wasm';

const require = createRequire(import.meta.url);
const faceApiDist = dirname(require.resolve('@vladmandic/face-api'));
const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof TfWasm;
const tf = require('@tensorflow/tfjs') as typeof Tf;
wasm.setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`, false);
await tf.setBackend('wasm');
await tf.ready();
const faceapi = require(join(faceApiDist, 'face-api.node-wasm.js')) as typeof FaceApi;
await faceapi.nets.ssdMobilenetv1.loadFromDisk(join(faceApiDist, '..', 'model'));
const options = new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5, maxResults: 100 });

export interface StandaloneAnswer {
  ms: number;
  faces: number;
}

async function detect(file: string): Promise<StandaloneAnswer> {
  const bytes = readFileSync(file);
  const started = performance.now();
  const { data, info } = await sharp(bytes)
    .autoOrient()
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const tensor = faceapi.tf.tensor3d(new Uint8Array(data), [info.height, info.width, 3], 'int32');
  const faces = await faceapi.detectAllFaces(tensor, options);
  tensor.dispose();
  return { ms: performance.now() - started, faces: faces.length };
}

process.on('message', (file: string) => {
  void detect(file).then((answer) => process.send?.(answer));
});
process.send?.('ready');
