// Bundles the main side (Electron main + preload, and the `loupe` CLI) with esbuild.
// The renderer is built by Vite (build/vite.config.ts).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
/** @type {import('esbuild').BuildOptions} */
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node22',
  sourcemap: 'linked',
  logLevel: 'warning',
  // npm packages are installed next to the bundles (and inside the asar), not inlined.
  packages: 'external',
};

await Promise.all([
  build({
    ...common,
    entryPoints: ['electron/desktop/main.ts'],
    outfile: 'dist/electron/main.cjs',
    format: 'cjs',
    external: ['electron'],
  }),
  // A sandboxed preload may only require('electron'): everything else is inlined.
  build({
    ...common,
    entryPoints: ['electron/desktop/preload/preload.ts'],
    outfile: 'dist/electron/preload.cjs',
    format: 'cjs',
    packages: 'bundle',
    external: ['electron'],
  }),
  build({
    ...common,
    entryPoints: ['electron/main/cli/loupe.ts'],
    outfile: 'dist/cli/loupe.mjs',
    format: 'esm',
  }),
  // The local models' worker thread; the runner finds it at ../workers/ from any bundle in dist/.
  build({
    ...common,
    entryPoints: ['electron/localApi/models/modelWorker.ts'],
    outfile: 'dist/workers/modelWorker.mjs',
    format: 'esm',
  }),
]);
