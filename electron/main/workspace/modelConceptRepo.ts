import type { DatabaseSync } from 'node:sqlite';
import type { ModelVocabulary } from '../../../shared/modelVocabulary.ts';
import type { ReviewState, ReviewedConcept } from '../../../shared/review.ts';
import { inTransaction } from '../../io/sqlite.ts';

/** The concepts a prediction carried (not those a reviewer typed: they are not the model's). */
export function predictedConcepts(state: ReviewState): ReviewedConcept[] {
  return [...state.imageConcepts, ...state.regions.flatMap((region) => region.concepts)].filter(
    (concept) => concept.predictedValue !== undefined,
  );
}

/** Each model's vocabulary in the workspace (migration 3): its listing, loaded once, and what it predicted. */
export class ModelConceptRepo {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** Counts the concepts of a new prediction's review (in the caller's transaction). */
  recordSeen(modelId: string, state: ReviewState): void {
    const upsert = this.#db.prepare(
      `INSERT INTO model_concepts (model_id, concept_id, name, seen) VALUES (?, ?, ?, 1)
         ON CONFLICT (model_id, concept_id) DO UPDATE SET seen = seen + 1`,
    );
    for (const concept of predictedConcepts(state)) upsert.run(modelId, concept.id, concept.name);
  }

  /** Stores the model's listing; names from the listing win over names seen in predictions. */
  recordListing(modelId: string, concepts: readonly { id: string; name: string }[]): void {
    inTransaction(this.#db, () => {
      const upsert = this.#db.prepare(
        `INSERT INTO model_concepts (model_id, concept_id, name, listed) VALUES (?, ?, ?, 1)
           ON CONFLICT (model_id, concept_id) DO UPDATE SET listed = 1, name = excluded.name`,
      );
      for (const concept of concepts) upsert.run(modelId, concept.id, concept.name || concept.id);
      this.#db
        .prepare(
          `INSERT INTO model_listings (model_id, listed_at, error) VALUES (?, ?, NULL)
             ON CONFLICT (model_id) DO UPDATE SET listed_at = excluded.listed_at, error = NULL`,
        )
        .run(modelId, new Date().toISOString());
    });
  }

  /** The listing could not be loaded: said once, tried again only when asked to (a refresh). */
  recordListingError(modelId: string, message: string): void {
    this.#db
      .prepare(
        `INSERT INTO model_listings (model_id, listed_at, error) VALUES (?, NULL, ?)
           ON CONFLICT (model_id) DO UPDATE SET error = excluded.error`,
      )
      .run(modelId, message);
  }

  /** The vocabulary, most seen first, then by name. */
  get(modelId: string): ModelVocabulary {
    const concepts = this.#db
      .prepare(
        `SELECT concept_id, name, listed, seen FROM model_concepts WHERE model_id = ?
           ORDER BY seen DESC, name COLLATE NOCASE, concept_id`,
      )
      .all(modelId)
      .map((row) => ({
        id: String(row['concept_id']),
        name: String(row['name']),
        source: Number(row['listed']) === 1 ? ('model' as const) : ('seen' as const),
        seen: Number(row['seen']),
      }));
    const listing = this.#db
      .prepare('SELECT listed_at, error FROM model_listings WHERE model_id = ?')
      .get(modelId);
    const listedAt = listing?.['listed_at'];
    const error = listing?.['error'];
    return {
      modelId,
      concepts,
      ...(typeof listedAt === 'string' ? { listedAt } : {}),
      ...(typeof error === 'string' ? { listingError: error } : {}),
    };
  }
}
