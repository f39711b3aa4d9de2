import { rejection } from './apiError.ts';
import { apiKeyDigest, parseAuthorizationHeader } from './apiKeys.ts';
import type { ApiRequest, LocalApiContext } from './localApiContext.ts';

/** `Authorization: Key <key>`: 401 with 11008 when missing or malformed, 11009 when unknown. */
export function authorize(context: LocalApiContext, request: ApiRequest): void {
  const header = parseAuthorizationHeader(request.headers.authorization);
  if ('problem' in header) throw rejection.keyMissingOrMalformed(header.problem);
  const digest = apiKeyDigest(header.key);
  if (!context.sessionKeyDigests.has(digest) && !context.keys.has(digest)) throw rejection.keyNotFound();
}
