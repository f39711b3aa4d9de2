import { sep } from 'node:path';
import type * as Tf from '@tensorflow/tfjs';
import type * as TfWasm from '@tensorflow/tfjs-backend-wasm';
import { packageRequire, tfjsWasmDir } from './modelPackages.ts';

let ready: Promise<void> | undefined;

/**
 * Puts this thread's tfjs engine on the WASM backend, once. face-api and human resolve to the
 * same @tensorflow modules, so both models share the engine; the .wasm binaries are read from
 * disk (`false`: not through fetch, which would go to the network). tfjs allows the paths to be
 * set only before the backend first initialises, so a failure here stays this thread's answer.
 */
export function initWasmBackend(): Promise<void> {
  ready ??= (async () => {
    const wasm = packageRequire('@tensorflow/tfjs-backend-wasm') as typeof TfWasm;
    const tf = packageRequire('@tensorflow/tfjs') as typeof Tf;
    const dir = tfjsWasmDir();
    wasm.setWasmPaths(`${dir}${sep}`, false);
    if (!(await tf.setBackend('wasm')))
      throw new Error(`the tfjs WASM backend did not start (binaries in ${dir})`);
    await tf.ready();
  })();
  return ready;
}
