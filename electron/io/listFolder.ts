import { opendir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Stats } from 'node:fs';

/** Why a folder could not be listed; callers turn it into their own error. */
export type FolderProblem = 'missing' | 'denied' | 'not_folder' | 'loop' | 'unreadable';

export class FolderError extends Error {
  readonly problem: FolderProblem;
  /** What the path is instead, for `not_folder` (a file, a FIFO, a device, a socket). */
  readonly actually: string | undefined;

  constructor(problem: FolderProblem, actually?: string, options?: ErrorOptions) {
    super(problem, options);
    this.name = 'FolderError';
    this.problem = problem;
    this.actually = actually;
  }
}

function problemOf(error: unknown): FolderProblem {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
  if (code === 'EACCES' || code === 'EPERM') return 'denied';
  if (code === 'ELOOP') return 'loop';
  return 'unreadable';
}

export type ListedKind = 'folder' | 'file' | 'other';

export interface ListedEntry {
  name: string;
  kind: ListedKind;
}

/** What a path is, in words, from its stat (which never opens it). */
export function describeNode(info: Stats): string {
  if (info.isFile()) return 'a file';
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** What a path is, without opening it (stat follows symlinks; it never reads a FIFO or device). */
export async function statPath(path: string): Promise<Stats> {
  try {
    return await stat(path);
  } catch (error) {
    throw new FolderError(problemOf(error), undefined, { cause: error });
  }
}

/**
 * The entries of a folder someone is browsing (docs/hostile-input-main.md): names and kinds only.
 * Nothing is opened but the folder itself (opendir refuses anything that is not one, even a path
 * swapped after the check), entries are judged by stat — a symlink by what it points to — so a
 * FIFO or device is listed as `other` and never read. At most `maxEntries` are read.
 */
export async function listFolder(
  folder: string,
  maxEntries: number,
): Promise<{ entries: ListedEntry[]; truncated: boolean }> {
  const info = await statPath(folder);
  if (!info.isDirectory()) throw new FolderError('not_folder', describeNode(info));
  let dir;
  try {
    dir = await opendir(folder);
  } catch (error) {
    throw new FolderError(problemOf(error), undefined, { cause: error });
  }
  const entries: ListedEntry[] = [];
  let truncated = false;
  try {
    for await (const entry of dir) {
      if (entries.length >= maxEntries) {
        truncated = true;
        break;
      }
      let kind: ListedKind = entry.isDirectory() ? 'folder' : entry.isFile() ? 'file' : 'other';
      if (entry.isSymbolicLink()) {
        const target = await stat(join(folder, entry.name)).catch(() => undefined);
        // A dangling link leads nowhere: left out, as it cannot be chosen or opened.
        if (!target) continue;
        kind = target.isDirectory() ? 'folder' : target.isFile() ? 'file' : 'other';
      }
      entries.push({ name: entry.name, kind });
    }
  } catch (error) {
    throw new FolderError('unreadable', undefined, { cause: error });
  } finally {
    // Breaking out of the loop closes the handle already; closing twice would throw.
    await dir.close().catch(() => {});
  }
  return { entries, truncated };
}
