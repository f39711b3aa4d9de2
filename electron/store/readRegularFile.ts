import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { LoupeError } from '../contract/LoupeError.ts';

/**
 * Reads a file a person named (an import, a saved response), refusing anything that is not a
 * regular file: a FIFO would block the read forever, a device (`/dev/urandom`) never ends. The
 * file is opened non-blocking (opening a FIFO with no writer must not wait) and checked on the
 * open descriptor, so a swap between the check and the read cannot bring a special file in.
 * Errors name the file and what is wrong with it, never its bytes.
 */
export async function readRegularFile(file: string, maxBytes: number): Promise<Buffer> {
  let handle;
  try {
    // O_NOCTTY: a terminal device named here must not become the process's controlling tty.
    handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code;
    throw new LoupeError('not_found', `Cannot read ${file}: ${reason ?? 'the file cannot be opened'}`);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) {
      throw new LoupeError(
        'invalid_input',
        `${file} is not a regular file (a folder, device, FIFO or socket)`,
      );
    }
    if (info.size > maxBytes) {
      throw new LoupeError('invalid_input', `${file} is larger than ${maxBytes} bytes`);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    // Read to the end rather than trusting the size: the file may grow, but never past the cap.
    for (;;) {
      const chunk = Buffer.alloc(Math.min(1 << 20, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw new LoupeError('invalid_input', `${file} is larger than ${maxBytes} bytes`);
      chunks.push(chunk.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks, total);
  } catch (error) {
    if (error instanceof LoupeError) throw error;
    throw new LoupeError(
      'storage',
      `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'read failed'}`,
    );
  } finally {
    await handle.close();
  }
}
