import { ApiError, rejection } from '../server/apiError.ts';
import { apiKeyDigest, parseAuthorizationHeader } from '../server/apiKeys.ts';
import type { ApiRequest } from '../server/localApiContext.ts';
import type { TeamStore } from './teamStore.ts';

/** Who a request comes from: the lead (the collector's own key) or one reviewer (a key the lead issued). */
export type TeamCaller = { role: 'lead' } | { role: 'reviewer'; reviewerId: string };

/**
 * The caller is derived from the key alone — no request body names who is writing. A revoked
 * key answers 401 / 11002 (credentials invalid: a person must act), distinct from an unknown key.
 */
export async function teamCaller(
  request: ApiRequest,
  store: TeamStore,
  isLeadKey: (digest: string) => boolean,
): Promise<TeamCaller> {
  const header = parseAuthorizationHeader(request.headers.authorization);
  if ('problem' in header) throw rejection.keyMissingOrMalformed(header.problem);
  const digest = apiKeyDigest(header.key);
  if (isLeadKey(digest)) return { role: 'lead' };
  const owner = await store.keyOwner(digest);
  if (!owner) throw rejection.keyNotFound();
  if (owner.revoked)
    throw new ApiError(
      11002,
      'this reviewer key was revoked by the campaign lead; ask the lead for a new one',
    );
  return { role: 'reviewer', reviewerId: owner.reviewerId };
}

export function requireLead(caller: TeamCaller): void {
  if (caller.role !== 'lead')
    throw new ApiError(11007, 'only the lead (the collector key) may do this; a reviewer key reviews');
}

export function requireReviewer(caller: TeamCaller): string {
  if (caller.role !== 'reviewer')
    throw new ApiError(
      11007,
      'leases and reviews need a reviewer key; issue one with POST /v2/team/reviewers',
    );
  return caller.reviewerId;
}
