import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, userVersion } from '../../electron/io/sqlite.ts';
import { Workspace, workspaceMigrations } from '../../electron/main/workspace/workspace.ts';
import { predictedRegion } from '../support/reviewFixtures.ts';
import { makeTempDir } from '../support/tempDir.ts';

const temp = makeTempDir();
afterAll(temp.cleanup);

const box = { top: 0.1, left: 0.1, bottom: 0.2, right: 0.2 };
const region = (key: string, value: number, extra: object = {}) => ({
  ...predictedRegion(key, box, 'face', value),
  ...extra,
});

describe('a workspace file made by migration 007, opened by this Loupe', () => {
  it('is upgraded to 008 with every region given its facets, a damaged row and drawn regions left out', () => {
    const file = join(temp.dir, 'made-by-007.loupe.sqlite');
    const old = openDatabase(file, workspaceMigrations.slice(0, 7), 'workspace');
    expect(userVersion(old)).toBe(7);
    const state = JSON.stringify({
      outputId: 'o',
      inputId: 'i',
      modelId: 'm',
      imageConcepts: [],
      regions: [],
    });
    const rows = [
      [5, 'a', 0, region('a', 0.9, { confirmed: true })],
      [5, 'b', 1, region('b', 0.3, { removed: true })],
      [5, 'c', 2, { ...region('c', 0.5), source: 'reviewer', predictedBox: undefined }],
      [
        9,
        'd',
        0,
        region('d', 0.6, {
          carried: { fromOutputId: 'o', verdict: 'accurate', iou: 0.9, confirmed: false },
          confirmed: true,
        }),
      ],
    ] as const;
    old.exec(
      `INSERT INTO images (id, source, source_kind, imported_at, status) VALUES (1, '/1.jpg', 'file', 'now', 'in_progress');
       INSERT INTO predictions (id, image_id, model_id, model_version_id, status_code, status_description, output, created_at) VALUES
         (5, 1, 'm', 'v1', 10000, 'Ok', '{}', 'now'), (9, 1, 'm', 'v2', 10000, 'Ok', '{}', 'now');
       INSERT INTO reviews (prediction_id, state, status, revision, updated_at) VALUES
         (5, '${state}', 'in_progress', 2, 'now'), (9, '${state}', 'in_progress', 0, 'now');`,
    );
    const insert = old.prepare(
      'INSERT INTO review_regions (prediction_id, key, position, region) VALUES (?, ?, ?, ?)',
    );
    for (const [id, key, position, value] of rows) insert.run(id, key, position, JSON.stringify(value));
    insert.run(9, 'e', 1, '{not json');
    old.close();

    const workspace = new Workspace(file);
    expect(userVersion(workspace.db)).toBe(8);
    const facets = workspace.db
      .prepare(
        'SELECT prediction_id, key, model_version_id, concept, confidence, verdict, carried FROM region_facets ORDER BY prediction_id, key',
      )
      .all()
      .map((row) => ({ ...row }));
    expect(facets).toEqual([
      {
        prediction_id: 5,
        key: 'a',
        model_version_id: 'v1',
        concept: 'face',
        confidence: 0.9,
        verdict: 'accurate',
        carried: 0,
      },
      {
        prediction_id: 5,
        key: 'b',
        model_version_id: 'v1',
        concept: 'face',
        confidence: 0.3,
        verdict: 'false_positive',
        carried: 0,
      },
      {
        prediction_id: 9,
        key: 'd',
        model_version_id: 'v2',
        concept: 'face',
        confidence: 0.6,
        verdict: 'accurate',
        carried: 1,
      },
    ]);
    const page = workspace.regions.list({}, 'confidenceDesc', 0, 10);
    expect(page.items.map((item) => [item.regionKey, item.verdict, item.carried])).toEqual([
      ['a', 'accurate', false],
      ['d', 'accurate', true],
      ['b', 'false_positive', false],
    ]);
    expect(page.progress).toEqual({ triaged: 3, of: 3 });
    // Edits after the upgrade keep the rows current.
    workspace.reviews.apply(5, { type: 'restore', keys: ['b'] }, 'tester');
    expect(
      workspace.regions.list({ verdict: 'unreviewed' }, 'confidenceAsc', 0, 10).items.map((i) => i.regionKey),
    ).toEqual(['b']);
    workspace.close();
  });
});
