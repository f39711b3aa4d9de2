import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fstatSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import {
  defaultExportName,
  exportFormatTable,
  exportFormats,
  type ExportFormat,
} from '../../../shared/exportFormats.ts';
import { buildQaReport, qaReportCsv, type QaReportOptions } from '../../../shared/qaReport.ts';
import { toBoxesCsv, toCoco, toReviewLogJsonl } from '../../../shared/reviewExports.ts';
import { toClarifaiAnnotations, toClarifaiOutputs } from '../interop/clarifaiFormat.ts';
import { toCocoLog } from '../interop/cocoFormat.ts';
import { toCvat } from '../interop/cvatFormat.ts';
import { toLabelStudio } from '../interop/labelStudioFormat.ts';
import { toVocFiles } from '../interop/vocFormat.ts';
import { toYoloFiles } from '../interop/yoloFormat.ts';
import { LoupeError } from '../../../shared/LoupeError.ts';
import { reviewedImages, reviewsForReport } from './reviewedImages.ts';
import type { Workspace } from './workspace.ts';

export { exportFormats, type ExportFormat };

export interface ExportOptions {
  /** Replace an existing regular file: the person confirmed it. */
  overwrite?: boolean;
  /** Loupe's data folder: nothing in it is written, except in its exports folder. */
  dataDir?: string;
}

/** Where exports go by default; Loupe creates it on first use. */
export function exportsFolder(dataDir: string): string {
  return join(dataDir, 'exports');
}

/**
 * Writes an export to exactly the file the user chose (or `loupe-<format>.<ext>` in the exports
 * folder), and only there: a new file, or an existing regular file the person confirmed to
 * replace — never a device, FIFO, socket or folder, never the data folder's own files (the key,
 * settings, workspaces), never the open workspace. Folders are resolved to their real paths
 * first, so `..` and symlinked folders cannot lead into the data folder. The text goes to a
 * temporary file beside the target (created exclusively, never through a link), which is then
 * linked in as a new name or renamed over the confirmed file with that file's mode and owner, so
 * a crash never leaves half a file (docs/hostile-input-main.md).
 */
export function exportReviews(
  workspace: Workspace,
  format: ExportFormat,
  file: string | undefined,
  options: ExportOptions = {},
): { file: string; images: number; files: number } {
  const requested =
    file ?? (options.dataDir && join(exportsFolder(options.dataDir), defaultExportName(format)));
  if (!requested) throw new LoupeError('invalid_input', 'Name the file to export to');
  if (exportFormatTable[format].target === 'folder')
    return exportToFolder(workspace, format, requested, options);
  const target = checkTarget(requested, workspace.file, options);
  const images = reviewedImages(workspace, { sizeRequired: !format.startsWith('report-') });
  writeTarget(target, render(format, images, reportOptions(workspace), workspace.id));
  return { file: target.path, images: images.length, files: 1 };
}

/**
 * Writes text rendered elsewhere (a team collector's merged export) to one file under the same
 * rules as `exportReviews`: a new file or a confirmed regular one, never the data folder's files.
 */
export function writeExportText(
  text: string,
  file: string,
  workspaceFile: string,
  options: ExportOptions = {},
): string {
  const target = checkTarget(file, workspaceFile, options);
  writeTarget(target, text);
  return target.path;
}

/**
 * YOLO and VOC are a file per image: the named folder is created when its parent exists, and
 * every file in it is checked as a single export's target is (an existing one is replaced only
 * when confirmed) before any is written.
 */
function exportToFolder(
  workspace: Workspace,
  format: ExportFormat,
  requested: string,
  options: ExportOptions,
): { file: string; images: number; files: number } {
  if (!isAbsolute(requested)) throw invalid(`Export to an absolute path, not ${requested}`);
  if (requested.includes('\0')) throw invalid('The export folder name contains a NUL character');
  const folder = resolve(requested);
  if (options.dataDir && dirname(folder) === resolve(exportsFolder(options.dataDir)))
    mkdirSync(dirname(folder), { recursive: true });
  let existing: Stats | undefined;
  try {
    existing = lstatSync(folder);
  } catch {
    existing = undefined;
  }
  if (existing && !existing.isDirectory())
    throw invalid(`${folder} is not a folder; ${format} exports write one file per image into a folder`);
  if (!existing) {
    // Not recursive: a missing parent is the person's typo, not something to create.
    refuseProtected(folder, folder, workspace.file, options);
    try {
      mkdirSync(folder);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw invalid(`The folder ${dirname(folder)} does not exist`);
      throw new LoupeError('storage', `Cannot create ${folder}: ${code ?? (error as Error).message}`);
    }
  }
  const images = reviewedImages(workspace, { sizeRequired: true });
  const files = format === 'yolo' ? toYoloFiles(images) : toVocFiles(images);
  const targets = files.map((entry) => ({
    target: checkTarget(join(folder, entry.name), workspace.file, options),
    entry,
  }));
  for (const { target, entry } of targets) writeTarget(target, entry.text);
  return { file: realOrResolved(folder), images: images.length, files: files.length };
}

interface Target {
  /** The real path written (its folder resolved). */
  path: string;
  /** What the person named, for messages. */
  named: string;
  /** The file being replaced (a link's target for a link), or undefined for a new file. */
  replaces: Stats | undefined;
}

const invalid = (message: string) => new LoupeError('invalid_input', message);

