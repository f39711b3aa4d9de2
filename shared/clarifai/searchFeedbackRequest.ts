import type { SearchFeedbackRequest } from './feedback.ts';
import { searchesPath, type AppScope } from './paths.ts';

/**
 * A click on a search hit → search feedback (docs/clarifai-v2.md §2). No `data` and no `output_id`;
 * `search_id` is the id of the SEARCH RESPONSE the hit came from (the docs' cURL sends the output
 * id there — doc bug §7.2) and `event_type` is `search_click` (the old JS client forced
 * `annotation` — §7.4). Optional ids are sent only when set, never as `null` (§7.5).
 */
export interface SearchClick {
  /** `id` of the search response. */
  searchId: string;
  /** The clicked hit's input id. */
  inputId: string;
  endUserId?: string;
  sessionId?: string;
}

export function buildSearchFeedbackRequest(click: SearchClick): SearchFeedbackRequest {
  const feedbackInfo: SearchFeedbackRequest['input']['feedback_info'] = {
    event_type: 'search_click',
    search_id: click.searchId,
  };
  if (click.endUserId) feedbackInfo.end_user_id = click.endUserId;
  if (click.sessionId) feedbackInfo.session_id = click.sessionId;
  return { input: { id: click.inputId, feedback_info: feedbackInfo } };
}

/** `POST` target of search feedback: `/v2/searches/feedback`, or under a user/app. */
export const searchFeedbackPath = (scope: AppScope = {}): string => searchesPath(scope, 'feedback');
