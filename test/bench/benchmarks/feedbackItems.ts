import type { ModelFeedbackRequest } from '../../../shared/clarifai/feedback.ts';

/** The face model every item is feedback on (the local API's SSD MobileNet, Clarifai's face id). */
export const faceModelId = 'a403429f2ddf4b49b307e318f00e528b';

export interface FeedbackItem {
  inputId: string;
  imageUrl: string;
  body: ModelFeedbackRequest;
}

/**
 * One reviewed image as Loupe queues it: two faces confirmed, one moved, one removed, one the
 * model missed — the mix a review produces, about 1 kB on the wire.
 */
export function feedbackItem(index: number, runId: string): FeedbackItem {
  const inputId = `bench-${runId}-${index}`;
  const box = (offset: number) => ({
    top_row: 0.1 + offset,
    left_col: 0.1 + offset,
    bottom_row: 0.3 + offset,
    right_col: 0.25 + offset,
  });
  return {
    inputId,
    imageUrl: `https://samples.loupe.invalid/images/${index}.jpg`,
    body: {
      input: {
        id: inputId,
        data: {
          regions: [
            { id: `r-${index}-1`, region_info: { bounding_box: box(0), feedback: 'accurate' } },
            { id: `r-${index}-2`, region_info: { bounding_box: box(0.2), feedback: 'accurate' } },
            { id: `r-${index}-3`, region_info: { bounding_box: box(0.42), feedback: 'misplaced' } },
            { id: `r-${index}-4`, region_info: { bounding_box: box(0.5), feedback: 'false_positive' } },
            { region_info: { bounding_box: box(0.6), feedback: 'not_detected' } },
          ],
        },
        feedback_info: {
          event_type: 'annotation',
          output_id: `output-${runId}-${index}`,
          end_user_id: 'bench-reviewer',
          session_id: `session-${runId}`,
        },
      },
    },
  };
}
