import type { DatabaseSync } from 'node:sqlite';
import { reviewedRegionSchema, reviewStateSchema, type ReviewState } from '../../../shared/review.ts';
import {
  applyReviewOp,
  applyReviewPatch,
  ReviewOpError,
  reviewPatchSchema,
  type ReviewOp,
  type ReviewPatch,
} from '../../../shared/reviewOps.ts';
import type { ReviewStatus, ReviewView } from '../../../shared/workspaceViews.ts';
import { LoupeError } from '../../../shared/LoupeError.ts';
import { inTransaction } from '../../io/sqlite.ts';
import { refreshImageStatus } from './imageStatus.ts';
import { writeReviewFacets } from './reviewFacetRepo.ts';
import { insertRegionFacets, writeRegionFacet } from './regionFacetRepo.ts';
import { FacetTally } from '../../../shared/reviewFacets.ts';

/** What an edit did to a review: where it stands now, and whether its status moved. */
export interface ReviewChange extends ReviewView {
  statusChanged: boolean;
}

/** A review's row, without its state: `version` says which write of the review it is. */
interface StoredRow {
  status: ReviewStatus;
  revision: number;
  version: string;
}

/** A review's state as parsed, with its facets' tally, good for one version of the review. */
interface Cached {
  version: string;
  state: ReviewState;
  tally: FacetTally;
}

/** Reviews whose current state is kept parsed: the ones being edited (a few windows at most). */
const cachedReviews = 8;

/**
 * Review state per prediction output and the journal of every edit (docs/review-storage.md).
 * Each edit is committed — the regions it changed, the journal row, the revision — in one
 * transaction (synchronous=FULL) before it is acknowledged, and undo / redo read the journal, so
 * both survive a restart. An edit costs what it changes: the state it applies to is kept parsed
 * for the reviews being edited, checked against the stored revision (another process's edit moves
 * it, and the state is read again).
 */
export class ReviewRepo {
  readonly #db: DatabaseSync;
  readonly #cache = new Map<number, Cached>();

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** A new review: unreviewed, or in progress when it starts with carried verdicts. */
  create(
    predictionId: number,
    state: ReviewState,
    status: 'unreviewed' | 'in_progress' = 'unreviewed',
  ): void {
    const parsed = reviewStateSchema.parse(state);
    // A prediction id can be used again after its prediction was removed.
    this.#cache.delete(predictionId);
    inTransaction(this.#db, () => {
      const inserted = this.#db
        .prepare(
          `INSERT INTO reviews (prediction_id, state, status, revision, updated_at) VALUES (?, ?, ?, 0, ?)
           ON CONFLICT(prediction_id) DO NOTHING`,
        )
        .run(predictionId, JSON.stringify({ ...parsed, regions: [] }), status, new Date().toISOString());
      if (inserted.changes === 0) return;
      const insert = this.#db.prepare(
        'INSERT INTO review_regions (prediction_id, key, position, region) VALUES (?, ?, ?, ?)',
      );
      parsed.regions.forEach((region, position) => {
        insert.run(predictionId, region.key, position, JSON.stringify(region));
      });
      // The triage grid's rows of the regions just written (migration 008), in this transaction.
      insertRegionFacets(this.#db, predictionId, parsed.regions);
      writeReviewFacets(this.#db, predictionId, FacetTally.of(parsed).facets());
    });
  }

  get(predictionId: number): ReviewView {
    const row = this.#row(predictionId);
    return {
      predictionId,
      state: this.#state(predictionId, row.version).state,
      status: row.status,
      revision: row.revision,
      ...this.#history(predictionId),
    };
  }

  /** Applies one edit and journals it, atomically. Pending redo steps are abandoned. */
  apply(predictionId: number, op: ReviewOp, reviewer: string): ReviewChange {
    return inTransaction(this.#db, () => {
      const row = this.#row(predictionId);
      let applied;
      try {
        // The op was validated by the contract (or built by Loupe itself): validated once.
        applied = applyReviewOp(this.#state(predictionId, row.version).state, op);
      } catch (error) {
        if (error instanceof ReviewOpError) throw new LoupeError('conflict', error.message);
        throw error;
      }
      this.#db
        .prepare(`UPDATE journal SET state = 'abandoned' WHERE prediction_id = ? AND state = 'undone'`)
        .run(predictionId);
      this.#db
        .prepare(
          `INSERT INTO journal (prediction_id, op, forward, backward, state, reviewer, created_at, reopened)
           VALUES (?, ?, ?, ?, 'done', ?, ?, ?)`,
        )
        .run(
          predictionId,
          JSON.stringify(op),
          JSON.stringify(applied.forward),
          JSON.stringify(applied.backward),
          reviewer,
          new Date().toISOString(),
          row.status === 'done' ? 1 : 0,
        );
      return this.#save(predictionId, row, applied.forward, applied.state);
    });
  }

