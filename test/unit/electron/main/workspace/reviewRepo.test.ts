import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../../../../electron/main/workspace/workspace.ts';
import { regionVerdict } from '../../../../../shared/review.ts';
import { reviewFacets } from '../../../../../shared/reviewFacets.ts';
import type { ReviewOp } from '../../../../../shared/reviewOps.ts';
import { sampleReview } from '../../../../support/reviewFixtures.ts';
import { makeTempDir } from '../../../../support/tempDir.ts';

const temp = makeTempDir();
afterAll(temp.cleanup);

/** The image list's facets as the workspace holds them, concept names lower-cased and sorted. */
function storedFacets(workspace: Workspace) {
  const row = workspace.db.prepare('SELECT * FROM review_facets').get()!;
  return {
    regions: row['regions'],
    unreviewed: row['unreviewed'],
    accurate: row['accurate'],
    misplaced: row['misplaced'],
    notDetected: row['not_detected'],
    falsePositives: row['false_positives'],
    minConfidence: row['min_confidence'],
    concepts: workspace.db
      .prepare('SELECT name FROM review_concepts')
      .all()
      .map((concept) => String(concept['name']).toLowerCase())
      .sort(),
  };
}

function workspaceWithReview(name: string): { workspace: Workspace; predictionId: number; file: string } {
  const file = join(temp.dir, `${name}.loupe.sqlite`);
  const workspace = new Workspace(file);
  const { image } = workspace.images.add({
    source: '/x.jpg',
    sourceKind: 'file',
    contentHash: name,
    byteSize: 1,
    width: 100,
    height: 100,
    format: 'jpeg',
    error: null,
  });
  const result = workspace.db
    .prepare(
      "INSERT INTO predictions (image_id, model_id, output_id, input_id, status_code, status_description, created_at) VALUES (?, 'logo', 'out-1', 'in-1', 10000, 'Ok', 'now')",
    )
    .run(image.id);
  const predictionId = Number(result.lastInsertRowid);
  workspace.reviews.create(predictionId, sampleReview());
  return { workspace, predictionId, file };
}

