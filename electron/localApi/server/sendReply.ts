import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultKind } from './faultConfig.ts';
import { statusReply, type Reply } from './reply.ts';
import { wireStatus } from './wireStatus.ts';

/** Faults that damage an answer after the request took effect (faultConfig.ts). */
export type ReplyDamage = {
  kind: Extract<FaultKind, 'truncate' | 'invalidJson' | 'drip'>;
  dripIntervalMs: number;
};

/** At most this many pieces for a dripped answer, so even a large predict answer arrives in bounded time. */
const dripPieces = 20;

const unserialisableReply = statusReply(
  500,
  wireStatus(98004, 'the answer to this request could not be written; the server log says why'),
);

/** Writes a reply as JSON — whole, or damaged on purpose. */
export async function sendReply(
  res: ServerResponse,
  reply: Reply,
  damage?: ReplyDamage,
  onUnserialisable?: (error: unknown) => void,
): Promise<void> {
  if (res.destroyed || res.headersSent) return;
  let payload: Buffer;
  try {
    payload = Buffer.from(JSON.stringify(reply.body), 'utf8');
  } catch (error) {
    // A reply that cannot be serialised (too deep for the stack, a cycle) is this server's fault:
    // a 500 with a Clarifai status, and the server goes on. The reason goes to the log only.
    onUnserialisable?.(error);
    reply = unserialisableReply;
    payload = Buffer.from(JSON.stringify(reply.body), 'utf8');
  }
  // Still the promised length: the body is complete, only not JSON (a closing brace is missing).
  if (damage?.kind === 'invalidJson') payload = payload.subarray(0, payload.length - 1);
  res.writeHead(reply.httpStatus, {
    'Content-Type': 'application/json',
    'Content-Length': String(payload.length),
    ...reply.headers,
  });
  switch (damage?.kind) {
    case 'truncate':
      // Content-Length promised the whole body; half of it arrives, then the connection closes.
      res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => res.destroy());
      return;
    case 'drip': {
      const size = Math.max(8, Math.ceil(payload.length / dripPieces));
      for (let start = 0; start < payload.length && !res.destroyed; start += size) {
        res.write(payload.subarray(start, start + size));
        await sleep(damage.dripIntervalMs);
      }
      res.end();
      return;
    }
    default:
      res.end(payload);
  }
}
