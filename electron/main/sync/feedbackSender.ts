import type { ClarifaiClient } from '../clarifai/clarifaiClient.ts';
import { ClarifaiError } from '../clarifai/ClarifaiError.ts';
import {
  modelFeedbackRequestSchema,
  searchFeedbackRequestSchema,
} from '../../../shared/clarifai/feedback.ts';
import type { OutboxError } from '../workspace/outboxRepo.ts';
import type { Sender } from './syncEngine.ts';

/**
 * Delivers outbox items with the Clarifai client. The item's request id travels as
 * `X-Loupe-Request-Id` so a server can tell a repeated delivery from a new one. Bodies are
 * validated again before they go: a damaged body is a permanent failure, never a bad request.
 */
export function createFeedbackSender(getClient: () => Promise<ClarifaiClient>): Sender {
  return async (item) => {
    try {
      const client = await getClient();
      const call = { requestId: item.requestId };
      if (item.target.kind === 'model_feedback') {
        const body = modelFeedbackRequestSchema.safeParse(item.body);
        if (!body.success) return damaged();
        await client.modelFeedback(
          {
            modelId: item.target.modelId,
            ...(item.target.versionId ? { versionId: item.target.versionId } : {}),
          },
          body.data,
          call,
        );
      } else {
        const body = searchFeedbackRequestSchema.safeParse(item.body);
        if (!body.success) return damaged();
        await client.searchFeedback(body.data, call);
      }
      return { ok: true };
    } catch (error) {
      return { ok: false, error: toOutboxError(error), ...retryAfter(error) };
    }
  };
}

export function toOutboxError(error: unknown): OutboxError {
  if (error instanceof ClarifaiError) {
    return {
      ...(error.httpStatus !== undefined ? { httpStatus: error.httpStatus } : {}),
      ...(error.code !== undefined ? { code: error.code } : {}),
      description: error.message,
      ...(error.details ? { details: error.details } : {}),
      retryable: error.retryable,
      needsPerson: error.needsPerson,
    };
  }
  return {
    description: error instanceof Error ? error.message : String(error),
    retryable: true,
    needsPerson: false,
  };
}

/** The server's Retry-After, for the engine's backoff. */
export function retryAfter(error: unknown): { retryAfterMs?: number } {
  return error instanceof ClarifaiError && error.retryAfterMs !== undefined
    ? { retryAfterMs: error.retryAfterMs }
    : {};
}

function damaged() {
  return {
    ok: false as const,
    error: {
      description: 'The queued request no longer matches the feedback format; discard it and submit again',
      retryable: false,
      needsPerson: false,
    },
  };
}
