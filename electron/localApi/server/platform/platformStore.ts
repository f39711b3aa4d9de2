import type { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import type { AppRef } from '../../../../shared/clarifai/platform/platformPaths.ts';
import {
  strictAnnotationDataSchema,
  type StrictAnnotationData,
} from '../../../../shared/clarifai/platform/platformData.ts';
import { nullableText, type Row } from '../sqlValues.ts';

/**
 * The platform's apps, inputs and annotations in the local API's SQLite file (migration 002).
 * Rows are re-validated as they are read back: a hand-edited file fails loudly, not later.
 */

export interface StoredPlatformInput extends AppRef {
  id: string;
  /** The URL it was added with; null for a base64 image. */
  imageUrl: string | null;
  /** What "the same image" means for a duplicate id: `sha256:<hex>` of base64 bytes, or `url:<url>`. */
  sourceKey: string;
  /** Null until the image was read. */
  imageSha256: string | null;
  statusCode: number;
  statusDetails: string | null;
  metadata: Record<string, unknown> | null;
  createdAt: string;
  modifiedAt: string;
}

export type WorkerKind = 'user' | 'model' | 'workflow';

export interface StoredWorker {
  kind: WorkerKind;
  id: string;
  /** The model version (or workflow version) that made it. */
  versionId: string | null;
}

export interface StoredAnnotation extends AppRef {
  id: string;
  inputId: string;
  data: StrictAnnotationData;
  annotationInfo: Record<string, unknown> | null;
  statusCode: number;
  worker: StoredWorker;
  inputLevel: boolean;
  taskId: string | null;
  createdAt: string;
  modifiedAt: string;
}

/** ListAnnotations' filters, already read from the query. */
export interface AnnotationFilter {
  ids: readonly string[];
  inputIds: readonly string[];
  userIds: readonly string[];
  modelVersionIds: readonly string[];
  statusCodes: readonly number[];
  /** Model and workflow annotations too; else only the users' ("trusted") ones. */
  listAll: boolean;
}

const jsonObjectSchema = z.record(z.string(), z.unknown()).nullable();
const workerKinds: readonly WorkerKind[] = ['user', 'model', 'workflow'];

const inputColumns =
  'user_id, app_id, id, image_url, source_key, image_sha256, status_code, status_details, metadata, created_at, modified_at';
const annotationColumns =
  'user_id, app_id, id, input_id, data, annotation_info, status_code, worker_kind, worker_id, worker_version_id, input_level, task_id, created_at, modified_at';

function inputFromRow(row: Row): StoredPlatformInput {
  return {
    userId: String(row['user_id']),
    appId: String(row['app_id']),
    id: String(row['id']),
    imageUrl: nullableText(row['image_url']),
    sourceKey: String(row['source_key']),
    imageSha256: nullableText(row['image_sha256']),
    statusCode: Number(row['status_code']),
    statusDetails: nullableText(row['status_details']),
    metadata: jsonObjectSchema.parse(JSON.parse(nullableText(row['metadata']) ?? 'null')),
    createdAt: String(row['created_at']),
    modifiedAt: String(row['modified_at']),
  };
}

function annotationFromRow(row: Row): StoredAnnotation {
  const kind = String(row['worker_kind']);
  const workerKind = workerKinds.find((candidate) => candidate === kind);
  if (!workerKind) throw new Error(`platform annotation ${String(row['id'])} has an unknown worker kind`);
  return {
    userId: String(row['user_id']),
    appId: String(row['app_id']),
    id: String(row['id']),
    inputId: String(row['input_id']),
    data: strictAnnotationDataSchema.parse(JSON.parse(String(row['data']))),
    annotationInfo: jsonObjectSchema.parse(JSON.parse(nullableText(row['annotation_info']) ?? 'null')),
    statusCode: Number(row['status_code']),
    worker: {
      kind: workerKind,
      id: String(row['worker_id']),
      versionId: nullableText(row['worker_version_id']),
    },
    inputLevel: Number(row['input_level']) === 1,
    taskId: nullableText(row['task_id']),
    createdAt: String(row['created_at']),
    modifiedAt: String(row['modified_at']),
  };
}

const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(', ');

export class PlatformStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  get db(): DatabaseSync {
    return this.#db;
  }

  // Apps

  hasApp(app: AppRef): boolean {
    return (
      this.#db
        .prepare('SELECT 1 FROM platform_apps WHERE user_id = ? AND app_id = ?')
        .get(app.userId, app.appId) !== undefined
    );
  }

  /** Adds an app (once; adding it again changes nothing). */
  addApp(app: AppRef, createdAt: string): void {
    this.#db
      .prepare('INSERT OR IGNORE INTO platform_apps (user_id, app_id, created_at) VALUES (?, ?, ?)')
      .run(app.userId, app.appId, createdAt);
  }

  apps(): AppRef[] {
    return this.#db
      .prepare('SELECT user_id, app_id FROM platform_apps ORDER BY user_id, app_id')
      .all()
      .map((row) => ({ userId: String(row['user_id']), appId: String(row['app_id']) }));
  }

  // Inputs

  /** False when the app has an input with this id already. */
  insertInput(input: StoredPlatformInput, pendingImage: Uint8Array | null): boolean {
    const result = this.#db
      .prepare(
        `INSERT OR IGNORE INTO platform_inputs (${inputColumns}, pending_image) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        input.userId,
        input.appId,
        input.id,
        input.imageUrl,
        input.sourceKey,
        input.imageSha256,
        input.statusCode,
        input.statusDetails,
        input.metadata ? JSON.stringify(input.metadata) : null,
        input.createdAt,
        input.modifiedAt,
        pendingImage,
      );
    return Number(result.changes) === 1;
  }

  getInput(app: AppRef, id: string): StoredPlatformInput | undefined {
    const row = this.#db
      .prepare(`SELECT ${inputColumns} FROM platform_inputs WHERE user_id = ? AND app_id = ? AND id = ?`)
      .get(app.userId, app.appId, id);
    return row && inputFromRow(row);
  }

  /** Newest first, as the platform lists them. */
  listInputs(app: AppRef, page: number, perPage: number): StoredPlatformInput[] {
    return this.#db
      .prepare(
        `SELECT ${inputColumns} FROM platform_inputs WHERE user_id = ? AND app_id = ? ORDER BY seq DESC LIMIT ? OFFSET ?`,
      )
      .all(app.userId, app.appId, perPage, (page - 1) * perPage)
      .map(inputFromRow);
  }

  /** Every input of every app, in the order added (for inspection). */
  allInputs(): StoredPlatformInput[] {
    return this.#db
      .prepare(`SELECT ${inputColumns} FROM platform_inputs ORDER BY seq`)
      .all()
      .map(inputFromRow);
  }

  /** Inputs still to be processed, with the base64 bytes kept for them (null for a URL). */
  pendingInputs(): { input: StoredPlatformInput; image: Uint8Array | null }[] {
    return this.#db
      .prepare(
        `SELECT ${inputColumns}, pending_image FROM platform_inputs WHERE status_code IN (30001, 30003) ORDER BY seq`,
      )
      .all()
      .map((row) => {
        const image = row['pending_image'];
        return { input: inputFromRow(row), image: image instanceof Uint8Array ? image : null };
      });
  }

  /** A processing state; the base64 bytes are let go once the input is processed. */
  setInputStatus(
    app: AppRef,
    id: string,
    status: { code: number; details: string | null; imageSha256: string | null },
    modifiedAt: string,
  ): void {
    const done = status.code === 30000 || status.code === 30002;
    this.#db
      .prepare(
        `UPDATE platform_inputs SET status_code = ?, status_details = ?, image_sha256 = COALESCE(?, image_sha256),
           modified_at = ?, pending_image = CASE WHEN ? THEN NULL ELSE pending_image END
         WHERE user_id = ? AND app_id = ? AND id = ?`,
      )
      .run(
        status.code,
        status.details,
        status.imageSha256,
        modifiedAt,
        done ? 1 : 0,
        app.userId,
        app.appId,
        id,
      );
  }

  // Annotations

  /** False when the app has an annotation with this id already. */
  insertAnnotation(annotation: StoredAnnotation): boolean {
    const result = this.#db
      .prepare(
        `INSERT OR IGNORE INTO platform_annotations (${annotationColumns}) VALUES (${placeholders(14)})`,
      )
      .run(...annotationValues(annotation));
    return Number(result.changes) === 1;
  }

  /** Replaces what an annotation holds (its id, app and creation time stay). */
  updateAnnotation(annotation: StoredAnnotation): void {
    this.#db
      .prepare(
        `UPDATE platform_annotations SET input_id = ?, data = ?, annotation_info = ?, status_code = ?, worker_kind = ?,
           worker_id = ?, worker_version_id = ?, input_level = ?, task_id = ?, modified_at = ?
         WHERE user_id = ? AND app_id = ? AND id = ?`,
      )
      .run(
        ...annotationValues(annotation).slice(3, 12),
        annotation.modifiedAt,
        annotation.userId,
        annotation.appId,
        annotation.id,
      );
  }

  getAnnotation(app: AppRef, id: string): StoredAnnotation | undefined {
    const row = this.#db
      .prepare(
        `SELECT ${annotationColumns} FROM platform_annotations WHERE user_id = ? AND app_id = ? AND id = ?`,
      )
      .get(app.userId, app.appId, id);
    return row && annotationFromRow(row);
  }

  deleteAnnotation(app: AppRef, inputId: string, id: string): boolean {
    const result = this.#db
      .prepare(
        'DELETE FROM platform_annotations WHERE user_id = ? AND app_id = ? AND input_id = ? AND id = ?',
      )
      .run(app.userId, app.appId, inputId, id);
    return Number(result.changes) === 1;
  }

  /**
   * ListAnnotations (service.proto's ListAnnotationsRequest): `ids` and `input_ids` narrow; the
   * worker filters (`user_ids`, `model_version_ids`) are OR'd with each other and imply listing
   * all; without them only users' annotations unless `listAll`; `statuses` narrow. Oldest first.
   */
  listAnnotations(app: AppRef, filter: AnnotationFilter, page: number, perPage: number): StoredAnnotation[] {
    const where = ['user_id = ?', 'app_id = ?'];
    const values: (string | number)[] = [app.userId, app.appId];
    const among = (column: string, items: readonly (string | number)[]) => {
      values.push(...items);
      return `${column} IN (${placeholders(items.length)})`;
    };
    if (filter.ids.length > 0) where.push(among('id', filter.ids));
    if (filter.inputIds.length > 0) where.push(among('input_id', filter.inputIds));
    const workers: string[] = [];
    if (filter.userIds.length > 0)
      workers.push(`(worker_kind = 'user' AND ${among('worker_id', filter.userIds)})`);
    if (filter.modelVersionIds.length > 0) {
      workers.push(`(worker_kind = 'model' AND ${among('worker_version_id', filter.modelVersionIds)})`);
    }
    if (workers.length > 0) where.push(`(${workers.join(' OR ')})`);
    else if (!filter.listAll) where.push(`worker_kind = 'user'`);
    if (filter.statusCodes.length > 0) where.push(among('status_code', filter.statusCodes));
    return this.#db
      .prepare(
        `SELECT ${annotationColumns} FROM platform_annotations WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ? OFFSET ?`,
      )
      .all(...values, perPage, (page - 1) * perPage)
      .map(annotationFromRow);
  }

  /** Every annotation of every app, in the order created (for inspection). */
  allAnnotations(): StoredAnnotation[] {
    return this.#db
      .prepare(`SELECT ${annotationColumns} FROM platform_annotations ORDER BY seq`)
      .all()
      .map(annotationFromRow);
  }
}

function annotationValues(annotation: StoredAnnotation): (string | number | null)[] {
  return [
    annotation.userId,
    annotation.appId,
    annotation.id,
    annotation.inputId,
    JSON.stringify(annotation.data),
    annotation.annotationInfo ? JSON.stringify(annotation.annotationInfo) : null,
    annotation.statusCode,
    annotation.worker.kind,
    annotation.worker.id,
    annotation.worker.versionId,
    annotation.inputLevel ? 1 : 0,
    annotation.taskId,
    annotation.createdAt,
    annotation.modifiedAt,
  ];
}
