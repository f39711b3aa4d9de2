import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type {
  CampaignPolicy,
  ImageReview,
  PredictedVerdict,
  ReviewOutcome,
  TeamRegion,
} from '../../../shared/team/teamWire.ts';
import {
  imageReviewSchema,
  predictedVerdictSchema,
  teamRegionSchema,
} from '../../../shared/team/teamWire.ts';
import type { ResultsImage, ResultsReview } from '../../../shared/team/teamResults.ts';
import { ApiError, rejection } from '../server/apiError.ts';
import type { SqlRow, SqlRunner, TeamDatabase } from './teamDatabase.ts';

/**
 * The team collector's repository (docs/team-collector.md): every read and write of campaigns,
 * reviewers, leases and reviews, over either backend (teamDatabase.ts). Rows read back are
 * validated before they are used.
 */

export interface Campaign {
  id: string;
  name: string;
  modelId: string;
  policy: CampaignPolicy;
  overlap: number;
  leaseSeconds: number;
  createdAt: string;
}

export interface NewCampaignImage {
  id: string;
  url: string | null;
  bytes: Uint8Array | null;
  width: number | null;
  height: number | null;
  regions: readonly TeamRegion[];
  gold: Readonly<Record<string, PredictedVerdict>> | null;
}

export interface LeasedImage {
  id: string;
  slot: number;
  url: string | null;
  bytes: Uint8Array | null;
  width: number | null;
  height: number | null;
  regions: TeamRegion[];
}

export interface Lease {
  expiresAt: string;
  images: LeasedImage[];
  /**
   * Slots not done yet of images this reviewer could still be given — leased to others now, or
   * left out of this batch. With no images and this above 0, pull again later: a lease of someone
   * else may expire, or (overlap) finish without taking the slot meant for you.
   */
  othersHold: number;
}

export interface StoredReview {
  imageId: string;
  outcome: ReviewOutcome;
  /** This reviewer had already stored a review of the image: nothing new was written. */
  duplicate: boolean;
}

export interface KeyOwner {
  reviewerId: string;
  revoked: boolean;
}

export interface CampaignProgress {
  campaign: Campaign;
  images: number;
  slots: { open: number; leased: number; done: number };
}

export interface CampaignExportImage {
  id: string;
  url: string | null;
  width: number | null;
  height: number | null;
}

export interface TeamStore {
  readonly backend: 'sqlite' | 'postgres';
  addReviewer(id: string, name: string, keyDigest: string, now: string): Promise<'added' | 'key_added'>;
  revokeReviewer(id: string, now: string): Promise<number>;
  keyOwner(digest: string): Promise<KeyOwner | undefined>;
  /** Every reviewer's name by id, so the lead reads names rather than ids. */
  reviewerNames(): Promise<Record<string, string>>;
  createCampaign(campaign: Campaign, images: readonly NewCampaignImage[]): Promise<void>;
  campaign(id: string): Promise<Campaign | undefined>;
  campaigns(): Promise<Campaign[]>;
  progress(campaign: Campaign): Promise<CampaignProgress>;
  lease(campaign: Campaign, reviewerId: string, maxImages: number, now: Date): Promise<Lease>;
  submit(
    campaign: Campaign,
    reviewerId: string,
    reviews: readonly ImageReview[],
    now: string,
  ): Promise<StoredReview[]>;
  resultsInput(
    campaign: Campaign,
  ): Promise<{ images: ResultsImage[]; reviews: ResultsReview[]; exportImages: CampaignExportImage[] }>;
  close(): Promise<void>;
}

const campaignRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  model_id: z.string(),
  policy: z.enum(['partitioned', 'overlap']),
  overlap: z.coerce.number().int(),
  lease_seconds: z.coerce.number().int(),
  created_at: z.string(),
});

const regionsJson = z.array(teamRegionSchema);
const goldJson = z.record(z.string(), predictedVerdictSchema);

