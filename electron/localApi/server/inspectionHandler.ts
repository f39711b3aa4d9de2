import { rejection } from './apiError.ts';
import { faultConfigSchema } from './faultConfig.ts';
import { aggregateFeedback } from './feedbackAggregates.ts';
import type { FeedbackRepo, StoredFeedback } from './feedbackRepo.ts';
import { parseJsonBody, validateBody } from './jsonBody.ts';
import type { ApiRequest, LocalApiContext } from './localApiContext.ts';
import { inspectPlatform } from './platform/platformInspection.ts';
import type { Reply } from './reply.ts';

/**
 * Loupe's own endpoints under `/_loupe/` (same key as the Clarifai ones; never subject to faults):
 * what arrived, counted, and the fault settings. Plain JSON in camelCase, not Clarifai's format.
 */

const json = (body: unknown): Reply => ({ httpStatus: 200, body });

function readCount(request: ApiRequest, name: string, fallback: number, max: number): number {
  const text = request.query.get(name);
  if (text === null) return fallback;
  if (!/^\d+$/.test(text) || Number(text) > max) {
    throw rejection.invalidRequest(`${name} must be a whole number from 0 to ${max}, got "${text}"`);
  }
  return Number(text);
}

/** Every stored feedback row, in arrival order, page by page. */
export function* allFeedback(repo: FeedbackRepo): Generator<StoredFeedback> {
  let after = 0;
  for (;;) {
    const page = repo.list(after, 1000);
    yield* page;
    const last = page.at(-1);
    if (!last) return;
    after = last.seq;
  }
}

const loopbackAddresses = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function handleInspection(context: LocalApiContext, request: ApiRequest): Reply {
  const endpoint = `${request.method} ${request.path}`;
  switch (endpoint) {
    case 'GET /_loupe/feedback': {
      const after = readCount(request, 'after', 0, Number.MAX_SAFE_INTEGER);
      const limit = readCount(request, 'limit', 1000, 10_000);
      return json({ feedback: context.feedback.list(after, limit) });
    }
    case 'GET /_loupe/annotations': {
      const { apps, annotations } = inspectPlatform(context.platform.store);
      return json({ apps, annotations });
    }
    case 'GET /_loupe/platform-inputs': {
      const { apps, inputs } = inspectPlatform(context.platform.store);
      return json({ apps, inputs });
    }
    case 'GET /_loupe/aggregates':
      return json(aggregateFeedback(allFeedback(context.feedback)));
    case 'GET /_loupe/faults':
      return json({ faults: context.faults.config, decisions: context.faults.history });
    case 'POST /_loupe/faults': {
      // Changing how the server misbehaves is for whoever runs it, on this machine only.
      if (!loopbackAddresses.has(request.remoteAddress ?? '')) {
        throw rejection.forbidden('fault settings can be changed from this machine only');
      }
      context.faults.configure(validateBody(faultConfigSchema, parseJsonBody(request.body)));
      return json({ faults: context.faults.config });
    }
    default:
      throw rejection.noSuchPath(
        `no endpoint ${endpoint}; see GET /_loupe/feedback, /_loupe/aggregates, /_loupe/annotations, /_loupe/platform-inputs, /_loupe/faults`,
      );
  }
}
