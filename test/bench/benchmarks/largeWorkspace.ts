import { inTransaction } from '../../../electron/io/sqlite.ts';
import { Workspace } from '../../../electron/main/workspace/workspace.ts';
import type { ImageStatus } from '../../../shared/imageStatus.ts';

export type StatusMix = readonly [ImageStatus, number][];

/** A campaign part-way through review: most images waiting, a third done, a few in other states. */
export const campaignMix: StatusMix = [
  ['unreviewed', 0.5],
  ['done', 0.3],
  ['queued', 0.1],
  ['in_progress', 0.05],
  ['failed', 0.03],
  ['pending', 0.02],
];

function statusOf(index: number, count: number, mix: StatusMix): ImageStatus {
  // Spread evenly through import order (a reviewer does not work in long runs of one status).
  let position = ((index * 7919) % count) / count;
  for (const [status, share] of mix) {
    if (position < share) return status;
    position -= share;
  }
  return 'unreviewed';
}

/**
 * Adds `count` image records to a workspace (created through its migrations when new, so the
 * schema and indexes are the app's own). Only the image rows: what the list, filter and count read.
 */
export function generateImages(file: string, count: number, mix: StatusMix = campaignMix): void {
  const workspace = new Workspace(file);
  const insert = workspace.db.prepare(
    `INSERT INTO images (source, source_kind, content_hash, byte_size, width, height, format, error, imported_at, status)
     VALUES (?, 'file', ?, ?, 4032, 3024, 'jpeg', ?, ?, ?)`,
  );
  const importedAt = new Date('2026-01-05T09:00:00Z').toISOString();
  inTransaction(workspace.db, () => {
    for (let index = 0; index < count; index++) {
      const status = statusOf(index, count, mix);
      insert.run(
        `/data/campaigns/spring-2026/batch-${String(Math.floor(index / 1000)).padStart(3, '0')}/IMG_${String(index).padStart(6, '0')}.jpg`,
        index.toString(16).padStart(64, '0'),
        2_400_000 + (index % 997) * 1000,
        status === 'failed' ? 'The image data is corrupt or truncated' : null,
        importedAt,
        status,
      );
    }
  });
  workspace.close();
}
