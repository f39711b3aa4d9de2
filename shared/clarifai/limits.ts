/** Clarifai's documented per-call limits (docs/clarifai-v2.md §3–5). */

/** Inputs per predict or add-inputs call, annotations per add-annotations call. */
export const MAX_INPUTS_PER_CALL = 128;
/** Largest image Clarifai accepts, in pixels (85 megapixels) and in bytes (20 MB). */
export const MAX_IMAGE_PIXELS = 85_000_000;
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
