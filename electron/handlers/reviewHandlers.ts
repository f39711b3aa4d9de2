import type { Handlers } from '../contract/dispatcher.ts';
import type { MainServices } from '../mainServices.ts';
import { summarizeSubmit } from '../../shared/submitSummary.ts';
import { submitReviews } from '../workspace/submitReviews.ts';

export function reviewHandlers(
  services: MainServices,
): Pick<Handlers, 'review.apply' | 'review.undo' | 'review.redo' | 'review.preflight' | 'review.submit'> {
  const changed = (predictionIds: readonly number[]) => {
    const { workspace } = services.session();
    const imageIds = predictionIds.flatMap((id) => {
      const prediction = workspace.predictions.get(id);
      return prediction ? [prediction.imageId] : [];
    });
    services.bus.emit('images.changed', { imageIds });
  };
  return {
    'review.apply': ({ predictionId, op }) => {
      const reviewer = services.settings.get().reviewerId;
      const review = services.session().workspace.reviews.apply(predictionId, op, reviewer);
      changed([predictionId]);
      // The output schema is the receipt: the state is dropped there, not serialised or validated.
      return review;
    },
    'review.undo': ({ predictionId }) => {
      const review = services.session().workspace.reviews.undo(predictionId);
      changed([predictionId]);
      return review;
    },
    'review.redo': ({ predictionId }) => {
      const review = services.session().workspace.reviews.redo(predictionId);
      changed([predictionId]);
      return review;
    },
    'review.preflight': ({ predictionIds }) => {
      const { workspace } = services.session();
      const ids = predictionIds ?? workspace.reviews.ids({ status: 'in_progress' });
      return summarizeSubmit(
        ids.map((predictionId) => ({
          predictionId,
          imageId: workspace.predictions.get(predictionId)?.imageId ?? 0,
          state: workspace.reviews.get(predictionId).state,
        })),
      );
    },
    'review.submit': ({ predictionIds, unreviewed }) => {
      const session = services.session();
      const queued = submitReviews(session.workspace, predictionIds, services.submitOptions(unreviewed));
      session.sync.kick();
      changed(predictionIds);
      return { queued };
    },
  };
}