function campaignOf(row: SqlRow): Campaign {
  const parsed = campaignRowSchema.parse(row);
  return {
    id: parsed.id,
    name: parsed.name,
    modelId: parsed.model_id,
    policy: parsed.policy,
    overlap: parsed.overlap,
    leaseSeconds: parsed.lease_seconds,
    createdAt: parsed.created_at,
  };
}

/** The stored image bytes one lease answer carries at most (base64 adds a third on the wire). */
const maxLeaseAnswerBytes = 48 * 1024 * 1024;

const nullableNumber = (value: unknown) => (value === null || value === undefined ? null : Number(value));
const bytesOf = (value: unknown) => (value instanceof Uint8Array ? value : null);
const text = (value: unknown) => (typeof value === 'string' ? value : null);

/** A JSON column read back: it must be text and match its schema, or the row is not used. */
function jsonColumn<T>(value: unknown, schema: z.ZodType<T>, what: string): T {
  if (typeof value !== 'string') throw new Error(`team store: ${what} is not JSON text`);
  return schema.parse(JSON.parse(value));
}

export class SqlTeamStore implements TeamStore {
  readonly #db: TeamDatabase;

  constructor(db: TeamDatabase) {
    this.#db = db;
  }

  get backend(): 'sqlite' | 'postgres' {
    return this.#db.backend;
  }

