import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { searchFeedbackRequestSchema } from '../../../../shared/clarifai/feedback.ts';
import {
  buildSearchFeedbackRequest,
  searchFeedbackPath,
} from '../../../../shared/clarifai/searchFeedbackRequest.ts';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/clarifai/${name}`, import.meta.url), 'utf8'));
const wire = (body: unknown): unknown => JSON.parse(JSON.stringify(body));

describe('search feedback request (docs/clarifai-v2.md §2)', () => {
  const click = {
    searchId: '<id of the search response>',
    inputId: "<id of the clicked hit's input>",
    endUserId: '<end_user_id>',
    sessionId: '<session_id>',
  };

  it('builds the documented body', () => {
    const body = buildSearchFeedbackRequest(click);
    expect(wire(body)).toStrictEqual(fixture('search-feedback.request.json'));
    expect(searchFeedbackRequestSchema.safeParse(body).success).toBe(true);
  });

  it('carries the search response id as search_id, never an output id (§7.2), and no data or output_id', () => {
    const body = buildSearchFeedbackRequest({ searchId: 'search-7', inputId: 'input-3' });
    expect(body).toStrictEqual({
      input: { id: 'input-3', feedback_info: { event_type: 'search_click', search_id: 'search-7' } },
    });
    const text = JSON.stringify(body);
    expect(text).not.toContain('output_id');
    expect(text).not.toContain('"data"');
    expect(text).not.toContain('null');
  });

  it('keeps the clicked input and the search apart whatever the argument order of old clients (§7.3)', () => {
    const body = buildSearchFeedbackRequest({
      inputId: 'the-input',
      searchId: 'the-search',
      endUserId: 'ana',
    });
    expect(body.input.id).toBe('the-input');
    expect(body.input.feedback_info.search_id).toBe('the-search');
    expect(body.input.feedback_info.end_user_id).toBe('ana');
  });

  it('posts to /v2/searches/feedback, or under a user/app', () => {
    expect(searchFeedbackPath()).toBe('/v2/searches/feedback');
    expect(searchFeedbackPath({ userId: 'me', appId: 'loupe' })).toBe(
      '/v2/users/me/apps/loupe/searches/feedback',
    );
  });

  it('any click makes a body the strict schema accepts', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            searchId: fc.string({ minLength: 1 }),
            inputId: fc.string({ minLength: 1 }),
            endUserId: fc.string(),
            sessionId: fc.string(),
          },
          { requiredKeys: ['searchId', 'inputId'] },
        ),
        (anyClick) => {
          expect(
            searchFeedbackRequestSchema.safeParse(buildSearchFeedbackRequest(anyClick)).error,
          ).toBeUndefined();
        },
      ),
    );
  });
});
