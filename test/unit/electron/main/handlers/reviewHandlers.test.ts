import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLoupeApp } from '../../../../../electron/main/loupeApp.ts';
import { sampleImage, seedWorkspace, workspaceFile } from '../../../../support/seedWorkspace.ts';
import { makeTempDir } from '../../../../support/tempDir.ts';

const temp = makeTempDir();
afterAll(temp.cleanup);

describe('review.apply through the contract', () => {
  it("names the edited review's image in review.changed, and in images.changed only when the status moved", async () => {
    const dataDir = join(temp.dir, 'data');
    const box = { top: 0.1, left: 0.1, bottom: 0.2, right: 0.2 };
    const region = { id: 'r1', box, concepts: [{ id: 'ai_face', name: 'face', value: 0.9 }] };
    // Two images, so the second's image id is not its prediction id's neighbour by chance.
    const [, second] = await seedWorkspace(dataDir, [
      { file: sampleImage(1), regions: [region] },
      { file: sampleImage(2), regions: [region] },
    ]);
    const app = createLoupeApp({ dataDir: join(temp.dir, 'app'), transport: 'bridge', log: () => {} });
    const heard: { name: string; payload: unknown }[] = [];
    app.bus.subscribe((name, payload) => heard.push({ name, payload }));
    try {
      expect(await app.dispatch('workspace.open', { file: workspaceFile(dataDir) })).toMatchObject({
        ok: true,
      });
      const nudge = (top: number) =>
        app.dispatch('review.apply', {
          predictionId: second!.predictionId,
          op: { type: 'setBox', key: 'r1', box: { ...box, top } },
        });
      heard.length = 0;
      expect(await nudge(0.11)).toMatchObject({ ok: true, value: { revision: 1, status: 'in_progress' } });
      expect(heard).toEqual([
        {
          name: 'review.changed',
          payload: {
            predictionId: second!.predictionId,
            imageId: second!.imageId,
            revision: 1,
            status: 'in_progress',
          },
        },
        { name: 'images.changed', payload: { imageIds: [second!.imageId] } },
      ]);
      heard.length = 0;
      expect(await nudge(0.12)).toMatchObject({ ok: true, value: { revision: 2 } });
      expect(heard.map(({ name }) => name)).toEqual(['review.changed']);
      expect(heard[0]!.payload).toMatchObject({ imageId: second!.imageId });
    } finally {
      await app.close();
    }
  });
});
