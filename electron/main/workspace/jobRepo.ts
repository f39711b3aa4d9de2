import type { DatabaseSync } from 'node:sqlite';
import { SUCCESS } from '../../../shared/clarifai/status.ts';
import type { ModelChoice } from '../../../shared/settings.ts';
import { inTransaction } from '../../io/sqlite.ts';

/** A queued prediction of one image by one model. */
export interface PredictJob {
  id: number;
  imageId: number;
  model: ModelChoice;
  attempts: number;
}

export interface JobCounts {
  queued: number;
  done: number;
  failed: number;
}

/**
 * The prediction jobs of a workspace (table `jobs`, docs/design.md §3): one row per image and
 * model, queued → done | failed, with the attempts made and when the next is due. Kept in the
 * workspace, so a restart resumes them.
 */
export class JobRepo {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /**
   * Queues images for a model (default: every image without a successful prediction by it — by
   * that version, when the choice names one); a
   * job already done or failed is queued again. Returns how many were queued.
   */
  enqueue(model: ModelChoice, imageIds?: readonly number[]): number {
    const db = this.#db;
    const modelKey = JSON.stringify(model);
    return inTransaction(db, () => {
      const candidates =
        imageIds ??
        db
          .prepare(
            `SELECT i.id FROM images i WHERE i.error IS NULL AND NOT EXISTS (
               SELECT 1 FROM predictions p WHERE p.image_id = i.id AND p.model_id = :model AND p.status_code = ${SUCCESS}
                 AND (:version IS NULL OR p.model_version_id = :version))`,
          )
          .all({ model: model.modelId, version: model.versionId || null })
          .map((row) => Number(row['id']));
      const upsert = db.prepare(
        `INSERT INTO jobs (image_id, model, state, attempts, next_attempt_at, created_at) VALUES (?, ?, 'queued', 0, ?, ?)
         ON CONFLICT (image_id, model) DO UPDATE SET state = 'queued', attempts = 0, next_attempt_at = excluded.next_attempt_at,
           last_error = NULL WHERE jobs.state != 'queued'`,
      );
      const now = new Date().toISOString();
      let queued = 0;
      for (const imageId of candidates) queued += Number(upsert.run(imageId, modelKey, now, now).changes);
      return queued;
    });
  }

  /** Failed jobs (of some images, or all) are queued again, each with its own model. */
  retryFailed(imageIds?: readonly number[]): number {
    const db = this.#db;
    const wanted = imageIds && new Set(imageIds);
    return inTransaction(db, () => {
      const failed = db
        .prepare(`SELECT id, image_id FROM jobs WHERE state = 'failed'`)
        .all()
        .filter((row) => !wanted || wanted.has(Number(row['image_id'])));
      const now = new Date().toISOString();
      const requeue = db.prepare(
        `UPDATE jobs SET state = 'queued', attempts = 0, next_attempt_at = ?, last_error = NULL WHERE id = ?`,
      );
      for (const row of failed) requeue.run(now, Number(row['id']));
      return failed.length;
    });
  }

  counts(): JobCounts {
    const counts: JobCounts = { queued: 0, done: 0, failed: 0 };
    for (const row of this.#db.prepare('SELECT state, count(*) AS n FROM jobs GROUP BY state').all()) {
      counts[String(row['state']) as keyof JobCounts] = Number(row['n']);
    }
    return counts;
  }

  /** The failed jobs' images and why they failed, in the server's words. */
  failures(): { source: string; reason: string }[] {
    return this.#db
      .prepare(
        `SELECT i.source, j.last_error FROM jobs j JOIN images i ON i.id = j.image_id WHERE j.state = 'failed' ORDER BY j.id`,
      )
      .all()
      .map((row) => ({ source: String(row['source']), reason: String(row['last_error']) }));
  }

  /** Up to `limit` queued jobs due by `now`, oldest first. */
  due(now: Date, limit: number): PredictJob[] {
    return this.#db
      .prepare(
        `SELECT id, image_id, model, attempts FROM jobs WHERE state = 'queued' AND next_attempt_at <= ? ORDER BY id LIMIT ?`,
      )
      .all(now.toISOString(), limit)
      .map((row) => ({
        id: Number(row['id']),
        imageId: Number(row['image_id']),
        model: JSON.parse(String(row['model'])) as ModelChoice,
        attempts: Number(row['attempts']),
      }));
  }

  /** When the next queued job is due (epoch ms), or undefined when none is queued. */
  nextDueAt(): number | undefined {
    const row = this.#db.prepare(`SELECT min(next_attempt_at) AS at FROM jobs WHERE state = 'queued'`).get();
    return typeof row?.['at'] === 'string' ? Date.parse(row['at']) : undefined;
  }

  finish(jobId: number, state: 'done' | 'failed', lastError: string): void {
    this.#db
      .prepare('UPDATE jobs SET state = ?, attempts = attempts + 1, last_error = ? WHERE id = ?')
      .run(state, state === 'failed' ? lastError : null, jobId);
  }

  /** The jobs go again at `due` (one wait for a batch, so it goes again as one request). */
  retryLater(jobIds: readonly number[], due: Date, lastError: string): void {
    const db = this.#db;
    inTransaction(db, () => {
      const update = db.prepare(
        'UPDATE jobs SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?',
      );
      for (const id of jobIds) update.run(due.toISOString(), lastError, id);
    });
  }
}
