import { basename } from 'node:path';
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import {
  triageFacets,
  type RegionListFilter,
  type RegionRow,
  type RegionSort,
} from '../../../shared/regionTriage.ts';
import { reviewedRegionSchema, type ReviewedRegion } from '../../../shared/review.ts';

/** The SQL function the region query filters and sorts by: one facet of a region row's JSON. */
const facetFunction = 'loupe_region_facet';

/**
 * The region triage grid's query (docs/triage.md): the predicted regions of every review, filtered
 * and sorted in SQL and paged with LIMIT / OFFSET. A region's verdict, confidence and label are
 * computed from its row by the same functions the rest of the app uses (shared/regionTriage.ts),
 * registered as a deterministic SQL function, so the grid can never disagree with the canvas.
 */
export class RegionRepo {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
    // SQLite asks for the facets of one row one after another: the last parse is kept.
    let lastText: string | undefined;
    let lastFacets: ReturnType<typeof triageFacets> | undefined;
    db.function(facetFunction, { deterministic: true }, (text, which) => {
      if (text !== lastText) {
        lastText = String(text);
        lastFacets = parseFacets(lastText);
      }
      if (!lastFacets) return null;
      if (which === 'verdict') return lastFacets.verdict;
      if (which === 'confidence') return lastFacets.confidence ?? null;
      if (which === 'concept') return lastFacets.concept ?? null;
      return null;
    });
  }

  list(
    filter: RegionListFilter,
    sort: RegionSort,
    offset: number,
    limit: number,
  ): { total: number; items: RegionRow[]; models: string[] } {
    // A damaged row (not JSON) is left out, not an error for the whole page.
    const where: string[] = [
      `CASE WHEN json_valid(r.region) THEN json_extract(r.region, '$.source') END = 'predicted'`,
    ];
    const values: SQLInputValue[] = [];
    if (filter.verdict) {
      where.push(`${facetFunction}(r.region, 'verdict') = ?`);
      values.push(filter.verdict);
    }
    if (filter.concept) {
      where.push(`${facetFunction}(r.region, 'concept') = ? COLLATE NOCASE`);
      values.push(filter.concept);
    }
    if (filter.minConfidence !== undefined) {
      where.push(`${facetFunction}(r.region, 'confidence') >= ?`);
      values.push(filter.minConfidence);
    }
    if (filter.maxConfidence !== undefined) {
      where.push(`${facetFunction}(r.region, 'confidence') <= ?`);
      values.push(filter.maxConfidence);
    }
    if (filter.modelId) {
      where.push('p.model_id = ?');
      values.push(filter.modelId);
    }
    const from = `FROM review_regions r JOIN predictions p ON p.id = r.prediction_id
      JOIN images i ON i.id = p.image_id WHERE ${where.join(' AND ')}`;
    const total = Number(this.#db.prepare(`SELECT COUNT(*) AS n ${from}`).get(...values)?.['n'] ?? 0);
    // Regions without a confidence go last either way; ties keep the images' and regions' order.
    const direction = sort === 'confidenceDesc' ? 'DESC' : 'ASC';
    const rows = this.#db
      .prepare(
        `SELECT r.prediction_id, r.key, r.region, p.image_id, p.model_id, i.source ${from}
         ORDER BY ${facetFunction}(r.region, 'confidence') IS NULL, ${facetFunction}(r.region, 'confidence') ${direction},
           p.image_id, r.prediction_id, r.position
         LIMIT ? OFFSET ?`,
      )
      .all(...values, limit, offset);
    const items = rows.flatMap((row): RegionRow[] => {
      const region = parseRegion(String(row['region']));
      if (!region) return [];
      const facets = triageFacets(region);
      return [
        {
          imageId: Number(row['image_id']),
          imageName: imageName(String(row['source'])),
          predictionId: Number(row['prediction_id']),
          modelId: String(row['model_id']),
          regionKey: String(row['key']),
          regionId: region.regionId ?? null,
          concept: facets.concept ?? null,
          confidence: facets.confidence ?? null,
          verdict: facets.verdict,
        },
      ];
    });
    const models = this.#db
      .prepare('SELECT DISTINCT model_id FROM predictions ORDER BY model_id')
      .all()
      .map((row) => String(row['model_id']));
    return { total, items, models };
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

/**
 * The facets of a row, for every row the query scans: JSON only, no schema (the rows were
 * validated when written, and the page's rows are parsed with it). A damaged row
 * (docs/review-storage.md: reported where its review is opened) has none.
 */
function parseFacets(text: string): ReturnType<typeof triageFacets> | undefined {
  try {
    return triageFacets(JSON.parse(text) as ReviewedRegion);
  } catch {
    return undefined;
  }
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
