import { cliApp, commonUsage, exitCodes, parse, parseModel, report } from './cliOptions.ts';

export const predictUsage = `loupe predict [--model ID] [--version ID] [--once]

Predicts every image of the workspace that has no successful prediction for the model yet
(default: the model in settings), in batches of up to 128, waiting and retrying while the
endpoint cannot be reached. Exit code 3 when some images failed, 4 when the endpoint refused
the key.

  --model ID        model id (e.g. a403429f2ddf4b49b307e318f00e528b for face detection), or
                    USER/APP/MODEL[/VERSION] (e.g. clarifai/main/face-detection); with --app the
                    default is the platform profile's model
  --version ID      model version id
  --once            one pass: do not wait for retries that are not due yet

${commonUsage}`;

export async function predictCommand(args: readonly string[]): Promise<number> {
  const { values } = parse(args, {
    model: { type: 'string' },
    version: { type: 'string' },
    once: { type: 'boolean', default: false },
  });
  const app = cliApp(values);
  try {
    const session = app.services.session();
    const model = values.model ? parseModel(values.model, values.version) : app.services.predictModel();
    const { queued } = await app.call('predict.run', { model });
    const progress = await session.predict.drain({ once: values.once });
    const blockedBy = session.predict.blockedBy;
    const failures = session.workspace.jobs.failures();
    const result = { model, newlyQueued: queued, ...progress, failures, blockedBy: blockedBy ?? null };
    const lines = [
      `Predicted with ${[model.userId, model.appId, model.modelId].filter(Boolean).join('/')}: ${progress.done} done, ${progress.failed} failed, ${progress.queued} waiting.`,
      ...failures.map((failure) => `  failed: ${failure.source}: ${failure.reason}`),
      ...(blockedBy ? [`Stopped: ${blockedBy}`] : []),
    ];
    report(values.json, result, lines.join('\n'));
    if (blockedBy) return exitCodes.blocked;
    return progress.failed > 0 || progress.queued > 0 ? exitCodes.partial : exitCodes.ok;
  } finally {
    await app.close();
  }
}
