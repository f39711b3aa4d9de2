import { lstat, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { foreignFormatNames, type ForeignFormat, type ImportFormat } from '../../../shared/exportFormats.ts';
import { LoupeError } from '../../../shared/LoupeError.ts';
import { readRegularFile, readRegularFileChunks, RegularFileError } from '../../io/readRegularFile.ts';
import { readClarifai } from './clarifaiFormat.ts';
import { CocoReader, type CocoImageName } from './cocoFormat.ts';
import { readCvat } from './cvatFormat.ts';
import { JsonStream, JsonStreamError, positionOf, type JsonStreamVisitor } from './jsonStream.ts';
import { ForeignFileError, type ForeignPredictions } from './foreignPredictions.ts';
import { readLabelStudio } from './labelStudioFormat.ts';
import { applyReviewLogSideFile, reviewLogSideFileName } from './reviewLogSideFile.ts';
import { readVoc } from './vocFormat.ts';
import {
  isYamlFile,
  isYoloClassFile,
  readYolo,
  readYoloClassNames,
  readYoloDataYaml,
  yoloDataFiles,
  type TextFile,
} from './yoloFormat.ts';

/**
 * Reads a file (or, for YOLO and VOC, a folder) of predictions made elsewhere: sniffs what it is,
 * refuses a named format it is not ("this looks like Label Studio JSON, not COCO"), and hands it
 * to the format's reader, JSON as it streams in (docs/interop.md, "Memory"). Errors name the file
 * and the position, never quote it.
 */

/** Prediction files can be large (COCO with every annotation of a data set), never unbounded. */
export const maxForeignFileBytes = 1024 * 1024 * 1024;
/** A folder of YOLO or VOC files: one small file per image. */
const maxFolderFileBytes = 16 * 1024 * 1024;
const maxFolderFiles = 1_000_000;

export interface ReadOptions {
  format?: ImportFormat;
  /** A names file for class indices / category ids the file itself does not name. */
  classes?: string;
  /** Bytes read of the file so far (a large file takes a while). */
  onProgress?: (progress: { done: number; total: number }) => void;
}

export async function readForeignFile(file: string, options: ReadOptions = {}): Promise<ForeignPredictions> {
  const wanted = options.format ?? 'auto';
  const info = await lstat(file).catch(() => undefined);
  const folderFormats: ImportFormat[] = ['auto', 'yolo', 'voc'];
  if (info?.isDirectory() && folderFormats.includes(wanted)) return readFolder(file, wanted, options);
  const classes = options.classes ? await readClassNames(options.classes) : undefined;
  try {
    return await readChunks(file, wanted, classes, options.onProgress);
  } catch (error) {
    if (error instanceof JsonStreamError) {
      const { line, column } = await positionOf(chunksOf(file), error.offset);
      throw invalid(`${file} is not valid JSON: ${error.reason} at line ${line}, column ${column}`);
    }
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

/**
 * JSON is parsed as it is read (jsonStream.ts), never held whole; XML and YOLO text are small
 * enough to read whole (one image's labels, or a CVAT task), as their parsers want.
 */
async function readChunks(
  file: string,
  wanted: ImportFormat,
  classes: ClassNames | undefined,
  onProgress: ReadOptions['onProgress'],
): Promise<ForeignPredictions> {
  let whole: Buffer[] | undefined;
  let json: { stream: JsonStream; visitor: ForeignJsonVisitor } | undefined;
  let reported = 0;
  for await (const { bytes, offset, size } of chunksOf(file)) {
    if (offset === 0) {
      // A byte-order mark (editors on Windows write one) is no reason to refuse a file.
      const start = bytes
        .toString('utf8', 0, Math.min(bytes.length, 4096))
        .replace(/^\uFEFF/, '')
        .trimStart();
      if (start.startsWith('<') || file.toLowerCase().endsWith('.txt')) whole = [];
      else {
        const visitor = new ForeignJsonVisitor(file, wanted, classes);
        json = { stream: new JsonStream(visitor), visitor };
      }
    }
    if (whole) whole.push(bytes);
    else json?.stream.write(bytes);
    const done = offset + bytes.length;
    if (onProgress && (done - reported >= size / 100 || done >= size)) {
      reported = done;
      onProgress({ done, total: Math.max(size, done) });
    }
  }
  if (json) {
    json.stream.end();
    return json.visitor.finish();
  }
  const text = Buffer.concat(whole ?? [])
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  return readText(file, wanted, text, classes?.names);
}

function readText(
  file: string,
  wanted: ImportFormat,
  text: string,
  classNames: string[] | undefined,
): ForeignPredictions {
  const parsed: Parsed = text.trimStart().startsWith('<')
    ? { kind: 'xml', text }
    : { kind: 'text', text, name: basename(file) };
  const found = sniff(parsed);
  if (wanted !== 'auto' && found && found.format !== wanted)
    throw invalid(`${file} looks like ${found.description}, not ${foreignFormatNames[wanted]}`);
  const format = wanted !== 'auto' ? wanted : found?.format;
  switch (format) {
    case undefined:
      throw invalid(
        `${file} does not look like COCO, YOLO, Pascal VOC, Label Studio, CVAT or Clarifai predictions`,
      );
    case 'cvat':
    case 'voc':
      if (parsed.kind !== 'xml') throw new ForeignFileError('is not XML');
      return format === 'cvat'
        ? readCvat(parsed.text)
        : readVoc([{ name: basename(file), text: parsed.text }]);
    case 'yolo':
      if (parsed.kind !== 'text') throw new ForeignFileError('is not a YOLO label file (.txt)');
      return readYolo([{ name: basename(file), text: parsed.text }], classNames);
    default:
      throw new ForeignFileError('is not JSON');
  }
}

/**
 * Decides the format from the first telling entry (the first task of a list, the first entry of
 * `images` or `annotations`), then hands COCO's entries to its reader as they come; Label Studio
 * and Clarifai files (a task list, one response) are gathered and read whole by their readers.
 */
class ForeignJsonVisitor implements JsonStreamVisitor {
  readonly #file: string;
  readonly #wanted: ImportFormat;
  readonly #classes: ClassNames | undefined;
  #rootKind: 'array' | 'object' = 'object';
  #found: { format: ForeignFormat; description: string } | undefined;
  #coco: CocoReader | undefined;
  /** What is gathered while the format is not known, or for a reader that wants the whole value. */
  readonly #array: unknown[] = [];
  readonly #object: Record<string, unknown> = {};
  readonly #members = new Map<string, 'array' | 'other'>();

  constructor(file: string, wanted: ImportFormat, classes: ClassNames | undefined) {
    this.#file = file;
    this.#wanted = wanted;
    this.#classes = classes;
  }

  root(kind: 'array' | 'object'): void {
    this.#rootKind = kind;
    if (this.#wanted === 'coco') this.#startCoco();
  }

  arrayStart(key: string): void {
    this.#members.set(key, 'array');
    if (!this.#coco) setOwn(this.#object, key, []);
  }

  member(key: string, value: unknown): void {
    this.#members.set(key, 'other');
    if (!this.#coco) setOwn(this.#object, key, value);
  }

  element(array: string | undefined, index: number, value: unknown): void {
    if (!this.#found) {
      this.#found = this.#sniffEntry(array, value);
      if (this.#found) this.#check(this.#found);
      if (this.#found?.format === 'coco' && !this.#coco) this.#startCoco();
    }
    if (this.#coco) this.#coco.entry(array, index, value);
    else if (array === undefined) this.#array.push(value);
    else (this.#object[array] as unknown[]).push(value);
  }

  finish(): ForeignPredictions {
    const value = this.#rootKind === 'array' ? this.#array : this.#object;
    const found = this.#found ?? sniff({ kind: 'json', value });
    if (found) this.#check(found);
    const format = this.#wanted !== 'auto' ? this.#wanted : found?.format;
    if (format === 'coco' && !this.#coco) this.#startCoco();
    if (this.#coco) return this.#coco.finish(this.#members);
    switch (format) {
      case undefined:
        throw invalid(
          `${this.#file} does not look like COCO, YOLO, Pascal VOC, Label Studio, CVAT or Clarifai predictions`,
        );
      case 'label-studio':
        return readLabelStudio(value);
      case 'clarifai':
        return readClarifai(value);
      case 'cvat':
      case 'voc':
        throw new ForeignFileError('is not XML');
      default:
        throw new ForeignFileError('is not a YOLO label file (.txt)');
    }
  }

  #check(found: { format: ForeignFormat; description: string }): void {
    if (this.#wanted !== 'auto' && found.format !== this.#wanted)
      throw invalid(`${this.#file} looks like ${found.description}, not ${foreignFormatNames[this.#wanted]}`);
  }

  /** COCO from here on: what was gathered so far is handed over first, then let go. */
  #startCoco(): void {
    const coco = new CocoReader(this.#rootKind === 'array', {
      ...(this.#classes ? { categoryNames: byIndex(this.#classes.names) } : {}),
      ...(this.#classes?.images ? { images: this.#classes.images } : {}),
    });
    this.#array.forEach((entry, index) => coco.entry(undefined, index, entry));
    this.#array.length = 0;
    for (const [key, value] of Object.entries(this.#object)) {
      if (Array.isArray(value)) value.forEach((entry: unknown, index) => coco.entry(key, index, entry));
      delete this.#object[key];
    }
    this.#coco = coco;
  }

  /** What one entry says the file is, as `sniff` would say of the whole. */
  #sniffEntry(array: string | undefined, entry: unknown) {
    if (array === undefined) return sniff({ kind: 'json', value: [entry] });
    if (typeof entry !== 'object' || entry === null) return undefined;
    if (array === 'images') return { format: 'coco', description: 'a COCO dataset' } as const;
    if (array === 'outputs')
      return { format: 'clarifai', description: 'a Clarifai predict response' } as const;
    if (array !== 'annotations') return undefined;
    if (Object.hasOwn(entry, 'input_id'))
      return { format: 'clarifai', description: 'Clarifai platform annotations' } as const;
    return Object.hasOwn(entry, 'image_id')
      ? ({ format: 'coco', description: 'a COCO dataset' } as const)
      : undefined;
  }
}

/** A key from a file set as an own property, even `__proto__`. */
function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

const chunksOf = (file: string) =>
  mapReadErrors(file, maxForeignFileBytes, readRegularFileChunks(file, { maxBytes: maxForeignFileBytes }));

type Parsed =
  | { kind: 'json'; value: unknown }
  | { kind: 'xml'; text: string }
  | { kind: 'text'; text: string; name: string };

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
  // A folder of the other kind named as this one: say what it looks like rather than import nothing.
  const own = format === 'yolo' ? txt : xml;
  const other = format === 'yolo' ? xml : txt;
  if (own.length === 0 && other.length > 0)
    throw invalid(
      `${folder} looks like ${format === 'yolo' ? 'Pascal VOC XML' : 'YOLO labels'}, not ${foreignFormatNames[format]}`,
    );
  const files: TextFile[] = [];
  for (const name of own) {
    const path = join(folder, name);
    if (!(await lstat(path)).isFile()) continue;
    files.push({
      name,
      text: (await readBounded(path, maxFolderFileBytes)).toString('utf8').replace(/^\uFEFF/, ''),
    });
  }
  let predictions: ForeignPredictions;
  try {
    if (format === 'voc') predictions = readVoc(files);
    else {
      const classFile =
        options.classes ??
        names.map((name) => join(folder, name)).find((path) => isYoloClassFile(basename(path))) ??
        findDataYaml(folder);
      const classNames = classFile ? (await readClassNames(classFile)).names : [];
      predictions = readYolo(files, classNames);
    }
  } catch (error) {
    if (error instanceof ForeignFileError) throw invalid(`${folder}: ${error.message}`);
    throw error;
  }
  if (names.includes(reviewLogSideFileName))
    await readSideFile(join(folder, reviewLogSideFileName), predictions);
  return predictions;
}

/** A side file's lines are small; a whole dataset's log stays well under this. */
const maxSideFileBytes = 256 * 1024 * 1024;

/**
 * The verdicts side file Loupe's YOLO/VOC export writes beside the labels: applied when it can be
 * read whole, else a warning (the labels are imported without verdicts, never with half of them).
 */
async function readSideFile(path: string, predictions: ForeignPredictions): Promise<void> {
  let text: string;
  try {
    text = (await readRegularFile(path, { maxBytes: maxSideFileBytes })).toString('utf8');
  } catch (error) {
    const reason =
      error instanceof RegularFileError
        ? error.problem === 'too_large'
          ? `larger than ${maxSideFileBytes} bytes`
          : error.message
        : 'unreadable';
    predictions.warnings.push({
      where: reviewLogSideFileName,
      message: `cannot be read (${reason}); no verdicts were read from it`,
    });
    return;
  }
  applyReviewLogSideFile(predictions, text);
}

/** Ultralytics keeps `data.yaml` at the dataset's root: `labels/train/` is two folders below it. */
function findDataYaml(folder: string): string | undefined {
  for (const dir of [folder, dirname(folder), dirname(dirname(folder))]) {
    const found = yoloDataFiles.map((name) => join(dir, name)).find((path) => existsSync(path));
    if (found) return found;
  }
  return undefined;
}

/** Class names by index; for a COCO dataset file, also its images by id (what a results list lacks). */
interface ClassNames {
  names: string[];
  images?: Map<string, CocoImageName>;
}

/**
 * A names file (one name per line), a YOLO `data.yaml` or a COCO file's categories (and images).
 * A COCO file is streamed like a prediction file (it is often the whole dataset, annotations and
 * all): only its categories and its images' names and sizes are kept, each annotation let go.
 */
async function readClassNames(file: string): Promise<ClassNames> {
  if (!isYamlFile(file) && (await startsLikeJson(file))) return readCocoClassNames(file);
  const text = (await readBounded(file, maxFolderFileBytes)).toString('utf8').replace(/^\uFEFF/, '');
  if (isYamlFile(file)) {
    try {
      return { names: readYoloDataYaml({ name: basename(file), text }) };
    } catch (error) {
      if (error instanceof ForeignFileError) throw invalid(`${file} ${error.message}`);
      throw error;
    }
  }
  return { names: readYoloClassNames({ name: basename(file), text }) };
}

async function startsLikeJson(file: string): Promise<boolean> {
  for await (const { bytes } of chunksOf(file)) {
    return bytes
      .toString('utf8', 0, Math.min(bytes.length, 4096))
      .replace(/^\uFEFF/, '')
      .trimStart()
      .startsWith('{');
  }
  return false;
}

async function readCocoClassNames(file: string): Promise<ClassNames> {
  const names: string[] = [];
  const byId = new Map<string, CocoImageName>();
  const lists = new Set<string>();
  const stream = new JsonStream({
    root: () => undefined,
    arrayStart: (key) => lists.add(key),
    element(array, _index, value) {
      if (typeof value !== 'object' || value === null) return;
      const entry = value as {
        id?: unknown;
        name?: unknown;
        file_name?: unknown;
        width?: unknown;
        height?: unknown;
      };
      if (array === 'categories') {
        if (typeof entry.id === 'number' && typeof entry.name === 'string') names[entry.id] = entry.name;
      } else if (array === 'images') {
        if (
          (typeof entry.id !== 'number' && typeof entry.id !== 'string') ||
          typeof entry.file_name !== 'string'
        )
          return;
        byId.set(String(entry.id), {
          fileName: entry.file_name,
          ...(typeof entry.width === 'number' && entry.width > 0 ? { width: entry.width } : {}),
          ...(typeof entry.height === 'number' && entry.height > 0 ? { height: entry.height } : {}),
        });
      }
    },
  });
  try {
    for await (const { bytes } of chunksOf(file)) stream.write(bytes);
    stream.end();
  } catch (error) {
    if (!(error instanceof JsonStreamError)) throw error;
    const { line, column } = await positionOf(chunksOf(file), error.offset);
    throw invalid(`${file} is not valid JSON: ${error.reason} at line ${line}, column ${column}`);
  }
  if (!lists.has('categories')) throw invalid(`${file} has no "categories" list`);
  return lists.has('images') ? { names, images: byId } : { names };
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
    throw readError(file, maxBytes, error);
  });
}

async function* mapReadErrors<T>(file: string, maxBytes: number, chunks: AsyncGenerator<T>) {
  try {
    yield* chunks;
  } catch (error) {
    throw readError(file, maxBytes, error);
  }
}

function readError(file: string, maxBytes: number, error: unknown): unknown {
  if (!(error instanceof RegularFileError)) return error;
  const code =
    error.problem === 'missing' ? 'not_found' : error.problem === 'unreadable' ? 'storage' : 'invalid_input';
  const reason = error.problem === 'too_large' ? `larger than ${maxBytes} bytes` : error.message;
  return new LoupeError(code, `Cannot read ${file}: ${reason}`, { cause: error });
}

const invalid = (message: string) => new LoupeError('invalid_input', message);
