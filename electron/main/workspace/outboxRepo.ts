import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import { outboxErrorViewSchema, type outboxStateSchema } from '../../../shared/workspaceViews.ts';
import { LoupeError } from '../../../shared/LoupeError.ts';
import { inTransaction } from '../../io/sqlite.ts';
import { refreshImageStatus } from './imageStatus.ts';

/**
 * Where an outbox item goes: v2 model feedback for a model path, v2 search feedback, or a review
 * delivered as inputs and annotations of a platform app (docs/clarifai-platform.md).
 */
export const outboxTargetSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('model_feedback'),
    modelId: z.string().min(1),
    versionId: z.string().optional(),
  }),
  z.object({ kind: z.literal('search_feedback') }),
  z.object({
    kind: z.literal('platform_annotations'),
    app: z.object({ userId: z.string().min(1), appId: z.string().min(1) }),
  }),
]);
/** The kinds a submitted review goes as: one item per review, replaced while it waits. */
export type ReviewTarget = Exclude<OutboxTarget, { kind: 'search_feedback' }>;
export type OutboxTarget = z.infer<typeof outboxTargetSchema>;

// The last error is what the queue view shows, so its shape is the contract's.
export const outboxErrorSchema = outboxErrorViewSchema;
export type OutboxError = z.infer<typeof outboxErrorSchema>;

export type OutboxState = z.infer<typeof outboxStateSchema>;

export interface OutboxItem {
  id: number;
  kind: OutboxTarget['kind'];
  predictionId: number | null;
  imageId: number | null;
  requestId: string;
  target: OutboxTarget;
  body: unknown;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: string;
  lastError: OutboxError | null;
  createdAt: string;
  deliveredAt: string | null;
  /** Steps of a platform delivery done (0 for the single-request kinds). */
  progress: number;
}

export interface OutboxCounts {
  pending: number;
  delivered: number;
  failed: number;
  discarded: number;
}

/**
 * The offline queue. An item leaves `pending` only on a 10000 answer (delivered) or a permanent
 * failure a person must look at (failed, with the server's code and description). Rows are
 * validated when read back; a row that does not parse is never sent.
 */
export class OutboxRepo {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /**
   * Queues a submitted review of a prediction (v2 model feedback, or a platform delivery). A
   * pending item of the same kind for the same prediction is replaced (with a new request id, so a
   * delivery of the old body still in flight cannot mark the new one delivered, nor record its
   * progress); after delivery a new item is queued. Call inside the submit transaction.
   */
  enqueueReview(predictionId: number, imageId: number, target: ReviewTarget, body: unknown): OutboxItem {
    const now = new Date().toISOString();
    const pending = this.waitingReview(predictionId, target.kind);
    if (pending) {
      this.#db
        .prepare(
          `UPDATE outbox SET body = ?, target = ?, request_id = ?, state = 'pending', attempts = 0,
             next_attempt_at = ?, last_error = NULL, progress = 0 WHERE id = ?`,
        )
        .run(JSON.stringify(body), JSON.stringify(target), randomUUID(), now, pending.id);
      return this.#change(pending.id, () => this.get(pending.id)!);
    }
    return this.#insert(target.kind, predictionId, imageId, target, body, now);
  }

  /** The item of a review that waits to be delivered (pending or failed), if any. */
  waitingReview(predictionId: number, kind: ReviewTarget['kind']): OutboxItem | undefined {
    const row = this.#db
      .prepare(
        `SELECT id FROM outbox WHERE prediction_id = ? AND kind = ? AND state IN ('pending', 'failed')
         ORDER BY id DESC LIMIT 1`,
      )
      .get(predictionId, kind);
    return row ? this.get(Number(row['id'])) : undefined;
  }

  /** The delivered items of a prediction's reviews of one kind, oldest first. */
  deliveredReviews(predictionId: number, kind: ReviewTarget['kind']): OutboxItem[] {
    return this.#db
      .prepare(
        `SELECT * FROM outbox WHERE prediction_id = ? AND kind = ? AND state = 'delivered' ORDER BY id`,
      )
      .all(predictionId, kind)
      .flatMap((row) => parseRow(row) ?? []);
  }

  /** Whether some delivered platform item already made this image an input of `app`. */
  deliveredToApp(imageId: number, app: { userId: string; appId: string }): boolean {
    return this.#db
      .prepare(
        `SELECT target FROM outbox WHERE image_id = ? AND kind = 'platform_annotations' AND state = 'delivered'`,
      )
      .all(imageId)
      .some((row) => {
        const target = outboxTargetSchema.safeParse(safeJson(String(row['target'])));
        return (
          target.success &&
          target.data.kind === 'platform_annotations' &&
          target.data.app.userId === app.userId &&
          target.data.app.appId === app.appId
        );
      });
  }

