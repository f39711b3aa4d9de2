import { SUCCESS } from '../../../../shared/clarifai/status.ts';
import type { Reply } from '../reply.ts';
import { namedStatus } from './platformStatus.ts';

/**
 * A batch answer (docs/clarifai-platform.md): every item succeeded → 10000 (200); some failed →
 * 10010 MIXED_STATUS (207); all failed → 10020 FAILURE (400). Each item carries its own status.
 */
export function batchReply(field: string, items: readonly unknown[], failed: number, what: string): Reply {
  if (failed === 0) return { httpStatus: 200, body: { status: namedStatus(SUCCESS), [field]: items } };
  if (failed < items.length) {
    return {
      httpStatus: 207,
      body: {
        status: namedStatus(10010, `${failed} of ${items.length} ${what} failed; see each one's status`),
        [field]: items,
      },
    };
  }
  return {
    httpStatus: 400,
    body: {
      status: namedStatus(10020, `every one of the ${what} failed; see each one's status`),
      [field]: items,
    },
  };
}

export function okPlatformReply(fields: Record<string, unknown> = {}): Reply {
  return { httpStatus: 200, body: { status: namedStatus(SUCCESS), ...fields } };
}
