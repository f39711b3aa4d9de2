import { SUCCESS } from '../../../shared/clarifai/status.ts';
import type { DatabaseSync } from 'node:sqlite';
import { regionConceptShapeOf, type RegionConceptShape } from '../../../shared/clarifai/faceConcepts.ts';
import { predictOutputSchema, type PredictOutput } from '../../../shared/clarifai/predict.ts';
import { statusCodeNumber } from '../../../shared/clarifai/statusCodes.ts';
import { carryVerdicts, defaultCarryIoU } from '../../../shared/carryVerdicts.ts';
import type { ReviewState } from '../../../shared/review.ts';
import { reviewFromPrediction } from '../../../shared/reviewFromPrediction.ts';
import { inTransaction } from '../../io/sqlite.ts';
import { refreshImageStatus } from './imageStatus.ts';
import type { ModelConceptRepo } from './modelConceptRepo.ts';
import type { ReviewRepo } from './reviewRepo.ts';

export interface PredictionRecord {
  id: number;
  imageId: number;
  modelId: string;
  modelVersionId: string | null;
  outputId: string | null;
  inputId: string | null;
  statusCode: number;
  statusDescription: string;
  createdAt: string;
}

/** Every column but the stored output, which can be as large as the review and is read apart. */
const recordColumns =
  'id, image_id, model_id, model_version_id, output_id, input_id, status_code, status_description, created_at';

function toRecord(row: Record<string, unknown>): PredictionRecord {
  const str = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    id: Number(row['id']),
    imageId: Number(row['image_id']),
    modelId: String(row['model_id']),
    modelVersionId: str(row['model_version_id']),
    outputId: str(row['output_id']),
    inputId: str(row['input_id']),
    statusCode: Number(row['status_code']),
    statusDescription: String(row['status_description']),
    createdAt: String(row['created_at']),
  };
}

/** Prediction outputs per image and model; a successful one starts an unreviewed review. */
export class PredictionRepo {
  readonly #db: DatabaseSync;
  readonly #reviews: ReviewRepo;
  readonly #concepts: ModelConceptRepo;

  constructor(db: DatabaseSync, reviews: ReviewRepo, concepts: ModelConceptRepo) {
    this.#db = db;
    this.#reviews = reviews;
    this.#concepts = concepts;
  }

  /**
   * Records an output for an image: one per model and version. A successful output replaces an
   * earlier failure for the same model but never a successful prediction of the same version (a
   * person's work is not overwritten by a re-run). A failure never replaces a success. Another
   * version (or another model) is a second prediction of the image, and its regions start with
   * the verdicts of the earlier reviewed prediction they match (shared/carryVerdicts.ts).
   */
  record(
    imageId: number,
    modelId: string,
    output: PredictOutput,
    options: { carryIoU?: number } = {},
  ): PredictionRecord {
    return inTransaction(this.#db, () => {
      const code = statusCodeNumber(output.status.code) ?? 0;
      const version = output.model?.model_version?.id ?? null;
      const ofModel = this.forImage(imageId).filter((prediction) => prediction.modelId === modelId);
      const succeeded = ofModel.filter((prediction) => prediction.statusCode === SUCCESS);
      const same = succeeded.find((prediction) => prediction.modelVersionId === version);
      if (same) return same;
      if (code !== SUCCESS && succeeded.length > 0) return succeeded.at(-1)!;
      for (const failed of ofModel.filter((prediction) => prediction.statusCode !== SUCCESS))
        this.#db.prepare('DELETE FROM predictions WHERE id = ?').run(failed.id);
      const result = this.#db
        .prepare(
          `INSERT INTO predictions (image_id, model_id, model_version_id, output_id, input_id, status_code,
             status_description, output, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          imageId,
          modelId,
          output.model?.model_version?.id ?? null,
          output.id || null,
          output.input.id || null,
          code,
          output.status.description ?? '',
          JSON.stringify(output),
          new Date().toISOString(),
        );
      const id = Number(result.lastInsertRowid);
      if (code === SUCCESS) {
        const fresh = reviewFromPrediction(output, modelId);
        const earlier = this.#earlierReviewed(imageId, id, modelId);
        const { state, carried } = earlier
          ? carryVerdicts(earlier, fresh, options.carryIoU ?? defaultCarryIoU)
          : { state: fresh, carried: 0 };
        this.#reviews.create(id, state, carried > 0 ? 'in_progress' : 'unreviewed');
        this.#concepts.recordSeen(modelId, fresh);
      }
      refreshImageStatus(this.#db, imageId);
      return this.get(id)!;
    });
  }

  /**
   * The review to carry verdicts from: the newest other successful prediction of the image that
   * someone reviewed, of the same model first (an earlier version), else of another model.
   */
  #earlierReviewed(imageId: number, exceptId: number, modelId: string): ReviewState | undefined {
    const rows = this.#db
      .prepare(
        `SELECT p.id, p.model_id FROM predictions p JOIN reviews r ON r.prediction_id = p.id
         WHERE p.image_id = ? AND p.id != ? AND p.status_code = ${SUCCESS} AND r.status != 'unreviewed'
         ORDER BY p.id DESC`,
      )
      .all(imageId, exceptId);
    const chosen = rows.find((row) => row['model_id'] === modelId) ?? rows[0];
    return chosen ? this.#reviews.get(Number(chosen['id'])).state : undefined;
  }

  /** Whether the output put region concepts in the old `data.face` shape, so feedback answers in kind. */
  regionConceptShape(id: number): RegionConceptShape {
    const row = this.#db.prepare('SELECT output FROM predictions WHERE id = ?').get(id);
    if (typeof row?.['output'] !== 'string') return 'flat';
    const output = predictOutputSchema.safeParse(JSON.parse(row['output']));
    return output.success ? regionConceptShapeOf(output.data.data) : 'flat';
  }

  /**
   * The image a prediction is of, for an edit's events: without the record's other columns, since
   * `created_at` comes after the stored output, and reading it walks the output's overflow pages
   * (about 30 µs at 5,000 regions, on every key press; `npm run bench -- edits`).
   */
  imageIdOf(id: number): number | undefined {
    const row = this.#db.prepare('SELECT image_id FROM predictions WHERE id = ?').get(id);
    return row ? Number(row['image_id']) : undefined;
  }

  get(id: number): PredictionRecord | undefined {
    const row = this.#db.prepare(`SELECT ${recordColumns} FROM predictions WHERE id = ?`).get(id);
    return row ? toRecord(row) : undefined;
  }

  forImage(imageId: number): PredictionRecord[] {
    return this.#db
      .prepare(`SELECT ${recordColumns} FROM predictions WHERE image_id = ? ORDER BY id`)
      .all(imageId)
      .map(toRecord);
  }
}
