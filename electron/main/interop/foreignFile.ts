import { lstat, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { foreignFormatNames, type ForeignFormat, type ImportFormat } from '../../../shared/exportFormats.ts';
import type { JsonLimits } from '../../../shared/jsonLimits.ts';
import { parseJsonText } from '../../../shared/jsonText.ts';
import { LoupeError } from '../../../shared/LoupeError.ts';
import { readRegularFile, RegularFileError } from '../../io/readRegularFile.ts';
import { readClarifai } from './clarifaiFormat.ts';
import { readCoco } from './cocoFormat.ts';
import { readCvat } from './cvatFormat.ts';
import { ForeignFileError, type ForeignPredictions } from './foreignPredictions.ts';
import { readLabelStudio } from './labelStudioFormat.ts';
import { readVoc } from './vocFormat.ts';
import { isYoloClassFile, readYolo, readYoloClassNames, type TextFile } from './yoloFormat.ts';

/**
 * Reads a file (or, for YOLO and VOC, a folder) of predictions made elsewhere: sniffs what it is,
 * refuses a named format it is not ("this looks like Label Studio JSON, not COCO"), and hands it
 * to the format's reader. Errors name the file and the position, never quote it.
 */

/** Prediction files can be large (COCO with every annotation of a data set), never unbounded. */
export const maxForeignFileBytes = 1024 * 1024 * 1024;
/** A folder of YOLO or VOC files: one small file per image. */
const maxFolderFileBytes = 16 * 1024 * 1024;
const maxFolderFiles = 1_000_000;

/**
 * A 200 MB COCO file holds tens of millions of values; depth is what can hurt (the readers walk
 * it without recursion anyway), so the node count is bounded generously.
 */
const foreignJsonLimits: JsonLimits = {
  maxDepth: 64,
  maxNodes: 200_000_000,
  maxStringLength: 64 * 1024 * 1024,
};

export interface ReadOptions {
  format?: ImportFormat;
  /** A names file for class indices / category ids the file itself does not name. */
  classes?: string;
}

export async function readForeignFile(file: string, options: ReadOptions = {}): Promise<ForeignPredictions> {
  const wanted = options.format ?? 'auto';
  const info = await lstat(file).catch(() => undefined);
  const folderFormats: ImportFormat[] = ['auto', 'yolo', 'voc'];
  if (info?.isDirectory() && folderFormats.includes(wanted)) return readFolder(file, wanted, options);
  const bytes = await readBounded(file, maxForeignFileBytes);
  const classNames = options.classes ? await readClassNames(options.classes) : undefined;
  // The text is made and let go inside this call: only the parsed value outlives it.
  const parsed = parseText(file, bytes);
  const found = sniff(parsed);
  if (wanted !== 'auto' && found && found.format !== wanted)
    throw invalid(`${file} looks like ${found.description}, not ${foreignFormatNames[wanted]}`);
  const format = wanted !== 'auto' ? wanted : found?.format;
  if (!format) {
    throw invalid(
      parsed.kind === 'error'
        ? `${file} ${parsed.problem}`
        : `${file} does not look like COCO, YOLO, Pascal VOC, Label Studio, CVAT or Clarifai predictions`,
    );
  }
  try {
    switch (format) {
      case 'coco':
      case 'label-studio':
      case 'clarifai': {
        if (parsed.kind !== 'json')
          throw new ForeignFileError(parsed.kind === 'error' ? parsed.problem : 'is not JSON');
        if (format === 'coco')
          return readCoco(parsed.value, classNames ? { categoryNames: byIndex(classNames) } : {});
        return format === 'label-studio' ? readLabelStudio(parsed.value) : readClarifai(parsed.value);
      }
      case 'cvat':
      case 'voc': {
        if (parsed.kind !== 'xml') throw new ForeignFileError('is not XML');
        return format === 'cvat'
          ? readCvat(parsed.text)
          : readVoc([{ name: basename(file), text: parsed.text }]);
      }
      case 'yolo': {
        if (parsed.kind !== 'text') throw new ForeignFileError('is not a YOLO label file (.txt)');
        return readYolo([{ name: basename(file), text: parsed.text }], classNames);
      }
    }
  } catch (error) {
    if (!(error instanceof ForeignFileError)) throw error;
    // VOC's reader names the file by its base name; everything else is named here, in full.
    const own = basename(file);
    throw invalid(
      error.message.startsWith(`${own} `)
        ? `${file}${error.message.slice(own.length)}`
        : `${file} ${error.message}`,
    );
  }
}

type Parsed =
  | { kind: 'json'; value: unknown }
  | { kind: 'xml'; text: string }
  | { kind: 'text'; text: string; name: string }
  | { kind: 'error'; problem: string };

function parseText(file: string, bytes: Buffer): Parsed {
  // A byte-order mark (editors on Windows write one) is no reason to refuse a file.
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const start = text.trimStart().charAt(0);
  if (start === '<') return { kind: 'xml', text };
  if (file.toLowerCase().endsWith('.txt')) return { kind: 'text', text, name: basename(file) };
  const json = parseJsonText(text, foreignJsonLimits);
  return json.ok ? { kind: 'json', value: json.value } : { kind: 'error', problem: json.problem };
}

/** What a parsed file looks like, by its shape alone. */
function sniff(parsed: Parsed): { format: ForeignFormat; description: string } | undefined {
  if (parsed.kind === 'text') return { format: 'yolo', description: 'YOLO labels' };
  if (parsed.kind === 'xml') {
    const root = rootElement(parsed.text);
    if (root === 'annotation') return { format: 'voc', description: 'Pascal VOC XML' };
    if (root === 'annotations') return { format: 'cvat', description: 'CVAT for images XML' };
    return undefined;
  }
  if (parsed.kind !== 'json') return undefined;
  const value = parsed.value;
  const first = Array.isArray(value) ? (value[0] as unknown) : value;
  if (typeof first !== 'object' || first === null) return undefined;
  const has = (key: string) => Object.hasOwn(first, key);
  if (Array.isArray(value) && has('image_id') && has('bbox'))
    return { format: 'coco', description: 'a COCO results list' };
  if (has('data') && (has('predictions') || has('annotations')))
    return { format: 'label-studio', description: 'Label Studio JSON' };
  if (Array.isArray(value)) return undefined;
  if (has('images') && has('annotations')) return { format: 'coco', description: 'a COCO dataset' };
  if (has('outputs')) return { format: 'clarifai', description: 'a Clarifai predict response' };
  const annotations = (value as { annotations?: unknown }).annotations;
  if (
    Array.isArray(annotations) &&
    (annotations.length === 0 || Object.hasOwn(annotations[0] as object, 'input_id'))
  )
    return { format: 'clarifai', description: 'Clarifai platform annotations' };
  return undefined;
}

/** The first element's name, past the declaration, comments and a DOCTYPE: enough to tell formats apart. */
function rootElement(text: string): string | undefined {
  const match = /^\s*(?:<\?[\s\S]*?\?>\s*|<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<([A-Za-z_][\w.:-]*)/.exec(
    text.slice(0, 64 * 1024),
  );
  return match?.[1];
}

async function readFolder(
  folder: string,
  wanted: ImportFormat,
  options: ReadOptions,
): Promise<ForeignPredictions> {
  const names = (await readdir(folder)).sort();
  if (names.length > maxFolderFiles) throw invalid(`${folder} holds more than ${maxFolderFiles} files`);
  const xml = names.filter((name) => name.toLowerCase().endsWith('.xml'));
  const txt = names.filter((name) => name.toLowerCase().endsWith('.txt') && !isYoloClassFile(name));
  const format: ForeignFormat | undefined =
    wanted === 'auto' ? (txt.length > 0 ? 'yolo' : xml.length > 0 ? 'voc' : undefined) : wanted;
  if (!format) throw invalid(`${folder} holds no YOLO .txt or Pascal VOC .xml files`);
  const files: TextFile[] = [];
  for (const name of format === 'yolo' ? txt : xml) {
    const path = join(folder, name);
    if (!(await lstat(path)).isFile()) continue;
    files.push({
      name,
      text: (await readBounded(path, maxFolderFileBytes)).toString('utf8').replace(/^\uFEFF/, ''),
    });
  }
  try {
    if (format === 'voc') return readVoc(files);
    const classFile =
      options.classes ??
      names.map((name) => join(folder, name)).find((path) => isYoloClassFile(basename(path)));
    const classNames = classFile ? await readClassNames(classFile) : [];
    return readYolo(files, classNames);
  } catch (error) {
    if (error instanceof ForeignFileError) throw invalid(`${folder}: ${error.message}`);
    throw error;
  }
}

/** A names file (one name per line) or a COCO file's categories. */
async function readClassNames(file: string): Promise<string[]> {
  const text = (await readBounded(file, maxFolderFileBytes)).toString('utf8').replace(/^\uFEFF/, '');
  if (text.trimStart().startsWith('{')) {
    const json = parseJsonText(text, foreignJsonLimits);
    if (!json.ok) throw invalid(`${file} ${json.problem}`);
    const categories = (json.value as { categories?: unknown }).categories;
    if (!Array.isArray(categories)) throw invalid(`${file} has no "categories" list`);
    const names: string[] = [];
    for (const category of categories as { id?: unknown; name?: unknown }[]) {
      if (typeof category.id === 'number' && typeof category.name === 'string')
        names[category.id] = category.name;
    }
    return names;
  }
  return readYoloClassNames({ name: basename(file), text });
}

function byIndex(names: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  names.forEach((name, index) => {
    if (name !== undefined) map.set(String(index), name);
  });
  return map;
}

async function readBounded(file: string, maxBytes: number): Promise<Buffer> {
  return readRegularFile(file, { maxBytes }).catch((error: unknown) => {
    if (!(error instanceof RegularFileError)) throw error;
    const code =
      error.problem === 'missing'
        ? 'not_found'
        : error.problem === 'unreadable'
          ? 'storage'
          : 'invalid_input';
    const reason = error.problem === 'too_large' ? `larger than ${maxBytes} bytes` : error.message;
    throw new LoupeError(code, `Cannot read ${file}: ${reason}`, { cause: error });
  });
}

const invalid = (message: string) => new LoupeError('invalid_input', message);
