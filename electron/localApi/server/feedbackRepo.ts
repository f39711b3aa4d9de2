import type { DatabaseSync } from 'node:sqlite';
import { inTransaction } from '../../io/sqlite.ts';
import { nullableText, type Row } from './sqlValues.ts';
import { z } from 'zod';
import { feedbackFlags, type FeedbackFlag } from './feedbackFlags.ts';

export type FeedbackKind = 'model' | 'search';

export interface RecordedFeedback {
  seq: number;
  /** The request id was stored before: this delivery was counted, not stored again. */
  duplicate: boolean;
}

export interface NewFeedback {
  /** `X-Loupe-Request-Id`: a delivery carrying one already stored is counted, not stored again. */
  requestId: string | null;
  kind: FeedbackKind;
  method: string;
  path: string;
  /** The model id as the path named it, and the model it resolved to. */
  pathModelId: string | null;
  modelId: string | null;
  modelVersionId: string | null;
  userId: string | null;
  appId: string | null;
  inputId: string;
  outputId: string | null;
  searchId: string | null;
  /** The body exactly as received. */
  body: string;
  /** The body as the strict schema reads it (legacy forms normalised). */
  parsed: unknown;
  flags: FeedbackFlag[];
  receivedAt: string;
}

export interface StoredFeedback extends NewFeedback {
  seq: number;
  deliveries: number;
  lastDeliveryAt: string;
}

const flagsSchema = z.array(z.enum(feedbackFlags));

function fromRow(row: Row): StoredFeedback {
  return {
    seq: Number(row['seq']),
    requestId: nullableText(row['request_id']),
    kind: row['kind'] === 'search' ? 'search' : 'model',
    method: String(row['method']),
    path: String(row['path']),
    pathModelId: nullableText(row['path_model_id']),
    modelId: nullableText(row['model_id']),
    modelVersionId: nullableText(row['model_version_id']),
    userId: nullableText(row['user_id']),
    appId: nullableText(row['app_id']),
    inputId: String(row['input_id']),
    outputId: nullableText(row['output_id']),
    searchId: nullableText(row['search_id']),
    body: String(row['body']),
    parsed: JSON.parse(String(row['parsed'])) as unknown,
    flags: flagsSchema.parse(JSON.parse(String(row['flags']))),
    deliveries: Number(row['deliveries']),
    receivedAt: String(row['received_at']),
    lastDeliveryAt: String(row['last_delivery_at']),
  };
}

/**
 * Feedback as it arrived. Requests arriving in the same turn of the event loop are written in one
 * transaction (one fsync for all of them, not one each: with 16 deliveries in flight the sync was
 * the server's largest cost), and each is acknowledged only once that transaction is on disk.
 */
export class FeedbackRepo {
  readonly #db: DatabaseSync;
  readonly #waiting: {
    feedback: NewFeedback;
    resolve: (stored: RecordedFeedback) => void;
    reject: (error: unknown) => void;
  }[] = [];

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /**
   * Stores the feedback, or counts one more delivery of a request id stored before; resolves once
   * committed (synchronous=FULL), so an acknowledged request survives a crash.
   */
  record(feedback: NewFeedback): Promise<RecordedFeedback> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ feedback, resolve, reject });
      if (this.#waiting.length === 1) setImmediate(() => this.#commitWaiting());
    });
  }

  #commitWaiting(): void {
    const batch = this.#waiting.splice(0);
    let stored: RecordedFeedback[];
    try {
      stored = inTransaction(this.#db, () => batch.map(({ feedback }) => this.#insert(feedback)));
    } catch {
      // A row the database refuses must not cost the others theirs: each alone, as if unbatched.
      for (const { feedback, resolve, reject } of batch) {
        try {
          resolve(this.#insert(feedback));
        } catch (error) {
          reject(error);
        }
      }
      return;
    }
    batch.forEach(({ resolve }, index) => resolve(stored[index]!));
  }

  #insert(feedback: NewFeedback): RecordedFeedback {
    const row = this.#db
      .prepare(
        `INSERT INTO feedback (request_id, kind, method, path, path_model_id, model_id, model_version_id,
           user_id, app_id, input_id, output_id, search_id, body, parsed, flags, received_at, last_delivery_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (request_id) DO UPDATE SET deliveries = deliveries + 1,
           last_delivery_at = excluded.last_delivery_at
         RETURNING seq, deliveries`,
      )
      .get(
        feedback.requestId,
        feedback.kind,
        feedback.method,
        feedback.path,
        feedback.pathModelId,
        feedback.modelId,
        feedback.modelVersionId,
        feedback.userId,
        feedback.appId,
        feedback.inputId,
        feedback.outputId,
        feedback.searchId,
        feedback.body,
        JSON.stringify(feedback.parsed),
        JSON.stringify(feedback.flags),
        feedback.receivedAt,
        feedback.receivedAt,
      );
    return { seq: Number(row?.['seq']), duplicate: Number(row?.['deliveries']) > 1 };
  }

  /** In arrival order, after `afterSeq`. */
  list(afterSeq = 0, limit = 1000): StoredFeedback[] {
    return this.#db
      .prepare('SELECT * FROM feedback WHERE seq > ? ORDER BY seq LIMIT ?')
      .all(afterSeq, limit)
      .map(fromRow);
  }
}