function checkTarget(file: string, workspaceFile: string, options: ExportOptions): Target {
  if (!isAbsolute(file)) throw invalid(`Export to an absolute path, not ${file}`);
  if (file.includes('\0')) throw invalid('The export file name contains a NUL character');
  const named = resolve(file);
  const name = basename(named);
  const folder = dirname(named);
  if (name === '' || named === folder) throw invalid(`${named} is a folder, not a file`);
  if (options.dataDir && folder === resolve(exportsFolder(options.dataDir))) {
    try {
      mkdirSync(folder, { recursive: true });
    } catch {
      // Not creatable (a file in the way): the check below names the folder.
    }
  }
  let realFolder: string;
  try {
    realFolder = realpathSync(folder);
    if (!statSync(realFolder).isDirectory()) throw new Error('not a folder');
  } catch {
    throw invalid(`The folder ${folder} does not exist`);
  }
  const path = join(realFolder, name);
  refuseProtected(path, named, workspaceFile, options);
  let existing: Stats | undefined;
  try {
    existing = lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new LoupeError('storage', `Cannot check ${named}: ${(error as NodeJS.ErrnoException).code}`);
  }
  if (!existing) return { path, named, replaces: undefined };
  let replaces = existing;
  if (existing.isSymbolicLink()) {
    let linked: string;
    try {
      linked = realpathSync(path);
      replaces = statSync(linked);
    } catch {
      throw invalid(
        `${named} is a symbolic link to nothing that exists; Loupe exports to regular files only`,
      );
    }
    refuseProtected(linked, named, workspaceFile, options);
  }
  if (!replaces.isFile())
    throw invalid(`${named} is ${kindOf(replaces)}, not a regular file; Loupe exports to regular files only`);
  if (!options.overwrite) throw new LoupeError('conflict', `${named} already exists; confirm to replace it`);
  return { path, named, replaces };
}

/** The data folder (but its exports folder) and the open workspace with its WAL files. */
function refuseProtected(path: string, named: string, workspaceFile: string, options: ExportOptions): void {
  if (options.dataDir) {
    const dataDir = realOrResolved(options.dataDir);
    const exports = join(dataDir, 'exports');
    if (within(path, dataDir) && !within(path, exports))
      throw invalid(
        `${named} is in Loupe's data folder ${options.dataDir}; export to its exports folder or anywhere else`,
      );
  }
  const workspace = realOrResolved(workspaceFile);
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    if (path === workspace + suffix)
      throw invalid(`${named} is the open workspace's own file; export elsewhere`);
  }
}

function within(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'a special file';
}

function writeTarget(target: Target, text: string): void {
  const temporary = join(dirname(target.path), `.loupe-export-${randomBytes(6).toString('hex')}.partial`);
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);
  try {
    // A new file gets the usual mode (0666 less the umask); a replaced one keeps its own.
    const fd = openSync(temporary, flags, target.replaces ? 0o600 : 0o666);
    try {
      writeFileSync(fd, text);
      if (target.replaces) keepModeAndOwner(fd, target.replaces, target.named);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (target.replaces) renameSync(temporary, target.path);
    else linkNew(temporary, target);
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // The name that made the write fail (too long) makes the clean-up fail too.
    }
    if (error instanceof LoupeError) throw error;
    throw new LoupeError(
      'storage',
      `Cannot write ${target.named}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

function keepModeAndOwner(fd: number, replaced: Stats, named: string): void {
  fchmodSync(fd, replaced.mode & 0o7777);
  const mine = fstatSync(fd);
  if (mine.uid === replaced.uid && mine.gid === replaced.gid) return;
  try {
    fchownSync(fd, replaced.uid, replaced.gid);
  } catch {
    throw new LoupeError(
      'storage',
      `Cannot replace ${named} keeping its owner (uid ${replaced.uid}); export to a new file instead`,
    );
  }
}

/** A new name never replaces anything: link(2) fails if the file appeared since the check. */
function linkNew(temporary: string, target: Target): void {
  try {
    linkSync(temporary, target.path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST')
      throw new LoupeError('conflict', `${target.named} already exists; confirm to replace it`);
    // Filesystems without hard links (FAT, some network mounts): a rename, checked just before.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
    if (lstatExists(target.path))
      throw new LoupeError('conflict', `${target.named} already exists; confirm to replace it`);
    renameSync(temporary, target.path);
    return;
  }
  rmSync(temporary, { force: true });
}

function lstatExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function render(
  format: ExportFormat,
  images: ReturnType<typeof reviewedImages>,
  report: QaReportOptions,
  workspaceId: string,
): string {
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  switch (format) {
    case 'coco':
      return json(toCoco(images));
    case 'coco-log':
      return json(toCocoLog(images));
    case 'csv':
      return toBoxesCsv(images);
    case 'jsonl':
      return toReviewLogJsonl(images);
    case 'label-studio':
      return json(toLabelStudio(images, 'labels'));
    case 'label-studio-log':
      return json(toLabelStudio(images, 'log'));
    case 'cvat':
      return toCvat(images, 'labels');
    case 'cvat-log':
      return toCvat(images, 'log');
    case 'clarifai':
      return json(toClarifaiAnnotations(images, workspaceId));
    case 'clarifai-log':
      return json(toClarifaiOutputs(images));
    case 'report-csv':
      return qaReportCsv(buildQaReport(reviewsForReport(images), report));
    case 'report-json':
      return json(buildQaReport(reviewsForReport(images), report));
    case 'yolo':
    case 'voc':
      throw new Error(`${format} is written as a folder`);
  }
}

/** The recall is exact only when every review counted was submitted (its misses drawn). */
function reportOptions(workspace: Workspace): QaReportOptions {
  return { missesComplete: workspace.reviews.ids({ status: 'in_progress' }).length === 0 };
}
