import type { SafeStorage } from 'electron';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { LoupeError } from '../../shared/LoupeError.ts';
import type { KeyStatus } from '../../shared/keyStatus.ts';
import { checkKey, statusOf, type KeyVault } from '../main/vault/keyVault.ts';

export type SafeStorageApi = Pick<
  SafeStorage,
  'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'
>;

/**
 * The key vault under Electron: the key encrypted with the OS keychain through `safeStorage`.
 * On Linux without a keyring, Electron falls back to `basic_text` (a hard-coded password: no
 * real protection); that is refused unless the user accepted plain storage in settings.
 */
export class SafeStorageKeyVault implements KeyVault {
  readonly #file: string;
  readonly #safeStorage: SafeStorageApi;
  readonly #plainAccepted: () => boolean;

  constructor(file: string, safeStorage: SafeStorageApi, plainAccepted: () => boolean) {
    this.#file = file;
    this.#safeStorage = safeStorage;
    this.#plainAccepted = plainAccepted;
  }

  get(): string | undefined {
    let encrypted: Buffer;
    try {
      encrypted = readFileSync(this.#file);
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return undefined;
      throw new LoupeError('storage', `Cannot read the key file ${this.#file}: ${(error as Error).message}`);
    }
    this.#checkBackend();
    try {
      return this.#safeStorage.decryptString(encrypted);
    } catch {
      throw new LoupeError(
        'storage',
        `The key in ${this.#file} cannot be decrypted on this system; set it again`,
      );
    }
  }

  set(key: string): void {
    let checked: string;
    try {
      checked = checkKey(key);
    } catch (error) {
      throw new LoupeError('invalid_input', (error as Error).message);
    }
    this.#checkBackend();
    mkdirSync(dirname(this.#file), { recursive: true });
    const temporary = `${this.#file}.tmp`;
    writeFileSync(temporary, this.#safeStorage.encryptString(checked), { mode: 0o600 });
    renameSync(temporary, this.#file);
  }

  clear(): void {
    rmSync(this.#file, { force: true });
  }

  status(): KeyStatus {
    return statusOf(this.get(), 'safeStorage');
  }

  #checkBackend(): void {
    if (!this.#safeStorage.isEncryptionAvailable()) {
      throw new LoupeError('unavailable', 'This system offers no encrypted storage for the API key');
    }
    if (
      process.platform === 'linux' &&
      this.#safeStorage.getSelectedStorageBackend() === 'basic_text' &&
      !this.#plainAccepted()
    ) {
      throw new LoupeError(
        'conflict',
        'No keyring (e.g. GNOME Keyring or KWallet) is available, so the key could only be stored unencrypted. ' +
          'Accept plain storage in Settings to continue, or start a keyring.',
      );
    }
  }
}
