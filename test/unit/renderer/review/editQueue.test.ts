import { beforeAll, describe, expect, it } from 'vitest';
import type { LoupeApi } from '../../../../shared/contract.ts';
import type { ReviewState } from '../../../../shared/review.ts';
import { applyReviewOp, type ReviewOp } from '../../../../shared/reviewOps.ts';
import type { ImageDetail, ReviewView } from '../../../../shared/workspaceViews.ts';
import { sampleReview } from '../../../support/reviewFixtures.ts';
// Types only: the modules are loaded after `window.loupe` is in place (they read it on import).
import type * as RegionActions from '../../../../renderer/src/review/regionActions.ts';
import type * as ReviewCommands from '../../../../renderer/src/review/reviewCommands.ts';
import type * as ReviewStore from '../../../../renderer/src/review/reviewStore.ts';

/**
 * The renderer's edit queue (reviewCommands.ts) against a main side played by this test: it keeps
 * the review, applies ops as the main side does, and holds an undo's answer until the test lets
 * it go — the moment a reviewer's next key press must wait for.
 */
const size = { width: 1000, height: 1000 };
let stored: ReviewState = sampleReview();
let revision = 0;
const history: ReviewState[] = [];
const applied: ReviewOp[] = [];
let releaseUndo: (() => void) | undefined;

const view = (): ReviewView => ({
  predictionId: 1,
  state: stored,
  status: 'in_progress',
  revision,
  canUndo: history.length > 0,
  canRedo: false,
});

const fake = {
  invoke(name: string, input: { op?: ReviewOp }) {
    const ok = <T>(value: T) => Promise.resolve({ ok: true as const, value });
    switch (name) {
      case 'image.get':
        return ok<ImageDetail>({
          image: { id: 7, source: '/x.jpg', sourceKind: 'file', ...size, status: 'in_progress', error: null },
          predictions: [
            {
              predictionId: 1,
              modelId: 'm',
              modelVersionId: null,
              statusCode: 10000,
              statusDescription: 'Ok',
              review: view(),
            },
          ],
        });
      case 'review.apply': {
        applied.push(input.op!);
        history.push(stored);
        stored = applyReviewOp(stored, input.op!).state;
        revision++;
        // A receipt: the main side answers without the state.
        const { predictionId, status, canUndo, canRedo } = view();
        return ok({ predictionId, status, revision, canUndo, canRedo });
      }
      case 'review.undo':
        return new Promise((resolve) => {
          releaseUndo = () => {
            stored = history.pop()!;
            revision++;
            resolve({ ok: true, value: view() });
          };
        });
      default:
        return Promise.resolve({ ok: false, error: { code: 'unknown_command', message: name } });
    }
  },
  on: () => () => {},
  onConnection: () => () => {},
  mediaUrl: () => '',
};

let commands: typeof ReviewCommands;
let actions: typeof RegionActions;
let store: typeof ReviewStore;

beforeAll(async () => {
  (globalThis as unknown as { window: { loupe: LoupeApi } }).window = { loupe: fake as unknown as LoupeApi };
  commands = await import('../../../../renderer/src/review/reviewCommands.ts');
  actions = await import('../../../../renderer/src/review/regionActions.ts');
  store = await import('../../../../renderer/src/review/reviewStore.ts');
});

const boxOf = (state: ReviewState) => state.regions.find((region) => region.key === 'r1')!.box;
const shown = () => boxOf(store.activeReview()!.state);

describe('edit queue', () => {
  it('a key pressed while an undo is in flight acts on the undone state, in the same order on both sides', async () => {
    await commands.openImage(7);
    store.selectRegion('r1');
    const start = boxOf(stored);

    actions.nudge(10, 0);
    await commands.settled();
    expect(boxOf(stored).left).toBeCloseTo(start.left + 0.01, 9);

    commands.undo();
    // Pressed while the undo has not been answered: two nudges wait behind it.
    actions.nudge(1, 0);
    actions.nudge(1, 0);
    await new Promise((resolve) => setTimeout(resolve, 0));
    releaseUndo!();
    // One more, pressed as the held ones are still queued.
    actions.nudge(1, 0);
    await commands.settled();

    // 10 px undone, then 3 × 1 px: on the main side and on the screen alike.
    expect(boxOf(stored).left).toBeCloseTo(start.left + 0.003, 9);
    expect(shown().left).toBeCloseTo(start.left + 0.003, 9);
    expect(store.activeReview()!.revision).toBe(revision);
    expect(applied.map((op) => op.type)).toEqual(['setBox', 'setBox', 'setBox', 'setBox']);
  });

  it('undoing a drawn region that is selected moves the concept keys back to the image', async () => {
    actions.addRegion({ top: 0.6, left: 0.6, bottom: 0.7, right: 0.7 });
    await commands.settled();
    expect(store.useReviewStore.getState().conceptTarget).toBe('region');
    commands.undo();
    await new Promise((resolve) => setTimeout(resolve, 0));
    releaseUndo!();
    await commands.settled();
    expect(store.useReviewStore.getState()).toMatchObject({
      selectedKey: undefined,
      conceptTarget: 'image',
      conceptIndex: 0,
    });
  });
});
