import { lstat, readdir, realpath } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, sep } from 'node:path';
import sharp from 'sharp';
import type { CreateCampaignRequest } from '../../../shared/team/teamWire.ts';
import { readRegularFile, RegularFileError } from '../../io/readRegularFile.ts';
import { rejection } from '../server/apiError.ts';
import type { NewCampaignImage } from './teamStore.ts';

const maxImageBytes = 20 * 1024 * 1024;
const maxFolderImages = 10_000;
const imageExtensions = new Set(['.jpg', '.jpeg', '.png', '.webp', '.gif', '.tif', '.tiff', '.bmp']);
const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/;

async function imageSize(bytes: Uint8Array, what: string): Promise<{ width: number; height: number }> {
  try {
    const metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
    if (!metadata.width || !metadata.height) throw new Error('no size');
    // EXIF orientations 5–8 turn the image a quarter: boxes are fractions of the image as shown.
    const turned = (metadata.orientation ?? 1) >= 5;
    return turned
      ? { width: metadata.height, height: metadata.width }
      : { width: metadata.width, height: metadata.height };
  } catch {
    throw rejection.invalidRequest(`${what} is not an image this collector can read`);
  }
}

/**
 * The folders a lead may name (`loupe serve --campaign-folders DIR`). The named folder is resolved
 * (symlinks and `..` included) and must lie inside one of them; inside it only regular image files
 * directly in the folder are taken, symlinks are not followed. Errors name the folder as given and
 * the file names, never a file's bytes.
 */
async function folderImages(
  folder: string,
  roots: readonly string[],
): Promise<{ id: string; bytes: Buffer }[]> {
  if (roots.length === 0)
    throw rejection.forbidden(
      'campaign.folder: this collector reads no folders; start it with --campaign-folders DIR, or upload the images',
    );
  if (!isAbsolute(folder)) throw rejection.invalidRequest('campaign.folder must be an absolute path');
  let resolved: string;
  try {
    resolved = await realpath(folder);
  } catch {
    throw rejection.invalidRequest(`campaign.folder: there is no folder at ${folder}`);
  }
  const inside = await Promise.all(
    roots.map(async (root) => {
      const rootPath = await realpath(root).catch(() => undefined);
      if (rootPath === undefined) return false;
      const path = relative(rootPath, resolved);
      return path === '' || (!path.startsWith('..') && !isAbsolute(path) && !path.startsWith(`..${sep}`));
    }),
  );
  if (!inside.includes(true))
    throw rejection.forbidden(`campaign.folder: ${folder} is outside the folders this collector may read`);
  if (!(await lstat(resolved)).isDirectory())
    throw rejection.invalidRequest(`campaign.folder: ${folder} is not a folder`);
  const names = (await readdir(resolved))
    .filter((name) => imageExtensions.has(extname(name).toLowerCase()))
    .sort();
  if (names.length > maxFolderImages)
    throw rejection.invalidRequest(`campaign.folder: over ${maxFolderImages} images in ${folder}`);
  const images: { id: string; bytes: Buffer }[] = [];
  for (const name of names) {
    const file = join(resolved, name);
    const info = await lstat(file);
    if (!info.isFile()) continue; // a symlink or a folder named like an image
    if (!/^[A-Za-z0-9_.-]{1,100}$/.test(name))
      throw rejection.invalidRequest(
        `campaign.folder: the file name ${JSON.stringify(name.slice(0, 100))} cannot be an image id (letters, digits, ".", "_", "-")`,
      );
    try {
      images.push({ id: name, bytes: await readRegularFile(file, { maxBytes: maxImageBytes }) });
    } catch (error) {
      const why = error instanceof RegularFileError ? error.message : 'it cannot be read';
      throw rejection.invalidRequest(`campaign.folder: ${name}: ${why}`);
    }
  }
  if (images.length === 0) throw rejection.invalidRequest(`campaign.folder: no image files in ${folder}`);
  return images;
}

/** The images of a new campaign, with their predictions and gold, checked against each other. */
export async function campaignImages(
  request: CreateCampaignRequest['campaign'],
  folderRoots: readonly string[],
): Promise<NewCampaignImage[]> {
  const images: NewCampaignImage[] = [];
  const seen = new Set<string>();
  const add = (image: Omit<NewCampaignImage, 'regions' | 'gold'>, where: string) => {
    if (seen.has(image.id)) throw rejection.invalidRequest(`${where}: image id "${image.id}" appears twice`);
    seen.add(image.id);
    images.push({ ...image, regions: request.predictions?.[image.id] ?? [], gold: null });
  };
  for (const [index, image] of (request.images ?? []).entries()) {
    const where = `campaign.images[${index}]`;
    const id = image.id ?? `image-${index + 1}`;
    if ('url' in image) {
      add({ id, url: image.url, bytes: null, width: null, height: null }, where);
      continue;
    }
    if (!base64Pattern.test(image.base64)) throw rejection.invalidRequest(`${where}.base64 is not base64`);
    const bytes = Buffer.from(image.base64, 'base64');
    if (bytes.byteLength > maxImageBytes)
      throw rejection.invalidRequest(`${where}.base64: the image is over 20 MB`);
    const size = await imageSize(bytes, `${where}.base64`);
    add({ id, url: null, bytes, ...size }, where);
  }
  if (request.folder !== undefined) {
    for (const { id, bytes } of await folderImages(request.folder, folderRoots)) {
      const size = await imageSize(bytes, `campaign.folder: ${id}`);
      add({ id, url: null, bytes, ...size }, 'campaign.folder');
    }
  }
  for (const imageId of Object.keys(request.predictions ?? {})) {
    if (!seen.has(imageId))
      throw rejection.invalidRequest(`campaign.predictions: no image "${imageId}" in the campaign`);
  }
  for (const image of images) {
    const ids = new Set<string>();
    for (const region of image.regions) {
      if (ids.has(region.id))
        throw rejection.invalidRequest(
          `campaign.predictions.${image.id}: region id "${region.id}" appears twice`,
        );
      ids.add(region.id);
    }
  }
  for (const [imageId, verdicts] of Object.entries(request.gold ?? {})) {
    const image = images.find((candidate) => candidate.id === imageId);
    if (!image) throw rejection.invalidRequest(`campaign.gold: no image "${imageId}" in the campaign`);
    for (const regionId of Object.keys(verdicts)) {
      if (!image.regions.some((region) => region.id === regionId))
        throw rejection.invalidRequest(
          `campaign.gold.${imageId}: image "${imageId}" has no predicted region "${regionId}"`,
        );
    }
    image.gold = verdicts;
  }
  return images;
}