  undo(predictionId: number): ReviewChange {
    return inTransaction(this.#db, () => {
      const entry = this.#entry(predictionId, 'done');
      if (!entry) throw new LoupeError('conflict', 'Nothing to undo');
      return this.#step(predictionId, entry, entry.backward, 'undone');
    });
  }

  redo(predictionId: number): ReviewChange {
    return inTransaction(this.#db, () => {
      const entry = this.#entry(predictionId, 'undone');
      if (!entry) throw new LoupeError('conflict', 'Nothing to redo');
      return this.#step(predictionId, entry, entry.forward, 'done');
    });
  }

  /** Prediction ids with a review, optionally of some images and/or one status. */
  ids(filter: { imageIds?: readonly number[] | undefined; status?: ReviewStatus } = {}): number[] {
    const rows = this.#db
      .prepare(
        `SELECT r.prediction_id AS id, p.image_id AS image_id FROM reviews r JOIN predictions p ON p.id = r.prediction_id
         WHERE (:status IS NULL OR r.status = :status) ORDER BY r.prediction_id`,
      )
      .all({ status: filter.status ?? null });
    const images = filter.imageIds && new Set(filter.imageIds);
    return rows
      .filter((row) => !images || images.has(Number(row['image_id'])))
      .map((row) => Number(row['id']));
  }

  setStatus(predictionId: number, status: ReviewStatus): void {
    inTransaction(this.#db, () => {
      this.#db.prepare('UPDATE reviews SET status = ? WHERE prediction_id = ?').run(status, predictionId);
      // Submitted: what is done from now on is this state; undoing earlier edits reopens it.
      if (status === 'done')
        this.#db
          .prepare('UPDATE journal SET reopened = 0 WHERE prediction_id = ? AND reopened = 1')
          .run(predictionId);
      this.#refresh(predictionId);
    });
  }

  #row(predictionId: number): StoredRow {
    const row = this.#db
      .prepare('SELECT status, revision, updated_at FROM reviews WHERE prediction_id = ?')
      .get(predictionId);
    if (!row) throw new LoupeError('not_found', `No review for prediction ${predictionId}`);
    return {
      status: String(row['status']) as ReviewStatus,
      revision: Number(row['revision']),
      version: `${Number(row['revision'])}@${String(row['updated_at'])}`,
    };
  }

  /**
   * The state as stored now: kept parsed while it is being edited, else read and validated. The
   * copy is good for one version (revision and write time): an edit by another connection, or a
   * review made anew under a reused prediction id, is another version.
   */
  #state(predictionId: number, version: string): Cached {
    const cached = this.#cache.get(predictionId);
    if (cached?.version === version) return cached;
    const head = this.#db.prepare('SELECT state FROM reviews WHERE prediction_id = ?').get(predictionId);
    const regions = this.#db
      .prepare('SELECT region FROM review_regions WHERE prediction_id = ? ORDER BY position')
      .all(predictionId);
    const state = parseReviewState(
      String(head?.['state']),
      regions.map((region) => String(region['region'])),
    );
    if (!state) throw new LoupeError('storage', `The stored review of prediction ${predictionId} is damaged`);
    const entry = { version, state, tally: FacetTally.of(state) };
    this.#remember(predictionId, entry);
    return entry;
  }

  #remember(predictionId: number, entry: Cached): void {
    this.#cache.delete(predictionId);
    this.#cache.set(predictionId, entry);
    if (this.#cache.size > cachedReviews) this.#cache.delete(this.#cache.keys().next().value as number);
  }

  #step(
    predictionId: number,
    entry: { id: number; reopened: boolean; forward: ReviewPatch; backward: ReviewPatch },
    patch: ReviewPatch,
    state: 'done' | 'undone',
  ): ReviewChange {
    const row = this.#row(predictionId);
    this.#db.prepare('UPDATE journal SET state = ? WHERE id = ?').run(state, entry.id);
    const saved = this.#save(
      predictionId,
      row,
      patch,
      applyReviewPatch(this.#state(predictionId, row.version).state, patch),
    );
    // Undoing the edit that reopened a submitted review leaves the state that was submitted: done
    // again (a stray nudge undone must not leave the image "in progress").
    if (state === 'undone' && entry.reopened && saved.status === 'in_progress') {
      this.#db.prepare(`UPDATE reviews SET status = 'done' WHERE prediction_id = ?`).run(predictionId);
      this.#refresh(predictionId);
      return { ...saved, status: 'done', statusChanged: row.status !== 'done' };
    }
    return saved;
  }

  /**
   * Writes what `patch` changed — its regions, the image concepts if it has them — and the next
   * revision. The review's rest is written only when the image concepts changed.
   */
  #save(predictionId: number, row: StoredRow, patch: ReviewPatch, state: ReviewState): ReviewChange {
    const db = this.#db;
    const upsert = db.prepare(
      `INSERT INTO review_regions (prediction_id, key, position, region)
         VALUES (:id, :key, (SELECT coalesce(max(position), -1) + 1 FROM review_regions WHERE prediction_id = :id), :region)
       ON CONFLICT (prediction_id, key) DO UPDATE SET region = excluded.region`,
    );
    const remove = db.prepare('DELETE FROM review_regions WHERE prediction_id = ? AND key = ?');
    for (const [key, region] of Object.entries(patch.regions ?? {})) {
      if (region) upsert.run({ id: predictionId, key, region: JSON.stringify(region) });
      else remove.run(predictionId, key);
      // The triage grid's row of the region (migration 008), in this transaction.
      writeRegionFacet(db, predictionId, key, region ?? null);
    }
    if (patch.imageConcepts) {
      db.prepare('UPDATE reviews SET state = ? WHERE prediction_id = ?').run(
        JSON.stringify({ ...state, regions: [] }),
        predictionId,
      );
    }
    // A review that was submitted becomes in progress again when edited: the next submit then
    // replaces or follows the earlier feedback (see the outbox).
    const status: ReviewStatus =
      row.status === 'unreviewed' || row.status === 'done' ? 'in_progress' : row.status;
    const revision = row.revision + 1;
    const updatedAt = new Date().toISOString();
    db.prepare('UPDATE reviews SET revision = ?, status = ?, updated_at = ? WHERE prediction_id = ?').run(
      revision,
      status,
      updatedAt,
      predictionId,
    );
    // What the image list sorts and filters by: the tally of the state edited (read in this
    // transaction by the caller) moved by the regions the patch changed. Out of the cache while
    // it moves, so a write that fails leaves no half-moved tally behind.
    const { tally } = this.#state(predictionId, row.version);
    this.#cache.delete(predictionId);
    for (const [key, region] of Object.entries(patch.regions ?? {})) tally.replace(key, region ?? null);
    writeReviewFacets(db, predictionId, tally.facets(), tally.takeConceptsChanged());
    // The image's status follows its reviews' statuses, and only they moved here.
    if (status !== row.status) this.#refresh(predictionId);
    this.#remember(predictionId, { version: `${revision}@${updatedAt}`, state, tally });
    return {
      predictionId,
      state,
      status,
      revision,
      statusChanged: status !== row.status,
      ...this.#history(predictionId),
    };
  }

  #refresh(predictionId: number): void {
    const row = this.#db.prepare('SELECT image_id FROM predictions WHERE id = ?').get(predictionId);
    if (row) refreshImageStatus(this.#db, Number(row['image_id']));
  }

  /** Whether undo / redo have a step — existence only, not the patches (as large as the review). */
  #history(predictionId: number): { canUndo: boolean; canRedo: boolean } {
    const has = (state: 'done' | 'undone') =>
      this.#db
        .prepare('SELECT 1 FROM journal WHERE prediction_id = ? AND state = ? LIMIT 1')
        .get(predictionId, state) !== undefined;
    return { canUndo: has('done'), canRedo: has('undone') };
  }

  /** The step undo takes (the last done entry) or redo takes (the first undone one). */
  #entry(predictionId: number, state: 'done' | 'undone') {
    const order = state === 'done' ? 'DESC' : 'ASC';
    const row = this.#db
      .prepare(
        `SELECT id, forward, backward, reopened FROM journal WHERE prediction_id = ? AND state = ? ORDER BY id ${order} LIMIT 1`,
      )
      .get(predictionId, state);
    if (!row) return undefined;
    return {
      id: Number(row['id']),
      reopened: Number(row['reopened']) === 1,
      forward: reviewPatchSchema.parse(JSON.parse(String(row['forward']))),
      backward: reviewPatchSchema.parse(JSON.parse(String(row['backward']))),
    };
  }
}

/**
 * A review as stored: its rest (`reviews.state`, regions empty) and its regions' rows in order.
 * Undefined when any part does not read back as a review.
 */
export function parseReviewState(head: string, regions: readonly string[]): ReviewState | undefined {
  try {
    const rest = reviewStateSchema.safeParse(JSON.parse(head));
    if (!rest.success) return undefined;
    const parsed = [];
    for (const text of regions) {
      const region = reviewedRegionSchema.safeParse(JSON.parse(text));
      if (!region.success) return undefined;
      parsed.push(region.data);
    }
    return { ...rest.data, regions: parsed };
  } catch {
    return undefined;
  }
}
