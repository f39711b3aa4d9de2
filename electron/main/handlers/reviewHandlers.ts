import type { Handlers } from '../contract/dispatcher.ts';
import type { MainServices } from '../mainServices.ts';
import { summarizeSubmit } from '../../../shared/submitSummary.ts';
import type { ReviewChange } from '../workspace/reviewRepo.ts';
import { submitReviews } from '../workspace/submitReviews.ts';

export function reviewHandlers(
  services: MainServices,
): Pick<Handlers, 'review.apply' | 'review.undo' | 'review.redo' | 'review.preflight' | 'review.submit'> {
  const imagesChanged = (predictionIds: readonly number[]) => {
    const { workspace } = services.session();
    const imageIds = predictionIds.flatMap((id) => {
      const imageId = workspace.predictions.imageIdOf(id);
      return imageId === undefined ? [] : [imageId];
    });
    services.bus.emit('images.changed', { imageIds });
  };
  // An edit says where its review stands; the image list hears of it only when the status moved
  // (most key presses leave it as it was, and the list need not be read again for them).
  const edited = (change: ReviewChange): ReviewChange => {
    const imageId = services.session().workspace.predictions.imageIdOf(change.predictionId) ?? 0;
    const { predictionId, revision, status } = change;
    services.bus.emit('review.changed', { predictionId, imageId, revision, status });
    if (change.statusChanged) services.bus.emit('images.changed', { imageIds: [imageId] });
    // The output schema is the receipt: the state is dropped there, not serialised or validated.
    return change;
  };
  return {
    'review.apply': ({ predictionId, op }) => {
      const reviewer = services.settings.get().reviewerId;
      return edited(services.session().workspace.reviews.apply(predictionId, op, reviewer));
    },
    'review.undo': ({ predictionId }) => edited(services.session().workspace.reviews.undo(predictionId)),
    'review.redo': ({ predictionId }) => edited(services.session().workspace.reviews.redo(predictionId)),
    'review.preflight': ({ predictionIds }) => {
      const { workspace } = services.session();
      const ids = predictionIds ?? workspace.reviews.ids({ status: 'in_progress' });
      return summarizeSubmit(
        ids.map((predictionId) => ({
          predictionId,
          imageId: workspace.predictions.imageIdOf(predictionId) ?? 0,
          state: workspace.reviews.get(predictionId).state,
        })),
      );
    },
    'review.submit': ({ predictionIds, unreviewed }) => {
      const session = services.session();
      const queued = submitReviews(session.workspace, predictionIds, services.submitOptions(unreviewed));
      session.sync.kick();
      imagesChanged(predictionIds);
      return { queued };
    },
  };
}
