import { buildQaReport } from '../../shared/qaReport.ts';
import type { Handlers } from '../contract/dispatcher.ts';
import type { MainServices } from '../mainServices.ts';
import { exportReviews } from '../workspace/exporter.ts';
import { reviewedImages, reviewsForReport } from '../workspace/reviewedImages.ts';

export function reportHandlers(services: MainServices): Pick<Handlers, 'report.get' | 'export.run'> {
  return {
    'report.get': () =>
      buildQaReport(reviewsForReport(reviewedImages(services.session().workspace, { sizeRequired: false }))),
    'export.run': ({ format, file, overwrite }) =>
      exportReviews(services.session().workspace, format, file, { overwrite, dataDir: services.dataDir }),
  };
}
