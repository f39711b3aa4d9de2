import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  legacyModelFeedbackRequestSchema,
  legacySearchFeedbackRequestSchema,
  modelFeedbackRequestSchema,
  searchFeedbackRequestSchema,
} from '../../../../shared/clarifai/feedback.ts';
import { describeIssues } from '../../../../shared/result.ts';

/** The request schemas a strict server validates against (docs/clarifai-v2.md §2, §7). */

type Json = Record<string, unknown>;
const fixture = (name: string): Json =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/clarifai/${name}`, import.meta.url), 'utf8')) as Json;

const conceptBody = () => fixture('concept-feedback.request.json');
const regionBody = () => fixture('region-feedback.request.json');
const searchBody = () => fixture('search-feedback.request.json');

/** Deep-copies `body` and applies `change` to the copy's `input`. */
function editInput(body: Json, change: (input: Json) => void): Json {
  const copy = structuredClone(body);
  change(copy.input as Json);
  return copy;
}
const info = (input: Json) => input.feedback_info as Json;
const firstRegion = (input: Json) => ((input.data as Json).regions as Json[])[0] as Json;
const firstConcept = (input: Json) => ((input.data as Json).concepts as Json[])[0] as Json;

function rejection(schema: { safeParse: (value: unknown) => { error?: unknown } }, body: unknown): string {
  const result = schema.safeParse(body);
  expect(result.error, 'expected the body to be rejected').toBeDefined();
  return describeIssues(result.error as Parameters<typeof describeIssues>[0]);
}

describe('strict feedback schemas accept what the docs send', () => {
  it.each([
    ['concept feedback', conceptBody],
    ['region feedback', regionBody],
  ])('%s', (_name, body) => {
    expect(modelFeedbackRequestSchema.safeParse(body()).error).toBeUndefined();
  });

  it('search feedback', () => {
    expect(searchFeedbackRequestSchema.safeParse(searchBody()).error).toBeUndefined();
  });

  it.each([true, false, 1, 0, 0.75])('concept value %s', (value) => {
    const body = editInput(conceptBody(), (input) => (firstConcept(input).value = value));
    expect(modelFeedbackRequestSchema.safeParse(body).error).toBeUndefined();
  });

  it.each(['accurate', 'misplaced', 'not_detected', 'false_positive'])('region feedback %s', (verdict) => {
    const body = editInput(
      regionBody(),
      (input) => ((firstRegion(input).region_info as Json).feedback = verdict),
    );
    expect(modelFeedbackRequestSchema.safeParse(body).error).toBeUndefined();
  });

  it('optional ids may be left out', () => {
    const body = editInput(conceptBody(), (input) => {
      delete info(input).end_user_id;
      delete info(input).session_id;
    });
    expect(modelFeedbackRequestSchema.safeParse(body).error).toBeUndefined();
  });
});

describe('strict feedback schemas refuse, naming the field', () => {
  it.each([
    ['correct', 'region_info.feedback'],
    ['ACCURATE', 'region_info.feedback'],
    [0, 'region_info.feedback'],
  ])('region verdict %s', (verdict, field) => {
    const body = editInput(
      regionBody(),
      (input) => ((firstRegion(input).region_info as Json).feedback = verdict),
    );
    expect(rejection(modelFeedbackRequestSchema, body)).toContain(field);
  });

  it.each([2, -1, 'true', null])('concept value %s', (value) => {
    const body = editInput(conceptBody(), (input) => (firstConcept(input).value = value));
    expect(rejection(modelFeedbackRequestSchema, body)).toContain('concepts.0.value');
  });

  it('a concept or region without an explicit value or verdict', () => {
    const noValue = editInput(conceptBody(), (input) => delete firstConcept(input).value);
    expect(rejection(modelFeedbackRequestSchema, noValue)).toContain('value');
    const noVerdict = editInput(
      regionBody(),
      (input) => delete (firstRegion(input).region_info as Json).feedback,
    );
    expect(rejection(modelFeedbackRequestSchema, noVerdict)).toContain('feedback');
  });

  it.each(['undefined', 'click', 'search_click'])('model feedback with event_type %s', (eventType) => {
    const body = editInput(conceptBody(), (input) => (info(input).event_type = eventType));
    expect(rejection(modelFeedbackRequestSchema, body)).toContain('feedback_info.event_type');
  });

  it('annotation feedback without output_id', () => {
    const body = editInput(conceptBody(), (input) => delete info(input).output_id);
    expect(rejection(modelFeedbackRequestSchema, body)).toContain('feedback_info.output_id');
  });

  it('search feedback without search_id, or with output_id instead', () => {
    const missing = editInput(searchBody(), (input) => delete info(input).search_id);
    expect(rejection(searchFeedbackRequestSchema, missing)).toContain('feedback_info.search_id');
    const swapped = editInput(searchBody(), (input) => {
      info(input).output_id = info(input).search_id;
      delete info(input).search_id;
    });
    expect(rejection(searchFeedbackRequestSchema, swapped)).toContain('output_id');
  });

  it('search feedback forced to event_type annotation by the old JS client (§7.4)', () => {
    const body = editInput(searchBody(), (input) => (info(input).event_type = 'annotation'));
    expect(rejection(searchFeedbackRequestSchema, body)).toContain('feedback_info.event_type');
  });

  it('the old JS client’s shallow snake_case keys (§7.4)', () => {
    const body = editInput(conceptBody(), (input) => {
      info(input).end_user_i_d = info(input).end_user_id;
      delete info(input).end_user_id;
    });
    expect(rejection(modelFeedbackRequestSchema, body)).toContain('end_user_i_d');
  });

  it('null optional ids and an empty data.image, as the legacy Python client sent (§7.5)', () => {
    const nulls = editInput(conceptBody(), (input) => (info(input).end_user_id = null));
    expect(rejection(modelFeedbackRequestSchema, nulls)).toContain('feedback_info.end_user_id');
    const image = editInput(searchBody(), (input) => (input.data = { image: {} }));
    expect(rejection(searchFeedbackRequestSchema, image)).toContain('data');
  });

  it('data on search feedback', () => {
    const body = editInput(searchBody(), (input) => (input.data = { concepts: [{ id: 'x', value: true }] }));
    expect(rejection(searchFeedbackRequestSchema, body)).toContain('data');
  });

  it.each<[Json, string]>([
    [{ top_row: 0.7, left_col: 0.2, bottom_row: 0.3, right_col: 0.8 }, 'inverted'],
    [{ top_row: 0.3, left_col: 0.2, bottom_row: 0.3, right_col: 0.8 }, 'empty'],
    [{ top_row: -0.1, left_col: 0.2, bottom_row: 0.7, right_col: 0.8 }, 'outside the image'],
    [{ top_row: 0.3, left_col: 0.2, bottom_row: 1.2, right_col: 0.8 }, 'outside the image'],
    [{ top_row: 0.3, left_col: 0.2, bottom_row: 0.7 }, 'incomplete'],
  ])('bounding box %j (%s)', (box, _why) => {
    const body = editInput(
      regionBody(),
      (input) => ((firstRegion(input).region_info as Json).bounding_box = box),
    );
    expect(rejection(modelFeedbackRequestSchema, body)).toContain('bounding_box');
  });

  it('an image with both url and base64, or neither', () => {
    const both = editInput(
      conceptBody(),
      (input) => ((input.data as Json).image = { url: 'https://x/y.jpg', base64: 'AAAA' }),
    );
    expect(rejection(modelFeedbackRequestSchema, both)).toContain('image');
    const neither = editInput(conceptBody(), (input) => ((input.data as Json).image = {}));
    expect(rejection(modelFeedbackRequestSchema, neither)).toContain('image');
  });

  it('a missing input id', () => {
    const body = editInput(conceptBody(), (input) => delete input.id);
    expect(rejection(modelFeedbackRequestSchema, body)).toContain('input.id');
  });
});

describe('legacy feedback schemas tolerate the old clients and normalise them (§7.5)', () => {
  it('drops null and empty optional ids', () => {
    const body = editInput(conceptBody(), (input) => {
      info(input).end_user_id = null;
      info(input).session_id = '';
    });
    const parsed = legacyModelFeedbackRequestSchema.parse(body);
    expect(JSON.parse(JSON.stringify(parsed.input.feedback_info))).toStrictEqual({
      event_type: 'annotation',
      output_id: '<output_id>',
    });
    expect(modelFeedbackRequestSchema.safeParse(parsed).error).toBeUndefined();
  });

  it('drops the empty data.image the Python client sent with search feedback', () => {
    for (const data of [{ image: {} }, { image: { url: null } }, { image: { url: '' } }, {}]) {
      const body = editInput(searchBody(), (input) => {
        input.data = data;
        info(input).session_id = null;
      });
      const parsed = legacySearchFeedbackRequestSchema.parse(body);
      expect(parsed.input).not.toHaveProperty('data');
      expect(searchFeedbackRequestSchema.safeParse(parsed).error).toBeUndefined();
    }
  });

  it('still refuses search feedback carrying a real image', () => {
    const body = editInput(searchBody(), (input) => (input.data = { image: { url: 'https://x/y.jpg' } }));
    expect(legacySearchFeedbackRequestSchema.safeParse(body).success).toBe(false);
  });

  it('applies the proto defaults: a concept without value is positive, a region without feedback accurate', () => {
    const body = editInput(regionBody(), (input) => {
      const region = firstRegion(input);
      delete (region.region_info as Json).feedback;
      delete (((region.data as Json).concepts as Json[])[0] as Json).value;
    });
    const parsed = legacyModelFeedbackRequestSchema.parse(body);
    const region = parsed.input.data?.regions?.[0];
    expect(region?.region_info.feedback).toBe('accurate');
    expect(region?.data?.concepts?.[0]?.value).toBe(1);
  });

  it('still requires output_id / search_id and the event types', () => {
    const noOutput = editInput(conceptBody(), (input) => (info(input).output_id = null));
    expect(legacyModelFeedbackRequestSchema.safeParse(noOutput).success).toBe(false);
    const wrongEvent = editInput(searchBody(), (input) => (info(input).event_type = 'annotation'));
    expect(legacySearchFeedbackRequestSchema.safeParse(wrongEvent).success).toBe(false);
  });
});
