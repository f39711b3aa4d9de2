import { mkdir, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { LoupeError } from '../../../shared/LoupeError.ts';
import { importableExtensions } from '../workspace/imageImporter.ts';

/** The largest file a page may upload: the largest image Loupe imports is far smaller. */
export const maxUploadBytes = 64 * 1024 * 1024;

/**
 * Saves an image dropped on the bridge build's page (a browser never says where a file lives, so
 * its bytes are sent) under `<dataDir>/uploads/<day>/`, to be imported from there (docs/review.md,
 * "Choosing files and folders"). The name is the file's own, reduced to a plain file name; a name
 * already taken gets `-1`, `-2`… Files are created exclusively, so nothing there (a symlink
 * planted under the name) is followed or replaced.
 */
export async function saveUpload(
  dataDir: string,
  name: string,
  bytes: Uint8Array,
  now = new Date(),
): Promise<string> {
  const clean = plainFileName(name);
  const extension = extname(clean).toLowerCase();
  if (!importableExtensions.has(extension)) {
    throw new LoupeError(
      'invalid_input',
      `${clean}: not an image Loupe imports (${[...importableExtensions].join(', ')})`,
    );
  }
  if (bytes.length > maxUploadBytes) throw new LoupeError('invalid_input', `${clean}: larger than 64 MiB`);
  const folder = join(dataDir, 'uploads', now.toISOString().slice(0, 10));
  await mkdir(folder, { recursive: true });
  const stem = clean.slice(0, clean.length - extension.length);
  for (let attempt = 0; attempt < 1000; attempt += 1) {
    const file = join(folder, attempt === 0 ? clean : `${stem}-${attempt}${extension}`);
    try {
      await writeFile(file, bytes, { flag: 'wx' });
      return file;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new LoupeError('storage', `Cannot save the upload ${clean} in ${folder}`, { cause: error });
      }
    }
  }
  throw new LoupeError('conflict', `Too many uploads named ${clean} today`);
}

/** The last part of a name, without control characters or separators; never empty or a dot name. */
export function plainFileName(name: string): string {
  const last = basename(name.replaceAll('\\', '/'));
  const clean = [...last]
    .filter((char) => char > '\u001f' && char !== '\u007f' && char !== '/')
    .join('')
    .trim()
    .slice(0, 200);
  return clean === '' || clean.startsWith('.') ? `upload${clean}` : clean;
}
