/**
 * Pixels one predict request may have decoded, over all its inputs: 2,000 megapixels — 23 images
 * at the 85-megapixel limit of one image, or 128 of 15.6 megapixels (any phone photo). Decoding
 * is bounded in memory already (one at a time, scaled down while decoded); this bounds the time
 * one request can hold the decoder, so others are not starved behind it.
 */
export const maxRequestPixels = 2_000_000_000;

/**
 * Inputs are charged in input order, whatever order their images arrive in, so which inputs fit
 * is decided by the request alone: the first ones that fit, the rest fail alone.
 */
export interface RequestPixelBudget {
  /**
   * A place in line; call once per input, in input order, before any is read. The function it
   * returns must be called exactly once: with the image's pixels (true when they fit), or
   * undefined when the input failed before its size was known (charges nothing).
   */
  place(): (pixels: number | undefined) => Promise<boolean>;
}

export function createRequestPixelBudget(limit = maxRequestPixels): RequestPixelBudget {
  let used = 0;
  let previous: Promise<void> = Promise.resolve();
  return {
    place() {
      const before = previous;
      let done!: () => void;
      previous = new Promise<void>((resolve) => (done = resolve));
      return async (pixels) => {
        await before;
        try {
          if (pixels === undefined) return true;
          if (used + pixels > limit) return false;
          used += pixels;
          return true;
        } finally {
          done();
        }
      };
    },
  };
}
