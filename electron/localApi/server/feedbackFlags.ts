/**
 * What the server noticed about an accepted feedback request. Feedback is accepted even when it
 * refers to something this server never answered (Clarifai did not check either, and a collector
 * receives feedback on predictions made elsewhere), but the listing says so.
 */
export const feedbackFlags = [
  /** `output_id` is not an output this server predicted. */
  'unknown_output',
  /** The output was predicted by another model than the one in the path. */
  'output_of_other_model',
  /** `input.id` is not the input of that output. */
  'input_not_in_output',
  /** `search_id` is not a search this server answered. */
  'unknown_search',
  /** The clicked input was not among that search's hits. */
  'input_not_in_search',
  /** Accepted only as a legacy body (nulls for unset ids, an empty image, values left to proto defaults). */
  'legacy_body',
] as const;

export type FeedbackFlag = (typeof feedbackFlags)[number];
