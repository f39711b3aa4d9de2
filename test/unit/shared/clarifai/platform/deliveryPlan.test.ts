import { describe, expect, it } from 'vitest';
import {
  changedAnnotations,
  deliverySteps,
  sameAnnotation,
  type DeliveryPlan,
} from '../../../../../shared/clarifai/platform/deliveryPlan.ts';
import type { PlatformAnnotation } from '../../../../../shared/clarifai/platform/reviewAnnotations.ts';

function annotation(id: string, value: 0 | 1 = 1, top = 0.1): PlatformAnnotation {
  return {
    id,
    input_id: 'in',
    data: {
      regions: [
        {
          region_info: { bounding_box: { top_row: top, left_col: 0, bottom_row: 0.5, right_col: 0.5 } },
          data: { concepts: [{ id: 'c', name: 'C', value }] },
        },
      ],
    },
    annotation_info: { source: 'loupe', verdict: 'accurate', output_id: 'o', region_id: id },
  };
}

function plan(overrides: Partial<DeliveryPlan>): DeliveryPlan {
  return {
    version: 1,
    input: { id: 'in', image: { imageId: 1 }, known: false },
    annotations: [],
    removals: [],
    statuses: [],
    ...overrides,
  };
}

describe('delivery steps', () => {
  it('input, wait, annotations in calls of at most 128, removals, statuses', () => {
    const annotations = Array.from({ length: 300 }, (_, index) => annotation(`a${index}`));
    const steps = deliverySteps(
      plan({
        annotations,
        removals: [{ input_id: 'in', id: 'old' }],
        statuses: [{ input_id: 'in', id: 'm1', code: 'ANNOTATION_SUCCESS' }],
      }),
    );
    expect(steps.map((step) => step.kind)).toEqual([
      'post_input',
      'await_input',
      'annotations',
      'annotations',
      'annotations',
      'remove',
      'statuses',
    ]);
    const sizes = steps.flatMap((step) => (step.kind === 'annotations' ? [step.annotations.length] : []));
    expect(sizes).toEqual([128, 128, 44]);
  });

  it('a known input is neither posted nor awaited again', () => {
    expect(deliverySteps(plan({ input: { id: 'in', image: { imageId: 1 }, known: true } }))).toEqual([]);
  });
});

describe('changed annotations after a delivery', () => {
  it('only the annotations that differ, and removals of what is no longer sent', () => {
    const delivered = [annotation('a'), annotation('b'), annotation('gone')];
    const next = [annotation('a'), annotation('b', 0), annotation('new')];
    const result = changedAnnotations(next, delivered, [annotation('maybe')]);
    expect(result.annotations.map((item) => item.id)).toEqual(['b', 'new']);
    expect(result.removals).toEqual([
      { input_id: 'in', id: 'gone' },
      { input_id: 'in', id: 'maybe' },
    ]);
  });

  it('an annotation of a replaced item that is still sent is sent again, not assumed delivered', () => {
    const result = changedAnnotations([annotation('p')], [], [annotation('p')]);
    expect(result.annotations.map((item) => item.id)).toEqual(['p']);
    expect(result.removals).toEqual([]);
  });
});

describe('same annotation as the server holds it', () => {
  const planned = annotation('a', 0, 0);
  const held = {
    id: 'a',
    input_id: 'in',
    created_at: '2026-01-01T00:00:00Z',
    status: { code: 24150 },
    data: {
      // proto3 JSON leaves out zeros: top_row 0 and value 0 are absent.
      regions: [
        {
          id: 'server-region',
          region_info: { bounding_box: { left_col: 0, bottom_row: 0.5000000001, right_col: 0.5 } },
          data: { concepts: [{ id: 'c', name: 'C' }] },
        },
      ],
    },
    annotation_info: { source: 'loupe', verdict: 'accurate', output_id: 'o', region_id: 'a' },
  };

  it('ignores what the server adds and float noise; reads missing zeros as 0', () => {
    expect(sameAnnotation(planned, held)).toBe(true);
  });

  it('a different box, concept value, info field or input is a difference', () => {
    expect(sameAnnotation(annotation('a', 0, 0.2), held)).toBe(false);
    expect(sameAnnotation(annotation('a', 1, 0), held)).toBe(false);
    expect(
      sameAnnotation(planned, { ...held, annotation_info: { ...held.annotation_info, end_user_id: 'x' } }),
    ).toBe(false);
    expect(sameAnnotation(planned, { ...held, input_id: 'other' })).toBe(false);
    expect(sameAnnotation(planned, 'not an object')).toBe(false);
  });
});
