import { listPackage } from '@electron/asar';
import { build, Platform, type Configuration } from 'electron-builder';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../support/tempDir.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const temp = makeTempDir('loupe-pack-');
let resources: string;
let asarFiles: Set<string>;

/**
 * The offline packaging check (no Electron binary can be downloaded here): electron-builder --dir with a stand-in Electron
 * dist, then the package must hold the bundles and keep native/WASM/model files unpacked. It needs
 * `npm run build` first, which `npm test` runs before the tests. Fuses are left out: flipping them
 * needs the real Electron binary; their settings are pinned from the config below.
 */
beforeAll(async () => {
  const electronDist = join(temp.dir, 'electron-dist');
  const standIn = join(electronDist, 'electron');
  mkdirSync(electronDist, { recursive: true });
  writeFileSync(standIn, '#!/bin/sh\n');
  chmodSync(standIn, 0o755);
  const config = JSON.parse(
    readFileSync(join(root, 'build', 'electron-builder.json'), 'utf8'),
  ) as Configuration;
  await build({
    projectDir: root,
    targets: Platform.LINUX.createTarget('dir'),
    config: {
      ...config,
      electronFuses: null,
      electronDist,
      directories: { ...config.directories, output: join(temp.dir, 'out') },
    },
  });
  resources = join(temp.dir, 'out', 'linux-unpacked', 'resources');
  asarFiles = new Set(
    listPackage(join(resources, 'app.asar'), { isPack: false }).map((file) => file.replaceAll('\\', '/')),
  );
}, 240_000);
afterAll(temp.cleanup);

describe('the packaged app', () => {
  it('holds the main, preload and renderer bundles and no source maps or sources', () => {
    for (const file of [
      '/dist/electron/main.cjs',
      '/dist/electron/preload.cjs',
      '/dist/workers/modelWorker.mjs',
      '/dist/renderer/index.html',
      '/package.json',
    ]) {
      expect(asarFiles.has(file), file).toBe(true);
    }
    expect(
      [...asarFiles].some((file) => file.startsWith('/dist/renderer/assets/') && file.endsWith('.js')),
    ).toBe(true);
    expect([...asarFiles].filter((file) => file.endsWith('.map'))).toEqual([]);
    expect(
      [...asarFiles].some((file) => file.startsWith('/electron/') || file.startsWith('/renderer/')),
    ).toBe(false);
    // The renderer's libraries are inside its bundle, not shipped as packages.
    expect(asarFiles.has('/node_modules/react')).toBe(false);
  });

  it('keeps native, WASM and model files outside the asar', () => {
    const unpacked = join(resources, 'app.asar.unpacked', 'node_modules');
    for (const file of [
      'sharp/package.json',
      '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm',
      '@vladmandic/face-api/model/ssd_mobilenetv1_model-weights_manifest.json',
      '@vladmandic/face-api/demo/sample1.jpg',
      '@vladmandic/human/models/centernet.json',
    ]) {
      expect(existsSync(join(unpacked, file)), file).toBe(true);
    }
  });

  it('the sandboxed preload requires nothing but electron', () => {
    const preload = readFileSync(join(root, 'dist', 'electron', 'preload.cjs'), 'utf8');
    const required = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((match) => match[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
  });

  it('turns off run-as-node and NODE_OPTIONS and requires asar integrity in production', () => {
    const config = JSON.parse(
      readFileSync(join(root, 'build', 'electron-builder.json'), 'utf8'),
    ) as Configuration;
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });
});
