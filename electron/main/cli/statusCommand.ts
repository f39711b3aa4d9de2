import { workspaceInfo } from '../handlers/workspaceHandlers.ts';
import { cliApp, commonUsage, exitCodes, parse, report } from './cliOptions.ts';

export const statusUsage = `loupe status

Shows the workspace: images by status, prediction jobs, and the outbox.

${commonUsage}`;

export async function statusCommand(args: readonly string[]): Promise<number> {
  const { values } = parse(args, {});
  const app = cliApp(values);
  const { services } = app;
  try {
    const session = services.session();
    const info = workspaceInfo(session.workspace);
    const outbox = session.workspace.outbox.counts();
    const jobs = session.predict.progress();
    const result = { ...info, jobs, outbox, key: services.vault.status() };
    const byStatus = Object.entries(info.byStatus)
      .map(([status, count]) => `${status} ${count}`)
      .join(', ');
    report(
      values.json,
      result,
      [
        `Workspace ${info.file}: ${info.images} image(s) (${byStatus}).`,
        `Prediction jobs: ${jobs.queued} queued, ${jobs.done} done, ${jobs.failed} failed.`,
        `Outbox: ${outbox.pending} pending, ${outbox.delivered} delivered, ${outbox.failed} failed, ${outbox.discarded} discarded.`,
      ].join('\n'),
    );
    return exitCodes.ok;
  } finally {
    await app.close();
  }
}
