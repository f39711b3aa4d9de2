import type { DatabaseSync } from 'node:sqlite';
import { reviewStateSchema, type ReviewState } from '../../shared/review.ts';
import {
  applyReviewOp,
  applyReviewPatch,
  ReviewOpError,
  reviewOpSchema,
  reviewPatchSchema,
  type ReviewOp,
  type ReviewPatch,
} from '../../shared/reviewOps.ts';
import { LoupeError } from '../contract/LoupeError.ts';
import { inTransaction } from '../store/sqlite.ts';
import { refreshImageStatus } from './imageStatus.ts';
import { writeReviewFacets } from './reviewFacetRepo.ts';

export type ReviewStatus = 'unreviewed' | 'in_progress' | 'done';

export interface StoredReview {
  predictionId: number;
  state: ReviewState;
  status: ReviewStatus;
  revision: number;
  canUndo: boolean;
  canRedo: boolean;
}

/**
 * Review state per prediction output and the journal of every edit. Each edit is committed
 * (state + journal row, one transaction, synchronous=FULL) before it is acknowledged, and undo /
 * redo read the journal, so both survive a restart.
 */
export class ReviewRepo {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  create(predictionId: number, state: ReviewState): void {
    const parsed = reviewStateSchema.parse(state);
    const result = this.#db
      .prepare(
        `INSERT INTO reviews (prediction_id, state, status, revision, updated_at) VALUES (?, ?, 'unreviewed', 0, ?)
         ON CONFLICT(prediction_id) DO NOTHING`,
      )
      .run(predictionId, JSON.stringify(parsed), new Date().toISOString());
    if (Number(result.changes) > 0) writeReviewFacets(this.#db, predictionId, parsed);
  }

  get(predictionId: number): StoredReview {
    const row = this.#db
      .prepare('SELECT state, status, revision FROM reviews WHERE prediction_id = ?')
      .get(predictionId);
    if (!row) throw new LoupeError('not_found', `No review for prediction ${predictionId}`);
    const state = reviewStateSchema.safeParse(JSON.parse(String(row['state'])));
    if (!state.success) {
      throw new LoupeError('storage', `The stored review of prediction ${predictionId} is damaged`);
    }
    return {
      predictionId,
      state: state.data,
      status: String(row['status']) as ReviewStatus,
      revision: Number(row['revision']),
      // Existence only: reading the entries would parse patches as large as the review.
      canUndo: this.#has(predictionId, 'done'),
      canRedo: this.#has(predictionId, 'undone'),
    };
  }

  /** Applies one edit and journals it, atomically. Pending redo steps are abandoned. */
  apply(predictionId: number, op: ReviewOp, reviewer: string): StoredReview {
    return inTransaction(this.#db, () => {
      const current = this.get(predictionId);
      let applied;
      try {
        applied = applyReviewOp(current.state, reviewOpSchema.parse(op));
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
          current.status === 'done' ? 1 : 0,
        );
      return this.#save(predictionId, applied.state, current.revision);
    });
  }

  undo(predictionId: number): StoredReview {
    return inTransaction(this.#db, () => {
      const entry = this.#lastEntry(predictionId);
      if (!entry) throw new LoupeError('conflict', 'Nothing to undo');
      return this.#step(predictionId, entry, entry.backward, 'undone');
    });
  }

  redo(predictionId: number): StoredReview {
    return inTransaction(this.#db, () => {
      const entry = this.#firstUndone(predictionId);
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

  #refresh(predictionId: number): void {
    const row = this.#db.prepare('SELECT image_id FROM predictions WHERE id = ?').get(predictionId);
    if (row) refreshImageStatus(this.#db, Number(row['image_id']));
  }

  #step(
    predictionId: number,
    entry: { id: number; reopened: boolean },
    patch: ReviewPatch,
    state: 'done' | 'undone',
  ): StoredReview {
    const current = this.get(predictionId);
    this.#db.prepare('UPDATE journal SET state = ? WHERE id = ?').run(state, entry.id);
    const saved = this.#save(predictionId, applyReviewPatch(current.state, patch), current.revision);
    // Undoing the edit that reopened a submitted review leaves the state that was submitted: done
    // again (a stray nudge undone must not leave the image "in progress").
    if (state === 'undone' && entry.reopened && saved.status === 'in_progress') {
      this.#db.prepare(`UPDATE reviews SET status = 'done' WHERE prediction_id = ?`).run(predictionId);
      this.#refresh(predictionId);
      return { ...saved, status: 'done' };
    }
    return saved;
  }

  /** Stores the edited state; returns the review as stored, without reading the state back. */
  #save(predictionId: number, state: ReviewState, revision: number): StoredReview {
    // A review that was submitted becomes in progress again when edited: the next submit then
    // replaces or follows the earlier feedback (see the outbox).
    const row = this.#db
      .prepare(
        `UPDATE reviews SET state = ?, revision = ?, updated_at = ?,
           status = CASE WHEN status = 'unreviewed' OR status = 'done' THEN 'in_progress' ELSE status END
         WHERE prediction_id = ? RETURNING status`,
      )
      .get(JSON.stringify(state), revision + 1, new Date().toISOString(), predictionId);
    writeReviewFacets(this.#db, predictionId, state);
    this.#refresh(predictionId);
    return {
      predictionId,
      state,
      status: String(row?.['status']) as ReviewStatus,
      revision: revision + 1,
      canUndo: this.#has(predictionId, 'done'),
      canRedo: this.#has(predictionId, 'undone'),
    };
  }

  #has(predictionId: number, state: 'done' | 'undone'): boolean {
    return (
      this.#db
        .prepare('SELECT 1 FROM journal WHERE prediction_id = ? AND state = ? LIMIT 1')
        .get(predictionId, state) !== undefined
    );
  }

  #lastEntry(predictionId: number) {
    return this.#entry(
      `SELECT id, forward, backward, reopened FROM journal WHERE prediction_id = ? AND state = 'done' ORDER BY id DESC LIMIT 1`,
      predictionId,
    );
  }

  #firstUndone(predictionId: number) {
    return this.#entry(
      `SELECT id, forward, backward, reopened FROM journal WHERE prediction_id = ? AND state = 'undone' ORDER BY id ASC LIMIT 1`,
      predictionId,
    );
  }

  #entry(sql: string, predictionId: number) {
    const row = this.#db.prepare(sql).get(predictionId);
    if (!row) return undefined;
    return {
      id: Number(row['id']),
      reopened: Number(row['reopened']) === 1,
      forward: reviewPatchSchema.parse(JSON.parse(String(row['forward']))),
      backward: reviewPatchSchema.parse(JSON.parse(String(row['backward']))),
    };
  }
}