  /**
   * Records that the first `progress` steps of a platform delivery are done — unless the item
   * was replaced meanwhile (different request id): its new plan starts from the beginning.
   */
  setProgress(id: number, requestId: string, progress: number): void {
    this.#db
      .prepare(`UPDATE outbox SET progress = ? WHERE id = ? AND request_id = ? AND state = 'pending'`)
      .run(progress, id, requestId);
  }

  enqueueSearchFeedback(imageId: number | null, body: unknown): OutboxItem {
    return this.#insert(
      'search_feedback',
      null,
      imageId,
      { kind: 'search_feedback' },
      body,
      new Date().toISOString(),
    );
  }

  get(id: number): OutboxItem | undefined {
    const row = this.#db.prepare('SELECT * FROM outbox WHERE id = ?').get(id);
    return row ? parseRow(row) : undefined;
  }

  /**
   * Pending items due by `now`, earliest due first (new items in the order they were queued). A
   * prediction has at most one pending item (submits replace it), so order per review holds.
   */
  due(now: Date, limit: number, excludeIds: ReadonlySet<number> = new Set()): OutboxItem[] {
    // Ids first, from the index alone: the items in flight are skipped without reading their bodies.
    const ids = this.#db
      .prepare(
        `SELECT id FROM outbox WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`,
      )
      .all(now.toISOString(), limit + excludeIds.size)
      .map((row) => Number(row['id']))
      .filter((id) => !excludeIds.has(id))
      .slice(0, limit);
    return ids.flatMap((id) => {
      const item = this.get(id);
      if (!item) this.#markDamaged(id);
      return item ? [item] : [];
    });
  }

  /**
   * `item` as read earlier, if it is still pending, due by `now` and the same request (not
   * replaced, discarded or rescheduled meanwhile): with its attempts and progress as they are
   * now. One indexed point read, for items the sync engine picked ahead of their slot.
   */
  stillDue(item: OutboxItem, now: Date): OutboxItem | undefined {
    const row = this.#db
      .prepare(
        `SELECT attempts, progress FROM outbox
         WHERE id = ? AND request_id = ? AND state = 'pending' AND next_attempt_at <= ?`,
      )
      .get(item.id, item.requestId, now.toISOString());
    if (!row) return undefined;
    const attempts = Number(row['attempts']);
    const progress = Number(row['progress'] ?? 0);
    return attempts === item.attempts && progress === item.progress ? item : { ...item, attempts, progress };
  }

  /** When the next pending item falls due, if any. */
  nextDueAt(): Date | undefined {
    const row = this.#db
      .prepare(`SELECT min(next_attempt_at) AS at FROM outbox WHERE state = 'pending'`)
      .get();
    return typeof row?.['at'] === 'string' ? new Date(row['at']) : undefined;
  }

  /** Marks an item delivered — unless it was replaced meanwhile (different request id). */
  markDelivered(id: number, requestId: string): boolean {
    return this.#change(id, () => {
      const result = this.#db
        .prepare(
          `UPDATE outbox SET state = 'delivered', delivered_at = ?, attempts = attempts + 1, last_error = NULL
         WHERE id = ? AND request_id = ? AND state = 'pending'`,
        )
        .run(new Date().toISOString(), id, requestId);
      return Number(result.changes) === 1;
    });
  }

  /**
   * Marks several deliveries in one transaction, committed without waiting for the disk
   * (synchronous=NORMAL for this commit only; docs/sync.md, "Throughput"). In WAL mode such a
   * commit survives the process being killed; only a power cut before the next synced commit
   * (every other write in the workspace still syncs, and so makes it durable too) can lose it,
   * and a lost delivered mark only sends the item again, which the server stores once by its
   * request id. It never loses a review: the marks are the only thing written this way.
   */
  markDeliveredMany(items: readonly { id: number; requestId: string }[]): void {
    const work = () => {
      for (const item of items) this.markDelivered(item.id, item.requestId);
    };
    if (this.#db.isTransaction) return work();
    this.#db.exec('PRAGMA synchronous = NORMAL');
    try {
      inTransaction(this.#db, work);
    } finally {
      this.#db.exec('PRAGMA synchronous = FULL');
    }
  }

  markRetry(id: number, requestId: string, error: OutboxError, nextAttemptAt: Date): void {
    this.#db
      .prepare(
        `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?
         WHERE id = ? AND request_id = ? AND state = 'pending'`,
      )
      .run(nextAttemptAt.toISOString(), JSON.stringify(error), id, requestId);
  }

  markFailed(id: number, requestId: string, error: OutboxError): void {
    this.#change(id, () =>
      this.#db
        .prepare(
          `UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ?
         WHERE id = ? AND request_id = ? AND state = 'pending'`,
        )
        .run(JSON.stringify(error), id, requestId),
    );
  }

  /** A person asked to try again: failed (or waiting) items become due now. */
  retry(ids?: readonly number[]): number {
    const now = new Date().toISOString();
    const sql = `UPDATE outbox SET state = 'pending', next_attempt_at = ? WHERE state IN ('pending', 'failed') AND id = ?`;
    const targets =
      ids ??
      this.#db
        .prepare(`SELECT id FROM outbox WHERE state IN ('pending', 'failed')`)
        .all()
        .map((row) => Number(row['id']));
    let changed = 0;
    for (const id of targets)
      changed += this.#change(id, () => Number(this.#db.prepare(sql).run(now, id).changes));
    return changed;
  }

  /** Every pending item is due now (the endpoint changed: the backoff it earned no longer applies). */
  dueNow(): number {
    const now = new Date().toISOString();
    return Number(
      this.#db.prepare(`UPDATE outbox SET next_attempt_at = ? WHERE state = 'pending'`).run(now).changes,
    );
  }

  discard(id: number): void {
    const result = this.#change(id, () =>
      this.#db
        .prepare(`UPDATE outbox SET state = 'discarded' WHERE id = ? AND state IN ('pending', 'failed')`)
        .run(id),
    );
    if (Number(result.changes) !== 1)
      throw new LoupeError('conflict', `Outbox item ${id} is not pending or failed`);
  }

  counts(): OutboxCounts {
    const counts: OutboxCounts = { pending: 0, delivered: 0, failed: 0, discarded: 0 };
    for (const row of this.#db.prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state').all()) {
      counts[String(row['state']) as OutboxState] = Number(row['n']);
    }
    return counts;
  }

  list(options: { state?: OutboxState; offset?: number; limit?: number } = {}): OutboxItem[] {
    const rows = options.state
      ? this.#db
          .prepare('SELECT * FROM outbox WHERE state = ? ORDER BY id LIMIT ? OFFSET ?')
          .all(options.state, options.limit ?? 500, options.offset ?? 0)
      : this.#db
          .prepare('SELECT * FROM outbox ORDER BY id LIMIT ? OFFSET ?')
          .all(options.limit ?? 500, options.offset ?? 0);
    return rows.flatMap((row) => {
      const item = parseRow(row);
      return item ? [item] : [];
    });
  }

  /** Runs a change to item `id` and refreshes its image's status in the same transaction. */
  #change<T>(id: number, work: () => T): T {
    return inTransaction(this.#db, () => {
      const result = work();
      const row = this.#db.prepare('SELECT image_id FROM outbox WHERE id = ?').get(id);
      if (typeof row?.['image_id'] === 'number') refreshImageStatus(this.#db, row['image_id']);
      return result;
    });
  }

  /** A row that no longer parses is never sent; a person sees it as failed. */
  #markDamaged(id: number): void {
    const error: OutboxError = {
      description: 'The stored item is damaged and cannot be sent; discard it and submit the review again',
      retryable: false,
      needsPerson: true,
    };
    this.#change(id, () =>
      this.#db
        .prepare(`UPDATE outbox SET state = 'failed', last_error = ? WHERE id = ?`)
        .run(JSON.stringify(error), id),
    );
  }

  #insert(
    kind: OutboxTarget['kind'],
    predictionId: number | null,
    imageId: number | null,
    target: OutboxTarget,
    body: unknown,
    now: string,
  ): OutboxItem {
    const result = this.#db
      .prepare(
        `INSERT INTO outbox (kind, prediction_id, image_id, request_id, target, body, state, next_attempt_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
      )
      .run(kind, predictionId, imageId, randomUUID(), JSON.stringify(target), JSON.stringify(body), now, now);
    const id = Number(result.lastInsertRowid);
    return this.#change(id, () => this.get(id)!);
  }
}

function parseRow(row: Record<string, unknown>): OutboxItem | undefined {
  try {
    const target = outboxTargetSchema.parse(JSON.parse(String(row['target'])));
    const lastError =
      typeof row['last_error'] === 'string' ? outboxErrorSchema.parse(JSON.parse(row['last_error'])) : null;
    return {
      id: Number(row['id']),
      kind: target.kind,
      predictionId: row['prediction_id'] === null ? null : Number(row['prediction_id']),
      imageId: row['image_id'] === null ? null : Number(row['image_id']),
      requestId: String(row['request_id']),
      target,
      body: JSON.parse(String(row['body'])) as unknown,
      state: String(row['state']) as OutboxState,
      attempts: Number(row['attempts']),
      nextAttemptAt: String(row['next_attempt_at']),
      lastError,
      createdAt: String(row['created_at']),
      deliveredAt: typeof row['delivered_at'] === 'string' ? row['delivered_at'] : null,
      progress: Number(row['progress'] ?? 0),
    };
  } catch {
    return undefined;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
