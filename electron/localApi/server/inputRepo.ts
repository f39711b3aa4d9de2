import type { DatabaseSync } from 'node:sqlite';
import { nullableText, type Row } from './sqlValues.ts';
import { z } from 'zod';
import { freeFormJsonLimits, jsonLimitProblem } from '../../../shared/jsonLimits.ts';

/** Where an input came from: a predict request, or `POST /v2/inputs`. */
export type InputOrigin = 'predict' | 'inputs';

const annotatedConceptsSchema = z.array(z.object({ id: z.string(), value: z.number().optional() }));
const metadataSchema = z.record(z.string(), z.unknown()).nullable();

/**
 * Metadata as stored. A row written before metadata was bounded (an older version) may hold any
 * depth: parsing it is safe (JSON.parse does not recurse), answering it is not (stringify and zod
 * do). Such metadata is left out of answers, with the reason, and the input still answers.
 */
function storedMetadata(text: string | null): Pick<StoredInput, 'metadata' | 'metadataProblem'> {
  const json = JSON.parse(text ?? 'null') as unknown;
  const problem = json === null ? undefined : jsonLimitProblem(json, freeFormJsonLimits);
  if (problem)
    return { metadata: null, metadataProblem: `its stored metadata ${problem.replace(/^the value /, '')}` };
  return { metadata: metadataSchema.parse(json) };
}

export interface StoredInput {
  id: string;
  origin: InputOrigin;
  /** The URL it was sent with; null for base64 images. */
  imageUrl: string | null;
  /** Null until the image was read. */
  imageSha256: string | null;
  statusCode: number;
  statusDetails: string | null;
  /** Concepts the input was added with (`POST /v2/inputs`). */
  concepts: { id: string; value?: number | undefined }[];
  metadata: Record<string, unknown> | null;
  /** Why stored metadata is not answered (outside the limits of shared/jsonLimits.ts). */
  metadataProblem?: string;
  createdAt: string;
}

export type NewInput = Omit<StoredInput, 'concepts' | 'metadata' | 'metadataProblem'> &
  Partial<Pick<StoredInput, 'concepts' | 'metadata'>>;

const columns =
  'id, origin, image_url, image_sha256, status_code, status_details, concepts, metadata, created_at';

/** Rows are re-validated as they are read back: a hand-edited file fails loudly, not later. */
function fromRow(row: Row): StoredInput {
  return {
    id: String(row['id']),
    origin: row['origin'] === 'inputs' ? 'inputs' : 'predict',
    imageUrl: nullableText(row['image_url']),
    imageSha256: nullableText(row['image_sha256']),
    statusCode: Number(row['status_code']),
    statusDetails: nullableText(row['status_details']),
    concepts: annotatedConceptsSchema.parse(JSON.parse(String(row['concepts']))),
    ...storedMetadata(nullableText(row['metadata'])),
    createdAt: String(row['created_at']),
  };
}

export class InputRepo {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /**
   * A predict request's input, with whether its image could be read. Predicting again with the
   * same input id points the input at the latest image, as a client reusing its own ids means.
   */
  upsertPredicted(
    input: Pick<
      StoredInput,
      'id' | 'imageUrl' | 'imageSha256' | 'statusCode' | 'statusDetails' | 'createdAt'
    >,
  ): void {
    this.#db
      .prepare(
        `INSERT INTO inputs (id, origin, image_url, image_sha256, status_code, status_details, created_at)
         VALUES (?, 'predict', ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET image_url = excluded.image_url, image_sha256 = excluded.image_sha256,
           status_code = excluded.status_code, status_details = excluded.status_details`,
      )
      .run(
        input.id,
        input.imageUrl,
        input.imageSha256,
        input.statusCode,
        input.statusDetails,
        input.createdAt,
      );
  }

  /** False when an input with this id exists already. */
  insert(input: NewInput): boolean {
    const result = this.#db
      .prepare(`INSERT OR IGNORE INTO inputs (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(
        input.id,
        input.origin,
        input.imageUrl,
        input.imageSha256,
        input.statusCode,
        input.statusDetails,
        JSON.stringify(input.concepts ?? []),
        input.metadata ? JSON.stringify(input.metadata) : null,
        input.createdAt,
      );
    return Number(result.changes) === 1;
  }

  setStatus(id: string, statusCode: number, statusDetails: string | null, imageSha256: string | null): void {
    this.#db
      .prepare('UPDATE inputs SET status_code = ?, status_details = ?, image_sha256 = ? WHERE id = ?')
      .run(statusCode, statusDetails, imageSha256, id);
  }

  get(id: string): StoredInput | undefined {
    const row = this.#db.prepare(`SELECT ${columns} FROM inputs WHERE id = ?`).get(id);
    return row && fromRow(row);
  }

  getMany(ids: readonly string[]): Map<string, StoredInput> {
    const statement = this.#db.prepare(`SELECT ${columns} FROM inputs WHERE id = ?`);
    const found = new Map<string, StoredInput>();
    for (const id of ids) {
      const row = statement.get(id);
      if (row) found.set(id, fromRow(row));
    }
    return found;
  }

  /** Newest first, as Clarifai lists them. */
  list(page: number, perPage: number): StoredInput[] {
    return this.#db
      .prepare(`SELECT ${columns} FROM inputs ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?`)
      .all(perPage, (page - 1) * perPage)
      .map(fromRow);
  }

  /** Added inputs still waiting for their image (e.g. the server stopped while fetching it). */
  pending(): StoredInput[] {
    return this.#db
      .prepare(`SELECT ${columns} FROM inputs WHERE status_code IN (30001, 30003) ORDER BY rowid`)
      .all()
      .map(fromRow);
  }

  /** Inputs whose image was read, for search. */
  ready(): StoredInput[] {
    return this.#db
      .prepare(`SELECT ${columns} FROM inputs WHERE status_code = 30000 ORDER BY rowid`)
      .all()
      .map(fromRow);
  }
}
