import { verdicts, type Verdict } from '../../../shared/review.ts';
import type { ForeignRegion } from './foreignPredictions.ts';

/**
 * A COCO file's annotations held as columns of typed arrays, not as objects (docs/interop.md,
 * "Memory"). COCO lets `images` and `categories` come after `annotations`, and one image's
 * annotations may be spread over the whole list, so every annotation must be kept until the file
 * ends: as about 100 bytes of numbers each, not as a few hundred bytes of objects. Regions are
 * made one image at a time (`regionsOf`), when the importer records that image, and let go.
 */
export interface CompactAnnotation {
  /** Index of the annotation in its list, for messages (`annotations[12]`). */
  index: number;
  /** Slot of the image it belongs to (the reader's numbering). */
  image: number;
  /** Slot of its category id (the reader's numbering). */
  category: number;
  id: number | string | undefined;
  bbox: readonly [number, number, number, number];
  score: number | undefined;
  verdict: Verdict | undefined;
  corrected: readonly [number, number, number, number] | undefined;
}

const noVerdict = 255;

export class CocoAnnotationColumns {
  #length = 0;
  #capacity = 0;
  #index = new Uint32Array(0);
  #image = new Uint32Array(0);
  #category = new Uint32Array(0);
  #verdict = new Uint8Array(0);
  /** x, y, width, height, score, corrected x, y, width, height, numeric id (NaN: none). */
  #numbers = new Float64Array(0);
  /** Ids that are not numbers, by row (rare: COCO's ids are integers). */
  readonly #stringIds = new Map<number, string>();
  /** Rows by image slot, built once when the file is read (a counting sort, file order kept). */
  #byImage: { start: Uint32Array; rows: Uint32Array } | undefined;

  get length(): number {
    return this.#length;
  }

  add(annotation: CompactAnnotation): void {
    if (this.#length === this.#capacity) this.#grow();
    const row = this.#length++;
    this.#byImage = undefined;
    this.#index[row] = annotation.index;
    this.#image[row] = annotation.image;
    this.#category[row] = annotation.category;
    this.#verdict[row] = annotation.verdict ? verdicts.indexOf(annotation.verdict) : noVerdict;
    const at = row * stride;
    const [x, y, width, height] = annotation.bbox;
    const corrected = annotation.corrected ?? [NaN, NaN, NaN, NaN];
    this.#numbers.set(
      [
        x,
        y,
        width,
        height,
        annotation.score ?? NaN,
        ...corrected,
        typeof annotation.id === 'number' ? annotation.id : NaN,
      ],
      at,
    );
    if (typeof annotation.id === 'string') this.#stringIds.set(row, annotation.id);
  }

  /** The annotation indices and category slots of every row of image slot `image`. */
  *rowsOf(image: number): Generator<number> {
    const { start, rows } = this.#index_();
    for (let n = start[image] ?? 0; n < (start[image + 1] ?? 0); n++) yield rows[n]!;
  }

  /** How many rows image slot `image` has. */
  countOf(image: number): number {
    const { start } = this.#index_();
    return (start[image + 1] ?? 0) - (start[image] ?? 0);
  }

  indexOf(row: number): number {
    return this.#index[row]!;
  }

  categoryOf(row: number): number {
    return this.#category[row]!;
  }

  /** The regions of image slot `image`, labelled by `label(category slot)`, made afresh on each call. */
  regionsOf(image: number, label: (category: number) => string): ForeignRegion[] {
    const regions: ForeignRegion[] = [];
    const n = this.#numbers;
    for (const row of this.rowsOf(image)) {
      const at = row * stride;
      const id = this.#stringIds.get(row) ?? (Number.isNaN(n[at + 9]!) ? undefined : String(n[at + 9]));
      const verdict = this.#verdict[row] === noVerdict ? undefined : verdicts[this.#verdict[row]!];
      regions.push({
        ...(id !== undefined ? { id } : {}),
        box: { unit: 'pixels', x: n[at]!, y: n[at + 1]!, width: n[at + 2]!, height: n[at + 3]! },
        label: label(this.#category[row]!),
        ...(Number.isNaN(n[at + 4]!) ? {} : { score: n[at + 4]! }),
        ...(verdict ? { verdict } : {}),
        ...(Number.isNaN(n[at + 5]!)
          ? {}
          : {
              correctedBox: {
                unit: 'pixels',
                x: n[at + 5]!,
                y: n[at + 6]!,
                width: n[at + 7]!,
                height: n[at + 8]!,
              },
            }),
      });
    }
    return regions;
  }

  #index_(): { start: Uint32Array; rows: Uint32Array } {
    if (this.#byImage) return this.#byImage;
    let slots = 0;
    for (let row = 0; row < this.#length; row++) slots = Math.max(slots, this.#image[row]! + 1);
    const start = new Uint32Array(slots + 1);
    for (let row = 0; row < this.#length; row++) start[this.#image[row]! + 1]! += 1;
    for (let slot = 0; slot < slots; slot++) start[slot + 1]! += start[slot]!;
    const next = start.slice(0, slots);
    const rows = new Uint32Array(this.#length);
    for (let row = 0; row < this.#length; row++) rows[next[this.#image[row]!]!++] = row;
    this.#byImage = { start, rows };
    return this.#byImage;
  }

  #grow(): void {
    const capacity = Math.max(1024, this.#capacity * 2);
    const grown = <T extends Uint32Array | Uint8Array | Float64Array>(
      old: T,
      make: (n: number) => T,
      per = 1,
    ) => {
      const fresh = make(capacity * per);
      fresh.set(old);
      return fresh;
    };
    this.#index = grown(this.#index, (n) => new Uint32Array(n));
    this.#image = grown(this.#image, (n) => new Uint32Array(n));
    this.#category = grown(this.#category, (n) => new Uint32Array(n));
    this.#verdict = grown(this.#verdict, (n) => new Uint8Array(n));
    this.#numbers = grown(this.#numbers, (n) => new Float64Array(n), stride);
    this.#capacity = capacity;
    this.#byImage = undefined;
  }
}

const stride = 10;
