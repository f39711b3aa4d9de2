import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { faceApiFiles } from '../models/modelPackages.ts';
import { generateLogoSamples, logoManifestName } from './logoSamples.ts';
import { loadRecordedPredictions } from './recordedPredictions.ts';

/** Fixed, so every installation generates the same logo set. */
export const logoSampleSeed = 20_260_101;

/** What a first run can review with no account and no network. */
export interface SampleSet {
  /** Group photos shipped in @vladmandic/face-api (faces, people): for the local face and general models. */
  photos: string[];
  /** The generated logo images, answered from recorded predictions. */
  logos: string[];
  /** The recorded predictions file of the logos, for `loadRecordedPredictions`. */
  logoManifest: string;
}

/** The six group photos in @vladmandic/face-api's demo folder, wherever the package is installed. */
export function samplePhotos(): string[] {
  const { demoDir } = faceApiFiles();
  return [1, 2, 3, 4, 5, 6].map((index) => join(demoDir, `sample${index}.jpg`));
}

/** The logo set is usable when its manifest loads and every image is there at its recorded size. */
async function existingLogos(manifest: string): Promise<string[] | undefined> {
  try {
    const recorded = await loadRecordedPredictions(manifest);
    const sizes = new Map(recorded.images.map((image) => [image.sha256, image.bytes]));
    for (const prediction of recorded.predictions) {
      if ((await stat(prediction.file)).size !== sizes.get(prediction.sha256)) return undefined;
    }
    return recorded.predictions.map((prediction) => prediction.file);
  } catch {
    return undefined;
  }
}

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

/**
 * Moves a freshly generated set into place. If a set is already there, it is either another first
 * run's (complete: keep it) or a damaged one (swap it out, then delete it).
 */
async function install(staging: string, logosDir: string, manifest: string): Promise<void> {
  try {
    await rename(staging, logosDir);
    return;
  } catch (error) {
    if (!['ENOTEMPTY', 'EEXIST', 'EPERM'].includes(codeOf(error) ?? '')) throw error;
  }
  if (await existingLogos(manifest)) return;
  const damaged = `${staging}-damaged`;
  await rename(logosDir, damaged);
  await rename(staging, logosDir);
  await rm(damaged, { recursive: true, force: true });
}

/**
 * Lists the sample images, generating the logo set into `<dataDir>/samples/logos` the first time
 * (or again, if it was damaged). Generation writes to a fresh folder that is renamed into place,
 * so a crash or a second process never leaves a half-written set behind.
 */
export async function ensureSampleSet(dataDir: string): Promise<SampleSet> {
  const samplesDir = join(dataDir, 'samples');
  const logosDir = join(samplesDir, 'logos');
  const logoManifest = join(logosDir, logoManifestName);
  let logos = await existingLogos(logoManifest);
  if (!logos) {
    await mkdir(samplesDir, { recursive: true });
    const staging = join(samplesDir, `.logos-${randomUUID()}`);
    try {
      await generateLogoSamples(staging, { seed: logoSampleSeed });
      await install(staging, logosDir, logoManifest);
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
    logos = await existingLogos(logoManifest);
    if (!logos) throw new Error(`The logo sample set in ${logosDir} cannot be read back after generating it`);
  }
  return { photos: samplePhotos(), logos, logoManifest };
}
