import { ensureSampleSet } from '../localApi/samples/sampleSet.ts';
import { logoModelId } from '../localApi/samples/logoSamples.ts';
import type { MainServices } from './mainServices.ts';
import { importFiles } from './workspace/imageImporter.ts';

/** Face detection, one of the well-known ids the embedded local API answers to. */
export const faceModelId = 'a403429f2ddf4b49b307e318f00e528b';

/**
 * First run: with the embedded local API selected, no key set and an empty workspace, fill the
 * workspace with the sample set — the six face photos that ship with face-api and the generated
 * logo set — and queue their predictions, so a new user reviews within a minute. It never runs
 * again once the workspace holds any image.
 */
export async function prepareFirstRun(services: MainServices): Promise<boolean> {
  const settings = services.settings.get();
  const { workspace, predict } = services.session();
  if (settings.endpoint.kind !== 'local' || services.vault.status().isSet || workspace.images.count() > 0) {
    return false;
  }
  const samples = await ensureSampleSet(services.dataDir);
  const photos = await importFiles(workspace, samples.photos);
  const logos = await importFiles(workspace, samples.logos);
  predict.enqueue(
    { modelId: faceModelId },
    photos.added.map((image) => image.id),
  );
  predict.enqueue(
    { modelId: logoModelId },
    logos.added.map((image) => image.id),
  );
  services.bus.emit('images.changed', {
    imageIds: [...photos.added, ...logos.added].map((image) => image.id),
  });
  return true;
}
