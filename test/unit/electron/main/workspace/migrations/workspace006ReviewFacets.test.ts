import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { workspace001Initial } from '../../../../../../electron/main/workspace/migrations/workspace001Initial.ts';
import { workspace002JournalState } from '../../../../../../electron/main/workspace/migrations/workspace002JournalState.ts';
import { workspace003ModelConcepts } from '../../../../../../electron/main/workspace/migrations/workspace003ModelConcepts.ts';
import { workspace004PlatformDelivery } from '../../../../../../electron/main/workspace/migrations/workspace004PlatformDelivery.ts';
import { workspace005RegionRows } from '../../../../../../electron/main/workspace/migrations/workspace005RegionRows.ts';
import { workspace006ReviewFacets } from '../../../../../../electron/main/workspace/migrations/workspace006ReviewFacets.ts';
import { ImageRepo } from '../../../../../../electron/main/workspace/imageRepo.ts';
import type { ReviewState, ReviewedRegion } from '../../../../../../shared/review.ts';

const region = (key: string, name: string, value: number, change: Partial<ReviewedRegion> = {}) => ({
  key,
  source: 'predicted' as const,
  predictedBox: { top: 0.1, left: 0.1, bottom: 0.2, right: 0.2 },
  box: { top: 0.1, left: 0.1, bottom: 0.2, right: 0.2 },
  confirmed: false,
  removed: false,
  concepts: [{ id: name, name, predictedValue: value, judgement: 'unsure' as const }],
  ...change,
});

const state = (regions: ReviewedRegion[]): ReviewState => ({
  outputId: 'o',
  inputId: 'i',
  modelId: 'm',
  imageConcepts: [],
  regions,
});

describe('workspace migration 006', () => {
  it('counts the reviews of a workspace made by 004, and the list sorts and filters by those counts', () => {
    const db = new DatabaseSync(':memory:');
    db.exec('PRAGMA foreign_keys = ON');
    for (const migration of [
      workspace001Initial,
      workspace002JournalState,
      workspace003ModelConcepts,
      workspace004PlatformDelivery,
    ])
      migration.up(db);
    const reviews = [
      state([region('a', 'face', 0.9)]),
      state([region('b', 'Omberlin', 0.5), region('c', 'Omberlin', 0.7, { removed: true })]),
      state([
        region('d', 'face', 0.8, { confirmed: true }),
        region('e', 'FACE', 0.95),
        region('f', 'face', 0.99),
      ]),
    ];
    reviews.forEach((review, index) => {
      const id = index + 1;
      db.exec(
        `INSERT INTO images (id, source, source_kind, imported_at, status) VALUES (${id}, '/${id}.jpg', 'file', 'now', 'unreviewed')`,
      );
      db.exec(
        `INSERT INTO predictions (id, image_id, model_id, status_code, status_description, output, created_at)
         VALUES (${id}, ${id}, 'm', 10000, 'Ok', '{}', 'now')`,
      );
      db.prepare(
        `INSERT INTO reviews (prediction_id, state, status, revision, updated_at) VALUES (?, ?, 'unreviewed', 0, 'now')`,
      ).run(id, JSON.stringify(review));
    });
    db.exec(
      `INSERT INTO images (id, source, source_kind, imported_at, status) VALUES (4, '/4.jpg', 'file', 'now', 'pending')`,
    );
    workspace005RegionRows.up(db);
    workspace006ReviewFacets.up(db);

    const images = new ImageRepo(db);
    const ids = (options: Parameters<ImageRepo['list']>[0]) => images.list(options).map((image) => image.id);
    expect(
      images.list({}).map(({ id, regions, unreviewedRegions, falsePositives, minConfidence }) => ({
        id,
        regions,
        unreviewedRegions,
        falsePositives,
        minConfidence,
      })),
    ).toEqual([
      { id: 1, regions: 1, unreviewedRegions: 1, falsePositives: 0, minConfidence: 0.9 },
      { id: 2, regions: 2, unreviewedRegions: 1, falsePositives: 1, minConfidence: 0.5 },
      { id: 3, regions: 3, unreviewedRegions: 2, falsePositives: 0, minConfidence: 0.8 },
      { id: 4, regions: 0, unreviewedRegions: 0, falsePositives: 0, minConfidence: null },
    ]);
    expect(ids({ sort: 'lowestConfidence' })).toEqual([2, 3, 1, 4]);
    expect(ids({ sort: 'mostRegions' })).toEqual([3, 2, 1, 4]);
    expect(ids({ sort: 'mostFalsePositives' })).toEqual([2, 1, 3, 4]);
    // Concepts match without case; a false positive's concept does not count.
    expect(ids({ concept: 'Face' })).toEqual([1, 3]);
    expect(ids({ concept: 'omberlin' })).toEqual([2]);
    expect(images.concepts()).toEqual([
      { name: 'face', images: 2 },
      { name: 'Omberlin', images: 1 },
    ]);
    expect(ids({ verdict: 'accurate' })).toEqual([3]);
    expect(ids({ verdict: 'false_positive', sort: 'mostRegions' })).toEqual([2]);
    expect(ids({ hasUnreviewed: true, status: 'unreviewed', offset: 1, limit: 1 })).toEqual([2]);
    expect(images.countListed({ hasUnreviewed: true })).toBe(3);
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT image_id FROM review_concepts WHERE name = 'face'`)
      .all()
      .map((row) => String(row['detail']))
      .join('\n');
    expect(plan).toMatch(/review_concepts_name/);
    db.close();
  });
});
