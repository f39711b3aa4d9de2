import { buildQaReport } from '../../../shared/qaReport.ts';
import type { Handlers } from '../contract/dispatcher.ts';
import type { MainServices } from '../mainServices.ts';
import { exportReviews } from '../workspace/exporter.ts';
import { reviewedImages, reviewsForReport } from '../workspace/reviewedImages.ts';

export function reportHandlers(services: MainServices): Pick<Handlers, 'report.get' | 'export.run'> {
  return {
    'report.get': ({ targetPrecision }) => {
      const { workspace } = services.session();
      return buildQaReport(reviewsForReport(reviewedImages(workspace, { sizeRequired: false })), {
        missesComplete: workspace.reviews.ids({ status: 'in_progress' }).length === 0,
        ...(targetPrecision === undefined ? {} : { targetPrecision }),
      });
    },
    'export.run': ({ format, file, overwrite }) =>
      exportReviews(services.session().workspace, format, file, { overwrite, dataDir: services.dataDir }),
  };
}
