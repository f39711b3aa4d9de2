import { basename } from 'node:path';
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type {
  RegionListFilter,
  RegionPage,
  RegionRow,
  RegionSort,
  TriageVerdict,
} from '../../../shared/regionTriage.ts';
import { reviewedRegionSchema, type ReviewedRegion } from '../../../shared/review.ts';

/**
 * The region triage grid's query (docs/triage.md): the predicted regions of every review, read
 * from their facets (`region_facets`, migration 008, written with every edit by
 * regionFacetRepo.ts from the same functions the canvas uses), filtered and sorted by index and
 * paged with LIMIT / OFFSET.
 */
export class RegionRepo {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  list(filter: RegionListFilter, sort: RegionSort, offset: number, limit: number): RegionPage {
    const { where, values } = conditions(filter);
    const from = `FROM region_facets f ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}`;
    const total = this.#count(from, values);
    // Regions without a confidence go last either way; ties keep the images' and regions' order
    // (the order of the indexes of migration 008, so the page is an index walk).
    const direction = sort === 'confidenceDesc' ? 'DESC' : 'ASC';
    const order = `(f.confidence IS NULL), f.confidence ${direction}, f.image_id, f.prediction_id, f.position`;
    // The offset is walked over the index alone (its entries hold the key: the table is WITHOUT
    // ROWID), and only the page's rows are read (CROSS JOIN keeps that order: with the limit bound,
    // the planner would otherwise scan the whole table against the page).
    const rows = this.#db
      .prepare(
        `WITH page AS (SELECT f.prediction_id, f.key ${from} ORDER BY ${order} LIMIT ? OFFSET ?)
         SELECT f.*, (SELECT source FROM images WHERE id = f.image_id) AS source
           FROM page CROSS JOIN region_facets f ON f.prediction_id = page.prediction_id AND f.key = page.key
          ORDER BY ${order}`,
      )
      .all(...values, limit, offset);
    const items = rows.map((row): RegionRow => ({
      imageId: Number(row['image_id']),
      imageName: imageName(String(row['source'])),
      predictionId: Number(row['prediction_id']),
      modelId: String(row['model_id']),
      regionKey: String(row['key']),
      regionId: row['region_id'] === null ? null : String(row['region_id']),
      concept: row['concept'] === null ? null : String(row['concept']),
      confidence: row['confidence'] === null ? null : Number(row['confidence']),
      verdict: String(row['verdict']) as TriageVerdict,
      carried: Number(row['carried']) === 1,
    }));
    // Progress is over the other filters: a verdict filter narrows the page, not what is triaged.
    const rest = conditions({ ...filter, verdict: undefined });
    const restFrom = `FROM region_facets f ${rest.where.length > 0 ? `WHERE ${rest.where.join(' AND ')}` : ''}`;
    const of = filter.verdict ? this.#count(restFrom, rest.values) : total;
    const untriaged = this.#count(
      `${restFrom} ${rest.where.length > 0 ? 'AND' : 'WHERE'} f.verdict = 'unreviewed'`,
      rest.values,
    );
    const models = this.#db
      .prepare('SELECT DISTINCT model_id FROM predictions ORDER BY model_id')
      .all()
      .map((row) => String(row['model_id']));
    const concepts = this.#db
      .prepare('SELECT DISTINCT concept FROM region_facets WHERE concept IS NOT NULL ORDER BY concept')
      .all()
      .map((row) => String(row['concept']));
    return { total, items, models, concepts, progress: { triaged: of - untriaged, of } };
  }

  #count(from: string, values: SQLInputValue[]): number {
    return Number(this.#db.prepare(`SELECT COUNT(*) AS n ${from}`).get(...values)?.['n'] ?? 0);
  }

  /** One region of a review as it stands, with its image: what a crop is made from. */
  region(predictionId: number, key: string): { imageId: number; region: ReviewedRegion } | undefined {
    const row = this.#db
      .prepare(
        `SELECT p.image_id, r.region FROM review_regions r JOIN predictions p ON p.id = r.prediction_id
         WHERE r.prediction_id = ? AND r.key = ?`,
      )
      .get(predictionId, key);
    if (!row) return undefined;
    const region = parseRegion(String(row['region']));
    return region ? { imageId: Number(row['image_id']), region } : undefined;
  }
}

function parseRegion(text: string): ReviewedRegion | undefined {
  try {
    const parsed = reviewedRegionSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The WHERE of a filter over `region_facets f`, each condition one an index of migration 008 leads with. */
function conditions(filter: RegionListFilter): { where: string[]; values: SQLInputValue[] } {
  const where: string[] = [];
  const values: SQLInputValue[] = [];
  if (filter.verdict) {
    where.push('f.verdict = ?');
    values.push(filter.verdict);
  }
  if (filter.concept) {
    // The column compares without case (COLLATE NOCASE), as the index does.
    where.push('f.concept = ?');
    values.push(filter.concept);
  }
  if (filter.minConfidence !== undefined) {
    where.push('f.confidence >= ?');
    values.push(filter.minConfidence);
  }
  if (filter.maxConfidence !== undefined) {
    where.push('f.confidence <= ?');
    values.push(filter.maxConfidence);
  }
  if (filter.modelId) {
    where.push('f.model_id = ?');
    values.push(filter.modelId);
  }
  return { where, values };
}

/** A file's name, or a URL's last path segment. */
function imageName(source: string): string {
  try {
    if (/^https?:/i.test(source))
      return decodeURIComponent(new URL(source).pathname.split('/').pop() || source);
  } catch {
    return source;
  }
  return basename(source);
}