  addReviewer(id: string, name: string, keyDigest: string, now: string): Promise<'added' | 'key_added'> {
    return this.#db.transaction(async (tx) => {
      const existing = await tx.all('SELECT id FROM team_reviewers WHERE id = ?', [id]);
      if (existing.length === 0)
        await tx.run('INSERT INTO team_reviewers (id, name, created_at) VALUES (?, ?, ?)', [id, name, now]);
      await tx.run('INSERT INTO team_keys (key_sha256, reviewer_id, created_at) VALUES (?, ?, ?)', [
        keyDigest,
        id,
        now,
      ]);
      return existing.length === 0 ? 'added' : 'key_added';
    });
  }

  revokeReviewer(id: string, now: string): Promise<number> {
    return this.#db.run('UPDATE team_keys SET revoked_at = ? WHERE reviewer_id = ? AND revoked_at IS NULL', [
      now,
      id,
    ]);
  }

  async keyOwner(digest: string): Promise<KeyOwner | undefined> {
    const rows = await this.#db.all('SELECT reviewer_id, revoked_at FROM team_keys WHERE key_sha256 = ?', [
      digest,
    ]);
    const row = rows[0];
    if (!row) return undefined;
    return { reviewerId: String(row['reviewer_id']), revoked: row['revoked_at'] !== null };
  }

  async reviewerNames(): Promise<Record<string, string>> {
    const rows = await this.#db.all('SELECT id, name FROM team_reviewers ORDER BY id');
    return Object.fromEntries(rows.map((row) => [String(row['id']), String(row['name'])]));
  }

  createCampaign(campaign: Campaign, images: readonly NewCampaignImage[]): Promise<void> {
    return this.#db.transaction(async (tx) => {
      if ((await tx.all('SELECT id FROM team_campaigns WHERE id = ?', [campaign.id])).length > 0)
        throw new ApiError(11102, `campaign.id: a campaign "${campaign.id}" exists already`, {
          httpStatus: 409,
        });
      await tx.run(
        'INSERT INTO team_campaigns (id, name, model_id, policy, overlap, lease_seconds, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [
          campaign.id,
          campaign.name,
          campaign.modelId,
          campaign.policy,
          campaign.overlap,
          campaign.leaseSeconds,
          campaign.createdAt,
        ],
      );
      let seq = 0;
      for (const image of images) {
        seq += 1;
        await tx.run(
          'INSERT INTO team_images (campaign_id, id, seq, url, bytes, width, height, regions, gold) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
          [
            campaign.id,
            image.id,
            seq,
            image.url,
            image.bytes,
            image.width,
            image.height,
            JSON.stringify(image.regions),
            image.gold === null ? null : JSON.stringify(image.gold),
          ],
        );
        for (let slot = 1; slot <= campaign.overlap; slot += 1) {
          await tx.run(
            "INSERT INTO team_slots (campaign_id, image_id, slot, seq, state) VALUES (?, ?, ?, ?, 'open')",
            [campaign.id, image.id, slot, seq],
          );
        }
      }
    });
  }

  async campaign(id: string): Promise<Campaign | undefined> {
    const rows = await this.#db.all('SELECT * FROM team_campaigns WHERE id = ?', [id]);
    return rows[0] ? campaignOf(rows[0]) : undefined;
  }

  async campaigns(): Promise<Campaign[]> {
    return (await this.#db.all('SELECT * FROM team_campaigns ORDER BY created_at, id')).map(campaignOf);
  }

  async progress(campaign: Campaign): Promise<CampaignProgress> {
    const rows = await this.#db.all(
      'SELECT state, CAST(count(*) AS INTEGER) AS n FROM team_slots WHERE campaign_id = ? GROUP BY state',
      [campaign.id],
    );
    const slots = { open: 0, leased: 0, done: 0 };
    for (const row of rows) slots[row['state'] as keyof typeof slots] = Number(row['n']);
    return { campaign, images: (slots.open + slots.leased + slots.done) / campaign.overlap, slots };
  }

  /**
   * The reviewer's live leases first (a pull after a restart gets the same work back, with a new
   * expiry), then free slots: open ones and those whose lease expired, oldest images first, never
   * two slots of one image, never an image this reviewer already holds or reviewed.
   */
  lease(campaign: Campaign, reviewerId: string, maxImages: number, now: Date): Promise<Lease> {
    const nowText = now.toISOString();
    const expiresAt = new Date(now.getTime() + campaign.leaseSeconds * 1000).toISOString();
    return this.#db.transaction(async (tx) => {
      const held = await tx.all(
        `SELECT image_id, slot FROM team_slots
          WHERE campaign_id = ? AND holder = ? AND state = 'leased' AND lease_expires_at >= ?
          ORDER BY seq LIMIT ?${this.#db.forUpdate}`,
        [campaign.id, reviewerId, nowText, maxImages],
      );
      const chosen = held.map((row) => ({ imageId: String(row['image_id']), slot: Number(row['slot']) }));
      if (chosen.length < maxImages) {
        const free = (lock: string) =>
          tx.all(
            `SELECT image_id, slot FROM team_slots s
              WHERE campaign_id = ? AND (state = 'open' OR (state = 'leased' AND lease_expires_at < ?))
                AND NOT EXISTS (SELECT 1 FROM team_slots o WHERE o.campaign_id = s.campaign_id
                                AND o.image_id = s.image_id AND o.holder = ? AND o.slot <> s.slot)
                AND NOT EXISTS (SELECT 1 FROM team_reviews r WHERE r.campaign_id = s.campaign_id
                                AND r.image_id = s.image_id AND r.reviewer_id = ?)
              ORDER BY seq, slot LIMIT ?${lock}`,
            [campaign.id, nowText, reviewerId, reviewerId, (maxImages - chosen.length) * campaign.overlap],
          );
        let candidates = await free(this.#db.skipLocked);
        // Everything free was locked by pulls in flight, which may take only some of it (one slot
        // per image of the rows they locked): wait for them and look again, rather than answer
        // "nothing left" while slots stay open.
        if (candidates.length === 0 && chosen.length === 0 && this.#db.skipLocked !== '')
          candidates = await free(this.#db.forUpdate);
        const images = new Set(chosen.map((entry) => entry.imageId));
        for (const row of candidates) {
          const imageId = String(row['image_id']);
          if (images.has(imageId) || chosen.length >= maxImages) continue;
          images.add(imageId);
          chosen.push({ imageId, slot: Number(row['slot']) });
        }
      }
      const leased: LeasedImage[] = [];
      let bytes = 0;
      for (const { imageId, slot } of chosen) {
        const row = (
          await tx.all(
            'SELECT url, bytes, width, height, regions FROM team_images WHERE campaign_id = ? AND id = ?',
            [campaign.id, imageId],
          )
        )[0];
        if (!row) throw new Error(`slot of image ${imageId} without its image row`);
        const image = bytesOf(row['bytes']);
        // A batch of uploaded images stops at the answer budget (always at least one image): the
        // rest stay in the pool, or stay this reviewer's and come with the next pull.
        bytes += image?.byteLength ?? 0;
        if (leased.length > 0 && bytes > maxLeaseAnswerBytes) break;
        await tx.run(
          "UPDATE team_slots SET state = 'leased', holder = ?, lease_expires_at = ? WHERE campaign_id = ? AND image_id = ? AND slot = ?",
          [reviewerId, expiresAt, campaign.id, imageId, slot],
        );
        await tx.run(
          'INSERT INTO team_lease_grants (id, campaign_id, image_id, slot, reviewer_id, granted_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
          [randomUUID(), campaign.id, imageId, slot, reviewerId, nowText, expiresAt],
        );
        leased.push({
          id: imageId,
          slot,
          url: text(row['url']),
          bytes: image,
          width: nullableNumber(row['width']),
          height: nullableNumber(row['height']),
          regions: jsonColumn(row['regions'], regionsJson, 'team_images.regions'),
        });
      }
      const waiting = await tx.all(
        `SELECT CAST(count(*) AS INTEGER) AS n FROM team_slots s
          WHERE campaign_id = ? AND state <> 'done'
            AND NOT EXISTS (SELECT 1 FROM team_slots o WHERE o.campaign_id = s.campaign_id
                            AND o.image_id = s.image_id AND o.holder = ?)
            AND NOT EXISTS (SELECT 1 FROM team_reviews r WHERE r.campaign_id = s.campaign_id
                            AND r.image_id = s.image_id AND r.reviewer_id = ?)`,
        [campaign.id, reviewerId, reviewerId],
      );
      return { expiresAt, images: leased, othersHold: Number(waiting[0]?.['n'] ?? 0) };
    });
  }

  /**
   * Idempotent per (campaign, image, reviewer): a second submit of an image this reviewer already
   * stored answers what the first did and writes nothing. Otherwise the review fills the slot the
   * reviewer holds — even with its lease expired, if nobody took it — else any slot not done yet
   * (the lease expired offline and someone else has the image, unfinished); only when every slot
   * is done is it kept as an extra review for the lead. A batch is one transaction: refused whole.
   */
  submit(
    campaign: Campaign,
    reviewerId: string,
    reviews: readonly ImageReview[],
    now: string,
  ): Promise<StoredReview[]> {
    return this.#db.transaction(async (tx) => {
      const stored: StoredReview[] = [];
      for (const [index, review] of reviews.entries()) {
        stored.push(await this.#submitOne(tx, campaign, reviewerId, review, index, now));
      }
      return stored;
    });
  }

  async #submitOne(
    tx: SqlRunner,
    campaign: Campaign,
    reviewerId: string,
    review: ImageReview,
    index: number,
    now: string,
  ): Promise<StoredReview> {
    const where = `reviews[${index}]`;
    const imageRows = await tx.all('SELECT regions FROM team_images WHERE campaign_id = ? AND id = ?', [
      campaign.id,
      review.image_id,
    ]);
    const imageRow = imageRows[0];
    if (!imageRow)
      throw new ApiError(
        30102,
        `${where}.image_id: campaign "${campaign.id}" has no image "${review.image_id}"`,
      );
    const predicted = new Set(
      jsonColumn(imageRow['regions'], regionsJson, 'team_images.regions').map((region) => region.id),
    );
    for (const [regionIndex, region] of review.regions.entries()) {
      if (region.verdict !== 'not_detected' && !predicted.has(region.id))
        throw rejection.invalidRequest(
          `${where}.regions[${regionIndex}].id: image "${review.image_id}" has no predicted region "${region.id}"`,
        );
    }
    const existing = await tx.all(
      'SELECT kind FROM team_reviews WHERE campaign_id = ? AND image_id = ? AND reviewer_id = ?',
      [campaign.id, review.image_id, reviewerId],
    );
    if (existing[0])
      return { imageId: review.image_id, outcome: existing[0]['kind'] as ReviewOutcome, duplicate: true };
    const granted = await tx.all(
      'SELECT 1 AS one FROM team_lease_grants WHERE campaign_id = ? AND image_id = ? AND reviewer_id = ? LIMIT 1',
      [campaign.id, review.image_id, reviewerId],
    );
    if (granted.length === 0)
      throw rejection.forbidden(
        `${where}.image_id: image "${review.image_id}" was never leased to you; pull it first`,
      );

    let outcome: ReviewOutcome = 'extra';
    const own = await tx.all(
      `SELECT slot FROM team_slots WHERE campaign_id = ? AND image_id = ? AND holder = ? AND state = 'leased'${this.#db.forUpdate}`,
      [campaign.id, review.image_id, reviewerId],
    );
    let slot = own[0] ? Number(own[0]['slot']) : undefined;
    if (slot === undefined) {
      const free = await tx.all(
        `SELECT slot FROM team_slots WHERE campaign_id = ? AND image_id = ? AND state <> 'done'
          ORDER BY CASE WHEN state = 'open' OR lease_expires_at < ? THEN 0 ELSE 1 END, slot LIMIT 1${this.#db.forUpdate}`,
        [campaign.id, review.image_id, now],
      );
      slot = free[0] ? Number(free[0]['slot']) : undefined;
    }
    if (slot !== undefined) {
      await tx.run(
        "UPDATE team_slots SET state = 'done', holder = ?, lease_expires_at = NULL WHERE campaign_id = ? AND image_id = ? AND slot = ?",
        [reviewerId, campaign.id, review.image_id, slot],
      );
      outcome = 'counted';
    }
    await tx.run(
      'INSERT INTO team_reviews (campaign_id, image_id, reviewer_id, kind, regions, submitted_at) VALUES (?, ?, ?, ?, ?, ?)',
      [campaign.id, review.image_id, reviewerId, outcome, JSON.stringify(review.regions), now],
    );
    return { imageId: review.image_id, outcome, duplicate: false };
  }

  async resultsInput(
    campaign: Campaign,
  ): Promise<{ images: ResultsImage[]; reviews: ResultsReview[]; exportImages: CampaignExportImage[] }> {
    const imageRows = await this.#db.all(
      `SELECT i.id, i.url, i.width, i.height, i.regions, i.gold,
              CAST((SELECT count(*) FROM team_slots s WHERE s.campaign_id = i.campaign_id AND s.image_id = i.id AND s.state = 'done') AS INTEGER) AS done
         FROM team_images i WHERE i.campaign_id = ? ORDER BY i.seq`,
      [campaign.id],
    );
    const reviewRows = await this.#db.all(
      'SELECT image_id, reviewer_id, kind, regions, submitted_at FROM team_reviews WHERE campaign_id = ? ORDER BY submitted_at, reviewer_id',
      [campaign.id],
    );
    return {
      images: imageRows.map((row) => ({
        id: String(row['id']),
        regions: jsonColumn(row['regions'], regionsJson, 'team_images.regions'),
        gold: row['gold'] === null ? null : jsonColumn(row['gold'], goldJson, 'team_images.gold'),
        slots: campaign.overlap,
        doneSlots: Number(row['done']),
      })),
      reviews: reviewRows.map((row) => ({
        imageId: String(row['image_id']),
        reviewerId: String(row['reviewer_id']),
        kind: row['kind'] === 'counted' ? 'counted' : 'extra',
        regions: jsonColumn(row['regions'], imageReviewSchema.shape.regions, 'team_reviews.regions'),
        submittedAt: String(row['submitted_at']),
      })),
      exportImages: imageRows.map((row) => ({
        id: String(row['id']),
        url: text(row['url']),
        width: nullableNumber(row['width']),
        height: nullableNumber(row['height']),
      })),
    };
  }

  close(): Promise<void> {
    return this.#db.close();
  }
}
