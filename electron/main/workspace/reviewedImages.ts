import type { ReviewForReport } from '../../../shared/qaReport.ts';
import type { ExportImage } from '../../../shared/reviewExports.ts';
import { parseReviewState } from './reviewRepo.ts';
import type { Workspace } from './workspace.ts';

/**
 * Every review that someone touched (status in progress or done), with its image and the
 * reviewer of its latest journal entry — what the QA report and the exports are made from.
 * Rows that no longer parse are skipped rather than exported wrong. Pixel exports need an image's
 * size: a URL image has one once it has been shown (see mediaService); until then it counts in
 * the report (`sizeRequired: false`, its size read as 0) but has no boxes to export.
 */
export function reviewedImages(workspace: Workspace, options = { sizeRequired: true }): ExportImage[] {
  const rows = workspace.db
    .prepare(
      `SELECT i.id AS image_id, i.source, i.width, i.height, i.content_hash, r.prediction_id, r.state, r.updated_at,
         (SELECT reviewer FROM journal j WHERE j.prediction_id = r.prediction_id AND j.state = 'done'
            ORDER BY j.id DESC LIMIT 1) AS reviewer
       FROM reviews r JOIN predictions p ON p.id = r.prediction_id JOIN images i ON i.id = p.image_id
       WHERE r.status != 'unreviewed'
       ORDER BY i.id, r.prediction_id`,
    )
    .all();
  const regionsOf = workspace.db.prepare(
    'SELECT region FROM review_regions WHERE prediction_id = ? ORDER BY position',
  );
  const images = new Map<number, ExportImage>();
  for (const row of rows) {
    const regions = regionsOf.all(Number(row['prediction_id'])).map((region) => String(region['region']));
    const state = parseReviewState(String(row['state']), regions);
    const width = Number(row['width']);
    const height = Number(row['height']);
    if (!state || (options.sizeRequired && !(width > 0 && height > 0))) continue;
    const id = Number(row['image_id']);
    const image = images.get(id) ?? {
      id,
      source: String(row['source']),
      width,
      height,
      contentHash: typeof row['content_hash'] === 'string' ? row['content_hash'] : null,
      reviews: [],
    };
    image.reviews.push({
      state,
      reviewer: typeof row['reviewer'] === 'string' ? row['reviewer'] : '',
      updatedAt: String(row['updated_at']),
    });
    images.set(id, image);
  }
  return [...images.values()];
}

export function reviewsForReport(images: readonly ExportImage[]): ReviewForReport[] {
  return images.flatMap((image) => image.reviews.map(({ state, reviewer }) => ({ state, reviewer })));
}
