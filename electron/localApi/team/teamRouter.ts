import { generateApiKey, apiKeyDigest } from '../server/apiKeys.ts';
import { ApiError, rejection } from '../server/apiError.ts';
import { parseJsonBody, validateBody } from '../server/jsonBody.ts';
import type { ApiRequest } from '../server/localApiContext.ts';
import { okReply, type Reply } from '../server/reply.ts';
import type { Box } from '../../../shared/geometry.ts';
import {
  imagesWithoutSize,
  teamExport,
  teamExportFormats,
  type TeamExportFormat,
} from '../../../shared/team/teamExport.ts';
import { teamResults, type TeamResults } from '../../../shared/team/teamResults.ts';
import {
  addReviewerRequestSchema,
  createCampaignRequestSchema,
  leaseRequestSchema,
  submitReviewsRequestSchema,
  teamIdSchema,
} from '../../../shared/team/teamWire.ts';
import { campaignImages } from './campaignImages.ts';
import { requireLead, requireReviewer, teamCaller } from './teamAuth.ts';
import type { Campaign, CampaignProgress, LeasedImage, TeamStore } from './teamStore.ts';

/** What the team routes need of the server (docs/team-collector.md). */
export interface TeamContext {
  store: TeamStore;
  isLeadKey(digest: string): boolean;
  /** Folders a lead may name as a campaign's images (`--campaign-folders`). */
  folderRoots: readonly string[];
  now(): Date;
}

const defaultLeaseSeconds = 900;
const defaultBatch = 10;

function only(request: ApiRequest, ...allowed: readonly string[]): void {
  if (!allowed.includes(request.method)) throw rejection.methodNotAllowed(request.method, allowed);
}

function campaignWire(campaign: Campaign) {
  return {
    id: campaign.id,
    name: campaign.name,
    model_id: campaign.modelId,
    policy: campaign.policy,
    overlap: campaign.overlap,
    lease_seconds: campaign.leaseSeconds,
    created_at: campaign.createdAt,
  };
}

function progressWire(progress: CampaignProgress) {
  return { ...campaignWire(progress.campaign), images: progress.images, slots: progress.slots };
}

function leasedImageWire(image: LeasedImage) {
  return {
    id: image.id,
    slot: image.slot,
    image:
      image.url !== null
        ? { url: image.url }
        : { base64: Buffer.from(image.bytes ?? new Uint8Array()).toString('base64') },
    ...(image.width !== null && image.height !== null ? { width: image.width, height: image.height } : {}),
    regions: image.regions,
  };
}

async function campaignOr404(context: TeamContext, id: string): Promise<Campaign> {
  if (!teamIdSchema.safeParse(id).success) throw rejection.noSuchPath('no campaign with that id');
  const campaign = await context.store.campaign(id);
  if (!campaign) throw new ApiError(11101, `no campaign "${id}"`);
  return campaign;
}

async function results(context: TeamContext, campaign: Campaign) {
  const input = await context.store.resultsInput(campaign);
  return { input, results: teamResults(input.images, input.reviews) };
}

function resultsWire(campaign: Campaign, results: TeamResults, reviewerNames: Record<string, string>) {
  return { campaign: campaignWire(campaign), reviewer_names: reviewerNames, ...results };
}

