import type { ForeignFormat } from '../../../shared/exportFormats.ts';
import type { Verdict } from '../../../shared/review.ts';

/**
 * What every format reader gives the importer: images (by file name, id or URL) with the regions
 * one model put on them. Boxes stay in the unit the file used until the importer knows the
 * image's real size; conversion happens once, there (convert at the boundary only).
 */
export type ForeignBox =
  /** Image pixels, top-left corner and size (COCO, VOC, CVAT). */
  | { unit: 'pixels'; x: number; y: number; width: number; height: number }
  /** Fractions of the image's width and height, top-left corner and size (YOLO, Label Studio, Clarifai). */
  | { unit: 'fraction'; x: number; y: number; width: number; height: number };

export interface ForeignRegion {
  /** The file's own id of the region, kept as the region id when there is one. */
  id?: string;
  /** The box as the model predicted it. */
  box: ForeignBox;
  label: string;
  /** The model's confidence, when the file carries one. */
  score?: number;
  /** A review log's verdict, when the file carries one (Loupe's own log exports). */
  verdict?: Verdict;
  /** A misplaced region's corrected box (review logs only). */
  correctedBox?: ForeignBox;
}

export interface ForeignImage {
  /** Where in the file this image is described, for messages (`images[3]`, `task 12`, `a.xml`). */
  where: string;
  fileName?: string;
  /** Other names the image may go by (Label Studio prefixes uploads with 8 hex digits and a dash). */
  otherNames?: string[];
  /** The file's id of the image (COCO `image_id`, Label Studio task id, Clarifai input id). */
  id?: string;
  url?: string;
  /** The size the file says the image has; the workspace's own size wins when it knows it. */
  width?: number;
  height?: number;
  /**
   * The model that made these regions, when the file names one (Label Studio `model_version`).
   * For Clarifai JSON this is the model's id, kept as is: feedback must reach that model.
   */
  model?: string;
  /** A Clarifai output's own ids, kept so feedback refers to the output that was reviewed. */
  outputId?: string;
  inputId?: string;
  regions: ForeignRegion[];
  /** How many regions `regions` holds, when a reader can say without making them (COCO). */
  regionCount?: number;
}

export interface SkippedEntry {
  where: string;
  reason: string;
}

export interface ForeignPredictions {
  format: ForeignFormat;
  /** A model name the file itself gives (Clarifai's model, CVAT's task name), if any. */
  model?: string;
  images: ForeignImage[];
  /** Entries the reader could not turn into regions, each with why. */
  skipped: SkippedEntry[];
  /** Things imported but worth knowing (VOC `difficult`, CVAT `occluded`, …), counted by kind. */
  notes: Map<string, number>;
  /** Category ids or class indices the file uses but never names; regions are labelled with the raw id. */
  unknownCategories: string[];
  /** What was read but could not all be used (a verdicts side file that is malformed or matches nothing). */
  warnings: { where: string; message: string }[];
}

export function emptyPredictions(format: ForeignFormat): ForeignPredictions {
  return { format, images: [], skipped: [], notes: new Map(), unknownCategories: [], warnings: [] };
}

export function addNote(predictions: ForeignPredictions, note: string): void {
  predictions.notes.set(note, (predictions.notes.get(note) ?? 0) + 1);
}

/** A file that cannot be read as its format: names the file and the position, never quotes it. */
export class ForeignFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ForeignFileError';
  }
}

/** A number from a file (XML gives text, some tools write numbers as strings). */
export function finiteNumber(value: unknown): number | undefined {
  const number =
    typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? Number(value) : NaN;
  return Number.isFinite(number) ? number : undefined;
}

/** A confidence in [0, 1], or undefined when the file's value is missing or not a probability. */
export function probability(value: unknown): number | undefined {
  const number = finiteNumber(value);
  return number !== undefined && number >= 0 && number <= 1 ? number : undefined;
}
