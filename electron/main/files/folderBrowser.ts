import { homedir } from 'node:os';
import { basename, dirname, extname, isAbsolute, join, parse, resolve, sep } from 'node:path';
import type { FolderEntry, FolderListing } from '../../../shared/fileBrowsing.ts';
import { LoupeError } from '../../../shared/LoupeError.ts';
import { describeNode, FolderError, listFolder, statPath } from '../../io/listFolder.ts';

/** A folder with more entries than this lists the first ones and says it was cut. */
const maxEntries = 5_000;

export interface BrowseRequest {
  path?: string | undefined;
  kind: 'file' | 'folder';
  extensions?: readonly string[] | undefined;
  showHidden?: boolean | undefined;
}

/**
 * One folder of the bridge build's file and folder picker (docs/review.md, "Choosing files and
 * folders"). No path: the first recent folder that still exists, else the home folder. A file's
 * path lists its folder with it selected. Errors name the path and what is wrong with it; nothing
 * of any file is read.
 */
export async function browseFolder(
  request: BrowseRequest,
  recent: readonly string[],
): Promise<FolderListing> {
  const start = request.path ?? (await firstExisting(recent)) ?? homedir();
  if (start.includes('\0')) throw new LoupeError('invalid_input', 'A path cannot contain a NUL character');
  if (!isAbsolute(start)) throw new LoupeError('invalid_input', `Not an absolute path: ${start}`);
  let folder = resolve(start);
  let selected: string | undefined;
  const info = await statPath(folder).catch((error: unknown) => {
    throw asLoupeError(error, folder);
  });
  if (!info.isDirectory()) {
    if (!info.isFile())
      throw new LoupeError('invalid_input', `${folder} is ${describeNode(info)}, not a folder`);
    selected = basename(folder);
    folder = dirname(folder);
  }
  const listed = await listFolder(folder, maxEntries).catch((error: unknown) => {
    throw asLoupeError(error, folder);
  });
  const wanted = new Set(request.extensions?.map((extension) => `.${extension.toLowerCase()}`));
  const entries: FolderEntry[] = listed.entries
    .filter((entry) => request.showHidden || !entry.name.startsWith('.'))
    .filter(
      (entry) =>
        entry.kind === 'folder' ||
        // A FIFO or device named like an image is shown, greyed, so the picker can say why it
        // cannot be chosen.
        (request.kind === 'file' && (wanted.size === 0 || wanted.has(extname(entry.name).toLowerCase()))),
    )
    .sort((a, b) => rank(a.kind) - rank(b.kind) || collator.compare(a.name, b.name))
    .map((entry) => ({ name: entry.name, path: join(folder, entry.name), kind: entry.kind }));
  const root = parse(folder).root;
  return {
    path: folder,
    parent: folder === root ? null : dirname(folder),
    crumbs: crumbsOf(folder),
    entries,
    truncated: listed.truncated,
    ...(selected ? { selected } : {}),
  };
}

/** The recent folders that are still folders, in order. */
export async function existingFolders(recent: readonly string[]): Promise<string[]> {
  const checks = await Promise.all(
    recent.map((folder) =>
      statPath(folder).then(
        (info) => info.isDirectory(),
        () => false,
      ),
    ),
  );
  return recent.filter((_, index) => checks[index]);
}

async function firstExisting(recent: readonly string[]): Promise<string | undefined> {
  return (await existingFolders(recent))[0];
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
const rank = (kind: FolderEntry['kind']) => (kind === 'folder' ? 0 : kind === 'file' ? 1 : 2);

function crumbsOf(folder: string): { name: string; path: string }[] {
  const root = parse(folder).root;
  const crumbs = [{ name: root, path: root }];
  let path = root;
  for (const part of folder.slice(root.length).split(sep).filter(Boolean)) {
    path = join(path, part);
    crumbs.push({ name: part, path });
  }
  return crumbs;
}

function asLoupeError(error: unknown, folder: string): unknown {
  if (!(error instanceof FolderError)) return error;
  switch (error.problem) {
    case 'missing':
      return new LoupeError('not_found', `The folder ${folder} does not exist`);
    case 'denied':
      return new LoupeError('storage', `The folder ${folder} cannot be read: permission denied`);
    case 'loop':
      return new LoupeError('invalid_input', `${folder} is a symbolic link that loops back on itself`);
    case 'not_folder':
      return new LoupeError(
        'invalid_input',
        `${folder} is ${error.actually ?? 'not a folder'}, not a folder`,
      );
    case 'unreadable':
      return new LoupeError('storage', `The folder ${folder} cannot be read`);
  }
}
