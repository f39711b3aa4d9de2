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
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const { bytes } of readRegularFileChunks(file, limits)) {
    chunks.push(bytes);
    total += bytes.length;
  }
  return Buffer.concat(chunks, total);
}

/** One piece of a file read by {@link readRegularFileChunks}. */
export interface FileChunk {
  bytes: Buffer;
  /** Where `bytes` starts in the file. */
  offset: number;
  /** The file's size when it was opened (progress; the read itself goes to the end). */
  size: number;
}

/**
 * The same file, judged the same way as {@link readRegularFile}, as chunks of at most
 * `chunkBytes` (1 MiB) for a reader that consumes it as it goes (a streamed JSON import,
 * docs/interop.md): no more than a chunk of the file is held here at a time.
 */
export async function* readRegularFileChunks(
  file: string,
  limits: { maxBytes: number; signal?: AbortSignal; chunkBytes?: number },
): AsyncGenerator<FileChunk, void, undefined> {
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
    let info;
    try {
      info = await handle.stat();
    } catch (error) {
      throw new RegularFileError('unreadable', { cause: error });
    }
    if (!info.isFile()) throw new RegularFileError('not_regular');
    if (info.size > limits.maxBytes) throw new RegularFileError('too_large');
    const chunkBytes = limits.chunkBytes ?? 1 << 20;
    let total = 0;
    for (;;) {
      if (limits.signal?.aborted) throw new RegularFileError('timed_out');
      const chunk = Buffer.alloc(Math.min(chunkBytes, limits.maxBytes + 1 - total));
      let bytesRead;
      try {
        ({ bytesRead } = await handle.read(chunk, 0, chunk.length, null));
      } catch (error) {
        throw new RegularFileError('unreadable', { cause: error });
      }
      if (bytesRead === 0) break;
      if (total + bytesRead > limits.maxBytes) throw new RegularFileError('too_large');
      // The consumer's own errors pass through as they are: only reading is judged here.
      yield { bytes: chunk.subarray(0, bytesRead), offset: total, size: info.size };
      total += bytesRead;
    }
  } finally {
    await handle.close();
  }
}
