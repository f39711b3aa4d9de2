import type { DatabaseSync } from 'node:sqlite';
import { imageStatuses, type ImageStatus } from '../../../shared/imageStatus.ts';
import type { ImageListFilter, ImageListItem, ImageSort } from '../../../shared/workspaceViews.ts';
import { LoupeError } from '../../../shared/LoupeError.ts';
import { inTransaction, prepareArrayRows, type ArrayRow, type ArrayRowStatement } from '../../io/sqlite.ts';

export interface ImageRecord {
  id: number;
  source: string;
  sourceKind: 'file' | 'url';
  contentHash: string | null;
  byteSize: number | null;
  width: number | null;
  height: number | null;
  format: string | null;
  error: string | null;
  importedAt: string;
  status: ImageStatus;
}

export type NewImage = Omit<ImageRecord, 'id' | 'importedAt' | 'status'>;

/**
 * A status the schema does not know reads as failed. A set lookup, not a zod parse: this runs for
 * every row of every page, and the rows cost little more than the query (benchmark: workspace).
 */
const knownStatuses: ReadonlySet<unknown> = new Set(imageStatuses);
const storedStatus = (value: unknown): ImageStatus =>
  knownStatuses.has(value) ? (value as ImageStatus) : 'failed';

function toRecord(row: Record<string, unknown>): ImageRecord {
  const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));
  const str = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    id: Number(row['id']),
    source: String(row['source']),
    sourceKind: row['source_kind'] === 'url' ? 'url' : 'file',
    contentHash: str(row['content_hash']),
    byteSize: num(row['byte_size']),
    width: num(row['width']),
    height: num(row['height']),
    format: str(row['format']),
    error: str(row['error']),
    importedAt: String(row['imported_at']),
    status: storedStatus(row['status']),
  };
}

/** The columns of an image list row (`ImageSummary`), in the order `toListItem` reads them. */
export const summaryColumns = 'id, source, source_kind, width, height, status, error';

/**
 * A list row, read by position (`prepareArrayRows`): the `summaryColumns`, and from `at` on in
 * `facets` the four facet sums of `facetSums` (none: zero regions).
 */
function toListItem(row: ArrayRow, facets: ArrayRow | undefined, at: number): ImageListItem {
  const minConfidence = facets?.[at + 3];
  return {
    id: Number(row[0]),
    source: String(row[1]),
    sourceKind: row[2] === 'url' ? 'url' : 'file',
    width: row[3] === null ? null : Number(row[3]),
    height: row[4] === null ? null : Number(row[4]),
    status: storedStatus(row[5]),
    error: typeof row[6] === 'string' ? row[6] : null,
    regions: Number(facets?.[at] ?? 0),
    unreviewedRegions: Number(facets?.[at + 1] ?? 0),
    falsePositives: Number(facets?.[at + 2] ?? 0),
    minConfidence: minConfidence == null ? null : Number(minConfidence),
  };
}

/** Images without regions go last in every sort by regions; ties keep import order. */
const orderBy: Record<ImageSort, string> = {
  import: 'i.id',
  lowestConfidence: 'min_confidence IS NULL, min_confidence, i.id',
  mostRegions: 'regions DESC, i.id',
  mostFalsePositives: 'false_positives DESC, i.id',
};

/** The summary's columns of `images i`, for queries that join other tables. */
const listColumns = summaryColumns
  .split(',')
  .map((column) => `i.${column.trim()}`)
  .join(', ');

const summaryColumnCount = summaryColumns.split(',').length;

/**
 * The four sums `toListItem` reads, in its order, of `review_facets` rows (`prefix`: the alias).
 * Sums over no rows (an image without reviews, in the joined sorts) are zero, the minimum null.
 */
const facetSums = (prefix: string): string =>
  `coalesce(sum(${prefix}regions), 0) AS regions, coalesce(sum(${prefix}unreviewed), 0) AS unreviewed,
   coalesce(sum(${prefix}false_positives), 0) AS false_positives, min(${prefix}min_confidence) AS min_confidence`;

