import { createConcurrencyLimit } from '../concurrencyLimit.ts';
import { decodeImage } from '../images/decodeImage.ts';
import { sha256Hex } from '../samples/recordedPredictions.ts';
import { readInputImage, type ImageFetchPolicy } from './inputImage.ts';
import type { InputRepo } from './inputRepo.ts';

/**
 * Added inputs are processed as on Clarifai: answered `30001` (pending) at once, then their image
 * is fetched and checked in the background, ending in `30000` or `30002` with the reason. Inputs
 * still pending when the server stopped are picked up again at the next start.
 */
export interface InputProcessor {
  schedule(input: { id: string; imageUrl: string }): void;
  /** Resolves when nothing is being processed. */
  idle(): Promise<void>;
}

export function createInputProcessor(parts: {
  inputs: InputRepo;
  policy: ImageFetchPolicy;
  log: (line: string) => void;
}): InputProcessor {
  const { inputs, policy, log } = parts;
  const running = new Set<Promise<void>>();
  // Each fetch may hold 20 MB: 128 added inputs are fetched a few at a time, not all at once.
  const fetching = createConcurrencyLimit(4);

  async function process(id: string, imageUrl: string): Promise<void> {
    try {
      const bytes = await readInputImage({ url: imageUrl }, policy);
      await decodeImage(bytes);
      if (!policy.signal.aborted) inputs.setStatus(id, 30000, null, sha256Hex(bytes));
    } catch (error) {
      // Stopped half-way: the input stays pending for the next start.
      if (policy.signal.aborted) return;
      const reason = error instanceof Error ? error.message : String(error);
      inputs.setStatus(id, 30002, reason, null);
      log(`input ${id}: ${reason}`);
    }
  }

  return {
    schedule({ id, imageUrl }) {
      const job = fetching.run(() => process(id, imageUrl)).finally(() => running.delete(job));
      running.add(job);
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
