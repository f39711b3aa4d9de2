import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../../electron/workspace/workspace.ts';
import { regionVerdict } from '../../../shared/review.ts';
import { sampleReview } from '../../support/reviewFixtures.ts';
import { makeTempDir } from '../../support/tempDir.ts';

const temp = makeTempDir();
afterAll(temp.cleanup);

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
});