const verdictColumns = {
  accurate: 'accurate',
  misplaced: 'misplaced',
  not_detected: 'not_detected',
  false_positive: 'false_positives',
} as const;

function listWhere(filter: ImageListFilter): { where: string; params: Record<string, string> } {
  const clauses: string[] = [];
  const params: Record<string, string> = {};
  if (filter.status) {
    clauses.push('i.status = :status');
    params['status'] = filter.status;
  }
  if (filter.concept) {
    clauses.push('i.id IN (SELECT image_id FROM review_concepts WHERE name = :concept)');
    params['concept'] = filter.concept;
  }
  if (filter.verdict)
    clauses.push(`i.id IN (SELECT image_id FROM review_facets WHERE ${verdictColumns[filter.verdict]} > 0)`);
  if (filter.hasUnreviewed) clauses.push('i.id IN (SELECT image_id FROM review_facets WHERE unreviewed > 0)');
  return { where: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

export class ImageRepo {
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, ArrayRowStatement>();

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** Inserts an image unless one with the same content hash exists; returns it and whether new. */
  add(image: NewImage): { image: ImageRecord; added: boolean } {
    if (image.contentHash) {
      const existing = this.byHash(image.contentHash);
      if (existing) return { image: existing, added: false };
    }
    const result = this.#db
      .prepare(
        `INSERT INTO images (source, source_kind, content_hash, byte_size, width, height, format, error, imported_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        image.source,
        image.sourceKind,
        image.contentHash,
        image.byteSize,
        image.width,
        image.height,
        image.format,
        image.error,
        new Date().toISOString(),
      );
    return { image: this.get(Number(result.lastInsertRowid))!, added: true };
  }

  /** A URL image's size, learnt when its bytes are first fetched (it is unknown at import). */
  setSize(id: number, size: { width: number; height: number }): void {
    this.#db
      .prepare('UPDATE images SET width = ?, height = ? WHERE id = ? AND width IS NULL')
      .run(size.width, size.height, id);
  }

  get(id: number): ImageRecord | undefined {
    const row = this.#db.prepare('SELECT * FROM images WHERE id = ?').get(id);
    return row ? toRecord(row) : undefined;
  }

  byHash(hash: string): ImageRecord | undefined {
    const row = this.#db.prepare('SELECT * FROM images WHERE content_hash = ?').get(hash);
    return row ? toRecord(row) : undefined;
  }

  bySource(source: string): ImageRecord | undefined {
    const row = this.#db.prepare('SELECT * FROM images WHERE source = ? ORDER BY id LIMIT 1').get(source);
    return row ? toRecord(row) : undefined;
  }

  /**
   * A page of the image list, filtered and sorted in SQL (docs/review.md, "The image list"). The
   * counts are summed per image from its `review_facets` rows (one per model, by
   * `review_facets_image`), grouped per listed row: in import order (and with the status filter,
   * by `images_status`) only the page's images are read. The concept filter uses
   * `review_concepts_name`. A sort by counts reads every image's facets — small rows, never a
   * review's state.
   */
  list(
    options: { offset?: number; limit?: number; sort?: ImageSort | undefined } & ImageListFilter = {},
  ): ImageListItem[] {
    const { where, params } = listWhere(options);
    const sort = options.sort ?? 'import';
    const page = { ...params, limit: options.limit ?? 1000, offset: options.offset ?? 0 };
    if (sort === 'import') {
      // In import order the page is cut from the images alone (the bare query, by `images_status`
      // with the status filter), then only its rows' facets are read, in one indexed query. Joining
      // and grouping before the cut made the last page of 50,000 images ~7× slower than the query
      // without facets, and joining the page's rows in SQL still cost ~2.5× on a filtered page
      // (`npm run bench -- workspace`).
      const rows = this.#statement(
        `SELECT ${listColumns} FROM images i ${where} ORDER BY i.id LIMIT :limit OFFSET :offset`,
      ).all(page);
      if (rows.length === 0) return [];
      const facets = new Map<number, ArrayRow>();
      for (const facet of this.#statement(
        `SELECT image_id, ${facetSums('')} FROM review_facets
         WHERE image_id IN (SELECT value FROM json_each(?)) GROUP BY image_id`,
      ).all(JSON.stringify(rows.map((row) => row[0])))) {
        facets.set(Number(facet[0]), facet);
      }
      return rows.map((row) => toListItem(row, facets.get(Number(row[0])), 1));
    }
    // The other orders sort by the facets, so they join first.
    return this.#statement(
      `SELECT ${listColumns}, ${facetSums('f.')}
       FROM images i LEFT JOIN review_facets f ON f.image_id = i.id
       ${where} GROUP BY i.id ORDER BY ${orderBy[sort]} LIMIT :limit OFFSET :offset`,
    )
      .all(page)
      .map((row) => toListItem(row, row, summaryColumnCount));
  }

  /**
   * The list's statements, prepared once per connection: there are a handful (one per filter and
   * sort combination), and preparing them cost as much as running them on a filtered page. Their
   * rows are arrays: reading node:sqlite's row objects cost more than the query on a filtered page.
   */
  #statement(sql: string): ArrayRowStatement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = prepareArrayRows(this.#db, sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /** How many images the list shows under a filter. */
  countListed(filter: ImageListFilter): number {
    const { where, params } = listWhere(filter);
    const row = this.#statement(`SELECT count(*) FROM images i ${where}`).get(params);
    return Number(row?.[0] ?? 0);
  }

  /** The concepts on the workspace's regions, most common first (the list's concept filter). */
  concepts(limit = 500): { name: string; images: number }[] {
    return this.#db
      .prepare(
        `SELECT name, count(DISTINCT image_id) AS images FROM review_concepts
         GROUP BY name ORDER BY images DESC, name LIMIT ?`,
      )
      .all(limit)
      .map((row) => ({ name: String(row['name']), images: Number(row['images']) }));
  }

  /** The ids of every image (of one status), in import order. */
  ids(status?: ImageStatus): number[] {
    const rows = status
      ? this.#db.prepare('SELECT id FROM images WHERE status = ? ORDER BY id').all(status)
      : this.#db.prepare('SELECT id FROM images ORDER BY id').all();
    return rows.map((row) => Number(row['id']));
  }

  /**
   * Removes images (not their files): their predictions, reviews, journal and jobs go with them
   * (foreign keys). Refused, for all of them, when one has corrections waiting in the outbox:
   * removing it would lose them.
   */
  remove(ids: readonly number[]): number {
    return inTransaction(this.#db, () => {
      const waiting = ids.filter(
        (id) =>
          this.#db
            .prepare(`SELECT 1 FROM outbox WHERE image_id = ? AND state IN ('pending', 'failed') LIMIT 1`)
            .get(id) !== undefined,
      );
      if (waiting.length > 0) {
        throw new LoupeError(
          'conflict',
          `${waiting.length} of these images have corrections waiting to be delivered (image ${waiting.slice(0, 5).join(', ')}${waiting.length > 5 ? ', …' : ''}): sync them, or discard them on the Queue screen, first`,
        );
      }
      const remove = this.#db.prepare('DELETE FROM images WHERE id = ?');
      return ids.reduce((removed, id) => removed + Number(remove.run(id).changes), 0);
    });
  }

  count(status?: ImageStatus): number {
    const row = status
      ? this.#db.prepare('SELECT count(*) AS n FROM images WHERE status = ?').get(status)
      : this.#db.prepare('SELECT count(*) AS n FROM images').get();
    return Number(row?.['n'] ?? 0);
  }

  countByStatus(): Map<ImageStatus, number> {
    const counts = new Map<ImageStatus, number>();
    for (const row of this.#db.prepare('SELECT status, count(*) AS n FROM images GROUP BY status').all()) {
      if (knownStatuses.has(row['status'])) counts.set(row['status'] as ImageStatus, Number(row['n']));
    }
    return counts;
  }
}
