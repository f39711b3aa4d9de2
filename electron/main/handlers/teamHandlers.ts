import { join } from 'node:path';
import { LoupeError } from '../../../shared/LoupeError.ts';
import type { Handlers } from '../contract/dispatcher.ts';
import type { MainServices } from '../mainServices.ts';
import { assignmentView, pullAssignment } from '../team/teamAssignment.ts';
import { asLoupeError } from '../team/teamCollectorClient.ts';
import { exportsFolder, writeExportText } from '../workspace/exporter.ts';

const extensions = { coco: 'json', csv: 'csv', jsonl: 'jsonl', json: 'json' } as const;

/** The team campaign commands (docs/team-collector.md, "The app"); all HTTP goes through the main side. */
export function teamHandlers(
  services: MainServices,
): Pick<Handlers, 'team.pull' | 'team.assignment' | 'team.campaigns' | 'team.results' | 'team.export'> {
  const campaignOf = (endpoint: { campaignId: string }, asked?: string) => {
    const id = asked ?? endpoint.campaignId;
    if (!id)
      throw new LoupeError('invalid_input', 'No campaign: set the campaign id under Settings → Endpoint');
    return id;
  };
  const collector = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw asLoupeError(error);
    }
  };
  return {
    'team.pull': async ({ maxImages }) => {
      const { client, endpoint } = await services.teamClient();
      const session = services.session();
      const report = await pullAssignment({
        workspace: session.workspace,
        client,
        campaignId: campaignOf(endpoint),
        maxImages,
        imagesDir: join(services.dataDir, 'team-images'),
      });
      if (report.imageIds.length > 0) services.bus.emit('images.changed', { imageIds: report.imageIds });
      return report;
    },
    'team.assignment': () => {
      const endpoint = services.endpoint();
      return assignmentView(services.session().workspace, endpoint.kind === 'team' ? endpoint : undefined);
    },
    'team.campaigns': async () => {
      const { client } = await services.teamClient();
      return collector(() => client.campaignsOfCaller());
    },
    'team.results': async ({ campaignId }) => {
      const { client, endpoint } = await services.teamClient();
      return collector(() => client.results(campaignOf(endpoint, campaignId)));
    },
    'team.export': async ({ campaignId, format, file, overwrite }) => {
      const { client, endpoint } = await services.teamClient();
      const id = campaignOf(endpoint, campaignId);
      const content = await collector(() => client.exportMerged(id, format));
      const target =
        file ?? join(exportsFolder(services.dataDir), `loupe-team-${id}-${format}.${extensions[format]}`);
      const written = writeExportText(content, target, services.session().workspace.file, {
        overwrite,
        dataDir: services.dataDir,
      });
      return { file: written, bytes: Buffer.byteLength(content) };
    },
  };
}
