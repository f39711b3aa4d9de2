import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Where the local models' code, weights and sample photos are: inside installed npm packages,
 * found through Node's resolution from this module (never the working directory), so the same
 * code works from the TypeScript sources, from the dist/ bundles and from a packaged app.
 *
 * This module's own location: `import.meta.url` in ES modules (sources, the ESM bundles),
 * `__filename` where esbuild bundled it as CommonJS (Electron main), whose `import.meta` is empty.
 */
const here = typeof __filename === 'string' ? __filename : import.meta.url;

/** `require` for the packages' CommonJS builds, which ESM `import` cannot reach by file path. */
export const packageRequire = createRequire(here);

/** A package's dist/ folder, from its main entry (`@vladmandic/human`'s exports block deep paths). */
const distDir = (name: string) => dirname(packageRequire.resolve(name));

export function faceApiFiles(): { script: string; modelDir: string; demoDir: string } {
  const dist = distDir('@vladmandic/face-api');
  return {
    script: join(dist, 'face-api.node-wasm.js'),
    modelDir: join(dist, '..', 'model'),
    demoDir: join(dist, '..', 'demo'),
  };
}

export function humanFiles(): { script: string; modelDir: string } {
  const dist = distDir('@vladmandic/human');
  return { script: join(dist, 'human.node-wasm.js'), modelDir: join(dist, '..', 'models') };
}

/** The folder of tfjs' .wasm binaries, loaded from disk rather than a CDN (no network at run time). */
export function tfjsWasmDir(): string {
  return distDir('@tensorflow/tfjs-backend-wasm');
}
