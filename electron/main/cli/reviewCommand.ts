import { regionVerdict } from '../../../shared/review.ts';
import { cliApp, commonUsage, exitCodes, parse, report, UsageError } from './cliOptions.ts';

export const reviewUsage = `loupe review --accept-all [--images ID,ID…]

Scripted QA: accepts every unreviewed predicted region of the chosen images (default: all) as
accurate, journaled like an edit in the app (one undo step per prediction).

  --accept-all      accept remaining predicted regions
  --images IDS      comma-separated image ids

${commonUsage}`;

export async function reviewCommand(args: readonly string[]): Promise<number> {
  const { values } = parse(args, {
    'accept-all': { type: 'boolean', default: false },
    images: { type: 'string' },
  });
  if (!values['accept-all']) throw new UsageError('say what to do: --accept-all');
  const imageIds = values.images ? parseIds(values.images) : undefined;
  const app = cliApp(values);
  try {
    const { workspace } = app.services.session();
    let accepted = 0;
    let predictions = 0;
    for (const predictionId of workspace.reviews.ids({ imageIds })) {
      const review = workspace.reviews.get(predictionId);
      const keys = review.state.regions
        .filter((region) => region.source === 'predicted' && regionVerdict(region) === undefined)
        .map((region) => region.key);
      predictions += 1;
      if (keys.length === 0) continue;
      await app.call('review.apply', { predictionId, op: { type: 'confirm', keys } });
      accepted += keys.length;
    }
    report(
      values.json,
      { predictions, accepted },
      `Accepted ${accepted} region(s) in ${predictions} prediction(s).`,
    );
    return exitCodes.ok;
  } finally {
    await app.close();
  }
}

export function parseIds(text: string): number[] {
  const ids = text.split(',').map((part) => Number(part.trim()));
  if (ids.some((id) => !Number.isInteger(id) || id <= 0)) throw new UsageError(`not a list of ids: ${text}`);
  return ids;
}
