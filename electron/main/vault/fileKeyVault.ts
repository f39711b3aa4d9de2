import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { LoupeError } from '../../../shared/LoupeError.ts';
import type { KeyStatus } from '../../../shared/keyStatus.ts';
import { checkKey, statusOf, type KeyVault } from './keyVault.ts';

/**
 * The key vault of the bridge and the CLI: `LOUPE_API_KEY` when set (read-only), else a file only
 * its owner can read (0600), written atomically.
 */
export class FileKeyVault implements KeyVault {
  readonly #file: string;
  readonly #env: NodeJS.ProcessEnv;

  constructor(file: string, env: NodeJS.ProcessEnv = process.env) {
    this.#file = file;
    this.#env = env;
  }

  get(): string | undefined {
    const fromEnv = this.#env['LOUPE_API_KEY']?.trim();
    if (fromEnv) return fromEnv;
    let text: string;
    try {
      text = readFileSync(this.#file, 'utf8').trim();
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return undefined;
      throw new LoupeError('storage', `Cannot read the key file ${this.#file}: ${(error as Error).message}`);
    }
    if (process.platform !== 'win32' && (statSync(this.#file).mode & 0o077) !== 0) {
      throw new LoupeError(
        'storage',
        `The key file ${this.#file} can be read by other users; run "chmod 600 ${this.#file}" or set the key again`,
      );
    }
    return text || undefined;
  }

  set(key: string): void {
    if (this.#env['LOUPE_API_KEY']) {
      throw new LoupeError('conflict', 'The key comes from LOUPE_API_KEY; unset it to store a key here');
    }
    let checked: string;
    try {
      checked = checkKey(key);
    } catch (error) {
      throw new LoupeError('invalid_input', (error as Error).message);
    }
    mkdirSync(dirname(this.#file), { recursive: true });
    const temporary = `${this.#file}.${process.pid}.tmp`;
    writeFileSync(temporary, checked, { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, this.#file);
  }

  clear(): void {
    rmSync(this.#file, { force: true });
  }

  status(): KeyStatus {
    return statusOf(this.get(), this.#env['LOUPE_API_KEY']?.trim() ? 'environment' : 'file');
  }
}