/** `/v2/team/…`: reviewers and keys, campaigns, leases, reviews, results and exports. */
export async function routeTeam(context: TeamContext, request: ApiRequest): Promise<Reply> {
  const caller = await teamCaller(request, context.store, (digest) => context.isLeadKey(digest));
  let parts: string[];
  try {
    parts = request.path
      .split('/')
      .slice(3)
      .map((part) => decodeURIComponent(part));
  } catch {
    throw rejection.noSuchPath('the request path has a malformed %-escape');
  }
  const [collection, id, action, ...rest] = parts;
  if (rest.length > 0) throw rejection.noSuchPath(`no endpoint at ${request.path}`);

  if (collection === 'reviewers' && id === undefined) {
    only(request, 'POST');
    requireLead(caller);
    const body = validateBody(addReviewerRequestSchema, parseJsonBody(request.body));
    const key = generateApiKey();
    const added = await context.store.addReviewer(
      body.reviewer.id,
      body.reviewer.name ?? body.reviewer.id,
      apiKeyDigest(key),
      context.now().toISOString(),
    );
    // The key is shown once, here; the collector keeps only its digest.
    return okReply({ reviewer: { id: body.reviewer.id, new_reviewer: added === 'added' }, key });
  }
  if (collection === 'reviewers' && id !== undefined && action === 'revoke') {
    only(request, 'POST');
    requireLead(caller);
    if (!teamIdSchema.safeParse(id).success) throw rejection.noSuchPath('no reviewer with that id');
    const revoked = await context.store.revokeReviewer(id, context.now().toISOString());
    if (revoked === 0) throw new ApiError(11101, `reviewer "${id}" has no key to revoke`);
    return okReply({ reviewer: { id, revoked_keys: revoked } });
  }
  if (collection !== 'campaigns') throw rejection.noSuchPath(`no endpoint at ${request.path}`);

  if (id === undefined) {
    only(request, 'GET', 'POST');
    requireLead(caller);
    if (request.method === 'GET') {
      const campaigns = await context.store.campaigns();
      return okReply({
        campaigns: await Promise.all(
          campaigns.map(async (c) => progressWire(await context.store.progress(c))),
        ),
      });
    }
    const body = validateBody(createCampaignRequestSchema, parseJsonBody(request.body));
    const images = await campaignImages(body.campaign, context.folderRoots);
    const campaign: Campaign = {
      id: body.campaign.id,
      name: body.campaign.name ?? body.campaign.id,
      modelId: body.campaign.model_id,
      policy: body.campaign.policy,
      overlap: body.campaign.policy === 'partitioned' ? 1 : (body.campaign.overlap ?? 2),
      leaseSeconds: body.campaign.lease_seconds ?? defaultLeaseSeconds,
      createdAt: context.now().toISOString(),
    };
    await context.store.createCampaign(campaign, images);
    return okReply({ campaign: progressWire(await context.store.progress(campaign)) });
  }

  const campaign = await campaignOr404(context, id);
  switch (action) {
    case undefined:
      only(request, 'GET');
      requireLead(caller);
      return okReply({ campaign: progressWire(await context.store.progress(campaign)) });
    case 'leases': {
      only(request, 'POST');
      const reviewerId = requireReviewer(caller);
      const body = validateBody(
        leaseRequestSchema,
        request.body.trim() === '' ? {} : parseJsonBody(request.body),
      );
      const lease = await context.store.lease(
        campaign,
        reviewerId,
        body.max_images ?? defaultBatch,
        context.now(),
      );
      return okReply({
        lease: { reviewer_id: reviewerId, expires_at: lease.expiresAt, seconds: campaign.leaseSeconds },
        // The model the predictions are of, so a reviewer's app files them under it.
        campaign: { id: campaign.id, name: campaign.name, model_id: campaign.modelId },
        images: lease.images.map(leasedImageWire),
        remaining: lease.othersHold,
      });
    }
    case 'reviews': {
      only(request, 'POST');
      const reviewerId = requireReviewer(caller);
      const body = validateBody(submitReviewsRequestSchema, parseJsonBody(request.body));
      const stored = await context.store.submit(
        campaign,
        reviewerId,
        body.reviews,
        context.now().toISOString(),
      );
      return okReply({
        reviewer_id: reviewerId,
        reviews: stored.map((review) => ({
          image_id: review.imageId,
          outcome: review.outcome,
          duplicate: review.duplicate,
        })),
      });
    }
    case 'results': {
      only(request, 'GET');
      requireLead(caller);
      const { results: computed } = await results(context, campaign);
      return okReply({
        results: resultsWire(campaign, computed, await context.store.reviewerNames()),
      });
    }
    case 'export': {
      only(request, 'GET');
      requireLead(caller);
      const format = request.query.get('format') ?? 'json';
      if (!(teamExportFormats as readonly string[]).includes(format))
        throw rejection.invalidRequest(
          `format must be one of ${teamExportFormats.join(', ')}, got ${JSON.stringify(format.slice(0, 40))}`,
        );
      const { input, results: computed } = await results(context, campaign);
      if (format !== 'json') {
        const unsized = imagesWithoutSize(input.exportImages);
        if (unsized.length > 0)
          throw rejection.invalidRequest(
            `${format} needs image sizes, unknown for ${unsized.length} URL image(s) such as "${unsized[0] ?? ''}"; export json instead`,
          );
      }
      const predicted = new Map(
        input.images.map((image) => [
          image.id,
          new Map<string, Box>(image.regions.map((r) => [r.id, r.box])),
        ]),
      );
      const content = teamExport(
        format as TeamExportFormat,
        campaign,
        input.exportImages,
        computed,
        predicted,
        context.now(),
      );
      return okReply({ export: { format, content } });
    }
    default:
      throw rejection.noSuchPath(`no endpoint at ${request.path}`);
  }
}
