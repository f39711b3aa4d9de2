import { submitReviews } from '../workspace/submitReviews.ts';
import { cliServices, commonUsage, exitCodes, parse, report } from './cliOptions.ts';
import { parseIds } from './reviewCommand.ts';

export const submitUsage = `loupe submit [--images ID,ID…] [--skip-unreviewed]

Submits reviews that are in progress (default: all of them): each becomes one feedback request
in the outbox. Remaining unreviewed regions are accepted unless --skip-unreviewed.

  --images IDS         comma-separated image ids
  --skip-unreviewed    send only the regions that were reviewed

${commonUsage}`;

export async function submitCommand(args: readonly string[]): Promise<number> {
  const { values } = parse(args, {
    images: { type: 'string' },
    'skip-unreviewed': { type: 'boolean', default: false },
  });
  const imageIds = values.images ? parseIds(values.images) : undefined;
  const services = cliServices(values);
  try {
    const { workspace } = services.session();
    const settings = services.settings.get();
    const predictionIds = workspace.reviews.ids({ imageIds, status: 'in_progress' });
    const queued =
      predictionIds.length === 0
        ? 0
        : submitReviews(workspace, predictionIds, {
            unreviewed: values['skip-unreviewed'] ? 'skip' : 'accept',
            reviewer: settings.reviewerId,
            sessionId: services.sessionId,
            conceptValueEncoding: settings.conceptValueEncoding,
          });
    report(values.json, { queued }, `Queued ${queued} feedback request(s); run "loupe sync" to send them.`);
    return exitCodes.ok;
  } finally {
    await services.close();
  }
}
