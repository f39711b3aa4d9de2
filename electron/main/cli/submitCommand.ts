import { cliApp, commonUsage, exitCodes, parse, report } from './cliOptions.ts';
import { parseIds } from './reviewCommand.ts';

export const submitUsage = `loupe submit [--images ID,ID…] [--skip-unreviewed]

Submits reviews that are in progress (default: all of them): each becomes one outbox item — a v2
feedback request, or with --app (or the platform delivery in settings) the annotations of a
platform app. Remaining unreviewed regions are accepted unless --skip-unreviewed.

  --images IDS         comma-separated image ids
  --skip-unreviewed    send only the regions that were reviewed

${commonUsage}`;

export async function submitCommand(args: readonly string[]): Promise<number> {
  const { values } = parse(args, {
    images: { type: 'string' },
    'skip-unreviewed': { type: 'boolean', default: false },
  });
  const imageIds = values.images ? parseIds(values.images) : undefined;
  const app = cliApp(values);
  try {
    const predictionIds = app.services.session().workspace.reviews.ids({ imageIds, status: 'in_progress' });
    const delivery = app.services.delivery();
    const { queued } =
      predictionIds.length === 0
        ? { queued: 0 }
        : await app.call('review.submit', {
            predictionIds,
            unreviewed: values['skip-unreviewed'] ? 'skip' : 'accept',
          });
    const what =
      delivery.kind === 'platform'
        ? `delivery(ies) to ${delivery.app.userId}/${delivery.app.appId}`
        : 'feedback request(s)';
    report(values.json, { queued }, `Queued ${queued} ${what}; run "loupe sync" to send them.`);
    return exitCodes.ok;
  } finally {
    await app.close();
  }
}
