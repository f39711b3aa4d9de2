import { z } from 'zod';
import {
  leaseAnswerSchema,
  submitAnswerSchema,
  type LeaseAnswer,
} from '../../../shared/team/teamAssignment.ts';
import type { TeamExportFormat } from '../../../shared/team/teamExport.ts';
import {
  teamCampaignViewSchema,
  teamResultsViewSchema,
  type TeamCampaignView,
  type TeamResultsView,
} from '../../../shared/team/teamViews.ts';
import type { ImageReview } from '../../../shared/team/teamWire.ts';
import { LoupeError } from '../../../shared/LoupeError.ts';
import type { CallOptions, ClarifaiClient } from '../clarifai/clarifaiClient.ts';
import { ClarifaiError } from '../clarifai/ClarifaiError.ts';

/**
 * The collector's `/v2/team` routes (docs/team-collector.md) as the app calls them. Every request
 * goes through the endpoint's Clarifai client (`exchange`), so it shares the one rate limiter, the
 * key handling, the timeout and the error classification with everything else: a revoked key is a
 * ClarifaiError that needs a person (11002), a 503 from a restarting database a retryable one.
 */
export class TeamCollectorClient {
  readonly #client: ClarifaiClient;

  constructor(client: ClarifaiClient) {
    this.#client = client;
  }

  lease(campaignId: string, maxImages: number, call?: CallOptions): Promise<LeaseAnswer> {
    return this.#client.exchange({
      method: 'POST',
      path: `${campaignPath(campaignId)}/leases`,
      body: { max_images: maxImages },
      schema: leaseAnswerSchema,
      call,
    });
  }

  submit(campaignId: string, reviews: readonly ImageReview[], call?: CallOptions) {
    return this.#client.exchange({
      method: 'POST',
      path: `${campaignPath(campaignId)}/reviews`,
      body: { reviews },
      schema: submitAnswerSchema,
      call,
    });
  }

  async campaigns(): Promise<TeamCampaignView[]> {
    const answer = await this.#client.exchange({
      method: 'GET',
      path: '/v2/team/campaigns',
      schema: z.looseObject({ campaigns: z.array(teamCampaignViewSchema) }),
    });
    return answer.campaigns;
  }

  /**
   * The campaigns as the key sees them: a reviewer's key is refused the lead routes (403,
   * docs/team-collector.md, "Keys and who is writing"), so it sees none and is no lead.
   */
  async campaignsOfCaller(): Promise<{ lead: boolean; campaigns: TeamCampaignView[] }> {
    try {
      return { lead: true, campaigns: await this.campaigns() };
    } catch (error) {
      if (error instanceof ClarifaiError && error.httpStatus === 403) return { lead: false, campaigns: [] };
      throw error;
    }
  }

  async results(campaignId: string): Promise<TeamResultsView> {
    const answer = await this.#client.exchange({
      method: 'GET',
      path: `${campaignPath(campaignId)}/results`,
      schema: z.looseObject({ results: teamResultsViewSchema }),
    });
    return answer.results;
  }

  async exportMerged(campaignId: string, format: TeamExportFormat): Promise<string> {
    const answer = await this.#client.exchange({
      method: 'GET',
      path: `${campaignPath(campaignId)}/export?format=${format}`,
      schema: z.looseObject({ export: z.object({ format: z.string(), content: z.string() }) }),
    });
    return answer.export.content;
  }
}

function campaignPath(campaignId: string): string {
  return `/v2/team/campaigns/${encodeURIComponent(campaignId)}`;
}

/**
 * A failed collector call in the contract's terms: `unavailable` when trying again may help (a
 * 503, no answer), else `remote` with the collector's own words (a revoked key, a lead route
 * asked with a reviewer key). The message never carries the key (the client scrubs it).
 */
export function asLoupeError(error: unknown): unknown {
  if (!(error instanceof ClarifaiError)) return error;
  return new LoupeError(error.retryable ? 'unavailable' : 'remote', `The team collector: ${error.message}`);
}