describe('review journal', () => {
  it('journals a batch (a bulk relabel, a paste) as one row: one undo takes it all back, also after reopening', () => {
    const { workspace, predictionId, file } = workspaceWithReview('batch');
    const label = { id: 'norda', name: 'Norda' };
    const box = { top: 0.5, left: 0.5, bottom: 0.6, right: 0.6 };
    const after = workspace.reviews.apply(
      predictionId,
      {
        type: 'batch',
        ops: [
          { type: 'relabel', region: 'r1', concept: label },
          { type: 'relabel', region: 'r2', concept: label },
          { type: 'addRegion', key: 'p1', box, concepts: [{ ...label, judgement: 'true' }] },
        ],
      },
      'ana',
    );
    expect(after.revision).toBe(1);
    // A relabelled region is accurate with its new label; the pasted one was missed.
    expect(after.state.regions.map((region) => regionVerdict(region) ?? 'none')).toEqual([
      'accurate',
      'accurate',
      'not_detected',
    ]);
    const rows = workspace.db
      .prepare('SELECT COUNT(*) AS n FROM journal WHERE prediction_id = ?')
      .get(predictionId);
    expect(Number(rows?.['n'])).toBe(1);
    workspace.close();

    const reopened = new Workspace(file);
    const undone = reopened.reviews.undo(predictionId);
    expect(undone.state).toEqual(sampleReview());
    expect(undone.canUndo).toBe(false);
    expect(reopened.reviews.redo(predictionId).state).toEqual(after.state);
    reopened.close();
  });

  it('journals each edit and undoes/redoes it, also after reopening the file', () => {
    const { workspace, predictionId, file } = workspaceWithReview('undo');
    workspace.reviews.apply(predictionId, { type: 'confirm', keys: ['r1'] }, 'ana');
    workspace.reviews.apply(predictionId, { type: 'remove', keys: ['r2'] }, 'ana');
    expect(workspace.reviews.get(predictionId).status).toBe('in_progress');
    workspace.close();

    const reopened = new Workspace(file);
    let review = reopened.reviews.undo(predictionId);
    expect(regionVerdict(review.state.regions[1]!)).toBeUndefined();
    expect(review.canRedo).toBe(true);
    reopened.close();

    const again = new Workspace(file);
    review = again.reviews.redo(predictionId);
    expect(regionVerdict(review.state.regions[1]!)).toBe('false_positive');
    expect(review.canRedo).toBe(false);
    again.reviews.undo(predictionId);
    review = again.reviews.undo(predictionId);
    expect(review.state).toEqual(sampleReview());
    expect(review.canUndo).toBe(false);
    expect(() => again.reviews.undo(predictionId)).toThrow('Nothing to undo');
    again.close();
  });

  it('a new edit after undo abandons the redo steps but keeps them for audit', () => {
    const { workspace, predictionId } = workspaceWithReview('abandon');
    workspace.reviews.apply(predictionId, { type: 'confirm', keys: ['r1'] }, 'ana');
    workspace.reviews.undo(predictionId);
    const review = workspace.reviews.apply(predictionId, { type: 'remove', keys: ['r1'] }, 'ana');
    expect(review.canRedo).toBe(false);
    const states = workspace.db
      .prepare('SELECT state FROM journal ORDER BY id')
      .all()
      .map((row) => row['state']);
    expect(states).toEqual(['abandoned', 'done']);
    workspace.close();
  });

  it('undoing the edit that reopened a submitted review makes it done again; after a new submit it does not', () => {
    const { workspace, predictionId } = workspaceWithReview('reopen');
    const nudge = {
      type: 'setBox' as const,
      key: 'r1',
      box: { top: 0.1, left: 0.11, bottom: 0.5, right: 0.5 },
    };
    workspace.reviews.apply(predictionId, { type: 'confirm', keys: ['r1'] }, 'ana');
    workspace.reviews.setStatus(predictionId, 'done');
    // A stray arrow key on a done image reopens it; undoing the nudge restores done.
    expect(workspace.reviews.apply(predictionId, nudge, 'ana').status).toBe('in_progress');
    expect(workspace.reviews.undo(predictionId).status).toBe('done');
    expect(workspace.reviews.get(predictionId).status).toBe('done');
    // Redoing it reopens it again.
    expect(workspace.reviews.redo(predictionId).status).toBe('in_progress');
    // Submitted with the nudge: undoing it now leaves a state that was not sent, so in progress.
    workspace.reviews.setStatus(predictionId, 'done');
    expect(workspace.reviews.undo(predictionId).status).toBe('in_progress');
    // An edit made while in progress does not make the review done when undone.
    workspace.reviews.apply(predictionId, { type: 'remove', keys: ['r2'] }, 'ana');
    expect(workspace.reviews.undo(predictionId).status).toBe('in_progress');
    workspace.close();
  });

  it('an op that cannot apply is refused and changes nothing', () => {
    const { workspace, predictionId } = workspaceWithReview('refuse');
    expect(() => workspace.reviews.apply(predictionId, { type: 'confirm', keys: ['ghost'] }, 'ana')).toThrow(
      /ghost/,
    );
    expect(workspace.reviews.get(predictionId).revision).toBe(0);
    expect(workspace.db.prepare('SELECT count(*) AS n FROM journal').get()?.['n']).toBe(0);
    workspace.close();
  });

  it('an edit writes the regions it changed, not the review again (issue 16)', () => {
    const { workspace, predictionId } = workspaceWithReview('rows');
    const read = () => ({
      rest: workspace.db.prepare('SELECT state FROM reviews').get()?.['state'],
      rows: workspace.db.prepare('SELECT key, position, region FROM review_regions ORDER BY position').all(),
    });
    const before = read();
    expect(before.rows.map((row) => row['key'])).toEqual(['r1', 'r2']);
    workspace.reviews.apply(predictionId, { type: 'confirm', keys: ['r2'] }, 'ana');
    const after = read();
    expect(after.rest).toBe(before.rest);
    expect(after.rows[0]).toEqual(before.rows[0]);
    expect(after.rows[1]).not.toEqual(before.rows[1]);
    // Image concepts live in the review's rest: judging one writes it, and no region.
    workspace.reviews.apply(
      predictionId,
      { type: 'setConcept', target: 'image', concept: { id: 'ai_dog', name: 'dog' }, judgement: 'true' },
      'ana',
    );
    expect(read().rest).not.toBe(after.rest);
    expect(read().rows).toEqual(after.rows);
    workspace.close();
  });

  it('any run of edits, undos and redos, from two connections, reads back as it was answered', () => {
    const { workspace, predictionId, file } = workspaceWithReview('property');
    const other = new Workspace(file);
    const box = { top: 0.4, left: 0.4, bottom: 0.6, right: 0.6 };
    const step = fc.oneof(
      fc.constantFrom<'undo' | 'redo'>('undo', 'redo'),
      fc.constantFrom<ReviewOp>(
        { type: 'confirm', keys: ['r1'] },
        { type: 'remove', keys: ['r2'] },
        { type: 'restore', keys: ['r2'] },
        { type: 'setBox', key: 'r1', box },
        { type: 'addRegion', key: 'd1', box, concepts: [] },
        { type: 'remove', keys: ['d1'] },
        { type: 'relabel', region: 'r1', concept: { id: 'ai_cat', name: 'cat' } },
      ),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), step), { minLength: 1, maxLength: 25 }), (steps) => {
        for (const [useOther, action] of steps) {
          const repo = (useOther ? other : workspace).reviews;
          let answered;
          try {
            if (action === 'undo') answered = repo.undo(predictionId);
            else if (action === 'redo') answered = repo.redo(predictionId);
            else answered = repo.apply(predictionId, action, 'ana');
          } catch {
            continue; // nothing to undo, or an op that does not apply now: refused, nothing changed
          }
          const fresh = new Workspace(file);
          expect(fresh.reviews.get(predictionId).state).toEqual(answered.state);
          fresh.close();
          // The facets moved edit by edit (each connection its own tally) are the ones counted anew.
          const { concepts, ...counts } = reviewFacets(answered.state);
          expect(storedFacets(workspace)).toEqual({
            ...counts,
            concepts: concepts.map((name) => name.toLowerCase()).sort(),
          });
          // The connection that did not edit sees the edit (its parsed copy is of an older revision).
          expect((useOther ? workspace : other).reviews.get(predictionId)).toMatchObject({
            state: answered.state,
            revision: answered.revision,
          });
        }
      }),
      { numRuns: 30, seed: 16 },
    );
    other.close();
    workspace.close();
  });

  it("the list's facets follow each edit: counts, and concept rows added and dropped", () => {
    const { workspace, predictionId } = workspaceWithReview('facets');
    const facets = () => workspace.db.prepare('SELECT unreviewed, false_positives FROM review_facets').get();
    const concepts = () =>
      workspace.db
        .prepare('SELECT name FROM review_concepts ORDER BY name')
        .all()
        .map((row) => row['name']);
    expect(facets()).toEqual({ unreviewed: 2, false_positives: 0 });
    expect(concepts()).toEqual(['ai_other', 'ai_TG4GHlnf']);
    workspace.reviews.apply(predictionId, { type: 'remove', keys: ['r2'] }, 'ana');
    workspace.reviews.apply(
      predictionId,
      { type: 'relabel', region: 'r1', concept: { id: 'cat', name: 'Cat' } },
      'ana',
    );
    expect(facets()).toEqual({ unreviewed: 0, false_positives: 1 });
    // r2 is removed (its concept leaves the filter); r1's old label is judged false, Cat is new.
    expect(concepts()).toEqual(['Cat']);
    workspace.reviews.undo(predictionId);
    expect(concepts()).toEqual(['ai_TG4GHlnf']);
    workspace.close();
  });
});
