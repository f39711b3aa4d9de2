import { SUCCESS } from '../../../shared/clarifai/status.ts';
import type { DatabaseSync } from 'node:sqlite';
import { nullableText, type Row } from './sqlValues.ts';
import { wireDataSchema, type WireData } from '../../../shared/clarifai/data.ts';
import { regionConcepts } from '../../../shared/clarifai/faceConcepts.ts';

export interface StoredOutput {
  id: string;
  /** The canonical id of the model that predicted (aliases resolved). */
  modelId: string;
  modelVersionId: string;
  inputId: string;
  statusCode: number;
  statusDetails: string | null;
  /** The wire `data` of the output; `{}` when it failed. */
  data: WireData;
  createdAt: string;
}

/** How search refers to a concept: by id or by name (names compare case-insensitively). */
export interface ConceptRef {
  id?: string | undefined;
  name?: string | undefined;
}

const columns = 'id, model_id, model_version_id, input_id, status_code, status_details, data, created_at';

function fromRow(row: Row): StoredOutput {
  return {
    id: String(row['id']),
    modelId: String(row['model_id']),
    modelVersionId: String(row['model_version_id']),
    inputId: String(row['input_id']),
    statusCode: Number(row['status_code']),
    statusDetails: nullableText(row['status_details']),
    data: wireDataSchema.parse(JSON.parse(String(row['data']))),
    createdAt: String(row['created_at']),
  };
}

/** Predictions as answered, with their concepts (image-level and per region) indexed for search. */
export class OutputRepo {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  insert(output: StoredOutput): void {
    this.#db
      .prepare(`INSERT INTO outputs (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(
        output.id,
        output.modelId,
        output.modelVersionId,
        output.inputId,
        output.statusCode,
        output.statusDetails,
        JSON.stringify(output.data),
        output.createdAt,
      );
    const index = this.#db.prepare(
      'INSERT INTO output_concepts (output_id, region_id, concept_id, concept_name, value) VALUES (?, ?, ?, ?, ?)',
    );
    for (const concept of output.data.concepts ?? []) {
      index.run(output.id, null, concept.id, concept.name ?? null, concept.value ?? 1);
    }
    for (const region of output.data.regions ?? []) {
      for (const concept of regionConcepts(region.data)) {
        index.run(output.id, region.id ?? null, concept.id, concept.name ?? null, concept.value ?? 1);
      }
    }
  }

  get(id: string): StoredOutput | undefined {
    const row = this.#db.prepare(`SELECT ${columns} FROM outputs WHERE id = ?`).get(id);
    return row && fromRow(row);
  }

  /** Per input, the best value any successful output gave this concept. */
  conceptScores(concept: ConceptRef): Map<string, number> {
    const rows = this.#db
      .prepare(
        `SELECT o.input_id AS input_id, max(c.value) AS value
           FROM output_concepts c JOIN outputs o ON o.id = c.output_id
          WHERE o.status_code = ${SUCCESS}
            AND (c.concept_id = ? OR c.concept_name = ? COLLATE NOCASE)
          GROUP BY o.input_id`,
      )
      .all(concept.id ?? null, concept.name ?? null);
    return new Map(rows.map((row) => [String(row['input_id']), Number(row['value'])]));
  }

  /** Per input, the names (lower case, or ids where unnamed) of every concept predicted for it. */
  conceptNamesByInput(): Map<string, Set<string>> {
    const rows = this.#db
      .prepare(
        `SELECT DISTINCT o.input_id AS input_id, lower(coalesce(c.concept_name, c.concept_id)) AS name
           FROM output_concepts c JOIN outputs o ON o.id = c.output_id
          WHERE o.status_code = ${SUCCESS}`,
      )
      .all();
    const byInput = new Map<string, Set<string>>();
    for (const row of rows) {
      const inputId = String(row['input_id']);
      const names = byInput.get(inputId) ?? new Set<string>();
      names.add(String(row['name']));
      byInput.set(inputId, names);
    }
    return byInput;
  }
}
