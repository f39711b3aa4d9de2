import { createConcurrencyLimit } from '../concurrencyLimit.ts';
import { decodeImage } from '../images/decodeImage.ts';
import { sha256Hex } from '../samples/recordedPredictions.ts';
import { readInputImage, type ImageFetchPolicy } from './inputImage.ts';
import type { InputRepo } from './inputRepo.ts';

/** Where one job's image comes from: its URL, or the bytes sent with it. */
export interface ImageJob {
  imageUrl: string | null;
  /** Sent inline (base64); absent when the image is fetched from `imageUrl`. */
  image?: Uint8Array | null;
}

/** What processing an input says, as it goes: started, then processed or failed with the reason. */
export interface ImageJobOutcome<J> {
  started?: (job: J) => void;
  processed: (job: J, imageSha256: string) => void;
  failed: (job: J, reason: string) => void;
}

/**
 * Added inputs are processed as on Clarifai: answered pending (`30001`) at once, then their image
 * is fetched (or read) and checked in the background, ending processed (`30000`) or failed
 * (`30002`) with the reason. Inputs still pending when the server stopped are picked up again at
 * the next start. Each fetch may hold 20 MB, so a batch of 128 is fetched a few at a time.
 */
export interface InputProcessor<J extends ImageJob> {
  schedule(job: J): void;
  /** Resolves when nothing is being processed. */
  idle(): Promise<void>;
}

export function createImageJobProcessor<J extends ImageJob>(parts: {
  policy: ImageFetchPolicy;
  log: (line: string) => void;
  /** Names the input in the log. */
  label: (job: J) => string;
  outcome: ImageJobOutcome<J>;
}): InputProcessor<J> {
  const { policy, log, label, outcome } = parts;
  const running = new Set<Promise<void>>();
  const fetching = createConcurrencyLimit(4);

  async function process(job: J): Promise<void> {
    // A turn of the event loop first: the answer saying "pending" goes out before the work starts.
    await new Promise((resolve) => setImmediate(resolve));
    if (policy.signal.aborted) return;
    outcome.started?.(job);
    try {
      const bytes = job.image ?? (await readInputImage({ url: job.imageUrl ?? '' }, policy));
      await decodeImage(bytes);
      if (!policy.signal.aborted) outcome.processed(job, sha256Hex(bytes));
    } catch (error) {
      // Stopped half-way: the input stays pending for the next start.
      if (policy.signal.aborted) return;
      const reason = error instanceof Error ? error.message : String(error);
      outcome.failed(job, reason);
      log(`${label(job)}: ${reason}`);
    }
  }

  return {
    schedule(job) {
      const run = fetching.run(() => process(job)).finally(() => running.delete(run));
      running.add(run);
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}

/** The v2 inputs (`POST /v2/inputs`). */
export type V2InputJob = ImageJob & { id: string };

export function createInputProcessor(parts: {
  inputs: InputRepo;
  policy: ImageFetchPolicy;
  log: (line: string) => void;
}): InputProcessor<V2InputJob> {
  const { inputs } = parts;
  return createImageJobProcessor<V2InputJob>({
    ...parts,
    label: (job) => `input ${job.id}`,
    outcome: {
      processed: (job, sha256) => inputs.setStatus(job.id, 30000, null, sha256),
      failed: (job, reason) => inputs.setStatus(job.id, 30002, reason, null),
    },
  });
}
