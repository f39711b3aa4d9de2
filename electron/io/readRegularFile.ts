import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/** Why a file could not be read; callers turn it into their own error (a contract code, a per-input status). */
export type RegularFileProblem =
  'missing' | 'denied' | 'not_regular' | 'too_large' | 'timed_out' | 'unreadable';

const descriptions: Record<RegularFileProblem, string> = {
  missing: 'no such file',
  denied: 'permission denied',
  not_regular: 'not a regular file (a folder, device, FIFO or socket)',
  too_large: 'too large',
  timed_out: 'reading it timed out',
  unreadable: 'it cannot be read',
};

export class RegularFileError extends Error {
  constructor(
    readonly problem: RegularFileProblem,
    options?: ErrorOptions,
  ) {
    super(descriptions[problem], options);
    this.name = 'RegularFileError';
  }
}

/**
 * Reads a file someone named (an import, a `file://` image URL), refusing anything that is not a
 * regular file: a FIFO would block the read forever, a device (`/dev/urandom`) never ends. The file
 * is opened non-blocking (opening a FIFO with no writer must not wait, even one swapped in after a
 * check) and judged on the open descriptor, so what is read is what was judged, symlinks or not.
 * Read to the end rather than trusting the size: a file that grows is cut off at `maxBytes`.
 * Errors say what is wrong, never the file's bytes.
 */
export async function readRegularFile(
  file: string,
  limits: { maxBytes: number; signal?: AbortSignal },
): Promise<Buffer> {
  let handle;
  try {
    // O_NOCTTY: a terminal device named here must not become the process's controlling tty.
    handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem =
      code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : code === 'EACCES' ? 'denied' : 'unreadable';
    throw new RegularFileError(problem, { cause: error });
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new RegularFileError('not_regular');
    if (info.size > limits.maxBytes) throw new RegularFileError('too_large');
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      if (limits.signal?.aborted) throw new RegularFileError('timed_out');
      const chunk = Buffer.alloc(Math.min(1 << 20, limits.maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > limits.maxBytes) throw new RegularFileError('too_large');
      chunks.push(chunk.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks, total);
  } catch (error) {
    throw error instanceof RegularFileError ? error : new RegularFileError('unreadable', { cause: error });
  } finally {
    await handle.close();
  }
}
