import { describe, expect, it } from 'vitest';
import { aggregateFeedback } from '../../../../../electron/localApi/server/feedbackAggregates.ts';
import type { StoredFeedback } from '../../../../../electron/localApi/server/feedbackRepo.ts';

let seq = 0;
function row(kind: 'model' | 'search', modelId: string | null, parsed: unknown): StoredFeedback {
  seq++;
  return {
    seq,
    requestId: null,
    kind,
    method: 'POST',
    path: '/v2/x',
    pathModelId: modelId,
    modelId,
    modelVersionId: null,
    userId: null,
    appId: null,
    inputId: 'i',
    outputId: null,
    searchId: null,
    body: JSON.stringify(parsed),
    parsed,
    flags: [],
    deliveries: 1,
    receivedAt: 't',
    lastDeliveryAt: 't',
  };
}
const box = { top_row: 0.1, left_col: 0.1, bottom_row: 0.2, right_col: 0.2 };

describe('feedback aggregates', () => {
  it('counts per model: requests, regions per verdict, concepts confirmed or denied', () => {
    const aggregates = aggregateFeedback([
      row('model', 'general', {
        input: {
          data: {
            concepts: [
              { id: 'dog', value: true },
              { id: 'cat', value: 0 },
            ],
          },
        },
      }),
      row('model', 'general', { input: { data: { concepts: [{ id: 'dog', value: 0.75 }] } } }),
      row('model', 'faces', {
        input: {
          data: {
            regions: [
              {
                region_info: { bounding_box: box, feedback: 'misplaced' },
                data: { concepts: [{ id: 'face', value: false }] },
              },
              { region_info: { bounding_box: box, feedback: 'not_detected' } },
              {
                region_info: { bounding_box: box, feedback: 'misplaced' },
                data: { face: { gender_appearance: { concepts: [{ id: 'feminine', value: 1 }] } } },
              },
            ],
          },
        },
      }),
      row('search', null, {}),
      row('search', null, {}),
    ]);
    expect(aggregates).toEqual({
      models: [
        {
          modelId: 'general',
          requests: 2,
          verdicts: { accurate: 0, misplaced: 0, not_detected: 0, false_positive: 0 },
          concepts: [
            { id: 'cat', positive: 0, negative: 1 },
            { id: 'dog', positive: 2, negative: 0 },
          ],
        },
        {
          modelId: 'faces',
          requests: 1,
          verdicts: { accurate: 0, misplaced: 2, not_detected: 1, false_positive: 0 },
          concepts: [
            { id: 'face', positive: 0, negative: 1 },
            { id: 'feminine', positive: 1, negative: 0 },
          ],
        },
      ],
      searchClicks: 2,
    });
  });
});
